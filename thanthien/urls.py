from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from thanthien.api import api
from thanthien.portal.views import favicon
from thanthien.reports.views import home

urlpatterns = [
    path("", home, name="home"),
    path("", include("thanthien.units.urls")),
    path("accounts/", include("thanthien.units.account_urls")),
    path("dossiers/", include("thanthien.dossiers.urls")),
    path("", include("thanthien.devices.urls")),
    path("ratings/", include("thanthien.ratings.urls")),
    path("feedback/", include("thanthien.feedback.urls")),
    path("letters/", include("thanthien.letters.urls")),
    path("reports/", include("thanthien.reports.urls")),
    path("reception/", include("thanthien.reception.urls")),
    path("planning/", include("thanthien.planning.urls")),
    path("households/", include("thanthien.households.urls")),
    path("assessment/", include("thanthien.assessment.urls")),
    path("x/", include("thanthien.portal.urls")),
    path("x/", include("thanthien.disclosure.public_urls")),
    path("disclosure/", include("thanthien.disclosure.urls")),
    path("procedures/", include("thanthien.procedures.urls")),
    path("settings/", include("thanthien.configuration.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    # Browsers ask for /favicon.ico whatever the page says; the icon is the SVG in static.
    path("favicon.ico", favicon, name="favicon"),
    path("open311/v2/", include("thanthien.feedback.open311_urls")),
    # Anyone may switch language, logged in or not (the public site has the switch too). No CSRF token:
    # the switch only sets a cookie and redirects to a safe address, and a token in every page's switch
    # would keep public pages from being kept whole (core/public_cache.py).
    path("i18n/setlang/", csrf_exempt(login_not_required(set_language)), name="set_language"),
]

handler404 = "thanthien.portal.errors.not_found"
