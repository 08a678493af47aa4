from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "thanthien.letters"
    label = "letters"
    verbose_name = _("Letters")

    def ready(self) -> None:
        """Draft the letters of other apps' events inside their transaction (core.hooks: letters → dossiers,
        feedback; never the other way)."""
        from thanthien.dossiers import hooks as dossier_hooks
        from thanthien.feedback import hooks as feedback_hooks
        from thanthien.letters import services

        dossier_hooks.dossier_ready.register(services.draft_letter_for_dossier)
        dossier_hooks.postponement_issued.register(services.draft_apology_letter)
        feedback_hooks.useful_contribution_marked.register(services.draft_thanks_letter)
