from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "thanthien.planning"
    verbose_name = _("Plans, conduct and supervision")

    def ready(self) -> None:
        """Add the planning sections to the reports' figures and the overdue tasks to a leader's day
        (reports.hooks: planning → reports, never the other way)."""
        from thanthien.planning import figures
        from thanthien.reports import hooks

        hooks.register_section("tasks", figures.task_figures)
        hooks.register_section("supervision", figures.supervision_figures)
        hooks.register_section("conduct", figures.conduct_figures)
        hooks.overdue_tasks_counted.register(figures.overdue_tasks_of)
