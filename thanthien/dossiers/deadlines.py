"""When a dossier's clock starts, when it is due, and whether it came back early, on time or late.

Pure rules: no database, no clock. The calendar and the rule set in force are passed in.
LAW.md §1d (one-stop mechanism) and §1e (counting); the numbers live in `IntakeRule` rows, not here.
"""

import math
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from thanthien.core.workdays import WORKING_DAYS, WorkCalendar


@dataclass(frozen=True)
class IntakeTerms:
    """The parts of a one-stop rule set the deadline arithmetic needs (see dossiers.models.IntakeRule)."""

    office_opens: time = time(7, 0)
    office_closes: time = time(17, 0)
    paper_cutoff: time = time(15, 0)
    online_after_hours_next_day: bool = True
    apology_days_before_due: int = 1
    max_postponements: int = 1
    at_risk_days: int = 1


def counted_from(received: datetime, *, online: bool, terms: IntakeTerms, calendar: WorkCalendar) -> date:
    """Return the day a dossier's clock counts from (the receipt day itself is not counted, §1e).

    A paper dossier received after the cut-off hour, an online one filed outside working hours, and any
    dossier received on a day off count from the next working day (§1d, step 3).
    """
    day, moment = received.date(), received.time()
    if not calendar.is_working_day(day):
        return calendar.next_working_day(day)
    after_hours = moment >= terms.office_closes
    if online and terms.online_after_hours_next_day and after_hours:
        # Filed before opening time, it is taken up when the office opens that same day.
        return calendar.next_working_day(day)
    if not online and moment >= terms.paper_cutoff:
        return calendar.next_working_day(day)
    return day


def due_date(
    start: date, time_limit_days: Decimal | int, calendar: WorkCalendar, unit: str = WORKING_DAYS
) -> date:
    """Return the due date: N days of `unit` after `start`; half a day or less is due that day.

    A limit in calendar days that ends on a day off ends on the next working day (`WorkCalendar.add_days`).
    """
    days = math.ceil(Decimal(time_limit_days))
    if days <= 0 or Decimal(time_limit_days) <= Decimal("0.5"):
        return start
    return calendar.add_days(start, days, unit)


def extend_for_stopped_clock(
    due: date, stopped_on: date, resumed_on: date, calendar: WorkCalendar, unit: str = WORKING_DAYS
) -> date:
    """Return the due date moved by the days (of the limit's `unit`) the clock stood still (supplementing)."""
    paused = calendar.days_between(stopped_on, resumed_on, unit)
    return calendar.add_days(due, paused, unit) if paused > 0 else due


def timeliness(done_on: date, legal_due: date) -> str:
    """Return "early", "on_time" or "late" for a result ready on `done_on` against the legal due date.

    The legal due date ignores any new date of an apology slip: a postponed dossier still counts as late.
    """
    if done_on < legal_due:
        return "early"
    if done_on == legal_due:
        return "on_time"
    return "late"


def is_at_risk(today: date, due: date, terms: IntakeTerms, calendar: WorkCalendar) -> bool:
    """Return True when a dossier not ready yet is due within the next `at_risk_days` working days."""
    return calendar.working_days_between(today, due) <= terms.at_risk_days


def postponement_problem(
    today: date,
    due: date,
    new_due: date,
    postponements_so_far: int,
    terms: IntakeTerms,
    calendar: WorkCalendar,
) -> str | None:
    """Return why an apology slip with `new_due` may not be issued today, or None when it may.

    Decree 61/2018 as amended by 107/2021 (kept as IntakeRule data since Decree 118/2025): the slip is
    issued at least one working day before the due date, and the return date is re-scheduled only once.
    """
    if postponements_so_far >= terms.max_postponements:
        return "too_many"
    if calendar.working_days_between(today, due) < terms.apology_days_before_due:
        return "too_late"
    if new_due <= due:
        return "not_later"
    if not calendar.is_working_day(new_due):
        return "not_working_day"
    return None
