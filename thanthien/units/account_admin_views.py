"""Administrators manage the logins and roles of their units here, not in the Django admin."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thanthien.units import permissions, services
from thanthien.units.forms import AccountCreateForm
from thanthien.units.models import AccessApproval, Role, User
from thanthien.units.users import AuthenticatedRequest


def _require_administrator(request: AuthenticatedRequest) -> None:
    if not permissions.can_manage_accounts(request.user):
        raise PermissionDenied


def membership_list(request: AuthenticatedRequest) -> HttpResponse:
    _require_administrator(request)
    memberships = (
        permissions.visible_memberships(request.user)
        .select_related("user", "unit")
        .order_by("unit__path", "role")
    )
    approvals = permissions.visible_access_approvals(request.user).select_related(
        "user", "unit", "requested_by", "decided_by"
    )[:50]
    context = {"memberships": memberships, "approvals": approvals}
    return render(request, "units/membership_list.html", context)


def account_create(request: AuthenticatedRequest) -> HttpResponse:
    _require_administrator(request)
    # Villages too: a village head's account is made at the village (issue #20).
    units = permissions.visible_units(request.user).filter(valid_to__isnull=True)
    form = AccountCreateForm(request.POST or None, units=units, roles=Role.choices)
    if request.method == "POST" and form.is_valid():
        try:
            user, password = services.create_account(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            context = {"new_user": user, "password": password, "awaits_approval": password is None}
            return render(request, "units/account_created.html", context)
    return render(request, "units/account_form.html", {"form": form})


@require_POST
def membership_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(permissions.visible_memberships(request.user), pk=pk)
    services.withdraw_role(membership, by=request.user)
    messages.success(request, _("The role was withdrawn."))
    return redirect("units:membership_list")


@require_POST
def password_reset(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    managed = User.objects.filter(memberships__in=permissions.visible_memberships(request.user)).distinct()
    user = get_object_or_404(managed, pk=pk)
    result = services.reset_password(user, by=request.user)
    if isinstance(result, AccessApproval):
        context: dict[str, Any] = {
            "new_user": user,
            "password": None,
            "is_reset": True,
            "awaits_approval": True,
        }
    else:
        context = {"new_user": user, "password": result, "is_reset": True}
    return render(request, "units/account_created.html", context)


def approval_list(request: AuthenticatedRequest) -> HttpResponse:
    """A leader's (or province administrator's) list of requests to give the power to read identities."""
    if not permissions.can_view_access_approvals(request.user):
        raise PermissionDenied
    pending = permissions.pending_access_approvals(request.user)
    decided = (
        permissions.visible_access_approvals(request.user)
        .exclude(status=AccessApproval.Status.PENDING)
        .select_related("user", "unit", "requested_by", "decided_by")[:50]
    )
    return render(request, "units/approval_list.html", {"pending": pending, "decided": decided})


@require_POST
def approval_decide(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    approval = get_object_or_404(permissions.visible_access_approvals(request.user), pk=pk)
    try:
        password = services.decide_access_approval(
            approval, by=request.user, approve=request.POST.get("decision") == "approve"
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("units:approval_list")
    if password is None:
        messages.success(request, _("The request was refused."))
        return redirect("units:approval_list")
    context = {"new_user": approval.user, "password": password, "is_approval": True}
    return render(request, "units/account_created.html", context)
