"""The "page not found" page every visitor gets, in Vietnamese, also on the demo where DEBUG is on.

Without DEBUG, Django renders `handler404` (thanthien.urls) for every 404. With DEBUG on (`python3 run.py`),
Django would show its technical page instead; `FriendlyNotFoundMiddleware` shows this one there too, so a
citizen who follows a mistyped, expired or used link never sees a programmer's page.
"""

import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from thanthien.units.models import Unit
from thanthien.units.queries import commune_by_slug

PUBLIC_PATH = re.compile(r"^/x/(?P<slug>[-a-zA-Z0-9_]+)/")


def public_commune_of(request: HttpRequest) -> Unit | None:
    """The commune whose public site the address belongs to (/x/<slug>/...), if it exists."""
    match = PUBLIC_PATH.match(request.path_info)
    if match is None:
        return None
    return commune_by_slug(match["slug"])


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The Vietnamese 404 page, with the way back to the commune's home when the address was under one."""
    commune = public_commune_of(request)
    context: dict[str, Any] = {"commune": commune}
    if commune is not None:
        context["public_home_url"] = reverse("portal:commune_home", args=[commune.slug])
    return render(request, "404.html", context, status=404)


class FriendlyNotFoundMiddleware:
    """With DEBUG on, answer a 404 with the friendly page rather than Django's technical one.

    A view that renders its own page with status 404 (the dossier look-up, say) is left alone: only a
    raised Http404 and an address that matches no URL are replaced. Without DEBUG this does nothing.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if settings.DEBUG and response.status_code == 404 and request.resolver_match is None:
            return not_found(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if settings.DEBUG and isinstance(exception, Http404):
            return not_found(request, exception)
        return None
