from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "thanthien.assessment"
    label = "assessment"
    verbose_name = _("Criteria, self-assessment and recognition")

    def ready(self) -> None:
        from thanthien.assessment.queries import appraised_scores
        from thanthien.reports.rollup import ScoreSource, register_score

        label = _("Appraised score of the criteria set (the year of the end date)")
        register_score("appraised", ScoreSource(label, appraised_scores))
