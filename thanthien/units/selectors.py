"""Reads about a commune that several screens share (public site, back office, reports)."""

from django.db.models import QuerySet

from thanthien.units.models import CommuneProfile, Official, Unit


def public_leaders(commune: Unit) -> QuerySet[Official]:
    """Return the commune's active leaders, in display order, for the public site."""
    return commune.officials.filter(is_active=True, is_leader=True).select_related("office")


def village_names(commune: Unit) -> list[str]:
    """Return the names of the commune's current villages."""
    return list(commune.children.filter(level=Unit.Level.VILLAGE, valid_to__isnull=True).values_list("name", flat=True))


def latest_profile(commune: Unit) -> CommuneProfile | None:
    """Return the commune's most recent profile figures, if any."""
    return commune.profiles.order_by("-as_of").first()
