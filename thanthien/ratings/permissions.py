"""Who may record ratings through the API and read their figures."""

from typing import Any

from django.db.models import QuerySet

from thanthien.core.scoping import has_role_at, unit_scope
from thanthien.ratings.models import Rating
from thanthien.units.models import Role, Unit

RECORDERS = frozenset({Role.DESK_OFFICER, Role.LEADER, Role.ADMINISTRATOR})


def can_record_rating(user: Any, commune: Unit) -> bool:
    """A kiosk logged in as the desk, or an integration acting for the commune, records its ratings."""
    return commune.level == Unit.Level.COMMUNE and has_role_at(user, commune.path, RECORDERS)


def visible_ratings(user: Any) -> QuerySet[Rating]:
    """Return the ratings of the units the user belongs to, and below (any role reads the figures)."""
    return Rating.objects.filter(unit_scope(user, "unit__path"))
