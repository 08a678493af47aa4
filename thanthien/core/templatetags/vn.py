"""Template filters for Vietnamese formats: {{ fee|money }}, {{ count|number }}, {{ day|vndate }}."""

from django import template

from thanthien.core.formatting import format_date, format_money, format_number, format_percent

register = template.Library()
register.filter("money", format_money)
register.filter("number", format_number)
register.filter("vndate", format_date)
register.filter("percent", format_percent)
