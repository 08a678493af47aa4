"""The public site of a commune: no login, nothing personal beyond what the commune publishes."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_GET

from thanthien.core.public_cache import public_page
from thanthien.disclosure.public import home_sections
from thanthien.procedures.offering import with_commune_fees
from thanthien.procedures.permissions import public_procedures
from thanthien.procedures.search import search_procedures
from thanthien.units.models import Unit
from thanthien.units.queries import public_leaders, village_names


@login_not_required
@require_GET
@public_page
def commune_home(request: HttpRequest, slug: str) -> HttpResponse:
    commune = get_object_or_404(Unit.objects.select_related("parent"), slug=slug, level=Unit.Level.COMMUNE)
    return render(
        request,
        "portal/commune_home.html",
        {"commune": commune, "leaders": public_leaders(commune), "villages": village_names(commune)}
        | home_sections(commune),
    )


def _public_commune(slug: str) -> Unit:
    return get_object_or_404(Unit.objects.select_related("parent"), slug=slug, level=Unit.Level.COMMUNE)


@login_not_required
@require_GET
@public_page
def procedure_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The procedures a citizen can do at the commune, searchable without diacritics."""
    commune = _public_commune(slug)
    query = request.GET.get("q", "").strip()
    procedures = with_commune_fees(search_procedures(public_procedures(commune), query), commune)
    return render(
        request, "portal/procedure_list.html", {"commune": commune, "procedures": procedures, "q": query}
    )


@login_not_required
@require_GET
@public_page
def procedure_detail(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    commune = _public_commune(slug)
    procedure = get_object_or_404(public_procedures(commune), code=code)
    with_commune_fees([procedure], commune)  # the commune's own fee, shown only
    return render(
        request,
        "portal/procedure_detail.html",
        {"commune": commune, "procedure": procedure, "forms": procedure.forms.all()},
    )


@login_not_required
@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, which browsers ask for by themselves: the SVG icon in static (its hashed name in
    production, so looked up when asked, not when the URLs load before collectstatic has run)."""
    response = redirect(static("img/favicon.svg"))
    response["Cache-Control"] = "public, max-age=86400"
    return response
