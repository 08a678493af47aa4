from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "thanthien.feedback"
    label = "feedback"
    verbose_name = _("Feedback, complaints and denunciations")

    def ready(self) -> None:
        from thanthien.feedback import checks  # noqa: F401 - registers the deploy check
