"""The short text of a letter sent to the citizen by SMS or Zalo, when they agreed to it."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from thanthien.letters.kinds import TemplateKind
from thanthien.letters.models import Letter


def sms_text(letter: Letter) -> str:
    """Return the message in the system's language (Vietnamese), whatever the signer's screen uses."""
    with translation.override(settings.LANGUAGE_CODE):
        texts: dict[str, str] = {
            TemplateKind.APOLOGY: _(
                "%(commune)s apologises: dossier %(code)s will be ready on %(new_date)s. Letter %(number)s."
            ),
            TemplateKind.THANKS: _("%(commune)s thanks %(name)s for your contribution. Letter %(number)s."),
            TemplateKind.BIRTH: _(
                "%(commune)s congratulates the family of %(name)s on the new baby. Letter %(number)s."
            ),
            TemplateKind.MARRIAGE: _(
                "%(commune)s congratulates %(name)s on your marriage. Letter %(number)s."
            ),
            TemplateKind.NEW_YEAR: _(
                "%(commune)s wishes the family of %(name)s a happy New Year %(year)s. Letter %(number)s."
            ),
            TemplateKind.CONDOLENCE: _(
                "%(commune)s offers its deepest condolences to the family of %(name)s. Letter %(number)s."
            ),
        }
        return texts[letter.kind] % {
            "commune": letter.commune.name,
            "name": letter.recipient_name,
            "number": f"{letter.register_number:02d}/{letter.symbol}",
            "code": letter.fields.get("dossier_code", ""),
            "new_date": letter.fields.get("new_due_date", ""),
            "year": letter.fields.get("year", ""),
        }
