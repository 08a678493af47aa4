"""Template filters for Vietnamese formats: {{ fee|money }}, {{ count|number }}, {{ day|vndate }},
{{ day|vnday }} ("Thứ Năm, 10/12/2026")."""

from datetime import date

from django import template

from thanthien.core.formatting import WEEKDAY_NAMES, format_date, format_money, format_number, format_percent

register = template.Library()
register.filter("money", format_money)
register.filter("number", format_number)
register.filter("vndate", format_date)
register.filter("percent", format_percent)


@register.filter("vnday")
def format_day(value: date | None) -> str:
    """Return a day with its weekday name: "Thứ Năm, 10/12/2026" (in English, "Thursday, 10/12/2026")."""
    if not value:
        return ""
    return f"{WEEKDAY_NAMES[value.weekday()]}, {format_date(value)}"
