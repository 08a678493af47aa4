from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "thanthien.units"
    label = "units"
    verbose_name = _("Units and people")

    def ready(self) -> None:
        from django.contrib import admin

        from thanthien.units import auth_audit, permissions

        auth_audit.connect()
        # The Django admin is for a superuser only (issue #18 item 1): a staff user who is not a superuser
        # gets the admin's login page, which tells them they may not enter.
        # Replaced once at start-up, on the one admin site.
        admin.site.has_permission = lambda request: permissions.can_use_django_admin(request.user)  # type: ignore[method-assign]
