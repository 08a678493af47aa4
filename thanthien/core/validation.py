"""What every piece of typed input must be, defined once for the forms, the API schemas, the imports and the
query strings: text without control characters and within its field's length, dates within the plausible
range, numbers a database column can hold.

Forms get the text and date rules through `forms.CharField` / `forms.DateField` default validators (set in
`CoreConfig.ready`); API schemas derive from `InputSchema`; a view reading the query string uses
`int_param` / `date_param`.
"""

import re
from datetime import date, datetime
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import AfterValidator, StringConstraints, field_validator
from pydantic_core import PydanticCustomError

# --- Lengths: one limit per field, the same on the form, the API and the import ----------------------------
NAME_MAX = 150  # a person's full name
ADDRESS_MAX = 255
CONTACT_MAX = 100  # a phone number or an e-mail address
CODE_MAX = 40  # a unit's, a procedure's or a dossier's code
KEY_MAX = 100  # an idempotency or client key
SHORT_TEXT_MAX = 255  # a title, an office, a legal basis
NOTE_MAX = 500
COMMENT_MAX = 2000  # a rating's comment, a reason
CONTENT_MAX = 5000  # what a citizen writes: feedback content, a reply, a decision's content
# Any text field without a limit of its own is still refused above this (a 2 MB body is never a message).
TEXT_CEILING = 20000

# --- Dates: a day outside this range is a typing error, and arithmetic near year 9999 overflows ------------
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2199, 12, 31)

# --- Numbers: the largest a PostgreSQL bigint holds (offsets, ids, pages) -----------------------------------
INT_MAX = 2**63 - 1

# What typed text may not hold: control characters (but tab, line feed, carriage return), C1 controls, lone
# surrogates and the two non-characters U+FFFE and U+FFFF. One regular expression: an import checks millions.
_BAD_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def bad_character(value: str) -> str | None:
    """Return the first character `value` may not hold (a control character, a lone surrogate), or None."""
    found = _BAD_CHARACTER.search(value)
    return found.group() if found else None


def without_bad_characters(value: str) -> str:
    """Return `value` without the characters `bad_character` finds, for a file that cannot hold them (XLSX,
    DOCX: XML 1.0) when the text was stored before the rule or came from elsewhere."""
    if bad_character(value) is None:
        return value
    return "".join(ch for ch in value if bad_character(ch) is None)


def bad_character_message(ch: str) -> str:
    return _(
        "The text holds an invisible control character (code U+%(code)04X); delete it and type again."
    ) % {"code": ord(ch)}


def validate_text(value: Any) -> None:
    """Django validator: refuse text holding a control character or a lone surrogate."""
    if isinstance(value, str) and (ch := bad_character(value)) is not None:
        raise ValidationError(bad_character_message(ch), code="control_character")


def check_text(value: str, *, max_length: int, field: str = "") -> str:
    """Return `value` if it has no bad character and at most `max_length` characters; else ValidationError."""
    validate_text(value)
    if len(value) > max_length:
        raise ValidationError(
            _("%(field)s is too long: at most %(max)d characters (it has %(length)d).")
            % {"field": field or _("The text"), "max": max_length, "length": len(value)},
            code="max_length",
        )
    return value


def _date_of(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


def plausible_range_message() -> str:
    return _("The date must be between %(first)s and %(last)s.") % {
        "first": formats.date_format(EARLIEST_DATE, "d/m/Y"),
        "last": formats.date_format(LATEST_DATE, "d/m/Y"),
    }


def validate_plausible_date(value: Any) -> None:
    """Django validator: refuse a date (or a moment) outside EARLIEST_DATE..LATEST_DATE."""
    day = _date_of(value)
    if day is not None and not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValidationError(plausible_range_message(), code="implausible_date")


def date_param(raw: str | None, default: date) -> date:
    """Return a query-string parameter's ISO date, or `default` if it is missing, unreadable or absurd."""
    try:
        day = date.fromisoformat(raw or "")
    except ValueError:
        return default
    return day if EARLIEST_DATE <= day <= LATEST_DATE else default


def int_param(raw: str | None, default: int, *, minimum: int = 0, maximum: int = INT_MAX) -> int:
    """Return a query-string parameter's integer within minimum..maximum, or `default` if it is not one."""
    try:
        number = int((raw or "").strip())
    except ValueError:
        return default
    return number if minimum <= number <= maximum else default


def is_number(text: str) -> bool:
    """Return True for ASCII digits a bigint holds ("²" and "٣" are digits to Python, not to int or SQL)."""
    return text.isascii() and text.isdigit() and int(text) <= INT_MAX


# --- API schemas (pydantic) ---------------------------------------------------------------------------------
def _pydantic_text(value: Any) -> Any:
    if isinstance(value, str):
        if (ch := bad_character(value)) is not None:
            raise PydanticCustomError("control_character", bad_character_message(ch))
        if len(value) > TEXT_CEILING:
            raise PydanticCustomError(
                "string_too_long_ceiling", _("at most %(max)d characters") % {"max": TEXT_CEILING}
            )
    return value


def _pydantic_date(value: Any) -> Any:
    day = _date_of(value)
    if day is not None and not EARLIEST_DATE <= day <= LATEST_DATE:
        raise PydanticCustomError("implausible_date", plausible_range_message())
    return value


# An API schema's text fields, each of at most so many characters, without control characters:
# `name: NameText = ""`. Written out as aliases (not built by a function) so that the type checker reads them.
_CHECKED_TEXT = AfterValidator(_pydantic_text)
NameText = Annotated[str, StringConstraints(max_length=NAME_MAX), _CHECKED_TEXT]
AddressText = Annotated[str, StringConstraints(max_length=ADDRESS_MAX), _CHECKED_TEXT]
ContactText = Annotated[str, StringConstraints(max_length=CONTACT_MAX), _CHECKED_TEXT]
CodeText = Annotated[str, StringConstraints(max_length=CODE_MAX), _CHECKED_TEXT]
KeyText = Annotated[str, StringConstraints(max_length=KEY_MAX), _CHECKED_TEXT]
CommentText = Annotated[str, StringConstraints(max_length=COMMENT_MAX), _CHECKED_TEXT]
ContentText = Annotated[str, StringConstraints(max_length=CONTENT_MAX), _CHECKED_TEXT]


def _pydantic_int(value: int) -> int:
    if not -INT_MAX - 1 <= value <= INT_MAX:
        raise PydanticCustomError("int_too_large", _("the number is too large"))
    return value


class InputSchema(Schema):
    """Every API input schema: any text without control characters and under TEXT_CEILING, any date or moment
    in the plausible range, any integer a bigint holds — whatever the field's own annotation says."""

    @field_validator("*", mode="after")
    @classmethod
    def _typed_input_rules(cls, value: Any) -> Any:
        return _check_any(value)


def _check_any(value: Any) -> Any:
    if isinstance(value, str):
        return _pydantic_text(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return _pydantic_int(value)
    if isinstance(value, date):
        return _pydantic_date(value)
    if isinstance(value, dict):
        for key, item in value.items():
            _check_any(key)
            _check_any(item)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            _check_any(item)
    return value
