"""The values of a procedure, checked and normalised the same way from a form, the API and a spreadsheet
(no database)."""

import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thanthien.core.text import fold_vietnamese
from thanthien.procedures.models import Procedure

EDITABLE_FIELDS = (
    "code",
    "name",
    "field",
    "time_limit_days",
    "time_limit_unit",
    "fee",
    "charge",
    "fee_note",
    "required_papers",
    "online_level",
    "result_kind",
    "legal_basis",
    "is_active",
    "national_code",
)
REQUIRED_FIELDS = ("code", "name", "field", "time_limit_days")
MAX_TIME_LIMIT = Decimal("9999.5")  # the column holds 5 digits with one decimal
MAX_AMOUNT = 9_223_372_036_854_775_807  # PositiveBigIntegerField


def procedure_search_key(code: str, name: str, field: str) -> str:
    """Return the folded text the search looks in: "XA-HT-02 Đăng ký kết hôn Hộ tịch" → "xa-ht-02 dang …"."""
    return fold_vietnamese(f"{code} {name} {field}")


# --- Cleaning values (no database) -------------------------------------------------------------------------
def _max_length(name: str) -> int:
    field = cast(models.Field, Procedure._meta.get_field(name))  # a column of the procedure, not a relation
    return field.max_length or 0


def one_line(value: Any) -> str:
    """Return text in NFC with single spaces (Excel and some keyboards write decomposed Vietnamese)."""
    if value is None:
        return ""
    return unicodedata.normalize("NFC", " ".join(str(value).split()))


def _lines(value: Any, *, keep_blank: bool) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list | tuple) else str(value).splitlines()
    lines = [one_line(item) for item in items]
    if not keep_blank:
        return [line for line in lines if line]
    return lines


def _required_line(label: Promise, max_length: int) -> Callable[[Any], str]:
    def clean(value: Any) -> str:
        text = one_line(value)
        if not text:
            raise ValidationError(_("“%(column)s” is empty.") % {"column": label})
        if len(text) > max_length:
            raise ValidationError(_too_long(label, max_length))
        return text

    return clean


def _too_long(label: Promise, max_length: int) -> str:
    return _("“%(column)s” is longer than %(max)d characters.") % {"column": label, "max": max_length}


def _clean_code(value: Any) -> str:
    code = _required_line(gettext_lazy("Code"), _max_length("code"))(value)
    # The code is printed on receipts and is part of the public page's address (no "/" or spaces there).
    if not re.fullmatch(r"[\w.\-]+", code):
        raise ValidationError(_("The code may hold only letters, digits, dots, dashes and underscores."))
    return code


def _clean_national_code(value: Any) -> str:
    """The national portal's code (optional): the same characters as a local code."""
    code = one_line(value)
    if len(code) > _max_length("national_code"):
        raise ValidationError(_too_long(gettext_lazy("National code"), _max_length("national_code")))
    if code and not re.fullmatch(r"[\w.\-]+", code):
        raise ValidationError(_("The code may hold only letters, digits, dots, dashes and underscores."))
    return code


def _clean_fee_note(value: Any) -> str:
    text = one_line(value)
    if len(text) > _max_length("fee_note"):
        raise ValidationError(_too_long(FEE_NOTE_LABEL, _max_length("fee_note")))
    return text


def _clean_papers(value: Any) -> str:
    return "\n".join(_lines(value, keep_blank=False))


def _clean_legal_basis(value: Any) -> str:
    return "\n".join(_lines(value, keep_blank=True)).strip("\n")


def _clean_time_limit(value: Any) -> Decimal:
    if value is None or value == "":
        raise ValidationError(_("The time limit is empty."))
    try:
        days = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        days = Decimal("NaN")
    if not days.is_finite():
        raise ValidationError(
            _("The time limit “%(value)s” is not a number of working days.") % {"value": value}
        )
    if days < 0:
        raise ValidationError(_("The time limit cannot be negative."))
    if days * 2 != (days * 2).to_integral_value():
        raise ValidationError(_("The time limit must be a whole or half number of working days."))
    if days > MAX_TIME_LIMIT:
        raise ValidationError(_("The time limit is longer than %(max)d working days.") % {"max": 9999})
    return days.quantize(Decimal("0.1"))


def _amount(label: Promise) -> Callable[[Any], int | None]:
    def clean(value: Any) -> int | None:
        if value is None or value == "":
            return None
        if isinstance(value, bool) or not isinstance(value, int | Decimal | float) or value != int(value):
            raise ValidationError(_("“%(column)s” must be a whole number of đồng.") % {"column": label})
        if value < 0:
            raise ValidationError(_("“%(column)s” cannot be negative.") % {"column": label})
        if value > MAX_AMOUNT:
            raise ValidationError(_("“%(column)s” is too large.") % {"column": label})
        return int(value)

    return clean


def _choice(choices: type[Any], message: Callable[[], str]) -> Callable[[Any], str]:
    def clean(value: Any) -> str:
        if value not in choices.values:
            raise ValidationError(
                message() % {"value": value, "choices": ", ".join(map(str, choices.labels))}
            )
        return str(value)

    return clean


def _clean_flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValidationError(_("“%(column)s” must be yes or no.") % {"column": IN_USE_LABEL})
    return value


FEE_NOTE_LABEL = gettext_lazy("Fee note")
IN_USE_LABEL = gettext_lazy("In use")

CLEANERS: dict[str, Callable[[Any], Any]] = {
    "code": _clean_code,
    "name": _required_line(gettext_lazy("Name"), _max_length("name")),
    "field": _required_line(gettext_lazy("Field"), _max_length("field")),
    "time_limit_days": _clean_time_limit,
    "time_limit_unit": _choice(
        Procedure.TimeLimitUnit,
        lambda: _("Unknown unit of the time limit “%(value)s”; write one of: %(choices)s."),
    ),
    "fee": _amount(gettext_lazy("Fee (đồng)")),
    "charge": _amount(gettext_lazy("Charge (đồng)")),
    "fee_note": _clean_fee_note,
    "required_papers": _clean_papers,
    "online_level": _choice(
        Procedure.OnlineLevel, lambda: _("Unknown online level “%(value)s”; write one of: %(choices)s.")
    ),
    "result_kind": _choice(
        Procedure.ResultKind, lambda: _("Unknown result kind “%(value)s”; write one of: %(choices)s.")
    ),
    "legal_basis": _clean_legal_basis,
    "is_active": _clean_flag,
    "national_code": _clean_national_code,
}


def clean_procedure_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """Return the values normalised (NFC, single spaces, one paper per line), or raise ValidationError.

    Checks each value on its own; whether a code is already taken is checked by the callers.
    """
    unknown = sorted(set(fields) - set(EDITABLE_FIELDS))
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(unknown)})
    cleaned, errors = {}, {}
    for name, value in fields.items():
        try:
            cleaned[name] = CLEANERS[name](value)
        except ValidationError as exc:
            errors[name] = exc.messages
    if errors:
        raise ValidationError(errors)
    return cleaned
