"""A household's story: recording and withdrawing its consent, and reading the story only while it holds.

Every read is audited: an allowed read as a view of protected data, a refused one (no consent in force) as
`view.refused`. Withdrawal is honoured at once: the next read finds no consent and is refused.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thanthien.core import audit
from thanthien.core.models import AuditEvent
from thanthien.households import story
from thanthien.households.models import STORY_PURPOSE, HouseholdConsent
from thanthien.units.models import Household, User
from thanthien.units.permissions import can_view_household_story

REFUSED = "view.refused"


def _commune_of(household: Household) -> Any:
    return household.village.parent


def consent_in_force(household: Household) -> HouseholdConsent | None:
    """The household's story consent not withdrawn, given on or before today; None without one."""
    return (
        HouseholdConsent.objects.filter(
            household=household,
            purpose=HouseholdConsent.Purpose.STORY,
            withdrawn_at__isnull=True,
            given_on__lte=timezone.localdate(),
        )
        .order_by("-given_on", "-id")
        .first()
    )


@transaction.atomic
def record_story_consent(
    household: Household, *, by: User, given_on: date, phones: list[str], stated_purpose: str = ""
) -> HouseholdConsent:
    """Record the household's consent to its story, with the purpose read to it and its members' phones."""
    commune = _commune_of(household)
    if not can_view_household_story(by, commune):
        raise PermissionDenied
    if given_on > timezone.localdate():
        raise ValidationError(_("A consent cannot be given in the future."))
    try:
        with transaction.atomic():
            consent = HouseholdConsent.objects.create(
                household=household,
                commune=commune,
                purpose=HouseholdConsent.Purpose.STORY,
                stated_purpose=stated_purpose or str(STORY_PURPOSE),
                phones=sorted(set(phones)),
                given_on=given_on,
                recorded_by=by,
            )
    except IntegrityError:
        raise ValidationError(_("The household already has a consent in force for this purpose.")) from None
    audit.record(AuditEvent.Action.CREATE, consent, by=by, changes={"purpose": consent.purpose})
    return consent


@transaction.atomic
def withdraw_story_consent(consent: HouseholdConsent, *, by: User) -> HouseholdConsent:
    """Record that the household withdrew its consent: from this moment its story is not read."""
    consent = HouseholdConsent.objects.select_for_update().select_related("commune").get(pk=consent.pk)
    if not can_view_household_story(by, consent.commune):
        raise PermissionDenied
    if consent.withdrawn_at is None:
        consent.withdrawn_at, consent.withdrawn_by = timezone.now(), by
        consent.save(update_fields=["withdrawn_at", "withdrawn_by", "updated_at"])
        audit.record(AuditEvent.Action.UPDATE, consent, by=by, changes={"withdrawn": True})
    return consent


@dataclass(frozen=True)
class StoryRead:
    consent: HouseholdConsent | None
    entries: list[story.Entry]

    @property
    def is_refused(self) -> bool:
        return self.consent is None


def read_household_story(household: Household, *, by: User) -> StoryRead:
    """Return the household's story if it holds a consent in force, else nothing; audit the read either way.

    PermissionDenied for a user who does not serve the household's commune (callers fetch through
    `units.permissions.get_story_household_for_user`, which answers 404 first).
    """
    commune = _commune_of(household)
    if not can_view_household_story(by, commune):
        raise PermissionDenied
    consent = consent_in_force(household)
    if consent is None:
        audit.record(
            REFUSED,
            household,
            by=by,
            unit_path=commune.path,
            changes={"read": "household_story", "consent": None},
        )
        return StoryRead(None, [])
    entries = story.entries_of(household, commune, consent.phones)
    audit.record(
        AuditEvent.Action.VIEW,
        household,
        by=by,
        unit_path=commune.path,
        changes={"read": "household_story", "consent": consent.pk, "entries": len(entries)},
    )
    return StoryRead(consent, entries)
