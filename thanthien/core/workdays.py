"""Working days: weekends, statutory holidays (lunar ones included), and announced swaps.

Pure rules: no database, no clock. Statutory holidays and in-lieu days off come from the `holidays`
package (country VN); the government's announced make-up Saturdays (làm bù) and one-off extra days off
are passed in (the admin-editable `CalendarAdjustment` table, see `core.calendars`).

Counting rule (LAW.md §1e): the day of receipt is not counted; N working days from a date is the Nth
working day after it. A limit the law writes in plain "ngày" counts calendar days (Civil Code 2015,
arts. 147–148); `add_days` and `days_between` take the unit, so each caller follows its procedure's.
"""

import enum
import re
from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import holidays

SATURDAY = 5
# The unit a time limit is counted in; the same values as `procedures.Procedure.TimeLimitUnit`.
WORKING_DAYS = "working_days"
CALENDAR_DAYS = "calendar_days"
# The package labels an in-lieu day off "Day off (substituted from MM/DD/YYYY)" in en_US: that Saturday
# was worked. The label is the only place the package names the make-up Saturday.
_SUBSTITUTED_FROM = re.compile(r"substituted from (\d{2})/(\d{2})/(\d{4})")
_PARSED_LANGUAGE = "en_US"


class DayKind(enum.Enum):
    """Why a day is, or is not, a working day."""

    WORKING_DAY = "working_day"
    MAKE_UP_DAY = "make_up_day"  # an announced working day (làm bù), usually a Saturday
    DAY_OFF = "day_off"  # a one-off extra day off
    HOLIDAY = "holiday"  # a statutory holiday or in-lieu day off, even when it falls on a weekend
    WEEKEND = "weekend"

    @property
    def is_working(self) -> bool:
        return self in (DayKind.WORKING_DAY, DayKind.MAKE_UP_DAY)


@dataclass(frozen=True)
class WorkCalendar:
    """A calendar of working days: Monday to Friday, minus holidays and extra days off, plus make-up days."""

    holidays: Container[date] = field(default_factory=frozenset)
    extra_working_days: frozenset[date] = frozenset()
    extra_days_off: frozenset[date] = frozenset()

    def is_working_day(self, day: date) -> bool:
        """Return True when offices are open on `day`."""
        if day in self.extra_working_days:
            return True
        if day in self.extra_days_off or day.weekday() >= SATURDAY:
            return False
        return day not in self.holidays

    def classify(self, day: date) -> DayKind:
        """Return why `day` is or is not a working day; agrees with `is_working_day`."""
        if day in self.extra_working_days:
            return DayKind.MAKE_UP_DAY
        if day in self.extra_days_off:
            return DayKind.DAY_OFF
        if day in self.holidays:
            return DayKind.HOLIDAY
        if day.weekday() >= SATURDAY:
            return DayKind.WEEKEND
        return DayKind.WORKING_DAY

    def next_working_day(self, day: date) -> date:
        """Return the first working day strictly after `day`."""
        return self.add_working_days(day, 1)

    def add_working_days(self, start: date, days: int) -> date:
        """Return the `days`-th working day after `start` (`start` itself is not counted; 0 gives `start`)."""
        if days < 0:
            raise ValueError("days must not be negative")
        current, counted = start, 0
        while counted < days:
            current += timedelta(days=1)
            if self.is_working_day(current):
                counted += 1
        return current

    def add_days(self, start: date, days: int, unit: str) -> date:
        """Return the end of a period of `days` days of `unit` (WORKING_DAYS or CALENDAR_DAYS) after `start`.

        Calendar days: Civil Code 2015 art. 147(1), the first day is not counted, so the period ends on
        start + days; art. 148(5) (LAW.md §1e [A]): when that last day is a weekend, a holiday or another
        day off, the period ends at the end of the next working day.
        """
        if unit == WORKING_DAYS:
            return self.add_working_days(start, days)
        if unit != CALENDAR_DAYS:
            raise ValueError(f"unknown unit of days: {unit!r}")
        if days < 0:
            raise ValueError("days must not be negative")
        end = start + timedelta(days=days)
        if days == 0 or self.is_working_day(end):
            return end
        return self.next_working_day(end)

    def days_between(self, start: date, end: date, unit: str) -> int:
        """Return the days of `unit` after `start` up to and including `end` (negative if reversed)."""
        if unit == WORKING_DAYS:
            return self.working_days_between(start, end)
        if unit != CALENDAR_DAYS:
            raise ValueError(f"unknown unit of days: {unit!r}")
        return (end - start).days

    def working_days_between(self, start: date, end: date) -> int:
        """Return how many working days lie after `start` up to and including `end` (negative if reversed)."""
        if end < start:
            return -self.working_days_between(end, start)
        return sum(
            1 for offset in range(1, (end - start).days + 1) if self.is_working_day(start + timedelta(offset))
        )

    def working_days_in(self, first: date, last: date) -> list[date]:
        """Return the working days from `first` to `last`, both included."""
        return [
            first + timedelta(n)
            for n in range((last - first).days + 1)
            if self.is_working_day(first + timedelta(n))
        ]


@lru_cache(maxsize=32)
def statutory_holidays(
    first_year: int, last_year: int, *, language: str = _PARSED_LANGUAGE
) -> holidays.HolidayBase:
    """Return Vietnam's statutory holidays and in-lieu days off for the years (package `holidays`, VN).

    The result is shared (cached): don't modify it. It never grows past the years asked for, so a
    lookup outside them answers "not a holiday" instead of silently adding years to the shared object.
    """
    return holidays.country_holidays(
        "VN", years=range(first_year, last_year + 1), language=language, expand=False
    )


def holiday_name(day: date, *, language: str = "vi") -> str | None:
    """Return the package's name of the holiday on `day` in `language` ("vi", "en_US"), or None."""
    return statutory_holidays(day.year, day.year, language=language).get(day)


def announced_make_up_days(years: Iterable[int]) -> dict[date, str]:
    """Return the Saturdays worked in exchange for a day off that the package names, with that day off's name.

    The years are those of the days off; a make-up day may fall in the year before (27/12/2014 for 2/1/2015).
    """
    years = list(years)
    if not years:
        return {}
    found: dict[date, str] = {}
    for day_off, name in statutory_holidays(min(years), max(years)).items():
        match = _SUBSTITUTED_FROM.search(name)
        if match and day_off.year in years:
            month, day, year = (int(part) for part in match.groups())
            found[date(year, month, day)] = f"Make-up working day for the day off on {day_off:%d/%m/%Y}"
    return found


def package_calendar(first_year: int, last_year: int) -> WorkCalendar:
    """Return the calendar the package alone describes: its holidays, plus the make-up Saturdays it names."""
    return WorkCalendar(
        holidays=frozenset(statutory_holidays(first_year, last_year)),
        extra_working_days=frozenset(announced_make_up_days(range(first_year, last_year + 1))),
    )
