"""`thanthien workdays`: answer working-day questions from the calendar in force.

    thanthien workdays add 2026-02-13 3              → 2026-02-25 (the 3rd working day after 13/02)
    thanthien workdays between 2026-02-13 2026-02-25 → 3
    thanthien workdays is 2026-08-22                 → yes (make-up working day: …)

The first word of `is` stays "yes" or "no" in every language, so scripts can read it.
"""

import re
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.dates import WEEKDAYS
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from thanthien.core.calendars import FIRST_YEAR, LAST_YEAR, default_calendar
from thanthien.core.models import CalendarAdjustment
from thanthien.core.workdays import CALENDAR_DAYS, WORKING_DAYS, DayKind, WorkCalendar, holiday_name

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class Command(BaseCommand):
    help = "Answer working-day questions: add DATE N, between DATE END, is DATE (dates as YYYY-MM-DD)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{add,between,is}")
        add = actions.add_parser(
            "add", help="Print the date N working days after DATE; DATE itself is not counted."
        )
        add.add_argument("start", metavar="DATE")
        add.add_argument("days", metavar="N")
        add.add_argument(
            "--calendar-days",
            action="store_true",
            help="Count N calendar days (a law's plain “ngày”); a last day that is a day off moves to the "
            "next working day (Civil Code 2015 art. 148).",
        )
        between = actions.add_parser(
            "between", help="Print how many working days follow DATE, up to and including END."
        )
        between.add_argument("start", metavar="DATE")
        between.add_argument("end", metavar="END")
        is_ = actions.add_parser("is", help="Print yes or no, and why: is DATE a working day?")
        is_.add_argument("day", metavar="DATE")

    def handle(self, *args: Any, **options: Any) -> None:
        calendar = default_calendar()
        if options["action"] == "add":
            unit = CALENDAR_DAYS if options["calendar_days"] else WORKING_DAYS
            start, days = _parse_date(options["start"]), _parse_days(options["days"])
            answer = _add(calendar, start, days, unit).isoformat()
        elif options["action"] == "between":
            answer = str(
                calendar.working_days_between(_parse_date(options["start"]), _parse_date(options["end"]))
            )
        else:
            answer = _explain(calendar, _parse_date(options["day"]))
        self.stdout.write(answer)


def _parse_date(value: str) -> date:
    try:
        if not _ISO_DATE.fullmatch(value):
            raise ValueError(value)
        day = date.fromisoformat(value)
    except ValueError:
        raise CommandError(_("Invalid date: %(value)s; write it as YYYY-MM-DD.") % {"value": value}) from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise CommandError(
            _("The calendar covers the years %(first)s to %(last)s only; %(day)s is outside them.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR, "day": value}
        )
    return day


def _parse_days(value: str) -> int:
    try:
        days = int(value)
    except ValueError:
        days = -1
    if days < 0:
        raise CommandError(
            _("Invalid number of working days: %(value)s; write a whole number, 0 or more.")
            % {"value": value}
        )
    return days


def _add(calendar: WorkCalendar, start: date, days: int, unit: str) -> date:
    # Refuse before counting: a huge N would otherwise walk far past the years whose holidays are known.
    last = date(LAST_YEAR, 12, 31)
    if days > calendar.days_between(start, last, unit):
        raise CommandError(
            _("%(days)s working days after %(start)s fall after %(last)s, the last day the calendar covers.")
            % {"days": days, "start": start.isoformat(), "last": last.isoformat()}
        )
    return calendar.add_days(start, days, unit)


def _explain(calendar: WorkCalendar, day: date) -> str:
    kind = calendar.classify(day)
    if kind is DayKind.WORKING_DAY:
        reason = _("working day")
    elif kind is DayKind.WEEKEND:
        reason = _("weekend: %(weekday)s") % {"weekday": WEEKDAYS[day.weekday()]}
    elif kind is DayKind.HOLIDAY:
        language = "vi" if (get_language() or "vi").startswith("vi") else "en_US"
        reason = _("public holiday: %(name)s") % {
            "name": holiday_name(day, language=language) or day.isoformat()
        }
    else:
        adjustment = CalendarAdjustment.objects.filter(date=day).first()
        name = adjustment.name if adjustment else day.isoformat()
        if kind is DayKind.MAKE_UP_DAY:
            reason = _("make-up working day: %(name)s") % {"name": name}
        else:
            reason = _("extra day off: %(name)s") % {"name": name}
    return f"{'yes' if kind.is_working else 'no'} ({reason})"
