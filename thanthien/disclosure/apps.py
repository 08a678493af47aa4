from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "thanthien.disclosure"
    verbose_name = _("Public disclosure")

    def ready(self) -> None:
        """Add the disclosure section to the reports' figures (reports.hooks: disclosure → reports)."""
        from thanthien.disclosure.figures import disclosure_figures
        from thanthien.reports import hooks

        hooks.register_section("disclosure", disclosure_figures)
