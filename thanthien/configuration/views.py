"""The settings pages (Cài đặt): the rules kept as data, listed by kind, changed from a later date."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thanthien.configuration import display, permissions, services
from thanthien.configuration.forms import (
    children_formset,
    children_of_formset,
    initial_from,
    setting_form_class,
)
from thanthien.configuration.kinds import KINDS, SettingKind, kind_by_slug
from thanthien.configuration.versions import Standing
from thanthien.units.users import AuthenticatedRequest

HISTORY_ON_LIST = 10


def _kind(request: AuthenticatedRequest, slug: str) -> SettingKind:
    if not permissions.can_manage_settings(request.user):
        raise PermissionDenied
    kind = kind_by_slug(slug)
    if kind is None:
        raise Http404
    return kind


def setting_index(request: AuthenticatedRequest) -> HttpResponse:
    if not permissions.can_manage_settings(request.user):
        raise PermissionDenied
    kinds = [{"kind": kind, "can_add": permissions.can_add_setting(request.user, kind)} for kind in KINDS]
    context = {"kinds": kinds, "shared": permissions.can_change_shared_setting(request.user)}
    return render(request, "configuration/setting_index.html", context)


def setting_list(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    kind = _kind(request, slug)
    rows = list(permissions.visible_setting_rows(request.user, kind))
    sections = display.lines(kind, rows, timezone.localdate())
    for section in sections.values():
        for line in section:
            line.can_change = permissions.can_change_setting_row(request.user, kind, line.row)
    history = permissions.setting_history(request.user, kind)[:HISTORY_ON_LIST]
    context = {
        "kind": kind,
        "headers": display.headers(kind),
        "sections": [(standing, sections[standing]) for standing in Standing],
        "can_add": permissions.can_add_setting(request.user, kind),
        "history": [(event, display.changes_of(kind, event)) for event in history],
    }
    return render(request, "configuration/setting_list.html", context)


@require_http_methods(["GET", "POST"])
def setting_new(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    kind = _kind(request, slug)
    if not permissions.can_add_setting(request.user, kind):
        raise PermissionDenied
    form_class = setting_form_class(kind, new_setting=True)
    units = permissions.editable_units(request.user, kind) if kind.unit_levels else None
    options: dict[str, Any] = {
        "kind": kind,
        "units": units,
        "shared_allowed": permissions.can_change_shared_setting(request.user),
    }
    form = form_class(request.POST or None, **options)
    formset = children_formset(kind, request.POST or None)
    if request.method == "POST" and _valid(form, formset):
        unit, key, values, starts_on = form.split()
        change = {"unit": unit, "key": key, "values": values, "starts_on": starts_on}
        return _save(request, kind, form, formset, **change)
    return _form_page(request, kind, form, formset, None)


@require_http_methods(["GET", "POST"])
def setting_version_new(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    kind = _kind(request, slug)
    base = permissions.get_setting_row(kind, pk)
    if not kind.versioned or not permissions.can_change_setting_row(request.user, kind, base):
        raise PermissionDenied
    form = setting_form_class(kind, new_setting=False)(
        request.POST or None, kind=kind, initial=initial_from(kind, base)
    )
    formset = children_formset(kind, request.POST or None, initial=services.children_of(kind, base))
    if request.method == "POST" and _valid(form, formset):
        _unit, _key, values, starts_on = form.split()
        key = {name: getattr(base, name) for name in kind.key_fields}
        change = {"unit": kind.unit_of(base), "key": key, "values": values, "starts_on": starts_on}
        return _save(request, kind, form, formset, base=base, **change)
    return _form_page(request, kind, form, formset, base)


def _valid(form: Any, formset: Any) -> bool:
    return all([form.is_valid(), formset is None or formset.is_valid()])


def _save(request, kind, form, formset, **change):
    if formset is not None:
        change["children"] = children_of_formset(formset)
    try:
        services.add_setting_version(kind, by=request.user, **change)
    except ValidationError as error:
        form.add_error(None, error.messages)
    else:
        messages.success(
            request,
            _("Saved. The change takes effect from %(day)s; the days before keep the earlier rule.")
            % {"day": change["starts_on"].strftime("%d/%m/%Y")},
        )
        return redirect("configuration:list", slug=kind.slug)
    return _form_page(request, kind, form, formset, change.get("base"))


def _form_page(
    request: AuthenticatedRequest, kind: SettingKind, form: Any, formset: Any, base: Any
) -> HttpResponse:
    context = {"kind": kind, "form": form, "formset": formset, "base": base}
    if base is not None:
        context["unit"] = kind.unit_of(base)
        context["key_cells"] = [
            (kind.model_field(name).verbose_name, display.show(kind, name, getattr(base, name)))
            for name in kind.key_fields
        ]
    return render(request, "configuration/setting_form.html", context)


@require_POST
def setting_withdraw(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    kind = _kind(request, slug)
    row = permissions.get_setting_row(kind, pk)
    if not permissions.can_change_setting_row(request.user, kind, row):
        raise PermissionDenied
    try:
        services.withdraw_setting_version(kind, row, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The version that had not started yet was withdrawn."))
    return redirect("configuration:list", slug=kind.slug)


def setting_history(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    kind = _kind(request, slug)
    page = Paginator(permissions.setting_history(request.user, kind), 50).get_page(request.GET.get("page"))
    events = [(event, display.changes_of(kind, event)) for event in page]
    return render(
        request, "configuration/setting_history.html", {"kind": kind, "page": page, "events": events}
    )
