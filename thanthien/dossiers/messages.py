"""What the citizen is told, and when: the texts of the messages a dossier's steps put in the outbox."""

from collections.abc import Callable

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from thanthien.dossiers.links import rating_token
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
    text = _("The result of dossier %(code)s is ready at the one-stop desk of %(commune)s.") % _params(
        dossier
    )
    link = rating_url(dossier)
    return f"{text} " + _("Rate the service: %(link)s") % {"link": link} if link else text


def rating_url(dossier: Dossier, base: str | None = None) -> str:
    """Return the absolute link where the applicant rates this dossier once ("" without a public site)."""
    if not dossier.commune.slug:
        return ""
    path = reverse("portal:rate", kwargs={"slug": dossier.commune.slug, "token": rating_token(dossier)})
    return f"{base or settings.SITE_URL}{path}"


def postponement_text(dossier: Dossier) -> str:
    return _("%(commune)s apologises: dossier %(code)s will be ready on %(due)s instead.") % _params(dossier)


def at_risk_text(dossier: Dossier) -> str:
    return _("Dossier %(code)s is due %(due)s and not ready: an apology slip was drafted.") % _params(dossier)


def _params(dossier: Dossier) -> dict[str, str]:
    return {
        "code": dossier.code,
        "commune": dossier.commune.name,
        "procedure": dossier.procedure.name,
        "due": f"{dossier.due_on:%d/%m/%Y}",
    }
