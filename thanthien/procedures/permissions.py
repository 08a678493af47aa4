"""Who may read and change the procedure catalogue.

The catalogue is public reference data shared by every commune: everyone logged in reads the procedures in
use, the public site lists them, and only province administrators change it.
"""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from thanthien.core.scoping import memberships_of
from thanthien.core.validation import is_number
from thanthien.procedures import offering
from thanthien.procedures.models import Procedure, ProcedureForm
from thanthien.units.models import Role, Unit, User
from thanthien.units.permissions import ADMINISTRATORS, communes_with_role
from thanthien.units.users import AnyUser


def can_manage_catalogue(user: AnyUser) -> bool:
    """Province administrators (and superusers) add, change, import and retire procedures.

    The catalogue is shared by every commune, so a commune's administrator cannot change it for all.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or any(
        role in ADMINISTRATORS and "/" not in path for path, role in memberships_of(user)
    )


def visible_procedures(user: User) -> QuerySet[Procedure]:
    """Return the procedures this user may look up: those in use, and the retired ones for administrators."""
    if not getattr(user, "is_authenticated", False):
        return Procedure.objects.none()
    if can_manage_catalogue(user):
        return Procedure.objects.all()
    return Procedure.objects.filter(is_active=True)


def get_procedure_for_user(user: User, pk: int) -> Procedure:
    """Return the procedure, or raise Http404 for 'missing' and 'not visible' alike."""
    return get_object_or_404(visible_procedures(user), pk=pk)


def public_procedures(commune: Unit | None = None) -> QuerySet[Procedure]:
    """Return the procedures the public site lists: those in use, and of a commune only those it offers
    today (`CommuneProcedure`; a commune without rows offers the whole catalogue)."""
    in_use = Procedure.objects.filter(is_active=True)
    return offering.offered_by(commune, in_use) if commune is not None else in_use


def picker_commune(user: User, pk: str | None) -> Unit | None:
    """Return the commune the desk's procedure picker serves: `pk` when the user works for it, else None
    (the picker then offers the whole catalogue in use)."""
    if not pk or not is_number(str(pk)):
        return None
    return communes_with_role(user, Role.values).filter(pk=pk).first()


def get_public_form(pk: int) -> ProcedureForm:
    """Return a blank form of a procedure in use (anyone may download it), or raise Http404."""
    return get_object_or_404(
        ProcedureForm.objects.select_related("procedure"), pk=pk, procedure__is_active=True
    )
