"""The legal time limits of feedback, complaints, denunciations and citizen reception, and their due dates.

Pure rules: no database, no clock. The numbers live in `LegalTimeLimit` rows (LAW.md §1a–§1c), passed in
here as plain `LimitRow` values; the calendar is passed in too. A case keeps the limits in force on the
day it was received (`limits_in_force(rows, received_on)`).

Counting (LAW.md §1e): the start day is not counted. "N working days" is the Nth working day after the
start. "N days" (the law's plain "ngày") follows the Civil Code 2015, arts. 147–148: the period ends on the
Nth calendar day after the start, and when that day is a weekend or a holiday, on the next working day.
"""

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from thanthien.core.workdays import WorkCalendar


class CaseKind(enum.StrEnum):
    """Which law's limits apply: the values of `LegalTimeLimit.case_kind`."""

    COMPLAINT = "complaint"
    DENUNCIATION = "denunciation"
    RECEPTION = "reception"  # content a citizen brings to a reception (Law on Citizen Reception)
    FEEDBACK = "feedback"  # reflections and recommendations received otherwise


class Step(enum.StrEnum):
    ACCEPT = "accept"
    RESOLVE = "resolve"
    RESOLVE_COMPLEX = "resolve_complex"
    SEND_DECISION = "send_decision"
    INITIAL_HANDLING = "initial_handling"
    INITIAL_HANDLING_EXTENDED = "initial_handling_extended"
    FORWARD = "forward"
    NOTIFY = "notify"
    EXTENSION = "extension"
    ANSWER_VISITOR = "answer_visitor"
    ANSWER = "answer"
    COMPLAIN_AGAIN = "complain_again"  # the window for a second complaint or a lawsuit
    DIALOGUE_NOTICE = "dialogue_notice"  # how long before a complaint's dialogue its notice goes out


class Instance(enum.StrEnum):
    NONE = ""
    FIRST = "first"
    SECOND = "second"


class Area(enum.StrEnum):
    NORMAL = "normal"
    REMOTE = "remote"  # vùng sâu, vùng xa đi lại khó khăn (Law on Complaints arts. 28, 37)


class Counting(enum.StrEnum):
    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"


@dataclass(frozen=True)
class LimitRow:
    """One legal time limit as a plain value (see feedback.models.LegalTimeLimit)."""

    case_kind: str
    step: str
    days: int
    counting: str
    valid_from: date
    instance: str = Instance.NONE
    area: str = Area.NORMAL
    repeats: int = 1  # how many times the period may be applied (extensions)

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.case_kind, self.step, self.instance, self.area)


class MissingLimit(LookupError):
    """No limit for this case kind, step, instance and area is in force on the day asked."""


@dataclass(frozen=True)
class Limits:
    """The limits in force on one day, looked up by case kind, step, instance and area."""

    rows: dict[tuple[str, str, str, str], LimitRow]

    def get(
        self, case_kind: str, step: str, instance: str = Instance.NONE, area: str = Area.NORMAL
    ) -> LimitRow:
        """Return the limit for the step; a remote area falls back to the normal limit when it has none."""
        for key in ((case_kind, step, instance, area), (case_kind, step, instance, Area.NORMAL)):
            if key in self.rows:
                return self.rows[key]
        raise MissingLimit(f"{case_kind}/{step}/{instance or '-'}/{area}")

    def has(self, case_kind: str, step: str, instance: str = Instance.NONE) -> bool:
        return (case_kind, step, instance, Area.NORMAL) in self.rows


def limits_in_force(rows: Iterable[LimitRow], day: date) -> Limits:
    """Return, for each kind/step/instance/area, the row with the latest `valid_from` on or before `day`."""
    chosen: dict[tuple[str, str, str, str], LimitRow] = {}
    for row in rows:
        if row.valid_from > day:
            continue
        current = chosen.get(row.key)
        if current is None or row.valid_from > current.valid_from:
            chosen[row.key] = row
    return Limits(chosen)


