"""What the citizen is told, and when: the texts of the messages a dossier's steps put in the outbox."""

from collections.abc import Callable

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from thanthien.dossiers.models import Dossier


def in_citizens_language(text_of: Callable[[Dossier], str], dossier: Dossier) -> str:
    """Return a message in the system's language (Vietnamese), whatever the official's screen uses."""
    with translation.override(settings.LANGUAGE_CODE):
        return text_of(dossier)


def receipt_text(dossier: Dossier) -> str:
    return _("%(commune)s received your dossier %(code)s (%(procedure)s). Result due %(due)s.") % _params(
        dossier
    )


def supplement_text(dossier: Dossier) -> str:
    return _(
        "Dossier %(code)s needs more papers. Please come to the one-stop desk of %(commune)s."
    ) % _params(dossier)


def rejection_text(dossier: Dossier) -> str:
    return _(
        "Dossier %(code)s could not be accepted. The reasons are on the slip from %(commune)s."
    ) % _params(dossier)


def ready_text(dossier: Dossier) -> str:
    return _("The result of dossier %(code)s is ready at the one-stop desk of %(commune)s.") % _params(
        dossier
    )


def postponement_text(dossier: Dossier) -> str:
    return _("%(commune)s apologises: dossier %(code)s will be ready on %(due)s instead.") % _params(dossier)


def at_risk_text(dossier: Dossier) -> str:
    return _("Dossier %(code)s is due %(due)s and not ready: an apology slip was drafted.") % _params(dossier)


def _params(dossier: Dossier) -> dict[str, str]:
    return {
        "code": dossier.code,
        "commune": dossier.commune.name,
        "procedure": dossier.procedure.name,
        "due": f"{dossier.due_date:%d/%m/%Y}",
    }
