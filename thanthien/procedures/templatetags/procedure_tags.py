"""Template filters for the catalogue: `time_limit` reads a time limit in its unit."""

from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

from thanthien.core.formatting import format_number
from thanthien.core.workdays import CALENDAR_DAYS, WORKING_DAYS

register = template.Library()


@register.filter
def time_limit(days: Decimal | int | float | None, unit: str = WORKING_DAYS) -> str:
    """Return a time limit for reading: 0 → "Same day", 0.5 → "Half a day", 3 → "3 working days".

    A limit in calendar days reads "30 days (calendar)", so no one counts it in working days.
    """
    if days is None:
        return ""
    days = Decimal(str(days))
    if days == 0:
        return _("Same day")
    if days == Decimal("0.5"):
        return _("Half a day")
    if days == 1:
        return _("1 calendar day") if unit == CALENDAR_DAYS else _("1 working day")
    # Written the Vietnamese way whatever the interface language, like money: 1,5 and 1.000.
    number = (
        format_number(days) if days == days.to_integral_value() else str(days.normalize()).replace(".", ",")
    )
    if unit == CALENDAR_DAYS:
        return _("%(days)s calendar days") % {"days": number}
    return _("%(days)s working days") % {"days": number}
