"""Who may see and keep the reception schedule and log, the dialogue conferences and the field visits."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from thanthien.core.scoping import scope_paths, unit_scope
from thanthien.reception.models import (
    Dialogue,
    DialogueCommitment,
    FieldVisit,
    ReceptionRecord,
    ReceptionSession,
)
from thanthien.units.models import Role, Unit, User
from thanthien.units.permissions import acts_for_commune, chosen_commune, communes_with_role

# The schedule is the chairman's to issue (Law 42/2013 art. 15); an administrator keeps it for them.
SCHEDULERS = frozenset({Role.LEADER, Role.ADMINISTRATOR})
# The log is kept by the reception staff and the leaders who receive; it names visitors, so only they read it.
LOG_KEEPERS = frozenset({Role.DESK_OFFICER, Role.LEADER})
# Dialogues are held by the People's Committee with the Fatherland Front (supervisor role).
DIALOGUE_KEEPERS = frozenset({Role.LEADER, Role.SUPERVISOR, Role.ADMINISTRATOR})
VISIT_KEEPERS = frozenset({Role.LEADER, Role.DESK_OFFICER, Role.ADMINISTRATOR})
READERS = frozenset({Role.DESK_OFFICER, Role.LEADER, Role.SUPERVISOR, Role.REVIEWER, Role.ADMINISTRATOR})


def can_use_reception(user: User) -> bool:
    """Whether the menu shows the reception screens: a reader role somewhere (no query beyond the roles)."""
    if getattr(user, "is_superuser", False) and getattr(user, "is_active", False):
        return True
    return bool(scope_paths(user, READERS))


def reception_communes(user: User) -> QuerySet[Unit]:
    """Return the communes whose schedule, dialogues and visits the user may read."""
    return communes_with_role(user, READERS).filter(valid_to__isnull=True).order_by("name")


def get_commune_for_user(user: User, pk: str | None = None) -> Unit:
    """Return the commune `pk` among those the user reads (404 otherwise), or the user's first one."""
    return chosen_commune(reception_communes(user), pk)


def can_schedule_reception(user: User, commune: Unit) -> bool:
    return acts_for_commune(user, commune, SCHEDULERS)


def can_keep_reception_log(user: User, commune: Unit) -> bool:
    return acts_for_commune(user, commune, LOG_KEEPERS)


def can_keep_dialogues(user: User, commune: Unit) -> bool:
    return acts_for_commune(user, commune, DIALOGUE_KEEPERS)


def can_keep_field_visits(user: User, commune: Unit) -> bool:
    return acts_for_commune(user, commune, VISIT_KEEPERS)


def can_complete_commitment(user: User, commitment: DialogueCommitment) -> bool:
    """The commitment's owner, or those who keep the commune's dialogues."""
    owner_user = commitment.owner.user_id
    if owner_user is not None and owner_user == getattr(user, "pk", None) and commitment.owner.is_active:
        return True
    return can_keep_dialogues(user, commitment.dialogue.commune)


def visible_sessions(user: User) -> QuerySet[ReceptionSession]:
    return ReceptionSession.objects.filter(unit_scope(user, "commune__path", READERS))


def get_session_for_user(user: User, pk: int) -> ReceptionSession:
    """Return a session the user may see; 404 for a missing one and for another commune's alike."""
    return get_object_or_404(visible_sessions(user).select_related("commune", "leader"), pk=pk)


def visible_records(user: User) -> QuerySet[ReceptionRecord]:
    """The reception log names visitors: only the commune's reception staff and leaders read it."""
    return ReceptionRecord.objects.filter(unit_scope(user, "commune__path", LOG_KEEPERS))


def get_record_for_user(user: User, pk: int) -> ReceptionRecord:
    related = ("commune", "session", "session__leader", "feedback_item", "village")
    return get_object_or_404(visible_records(user).select_related(*related), pk=pk)


def visible_dialogues(user: User) -> QuerySet[Dialogue]:
    return Dialogue.objects.filter(unit_scope(user, "commune__path", READERS))


def get_dialogue_for_user(user: User, pk: int) -> Dialogue:
    return get_object_or_404(
        visible_dialogues(user).select_related("commune", "village", "chaired_by"), pk=pk
    )


def visible_commitments(user: User) -> QuerySet[DialogueCommitment]:
    return DialogueCommitment.objects.filter(unit_scope(user, "dialogue__commune__path", READERS))


def get_commitment_for_user(user: User, pk: int) -> DialogueCommitment:
    related = ("dialogue", "dialogue__commune", "owner")
    return get_object_or_404(visible_commitments(user).select_related(*related), pk=pk)


def visible_field_visits(user: User) -> QuerySet[FieldVisit]:
    return FieldVisit.objects.filter(unit_scope(user, "commune__path", READERS))


def get_field_visit_for_user(user: User, pk: int) -> FieldVisit:
    return get_object_or_404(visible_field_visits(user).select_related("commune", "village"), pk=pk)
