from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "thanthien.units"
    label = "units"
    verbose_name = _("Units and people")

    def ready(self) -> None:
        from thanthien.units import auth_audit

        auth_audit.connect()
