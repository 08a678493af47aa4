"""The parts of a document in the format of Decree 30/2020/NĐ-CP (LAW.md §5), as plain text.

Pure functions: no database, no clock; the caller passes the dates and names in.
"""

from dataclasses import dataclass

from thanthien.core.documents import UNIT_KIND_PREFIXES
from thanthien.core.documents import date_line as date_line  # re-exported: letters print it
from thanthien.core.documents import place_name as place_name  # re-exported: the date line's place
from thanthien.core.text import fold_vietnamese

STEMS = ("Canh", "Tân", "Nhâm", "Quý", "Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ")
BRANCHES = ("Thân", "Dậu", "Tuất", "Hợi", "Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi")


def in_sentence(unit_name: str) -> str:
    """Return a unit's name as written inside a sentence: "Xã Hoằng Cát" → "xã Hoằng Cát"."""
    name = " ".join(unit_name.split())
    for prefix in UNIT_KIND_PREFIXES:
        if name.startswith(prefix):
            return prefix.lower() + name[len(prefix) :]
    return name


def number_symbol(number: int | None, symbol: str) -> str:
    """Return "05/TCM-UBND": numbers below 10 get a leading zero; a draft has no number yet ("…/TCM-UBND")."""
    shown = f"{number:02d}" if number is not None else "\u2026\u2026"
    return f"{shown}/{symbol}" if symbol else shown


def issuing_unit(unit_name: str) -> str:
    """Return the issuing body's second line in upper case: "Xã Hoằng Cát" → "XÃ HOẰNG CÁT"."""
    return " ".join(unit_name.split()).upper()


@dataclass(frozen=True)
class SignatureBlock:
    authority: str  # "TM. ỦY BAN NHÂN DÂN" or "KT. CHỦ TỊCH"
    title: str  # "CHỦ TỊCH" or "PHÓ CHỦ TỊCH"


CHAIRMAN = "chairman"
VICE_CHAIRMAN = "vice_chairman"


def signature_block(capacity: str) -> SignatureBlock:
    """Return the signature lines of a letter the People's Committee sends (Decree 30/2020, Appendix I).

    The chairman signs on behalf of the committee ("TM."); a vice-chairman signs for the chairman ("KT.").
    """
    if capacity == VICE_CHAIRMAN:
        return SignatureBlock("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    if capacity == CHAIRMAN:
        return SignatureBlock("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
    raise ValueError(capacity)


def capacity_for_title(title: str) -> str:
    """Guess how an official signs from their title: a vice-chairman signs "KT.", anyone else "TM."."""
    return VICE_CHAIRMAN if "pho chu tich" in fold_vietnamese(title) else CHAIRMAN


def lunar_year_name(year: int) -> str:
    """Return the sexagenary name of the lunar year that starts in `year`: 2026 → "Bính Ngọ"."""
    return f"{STEMS[year % 10]} {BRANCHES[year % 12]}"


# How a letter addresses a person: from the gender the desk recorded, "ông/bà" when it did not.
HONORIFICS = {"male": "ông", "female": "bà"}
UNKNOWN_HONORIFIC = "ông/bà"
TRAILING_PUNCTUATION = ".,;:!?… \t\n"


def honorific(gender: str) -> str:
    """Return "ông", "bà", or "ông/bà" when the gender is not recorded."""
    return HONORIFICS.get(gender, UNKNOWN_HONORIFIC)


def honorific_fields(word: str) -> dict[str, str]:
    """Return the honorific inside a sentence and at the start of a line: "bà" and "Bà", "ông/bà" and
    "Ông/Bà"."""
    word = word or UNKNOWN_HONORIFIC
    return {
        "honorific": word,
        "honorific_title": "/".join(part[:1].upper() + part[1:] for part in word.split("/")),
    }


def clause(text: str) -> str:
    """Return free text typed by staff without its closing punctuation, for a template that adds its own:
    "Chờ xác minh." → "Chờ xác minh" (otherwise the letter would print "xác minh..")."""
    return str(text).strip().rstrip(TRAILING_PUNCTUATION)


# Free-text fields the templates follow with their own full stop or comma.
CLAUSE_FIELDS = ("reason", "contribution", "procedure_name", "subject", "matter", "remedy")


def tidy_fields(fields: dict) -> dict:
    """Return `fields` with the free-text clauses (CLAUSE_FIELDS) trimmed by `clause`."""
    return {key: clause(value) if key in CLAUSE_FIELDS and value else value for key, value in fields.items()}
