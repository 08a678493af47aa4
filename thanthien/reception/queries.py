"""Read-only figures of reception, dialogues and field visits, for the dashboards and periodic reports.

`counts(communes, first, last)` (one statement, from the parts of `count_parts`) gives the keys the reports
issue reads: reception.sessions,
reception.citizens, reception.scheduled, reception.held_as_scheduled,
dialogues.commune, dialogues.village, commitments.done, commitments.due,
commitments.overdue, field_visits, reception.answers_overdue.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone

from thanthien.core.calendars import default_calendar
from thanthien.core.statements import Part, count_in_one_statement
from thanthien.reception import schedule
from thanthien.reception.models import (
    Dialogue,
    DialogueCommitment,
    FieldVisit,
    MeetingDuty,
    ReceptionRecord,
    ReceptionSession,
)
from thanthien.units.models import Unit
from thanthien.units.queries import in_use_since


def counts(
    communes: QuerySet[Unit] | Iterable[Unit], first: date, last: date, today: date | None = None
) -> dict[str, int]:
    """Return the figures of the communes from `first` to `last` (both included), in one statement.

    Commitments: done in the period, due in the period, and still open past their due date. "Past" is
    judged on `last`, or on `today` when the period has not ended yet (nothing is late before its day).
    """
    communes = list(communes) if not isinstance(communes, QuerySet) else communes
    as_of = min(last, today or timezone.localdate())
    return counts_of(count_in_one_statement(count_parts(communes, first, last, as_of)))


PART_NAMES = ("sessions", "schedule", "records", "dialogues", "commitments", "visits")
"""The parts `count_parts` returns, by name, for those who run them in a statement of their own."""


def count_parts(communes: Any, first: Any, last: Any, as_of: Any) -> dict[str, Part]:
    """The parts of `counts` for core.statements: rows and their aggregates. The dates may be values or
    the slots of a statement compiled once (reports.figures runs these in its own statement)."""
    held = ReceptionSession.objects.filter(
        commune__in=communes, status=ReceptionSession.Status.HELD, held_on__gte=first, held_on__lte=last
    )
    records = ReceptionRecord.objects.filter(
        commune__in=communes, received_on__gte=first, received_on__lte=last
    )
    scheduled = ReceptionSession.objects.filter(
        scheduled_by_then(as_of),
        commune__in=communes,
        kind=ReceptionSession.Kind.REGULAR,
        held_on__gte=first,
        held_on__lte=last,
    )
    unanswered = Q(answered_on__isnull=True, answer_due_on__lt=as_of) | Q(answered_on__gt=F("answer_due_on"))
    dialogues = Dialogue.objects.filter(
        commune__in=communes, status=Dialogue.Status.HELD, held_on__gte=first, held_on__lte=last
    )
    commitments = DialogueCommitment.objects.filter(dialogue__commune__in=communes)
    done = Q(status=DialogueCommitment.Status.DONE, done_on__gte=first, done_on__lte=last)
    visits = FieldVisit.objects.filter(commune__in=communes, visited_on__gte=first, visited_on__lte=last)
    return {
        "sessions": (held, {"held": Count("pk")}),
        "schedule": (
            scheduled,
            {
                "due": Count("pk"),
                "held": Count("pk", filter=Q(status=ReceptionSession.Status.HELD)),
            },
        ),
        "records": (records, {"citizens": Sum("people_count"), "late": Count("pk", filter=unanswered)}),
        "dialogues": (
            dialogues,
            {
                "commune": Count("pk", filter=Q(level=Dialogue.Level.COMMUNE)),
                "village": Count("pk", filter=Q(level=Dialogue.Level.VILLAGE)),
            },
        ),
        "commitments": (
            commitments,
            {
                "done": Count("pk", filter=done),
                "due": Count("pk", filter=Q(due_on__gte=first, due_on__lte=last)),
                "overdue": Count("pk", filter=Q(status=DialogueCommitment.Status.OPEN, due_on__lt=as_of)),
            },
        ),
        "visits": (visits, {"held": Count("pk")}),
    }


# Where each part of `count_parts` says which commune a row belongs to: reports.figures groups the parts by
# it to count every province at once (reports.figures.figures_of_areas).
PART_COMMUNE_FIELDS = {
    "sessions": "commune",
    "schedule": "commune",
    "records": "commune",
    "dialogues": "commune",
    "commitments": "dialogue__commune",
    "visits": "commune",
}


def scheduled_by_then(as_of: Any) -> Q:
    """The regular sessions the schedule owed by `as_of`: held or cancelled ones, and planned ones whose day
    has passed (still "planned" after its day means it was not held). Today's planned session is not owed
    yet. The share held of these is the reception held against the schedule (an indicator of issue 14)."""
    return ~Q(status=ReceptionSession.Status.PLANNED) | Q(held_on__lt=as_of)


def counts_of(counted: dict[str, dict[str, int]]) -> dict[str, int]:
    """The keys of `counts` from what the statement of `count_parts` counted."""
    return {
        "reception.sessions": counted["sessions"]["held"],
        "reception.citizens": counted["records"]["citizens"],
        "reception.scheduled": counted["schedule"]["due"],
        "reception.held_as_scheduled": counted["schedule"]["held"],
        "reception.answers_overdue": counted["records"]["late"],
        "dialogues.commune": counted["dialogues"]["commune"],
        "dialogues.village": counted["dialogues"]["village"],
        "commitments.done": counted["commitments"]["done"],
        "commitments.due": counted["commitments"]["due"],
        "commitments.overdue": counted["commitments"]["overdue"],
        "field_visits": counted["visits"]["held"],
    }


def duty_in_force(kind: str, day: date, capacity: str = "") -> MeetingDuty | None:
    """Return the duty of a kind (and capacity) in force on `day`: the latest one valid from then."""
    return (
        MeetingDuty.objects.filter(kind=kind, capacity=capacity, valid_from__lte=day)
        .order_by("-valid_from")
        .first()
    )


@dataclass(frozen=True)
class ReceptionGap:
    duty: MeetingDuty
    shortfall: schedule.Shortfall


def reception_gaps(commune: Unit, first: date, last: date) -> list[ReceptionGap]:
    """Return the whole periods from `first` to `last` where a leader holds fewer reception days than owed.

    E.g. a week without a day of the chairman's (Law 42/2013 art. 15(2)). Planned and held sessions count;
    cancelled ones and those where the leader did not receive in person do not.
    """
    gaps = []
    capacities = MeetingDuty.objects.filter(kind=MeetingDuty.Kind.RECEPTION).values_list(
        "capacity", flat=True
    )
    calendar = default_calendar()
    for capacity in sorted(set(capacities)):
        duty = duty_in_force(MeetingDuty.Kind.RECEPTION, first, capacity)
        if duty is None:
            continue
        days = (
            ReceptionSession.objects.filter(
                commune=commune, capacity=capacity, held_on__range=(first, last), is_received_in_person=True
            )
            .exclude(status=ReceptionSession.Status.CANCELLED)
            .values_list("held_on", flat=True)
        )
        for shortfall in schedule.shortfalls(days, duty.as_duty(), first, last, calendar):
            gaps.append(ReceptionGap(duty, shortfall))
    return sorted(gaps, key=lambda gap: gap.shortfall.first)


def upcoming_weeks(today: date, weeks: int = 8) -> tuple[date, date]:
    """Return Monday of this week and the Sunday `weeks` weeks later: the span the schedule is checked on."""
    monday = today - timedelta(days=today.weekday())
    return monday, monday + timedelta(days=7 * weeks - 1)


@dataclass(frozen=True)
class DialogueYear:
    year: int
    held: int
    required: int
    is_past: bool

    @property
    def is_missing(self) -> bool:
        return self.held < self.required


def dialogue_years(commune: Unit, today: date) -> list[DialogueYear]:
    """Return, for each year the duty applies to the commune up to now, the commune-level dialogues held.

    Law on Grassroots Democracy 2022 art. 32: at least one a year (the MeetingDuty row in force on the
    year's last day). The years start when both the duty and the commune exist.
    """
    result = []
    start = commune.valid_from.year if commune.valid_from else today.year
    held_by_year = dict(
        Dialogue.objects.filter(commune=commune, level=Dialogue.Level.COMMUNE, status=Dialogue.Status.HELD)
        .values_list("held_on__year")
        .annotate(total=Count("id"))
        .values_list("held_on__year", "total")
    )
    for year in range(start, today.year + 1):
        duty = duty_in_force(MeetingDuty.Kind.DIALOGUE, date(year, 12, 31))
        if duty is None:
            continue
        result.append(DialogueYear(year, held_by_year.get(year, 0), duty.times, is_past=year < today.year))
    return result


def missed_dialogue_years(commune: Unit, today: date) -> list[DialogueYear]:
    """Return the past years without the dialogues the law asks for (the red flag of LAW.md item 15)."""
    return [year for year in dialogue_years(commune, today) if year.is_past and year.is_missing]


def missed_dialogues(units: Iterable[Unit], today: date) -> list[tuple[Unit, list[int]]]:
    """Return the communes among `units` with past years lacking a dialogue conference, and those years.

    Only the years the commune used the platform (`in_use_since`): before its first account it kept its
    records elsewhere, and a warning for those years would only say the platform did not know.
    """
    found = []
    for unit in units:
        if unit.level == Unit.Level.COMMUNE:
            since = in_use_since(unit)
            if since is None:
                continue
            years = [year.year for year in missed_dialogue_years(unit, today) if year.year >= since.year]
            if years:
                found.append((unit, years))
    return found


def open_commitments(commitments: QuerySet[DialogueCommitment], today: date, within_days: int = 30):
    """Return the open commitments overdue or due within `within_days`, soonest first."""
    return (
        commitments.filter(
            status=DialogueCommitment.Status.OPEN, due_on__lte=today + timedelta(days=within_days)
        )
        .select_related("dialogue", "owner")
        .order_by("due_on", "id")
    )


def overdue_answers(records: QuerySet[ReceptionRecord], today: date) -> QuerySet[ReceptionRecord]:
    """Return the entries whose visitor was not answered by the due date."""
    return records.filter(answered_on__isnull=True, answer_due_on__lt=today).order_by("answer_due_on")
