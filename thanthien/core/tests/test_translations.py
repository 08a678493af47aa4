"""Every interface string has a Vietnamese translation, and the compiled catalogue matches the source."""

from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "vi" / "LC_MESSAGES"


def test_every_message_is_translated_and_none_is_fuzzy():
    catalogue = polib.pofile(str(LOCALE / "django.po"))

    untranslated = [entry.msgid for entry in catalogue if not entry.translated()]

    assert untranslated == []


def test_the_compiled_catalogue_holds_every_translation():
    source = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(LOCALE / "django.po")) if e.msgstr}

    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(LOCALE / "django.mo")) if e.msgid}

    assert compiled == source, "run: cd thanthien && django-admin compilemessages -l vi"


def test_placeholders_survive_translation():
    catalogue = polib.pofile(str(LOCALE / "django.po"))

    broken = [
        entry.msgid
        for entry in catalogue
        if sorted(_placeholders(entry.msgid)) != sorted(_placeholders(entry.msgstr))
    ]

    assert broken == []


def _placeholders(text: str) -> list[str]:
    import re

    return re.findall(r"%\([a-z_]+\)[sd]|%\([a-z_]+\)\.\d+f|\{[a-z_]+\}", text)
