"""Administrators manage the logins and roles of their units here, not in the Django admin."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thanthien.units import permissions, services
from thanthien.units.forms import AccountCreateForm
from thanthien.units.models import Role, Unit, User


def _require_administrator(request: HttpRequest) -> None:
    if not permissions.can_manage_accounts(request.user):
        raise PermissionDenied


def membership_list(request: HttpRequest) -> HttpResponse:
    _require_administrator(request)
    memberships = (
        permissions.visible_memberships(request.user)
        .select_related("user", "unit")
        .order_by("unit__path", "role")
    )
    return render(request, "units/membership_list.html", {"memberships": memberships})


def account_create(request: HttpRequest) -> HttpResponse:
    _require_administrator(request)
    units = (
        permissions.visible_units(request.user)
        .exclude(level=Unit.Level.VILLAGE)
        .filter(valid_to__isnull=True)
    )
    form = AccountCreateForm(request.POST or None, units=units, roles=Role.choices)
    if request.method == "POST" and form.is_valid():
        try:
            user, password = services.create_account(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return render(request, "units/account_created.html", {"new_user": user, "password": password})
    return render(request, "units/account_form.html", {"form": form})


@require_POST
def membership_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(permissions.visible_memberships(request.user), pk=pk)
    services.withdraw_role(membership, by=request.user)
    messages.success(request, _("The role was withdrawn."))
    return redirect("units:membership_list")


@require_POST
def password_reset(request: HttpRequest, pk: int) -> HttpResponse:
    managed = User.objects.filter(memberships__in=permissions.visible_memberships(request.user)).distinct()
    user = get_object_or_404(managed, pk=pk)
    password = services.reset_password(user, by=request.user)
    return render(
        request, "units/account_created.html", {"new_user": user, "password": password, "is_reset": True}
    )
