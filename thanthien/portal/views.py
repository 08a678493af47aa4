"""The public site of a commune: no login, nothing personal beyond what the commune publishes."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from thanthien.units.models import Unit
from thanthien.units.selectors import public_leaders, village_names


@login_not_required
@require_GET
def commune_home(request: HttpRequest, slug: str) -> HttpResponse:
    commune = get_object_or_404(Unit.objects.select_related("parent"), slug=slug, level=Unit.Level.COMMUNE)
    return render(
        request,
        "portal/commune_home.html",
        {"commune": commune, "leaders": public_leaders(commune), "villages": village_names(commune)},
    )
