"""Recording ratings, however they arrive: kiosk, link on the receipt or SMS, a paper slip, another system."""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from thanthien.core import audit
from thanthien.core.models import AuditEvent
from thanthien.core.scoping import has_role_at
from thanthien.ratings.models import Rating, RatingLevel, RatingScale
from thanthien.units.models import Role, Unit

PAPER_ENTRY_ROLES = frozenset({Role.DESK_OFFICER, Role.LEADER, Role.SUPERVISOR, Role.ADMINISTRATOR})
MAX_COMMENT = 2000


def scale_for(unit: Unit, day: date) -> RatingScale:
    """Return the scale in force for a commune on a day: its own, else the default one."""
    scales = RatingScale.objects.filter(Q(unit=unit) | Q(unit__isnull=True), valid_from__lte=day)
    scale = scales.order_by("unit_id", "-valid_from").first()  # the commune's own sorts before the default
    if scale is None:
        raise ValidationError(_("No rating scale is in force on %(day)s.") % {"day": f"{day:%d/%m/%Y}"})
    return scale


@transaction.atomic
def record_rating(
    unit: Unit,
    *,
    level: int,
    channel: str,
    dossier: Any = None,
    official: Any = None,
    details: dict[str, int] | None = None,
    reasons: list[str] | None = None,
    comment: str = "",
    rated_at: datetime | None = None,
    by: Any = None,
) -> Rating:
    """Record one rating in the commune's scale; a paper slip is entered by an official of the commune."""
    if channel not in Rating.Channel.values:
        raise ValidationError(_("Unknown channel: %(channel)s") % {"channel": channel})
    if channel == Rating.Channel.PAPER and not has_role_at(by, unit.path, PAPER_ENTRY_ROLES):
        raise PermissionDenied
    rated_at = rated_at or timezone.now()
    scale = scale_for(unit, timezone.localtime(rated_at).date())
    chosen = _level(scale, level)
    _check_subjects(unit, dossier, official)
    rating = Rating.objects.create(
        unit=unit,
        dossier=dossier,
        procedure=dossier.procedure if dossier is not None else None,
        official=official,
        channel=channel,
        scale=scale,
        level=chosen.value,
        sentiment=chosen.sentiment,
        is_top=chosen.is_top,
        details=_checked_details(scale, details or {}),
        reasons=[str(reason)[:200] for reason in (reasons or [])][:20],
        comment=comment.strip()[:MAX_COMMENT],
        rated_at=rated_at,
        entered_by=by if channel == Rating.Channel.PAPER else None,
    )
    if channel == Rating.Channel.PAPER:
        audit.record(AuditEvent.Action.CREATE, rating, by=by, changes={"level": chosen.value})
    return rating


def _level(scale: RatingScale, value: int) -> RatingLevel:
    chosen = next((level for level in scale.levels.all() if level.value == value), None)
    if chosen is None:
        allowed = ", ".join(str(level.value) for level in scale.levels.all())
        raise ValidationError(
            _("The level %(level)s is not on the scale (%(allowed)s).") % {"level": value, "allowed": allowed}
        )
    return chosen


def _checked_details(scale: RatingScale, details: dict[str, int]) -> dict[str, int]:
    if not details:  # the kiosk sends none: spare the levels query (_level has just run the same one)
        return {}
    values = {level.value for level in scale.levels.all()}
    for element, value in details.items():
        if element not in Rating.Element.values:
            raise ValidationError(_("Unknown element of the service: %(element)s") % {"element": element})
        if value not in values:
            raise ValidationError(_("The level %(level)s is not on the scale (%(allowed)s).") % {
                "level": value, "allowed": ", ".join(map(str, sorted(values)))})  # fmt: skip
    return dict(details)


def _check_subjects(unit: Unit, dossier: Any, official: Any) -> None:
    if dossier is not None and dossier.commune_id != unit.pk:
        raise ValidationError(_("The dossier belongs to another commune."))
    if official is not None and official.unit_id != unit.pk:
        raise ValidationError(_("The official works for another commune."))
