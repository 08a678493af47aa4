"""Pairing a tablet or a phone, the list of paired devices (revoke), and the installable apps' files."""

import hashlib
import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thanthien.devices import permissions, services
from thanthien.devices.api import refusal_message
from thanthien.devices.forms import PairForm
from thanthien.units.users import AuthenticatedRequest

# The installable apps: where each lives (its service worker's scope), and what it needs offline.
APPS: dict[str, dict[str, Any]] = {
    "kiosk": {
        "start": "devices:kiosk",
        "db": "thanthien-kiosk",
        "assets": ["css/app.css", "js/offline-queue.js", "js/kiosk.js"],
    },
    "village": {
        "start": "devices:village_app",
        "db": "thanthien-village",
        "assets": ["css/app.css", "js/offline-queue.js", "js/village.js"],
    },
}


@require_http_methods(["GET", "POST"])
@never_cache
def pair_kiosk(request: AuthenticatedRequest) -> HttpResponse:
    """A desk officer pairs this tablet once as the commune's kiosk; the key goes into the tablet."""
    units = permissions.kiosk_communes(request.user)
    if not units.exists():
        raise PermissionDenied
    return _pair(request, "kiosk", units, services.pair_kiosk, _("Pair this tablet as the rating kiosk"))


@require_http_methods(["GET", "POST"])
@never_cache
def pair_village(request: AuthenticatedRequest) -> HttpResponse:
    """A village head pairs their phone once to their village."""
    units = permissions.headed_villages(request.user)
    if not units.exists():
        raise PermissionDenied
    return _pair(request, "village", units, services.pair_village_phone, _("Pair this phone to your village"))


def _pair(request, app, units, pair, title):
    form = PairForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            paired = pair(form.cleaned_data["unit"], name=form.cleaned_data["name"], by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            context = {
                "device": paired.device,
                "key": paired.key,
                "db": APPS[app]["db"],
                "next": reverse(APPS[app]["start"]),
            }
            response = render(request, "devices/paired.html", context)
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "devices/pair.html", {"form": form, "title": title})


@require_GET
def device_list(request: AuthenticatedRequest) -> HttpResponse:
    """The commune's settings: its paired kiosks and village phones, with who paired them; revoke here."""
    devices = permissions.visible_device_keys(request.user).select_related("unit", "user", "paired_by")
    rows = [(device, permissions.can_revoke_device_key(request.user, device)) for device in devices]
    can_pair_kiosk = permissions.kiosk_communes(request.user).exists()
    can_pair_village = permissions.headed_villages(request.user).exists()
    context = {"rows": rows, "can_pair_kiosk": can_pair_kiosk, "can_pair_village": can_pair_village}
    return render(request, "devices/device_list.html", context)


@require_POST
def device_revoke(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    device = permissions.get_device_key_for_user(request.user, pk)
    try:
        services.revoke_device_key(device, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The device %(name)s is revoked.") % {"name": device.name})
    return redirect("devices:list")


@login_not_required
@require_GET
def kiosk(request: HttpRequest) -> HttpResponse:
    """The rating kiosk, an installable app that works offline once the tablet is paired.

    No login: the page is the same for every tablet; the commune, its levels and its officials come with
    the tablet's device key, and are kept on the tablet for the days without network.
    """
    context = {
        **app_context("kiosk"),
        "settings_url": reverse("api:device_kiosk"),
        "ratings_url": reverse("api:device_kiosk_rating"),
    }
    return render(request, "ratings/kiosk.html", context)


@login_not_required
@require_GET
def village_app(request: HttpRequest) -> HttpResponse:
    """The village head's phone app: a page that works offline once paired (its data come by the API)."""
    return render(request, "devices/village_app.html", app_context("village"))


def app_context(app: str) -> dict[str, str]:
    """What an installable app's page needs: its store, its files' addresses and the refusal messages."""
    return {
        "app": app,
        "db": APPS[app]["db"],
        "sw_url": reverse(f"devices:{app}_sw"),
        "manifest_url": reverse(f"devices:{app}_manifest"),
        "pair_url": reverse(f"devices:pair_{app}"),
        "text_revoked": refusal_message(revoked=True),
        "text_unpaired": refusal_message(revoked=False),
    }


@login_not_required
@require_GET
def service_worker(request: HttpRequest, app: str) -> HttpResponse:
    """The app's service worker: keeps its page and files for offline use and sends the queue on sync.

    Served from inside the page's path, so its scope covers the page. The cache's name changes whenever a
    file's address changes (hashed static names in production), so a new version replaces the old one.
    """
    start = reverse(APPS[app]["start"])
    assets = [static(path) for path in APPS[app]["assets"]]
    version = hashlib.sha256(json.dumps([start, *assets]).encode()).hexdigest()[:12]
    context = {
        "cache": f"thanthien-{app}-{version}",
        "start": start,
        "assets": assets,
        "queue_script": static("js/offline-queue.js"),
        "db": APPS[app]["db"],
        "app": app,
        "static_prefix": static(""),
    }
    response = render(request, "devices/service_worker.js", context, content_type="text/javascript")
    response["Cache-Control"] = "no-cache"
    return response


@login_not_required
@require_GET
def manifest(request: HttpRequest, app: str) -> HttpResponse:
    """The web app manifest that makes the page installable (added to the home screen, full screen)."""
    start = reverse(APPS[app]["start"])
    names = {"kiosk": _("Rate our service"), "village": _("Village intake")}
    body = {
        "name": f"{names[app]} · Thân Thiện",
        "short_name": str(names[app]),
        "start_url": start,
        "scope": start,
        "display": "standalone" if app == "village" else "fullscreen",
        "orientation": "any",
        "lang": "vi",
        "background_color": "#ffffff",
        "theme_color": "#9b1c1c",
        "icons": [{"src": static("img/app-icon.svg"), "sizes": "any", "type": "image/svg+xml"}],
    }
    return HttpResponse(json.dumps(body, ensure_ascii=False), content_type="application/manifest+json")
