"""Issue #17 item 4: one date-suffix convention. A date field's name ends in `_on`, a time's in `_at`; the
few idioms below are the named exceptions (README, "Names"). A new field that follows neither fails."""

from django.apps import apps
from django.db import models

# The bounds of a period in force or reported on, read as a pair: "valid from … to …".
PERIOD_BOUNDS = {
    *("valid_from", "valid_to", "effective_from", "period_start", "period_end", "counted_from", "as_of"),
}
# The one date or instant a row is about: a calendar day's adjustment, a count's day, an event's moment.
ROW_MOMENT = {"date", "day", "at"}
# Django's own user fields.
DJANGO_OWN = {"last_login", "date_joined"}
EXCEPTIONS = PERIOD_BOUNDS | ROW_MOMENT | DJANGO_OWN


def misnamed_fields() -> list[str]:
    misnamed = []
    for model in apps.get_models():
        if not model.__module__.startswith("thanthien."):
            continue
        for field in model._meta.concrete_fields:
            suffix = "_at" if isinstance(field, models.DateTimeField) else "_on"
            named_well = field.name.endswith(suffix) or field.name in EXCEPTIONS
            if isinstance(field, models.DateField) and not named_well:
                misnamed.append(f"{model.__name__}.{field.name} (ends in {suffix})")
    return misnamed


def test_date_fields_end_in_on_and_time_fields_in_at():
    assert misnamed_fields() == []


def test_the_check_sees_date_and_time_fields():
    names = {
        f"{model.__name__}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.DateField)
    }
    assert {"SelfAssessment.return_due_on", "Notification.lease_ends_at", "Dossier.received_at"} <= names
