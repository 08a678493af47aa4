from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "thanthien.reports"
    label = "reports"
    verbose_name = _("Reports and dashboards")

    def ready(self) -> None:
        from thanthien.dossiers import hooks as dossier_hooks
        from thanthien.reports import permissions, summaries
        from thanthien.units.permissions import register_screen_check

        post_migrate.connect(summaries.ensure_installed, sender=self)
        dossier_hooks.written_set_wise.register(summaries.add_dossier_counts)
        register_screen_check("national", permissions.can_see_country)
