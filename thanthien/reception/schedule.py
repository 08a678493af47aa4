"""The reception schedule: recurring rules expanded to dates, the holiday shift, and the legal duty check.

Pure rules: no database, no clock. Recurrence is python-dateutil's rrule (RFC 5545); the calendar of
working days is passed in (core.workdays.WorkCalendar).

Law on Citizen Reception 2013 (No. 42/2013/QH13) art. 15(2): the commune chairman receives citizens at
least one day a week. Commune practice (LAW.md §1c, [B]): a reception day falling on a holiday or a day off
moves to the next working day. How many days which leader owes, and per what period, is data
(`MeetingDuty`), passed in here as `Duty`.
"""

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dateutil import rrule

from thanthien.core.workdays import WorkCalendar


class Frequency(enum.StrEnum):
    WEEKLY = "weekly"  # on given weekdays every week ("the chairman every Thursday")
    MONTHLY = (
        "monthly"  # on given days of the month, or the nth weekday ("the Party secretary on the 10th, 25th")
    )


class Period(enum.StrEnum):
    WEEK = "week"  # ISO week, Monday to Sunday
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True)
class RuleSpec:
    """One recurring reception rule as plain values (see reception.models.ReceptionRule)."""

    frequency: str
    valid_from: date
    valid_to: date | None = None
    weekdays: tuple[int, ...] = ()  # 0 = Monday … 6 = Sunday
    month_days: tuple[int, ...] = ()  # 1 … 31, for a monthly rule by days of the month
    nths: tuple[int, ...] = ()  # 1 … 4 or -1 (last), with `weekdays`, for a monthly rule by weekday


class InvalidRule(ValueError):
    """A rule that names no day, or days that do not exist."""


def check_rule(spec: RuleSpec) -> None:
    """Raise InvalidRule unless the rule names at least one existing day."""
    if any(day not in range(7) for day in spec.weekdays):
        raise InvalidRule("weekday")
    if any(day not in range(1, 32) for day in spec.month_days):
        raise InvalidRule("month_day")
    if any(n not in (1, 2, 3, 4, -1) for n in spec.nths):
        raise InvalidRule("nth")
    if spec.valid_to is not None and spec.valid_to < spec.valid_from:
        raise InvalidRule("range")
    if spec.frequency == Frequency.WEEKLY and not spec.weekdays:
        raise InvalidRule("no_day")
    if spec.frequency == Frequency.MONTHLY and not (spec.month_days or (spec.weekdays and spec.nths)):
        raise InvalidRule("no_day")
    if spec.frequency not in set(Frequency):
        raise InvalidRule("frequency")


def occurrences(spec: RuleSpec, first: date, last: date) -> list[date]:
    """Return the days the rule names from `first` to `last` (both included), before any holiday shift."""
    check_rule(spec)
    start, end = max(first, spec.valid_from), min(last, spec.valid_to) if spec.valid_to else last
    if end < start:
        return []
    options: dict[str, object] = {
        "dtstart": datetime(start.year, start.month, start.day),  # noqa: DTZ001 - dates, not instants
        "until": datetime(end.year, end.month, end.day),  # noqa: DTZ001
    }
    if spec.frequency == Frequency.WEEKLY:
        options["byweekday"] = list(spec.weekdays)
        rule = rrule.rrule(rrule.WEEKLY, **options)
    elif spec.month_days:
        rule = rrule.rrule(rrule.MONTHLY, bymonthday=list(spec.month_days), **options)
    else:
        weekdays = [rrule.weekday(day, n) for day in spec.weekdays for n in spec.nths]
        rule = rrule.rrule(rrule.MONTHLY, byweekday=weekdays, **options)
    return [moment.date() for moment in rule]


def session_day(planned: date, calendar: WorkCalendar) -> date:
    """Return the day a session planned on `planned` is held: that day, or the next working day."""
    return planned if calendar.is_working_day(planned) else calendar.next_working_day(planned)


@dataclass(frozen=True)
class PlannedSession:
    rule_key: object  # whatever identifies the rule for the caller (a primary key)
    planned_on: date  # the day the rule names
    held_on: date  # the day it is held, after the holiday shift


def plan_sessions(
    rules: Iterable[tuple[object, RuleSpec]], first: date, last: date, calendar: WorkCalendar
) -> list[PlannedSession]:
    """Return the sessions the rules give from `first` to `last`, each moved off holidays, in date order.

    A planned day inside the period whose shifted day falls after `last` is kept: it belongs to the
    period it was planned in. A day shifted onto a day the same rule already holds merges into it (Tết
    2027: Thursday 4/2 moves to Thursday 11/2, which is a reception day anyway).
    """
    planned: dict[tuple[str, date], PlannedSession] = {}
    for key, spec in rules:
        for day in occurrences(spec, first, last):
            session = PlannedSession(key, day, session_day(day, calendar))
            current = planned.get((str(key), session.held_on))
            if current is None or session.planned_on > current.planned_on:
                planned[(str(key), session.held_on)] = session
    return sorted(
        planned.values(), key=lambda session: (session.held_on, session.planned_on, str(session.rule_key))
    )


@dataclass(frozen=True)
class Duty:
    """How many reception days (or dialogues) a period must hold (see reception.models.MeetingDuty)."""

    times: int
    period: str


@dataclass(frozen=True)
class Shortfall:
    """A period that holds fewer days than the duty asks."""

    first: date
    last: date
    held: int
    required: int


def periods_within(first: date, last: date, period: str) -> list[tuple[date, date]]:
    """Return the whole periods (weeks from Monday, months, years) lying inside `first` … `last`."""
    found: list[tuple[date, date]] = []
    start = _period_start(first, period)
    if start < first:
        start = _next_period_start(start, period)
    while True:
        end = _next_period_start(start, period) - timedelta(days=1)
        if end > last:
            return found
        found.append((start, end))
        start = end + timedelta(days=1)


def _period_start(day: date, period: str) -> date:
    if period == Period.WEEK:
        return day - timedelta(days=day.weekday())
    if period == Period.MONTH:
        return day.replace(day=1)
    if period == Period.YEAR:
        return day.replace(month=1, day=1)
    raise ValueError(f"unknown period: {period}")


def _next_period_start(start: date, period: str) -> date:
    if period == Period.WEEK:
        return start + timedelta(days=7)
    if period == Period.MONTH:
        return date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return date(start.year + 1, 1, 1)


def shortfalls(
    days: Iterable[date], duty: Duty, first: date, last: date, calendar: WorkCalendar
) -> list[Shortfall]:
    """Return the whole periods from `first` to `last` holding fewer than `duty.times` distinct days.

    A period with no working day at all (a week of Tết) owes nothing, and one with fewer working days
    than the duty owes at most its working days.
    """
    distinct = set(days)
    missing = []
    for start, end in periods_within(first, last, duty.period):
        working = len(calendar.working_days_in(start, end))
        required = min(duty.times, working)
        held = sum(1 for day in distinct if start <= day <= end)
        if held < required:
            missing.append(Shortfall(start, end, held, required))
    return missing
