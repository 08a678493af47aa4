from django.contrib import admin
from django.urls import include, path

from thanthien.api import api

urlpatterns = [
    path("", include("thanthien.units.urls")),
    path("accounts/", include("thanthien.units.account_urls")),
    path("x/", include("thanthien.portal.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
