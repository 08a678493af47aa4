"""Who may record ratings through the API and read their figures."""

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from thanthien.core.scoping import has_role_at, unit_scope
from thanthien.ratings.models import Rating, RatingAlert
from thanthien.units.models import Role, Unit

# Who closes an alert and who enters paper slips: the rules the services enforce.
ALERT_CLOSERS = frozenset({Role.LEADER})
PAPER_ENTRY_ROLES = frozenset({Role.DESK_OFFICER, Role.LEADER, Role.SUPERVISOR, Role.ADMINISTRATOR})
RECORDERS = frozenset({Role.DESK_OFFICER, Role.LEADER, Role.ADMINISTRATOR})


def can_record_rating(user: Any, commune: Unit) -> bool:
    """A kiosk logged in as the desk, or an integration acting for the commune, records its ratings."""
    return commune.level == Unit.Level.COMMUNE and has_role_at(user, commune.path, RECORDERS)


def visible_ratings(user: Any) -> QuerySet[Rating]:
    """Return the ratings of the units the user belongs to, and below (any role reads the figures)."""
    return Rating.objects.filter(unit_scope(user, "unit__path"))


ALERT_READERS = frozenset({Role.LEADER, Role.SUPERVISOR, Role.REVIEWER, Role.ADMINISTRATOR})


def visible_alerts(user: Any) -> QuerySet[RatingAlert]:
    """The leaders, the Fatherland Front and those above them see a commune's rating alerts."""
    return RatingAlert.objects.filter(unit_scope(user, "unit__path", ALERT_READERS))


def get_alert_for_user(user: Any, pk: int) -> RatingAlert:
    """Return an alert the user may see; 404 for a missing one and for another unit's alike."""
    return get_object_or_404(visible_alerts(user).select_related("unit", "official", "rating"), pk=pk)


def can_close_alert(user: Any, alert: RatingAlert) -> bool:
    return has_role_at(user, alert.unit.path, ALERT_CLOSERS)


def can_enter_paper_slip(user: Any, commune: Unit) -> bool:
    return commune.level == Unit.Level.COMMUNE and has_role_at(user, commune.path, PAPER_ENTRY_ROLES)
