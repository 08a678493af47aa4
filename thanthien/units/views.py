"""Back-office pages: communes, officials' phones, and the audit log."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from thanthien.units import permissions, services
from thanthien.units import queries as unit_queries
from thanthien.units.models import Unit
from thanthien.units.queries import latest_profile
from thanthien.units.users import AuthenticatedRequest


@require_GET
def commune_list(request: AuthenticatedRequest) -> HttpResponse:
    communes = (
        permissions.visible_units(request.user).filter(level=Unit.Level.COMMUNE).select_related("parent")
    )
    query = request.GET.get("q", "").strip()
    if query:
        communes = communes.filter(name__icontains=query)
    page = Paginator(communes.order_by("parent__name", "name"), 50).get_page(request.GET.get("page"))
    return render(request, "units/commune_list.html", {"page": page, "q": query})


@require_GET
def commune_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    commune = permissions.get_unit_for_user(request.user, pk)
    officials = commune.officials.select_related("office").filter(is_active=True)
    context = {
        "commune": commune,
        "profile": latest_profile(commune),
        "villages": unit_queries.villages(commune),
        "offices": commune.offices.all(),
        "officials": officials,
        "can_change": permissions.can_change_unit(request.user, commune),
    }
    return render(request, "units/commune_detail.html", context)


@require_POST
def official_phone(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    official = permissions.get_official_for_user(request.user, pk)
    try:
        phone = services.reveal_official_phone(official, by=request.user)
    except PermissionDenied:
        return render(request, "units/_phone.html", {"denied": True}, status=403)
    return render(request, "units/_phone.html", {"phone": phone})


@require_GET
def audit_log(request: AuthenticatedRequest) -> HttpResponse:
    if not permissions.can_view_audit_log(request.user):
        raise PermissionDenied
    events = permissions.visible_audit_events(request.user).select_related("actor")
    action = request.GET.get("action", "")
    if action:
        events = events.filter(action=action)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "units/audit_log.html", {"page": page, "action": action})
