"""Who may see, receive, handle and resolve feedback, and who may read a sender's identity."""

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from thanthien.core.scoping import has_role_at, memberships_of, unit_scope
from thanthien.feedback.models import FeedbackItem
from thanthien.units.models import Role, Unit, User
from thanthien.units.permissions import (
    VILLAGE_ROLES,
    acts_for_commune,
    chosen_commune,
    communes_with_role,
    role_reads_identities,
)

RECEIVERS = frozenset({Role.DESK_OFFICER, Role.LEADER, Role.ADMINISTRATOR})
HANDLERS = frozenset({Role.DESK_OFFICER, Role.LEADER})
DECIDERS = frozenset({Role.LEADER})  # assigning and extending are the head's decisions
READERS = frozenset({Role.DESK_OFFICER, Role.LEADER, Role.SUPERVISOR, Role.REVIEWER, Role.ADMINISTRATOR})
VILLAGE_HEADS = VILLAGE_ROLES  # the village head and the Front's member at the village (units.permissions)


def visible_feedback(user: User) -> QuerySet[FeedbackItem]:
    """Return the feedback items of the units the user belongs to, and below."""
    return FeedbackItem.objects.filter(unit_scope(user, "unit__path", READERS))


def get_feedback_for_user(user: User, pk: int) -> FeedbackItem:
    """Return a feedback item the user may see; 404 for a missing one and for another unit's alike."""
    return get_object_or_404(visible_feedback(user).select_related("unit", "assignee"), pk=pk)


def can_receive_feedback(user: User, commune: Unit) -> bool:
    return acts_for_commune(user, commune, RECEIVERS)


def can_bring_village_feedback(user: User, village: Unit | None) -> bool:
    """A village head brings the items of their own village into its commune's intake (issue #20)."""
    return (
        village is not None
        and village.level == Unit.Level.VILLAGE
        and has_role_at(user, village.path, VILLAGE_HEADS)
    )


def brought_feedback(user: User) -> QuerySet[FeedbackItem]:
    """Return the items the user brought as a village head, from the villages they still head.

    What became of each (status, dates, a published answer) is theirs to follow; a sender's identity is not.
    """
    return FeedbackItem.objects.filter(
        unit_scope(user, "village__path", VILLAGE_HEADS),
        received_by=user,
        channel=FeedbackItem.Channel.VILLAGE_HEAD,
    )


def can_handle_feedback(user: User, item: FeedbackItem) -> bool:
    """Record acceptance or refusal: the commune's desk officers and leaders."""
    return has_role_at(user, item.unit.path, HANDLERS)


def can_decide_feedback(user: User, item: FeedbackItem) -> bool:
    """Assign and extend: the commune's leaders."""
    return has_role_at(user, item.unit.path, DECIDERS)


def is_official_of(user: User, official: Any) -> bool:
    """Whether `official` (or None) is the user's own official record."""
    user_pk = getattr(user, "pk", None)
    return official is not None and official.user_id is not None and official.user_id == user_pk


def is_assignee(user: User, item: FeedbackItem) -> bool:
    return is_official_of(user, item.assignee)


def can_resolve_feedback(user: User, item: FeedbackItem) -> bool:
    """The official the case is assigned to, or a leader of the commune."""
    return is_assignee(user, item) or has_role_at(user, item.unit.path, DECIDERS)


def can_read_identity(user: User, commune: Unit, assignee: Any = None) -> bool:
    """The one rule for reading a person's identity anywhere (cases, reception log, letters to a sender).

    Only the official a case is assigned to and a leader of the commune itself: not a superuser, nor anyone
    above the commune. Law on Denunciations arts. 8(3), 56: the identity is the resolver's to know.
    """
    if not getattr(user, "is_active", False):
        return False
    if is_official_of(user, assignee):
        return True
    return any(path == commune.path and role_reads_identities(role) for path, role in memberships_of(user))


def can_reveal_identity(user: User, item: FeedbackItem) -> bool:
    """Whether `user` may read the identity of the sender of `item` (can_read_identity)."""
    return can_read_identity(user, item.unit, item.assignee)


def can_open_attachments(user: User, item: FeedbackItem) -> bool:
    """Who may open the files a sender attached: whoever sees the case; for a denunciation, only those who
    may read the denouncer's identity (a photo or a scanned letter may show who sent it)."""
    if item.kind == FeedbackItem.Kind.DENUNCIATION:
        return can_reveal_identity(user, item)
    return True


def get_feedback_by_code(user: User, tracking_code: str) -> FeedbackItem:
    """Return the case with this tracking code if the user may see it; 404 otherwise, whatever the reason."""
    return get_object_or_404(
        visible_feedback(user).select_related("unit", "assignee", "village"),
        tracking_code=tracking_code.upper(),
    )


def receiving_communes(user: User) -> QuerySet[Unit]:
    """Return the communes where the user may record feedback."""
    return communes_with_role(user, RECEIVERS)


def get_receiving_commune_for_user(user: User, pk: str | None = None) -> Unit:
    """Return the commune `pk` among those the user records feedback for (404 otherwise), or the first one.

    A user who records feedback for no commune gets PermissionDenied.
    """
    return chosen_commune(receiving_communes(user).order_by("name"), pk)
