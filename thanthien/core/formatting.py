"""How numbers, money and dates are written for Vietnamese readers, whatever the interface language."""

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

# Monday first, as date.weekday() counts: the day names of the reception rules, the schedule and `vnday`.
WEEKDAY_NAMES = [
    _("Monday"),
    _("Tuesday"),
    _("Wednesday"),
    _("Thursday"),
    _("Friday"),
    _("Saturday"),
    _("Sunday"),
]


def format_number(value: int | float | Decimal) -> str:
    """Return a whole number grouped by dots: 5856 → "5.856"."""
    return f"{round(value):,}".replace(",", ".")


def format_money(value: int | float | Decimal | None) -> str:
    """Return an amount in đồng: 100000000 → "100.000.000 đ"; None → ""."""
    if value is None:
        return ""
    return f"{format_number(value)} đ"


def format_date(value: date | None) -> str:
    """Return a date as dd/mm/yyyy; None → ""."""
    return value.strftime("%d/%m/%Y") if value else ""


def format_percent(value: Decimal | float | None) -> str:
    """Return a rate with a decimal comma: 96.5 → "96,5%"; None (nothing counted) → "–"."""
    if value is None:
        return "–"
    return f"{Decimal(value):.1f}%".replace(".", ",")
