"""Who may see and handle which dossiers: the desk, leaders and administrators handle; others read."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from thanthien.core.scoping import has_role_at, unit_scope
from thanthien.dossiers.models import Dossier
from thanthien.units.models import Role, Unit, User
from thanthien.units.permissions import acts_for_commune, chosen_commune, communes_with_role

HANDLERS = frozenset({Role.DESK_OFFICER, Role.LEADER, Role.ADMINISTRATOR})
APOLOGY_SIGNERS = frozenset({Role.DESK_OFFICER, Role.LEADER})


def visible_dossiers(user: User) -> QuerySet[Dossier]:
    """Return the dossiers of the units the user belongs to, and below (any role reads)."""
    return Dossier.objects.filter(unit_scope(user, "commune__path"))


def get_dossier_for_user(user: User, code: str) -> Dossier:
    """Return the dossier by its code, or raise Http404 for 'missing' and 'not yours' alike."""
    return get_object_or_404(visible_dossiers(user).select_related("procedure", "commune"), code=code)


def can_receive_dossier(user: User, commune: Unit) -> bool:
    """The commune's desk officers, leaders and administrators receive dossiers."""
    return acts_for_commune(user, commune, HANDLERS)


def can_process_dossier(user: User, dossier: Dossier) -> bool:
    """The commune's desk officers, leaders and administrators move a dossier along."""
    return has_role_at(user, dossier.commune.path, HANDLERS)


def can_issue_postponement(user: User, dossier: Dossier) -> bool:
    """A desk officer or a leader signs the apology slip with a new date."""
    return has_role_at(user, dossier.commune.path, APOLOGY_SIGNERS)


def handled_communes(user: User) -> QuerySet[Unit]:
    """Return the communes where the user may receive dossiers."""
    return communes_with_role(user, HANDLERS).filter(valid_to__isnull=True)


def get_handled_commune_for_user(user: User, pk: str | None = None) -> Unit:
    """Return the commune `pk` among those the user handles (404 otherwise), or the user's first one.

    A user who handles no commune at all gets PermissionDenied.
    """
    return chosen_commune(handled_communes(user).order_by("name"), pk)
