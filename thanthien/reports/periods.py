"""Which period a report covers and when it is due: pure date arithmetic, no database, no clock."""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

SIX_MONTHLY, YEARLY = "six_monthly", "yearly"


@dataclass(frozen=True)
class ReportPeriod:
    kind: str
    start: date
    end: date
    due_on: date


def due_date(year: int, month: int, day: int) -> date:
    """Return the due day of a year; a day past the month's end (31/6) falls on its last day."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def period_of(kind: str, year: int, due_on: date) -> ReportPeriod:
    """Return the period a report covers: from 1 January of the year to its due day.

    Seed 003 counts the year "from 01/01/2023 to 30/10/2023" for a report sent in November: the figures
    run up to the time of writing, so the period ends on the due day; the official may change the dates.
    """
    if kind not in {SIX_MONTHLY, YEARLY}:
        raise ValueError(kind)
    return ReportPeriod(kind, date(year, 1, 1), due_on, due_on)


def needs_reminder(due_on: date, today: date, remind_days_before: int, reminded_on: date | None) -> bool:
    """Return True when the reminder window has opened (and not yet reminded), up to the due day."""
    return reminded_on is None and due_on - timedelta(days=remind_days_before) <= today <= due_on


def previous_month(day: date) -> date:
    """Return the first day of the month before `day`'s."""
    first = day.replace(day=1)
    return (first - timedelta(days=1)).replace(day=1)


def month_end(first: date) -> date:
    """Return the last day of the month that starts on `first`."""
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def same_day_or_month_end(first: date, day: int) -> date:
    """Return the `day`th of the month that starts on `first`, or its last day if it is shorter (31/3 →
    28/2)."""
    return first.replace(day=min(day, month_end(first).day))


def same_month_last_year(first: date) -> date:
    return first.replace(year=first.year - 1)