def add_period(start: date, days: int, counting: str, calendar: WorkCalendar) -> date:
    """Return the last day of a period of `days` counted from `start` (the start day itself not counted).

    Working days: the Nth working day after `start`. Calendar days (Civil Code arts. 147–148): the Nth day
    after `start`, moved to the next working day when it is a weekend or a holiday.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    if counting == Counting.WORKING_DAYS:
        return calendar.add_working_days(start, days)
    if counting != Counting.CALENDAR_DAYS:
        raise ValueError(f"unknown counting mode: {counting}")
    end = start + timedelta(days=days)
    return end if days == 0 or calendar.is_working_day(end) else calendar.next_working_day(end)


def due(start: date, limit: LimitRow, calendar: WorkCalendar, *, times: int = 1) -> date:
    """Return the due date of `limit` applied `times` times from `start`, as one period."""
    return add_period(start, limit.days * times, limit.counting, calendar)


# Law on Denunciations 2018, art. 30(1): a complex case is extended once, an especially complex one twice.
# How many extensions the law allows at most is the `repeats` of the extension row.
def extensions_allowed(limits: Limits, case_kind: str) -> int:
    """Return how many extensions of the resolution period the law allows for a case kind.

    A denunciation: the `repeats` of its extension row (twice, Law on Denunciations art. 30). A complaint
    has no extension step; it is "extended" once, from the normal to the complex period (Law on
    Complaints arts. 28, 37). Other kinds: none.
    """
    if case_kind == CaseKind.DENUNCIATION and limits.has(case_kind, Step.EXTENSION):
        return limits.get(case_kind, Step.EXTENSION).repeats
    if case_kind == CaseKind.COMPLAINT:
        return 1
    return 0


@dataclass(frozen=True)
class CaseFacts:
    """What the due dates of one case depend on."""

    case_kind: str
    received_on: date
    accepted_on: date | None = None
    instance: str = Instance.FIRST
    is_remote_area: bool = False
    is_complex: bool = False
    extensions: int = 0
    is_initial_handling_extended: bool = False  # verification at several places, or delegated


@dataclass(frozen=True)
class DueDates:
    accept: date | None = None  # complaint accepted or refused; denunciation's initial handling; answer
    forward: date | None = None  # denunciation forwarded when not competent
    notify: date | None = None  # denouncer and accused notified of the acceptance
    resolve: date | None = None


def due_dates(facts: CaseFacts, limits: Limits, calendar: WorkCalendar) -> DueDates:
    """Return the due date of each step of a case (None where the step has no limit or has not started).

    Raise ValueError when the facts ask for more extensions than the law allows, and MissingLimit when a
    needed limit is not in force.
    """
    kind = facts.case_kind
    if facts.extensions < 0 or facts.extensions > extensions_allowed(limits, kind):
        raise ValueError("more extensions than the law allows")
    if kind == CaseKind.COMPLAINT:
        return _complaint(facts, limits, calendar)
    if kind == CaseKind.DENUNCIATION:
        return _denunciation(facts, limits, calendar)
    answer = limits.get(kind, Step.ANSWER_VISITOR if kind == CaseKind.RECEPTION else Step.ANSWER)
    return DueDates(accept=due(facts.received_on, answer, calendar))


def _complaint(facts: CaseFacts, limits: Limits, calendar: WorkCalendar) -> DueDates:
    # Law on Complaints 2011, arts. 27 and 36 (acceptance); arts. 28 and 37 (resolution from acceptance).
    instance = facts.instance or Instance.FIRST
    accept = due(facts.received_on, limits.get(CaseKind.COMPLAINT, Step.ACCEPT, instance), calendar)
    if facts.accepted_on is None:
        return DueDates(accept=accept)
    complex_case = facts.is_complex or facts.extensions > 0
    step = Step.RESOLVE_COMPLEX if complex_case else Step.RESOLVE
    area = Area.REMOTE if facts.is_remote_area else Area.NORMAL
    resolve = due(facts.accepted_on, limits.get(CaseKind.COMPLAINT, step, instance, area), calendar)
    return DueDates(accept=accept, resolve=resolve)


def _denunciation(facts: CaseFacts, limits: Limits, calendar: WorkCalendar) -> DueDates:
    # Law on Denunciations 2018, art. 24 (initial handling, forwarding), 29(3) (notices), 30 (resolution).
    kind = CaseKind.DENUNCIATION
    step = Step.INITIAL_HANDLING_EXTENDED if facts.is_initial_handling_extended else Step.INITIAL_HANDLING
    accept = due(facts.received_on, limits.get(kind, step), calendar)
    forward = due(facts.received_on, limits.get(kind, Step.FORWARD), calendar)
    if facts.accepted_on is None:
        return DueDates(accept=accept, forward=forward)
    notify = due(facts.accepted_on, limits.get(kind, Step.NOTIFY), calendar)
    resolve = denunciation_resolution_due(facts.accepted_on, facts.extensions, limits, calendar)
    return DueDates(accept=accept, forward=forward, notify=notify, resolve=resolve)


def denunciation_resolution_due(
    accepted_on: date, extensions: int, limits: Limits, calendar: WorkCalendar
) -> date:
    """Return the resolution due date after `extensions` extensions, counted as one period from acceptance.

    30 days, plus 30 per extension (art. 30): at most 90 days from acceptance. The whole period is counted
    at once, so a weekend shift of an earlier deadline never lengthens a later one.
    """
    resolve = limits.get(CaseKind.DENUNCIATION, Step.RESOLVE)
    total = resolve.days
    if extensions:
        extension = limits.get(CaseKind.DENUNCIATION, Step.EXTENSION)
        if extension.counting != resolve.counting:
            raise ValueError("the resolution period and its extension must be counted the same way")
        total += extension.days * extensions
    return add_period(accepted_on, total, resolve.counting, calendar)


def decision_dispatch_due(decided_on: date, limits: Limits, calendar: WorkCalendar) -> date:
    """Return the day a first-instance complaint decision must be sent by (Law on Complaints art. 32)."""
    return due(decided_on, limits.get(CaseKind.COMPLAINT, Step.SEND_DECISION, Instance.FIRST), calendar)


def second_complaint_until(start: date, is_remote_area: bool, limits: Limits, calendar: WorkCalendar) -> date:
    """Return the last day a first-instance complaint decision may be complained against again, or taken to
    the administrative court (Law on Complaints 2011 art. 33: 30 days, 45 in remote areas).

    `start` is the day the complainant received the decision, or, when none came in time, the last day of
    the resolution period (art. 28).
    """
    area = Area.REMOTE if is_remote_area else Area.NORMAL
    return due(start, limits.get(CaseKind.COMPLAINT, Step.COMPLAIN_AGAIN, Instance.FIRST, area), calendar)


def earliest_dialogue_day(
    notice_on: date, instance: str, limits: Limits, calendar: WorkCalendar
) -> date | None:
    """Return the first day a complaint's dialogue may be held after its notice went out, or None when no
    notice period is in force (Decree 155/2026 art. 11, new art. 28 of Decree 124/2020: at least 5 days)."""
    if not limits.has(CaseKind.COMPLAINT, Step.DIALOGUE_NOTICE, instance):
        return None
    return due(notice_on, limits.get(CaseKind.COMPLAINT, Step.DIALOGUE_NOTICE, instance), calendar)


class Reminder(enum.StrEnum):
    WARNING = "warning"
    BREACH = "breach"


def reminder_due(
    today: date, due_on: date, warn_working_days: int, calendar: WorkCalendar
) -> Reminder | None:
    """Return BREACH once a step's due day has passed, WARNING from `warn_working_days` working days before
    it up to the day itself, else None."""
    if today > due_on:
        return Reminder.BREACH
    if calendar.working_days_between(today, due_on) <= warn_working_days:
        return Reminder.WARNING
    return None
