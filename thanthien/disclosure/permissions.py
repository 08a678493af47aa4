"""Who may publish and read a commune's disclosures and announcements."""

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from thanthien.core.scoping import unit_scope
from thanthien.disclosure.models import Announcement, DisclosureItem, MessageConsent
from thanthien.units.models import Role, Unit, User
from thanthien.units.permissions import acts_for_commune, communes_with_role

# The People's Committee publishes (Law 10/2022/QH15 art. 11); its desk officers post and record.
PUBLISHERS = frozenset({Role.DESK_OFFICER, Role.LEADER, Role.ADMINISTRATOR})
READERS = PUBLISHERS | {Role.SUPERVISOR, Role.REVIEWER}


def publishing_communes(user: User) -> QuerySet[Unit]:
    """Return the communes where the user may publish."""
    return communes_with_role(user, PUBLISHERS).filter(valid_to__isnull=True).order_by("name")


def visible_disclosure_items(user: User) -> QuerySet[DisclosureItem]:
    """Return the items of the communes the user reads for."""
    return DisclosureItem.objects.filter(unit_scope(user, "commune__path", READERS))


def get_disclosure_item_for_user(user: User, pk: int) -> DisclosureItem:
    """Return the item, or Http404 for 'missing' and 'not yours' alike."""
    return get_object_or_404(visible_disclosure_items(user).select_related("commune", "obligation"), pk=pk)


def can_publish_disclosure(user: User, commune: Unit | None) -> bool:
    """A publisher of the commune (a household's village without a commune has none)."""
    if commune is None:
        return False
    return acts_for_commune(user, commune, PUBLISHERS)


def visible_announcements(user: User) -> QuerySet[Announcement]:
    return Announcement.objects.filter(unit_scope(user, "commune__path", READERS))


def get_announcement_for_user(user: User, pk: int) -> Announcement:
    return get_object_or_404(visible_announcements(user).select_related("commune"), pk=pk)


def get_consent_for_user(user: User, pk: int) -> MessageConsent:
    """A consent of a household of a commune where the user publishes (404 otherwise)."""
    consent = get_object_or_404(MessageConsent.objects.select_related("household__village__parent"), pk=pk)
    if not can_publish_disclosure(user, consent.household.village.parent):
        raise Http404
    return consent
