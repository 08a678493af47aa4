"""Every interface string has a Vietnamese translation, and the compiled catalogue matches the source."""

from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "vi" / "LC_MESSAGES"


def test_every_message_is_translated_and_none_is_fuzzy():
    catalogue = polib.pofile(str(LOCALE / "django.po"))

    untranslated = [entry.msgid for entry in catalogue if not entry.translated()]

    assert untranslated == []


def test_the_compiled_catalogue_holds_every_translation():
    source = {(e.msgctxt, e.msgid): _text(e) for e in polib.pofile(str(LOCALE / "django.po")) if _text(e)}

    compiled = {(e.msgctxt, e.msgid): _text(e) for e in polib.mofile(str(LOCALE / "django.mo")) if e.msgid}

    assert compiled == source, "run: cd thanthien && django-admin compilemessages -l vi"


def test_placeholders_survive_translation():
    catalogue = polib.pofile(str(LOCALE / "django.po"))

    broken = [
        entry.msgid
        for entry in catalogue
        for translation in ([entry.msgstr] if not entry.msgid_plural else entry.msgstr_plural.values())
        if sorted(set(_placeholders(entry.msgid))) != sorted(set(_placeholders(translation)))
    ]

    assert broken == []


def _text(entry: polib.POEntry | polib.MOEntry) -> str:
    return entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr


def _placeholders(text: str) -> list[str]:
    import re

    return re.findall(r"%\([a-z_]+\)[sd]|%\([a-z_]+\)\.\d+f|\{[a-z_]+\}", text)


def test_an_english_word_with_two_meanings_is_told_apart_by_its_context():
    entries = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(LOCALE / "django.po"))}

    assert (None, "From") not in entries and (None, "To") not in entries  # each use says which it means
    assert entries["time of day", "From"] == "Từ giờ" and entries["time of day", "To"] == "Đến giờ"
    assert entries[None, "From date"] == "Từ ngày" and entries[None, "To date"] == "Đến ngày"
    assert entries["network address", "From"] == "Từ địa chỉ" and entries["addressee", "To"] == "Kính gửi"
    assert entries["job title", "title"] == "chức danh" and entries[None, "title"] == "tiêu đề"
    assert entries["to be done by", "Due date"] == "Hạn hoàn thành"
    assert entries[None, "Due date"] == "Ngày hẹn trả"  # a dossier's day of return
    assert entries["feedback", "Channel"] == "Hình thức tiếp nhận"
    assert entries[None, "Channel"] == "Hình thức nộp"  # a dossier's
    assert entries["conduct code", "rule"] == "quy tắc" and entries[None, "rule"] == "lịch định kỳ"
