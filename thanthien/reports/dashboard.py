"""The figures of the daily dashboard, read from the recorded data (nothing typed by hand)."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from thanthien.dossiers import queries
from thanthien.dossiers.permissions import visible_dossiers
from thanthien.feedback.models import FeedbackItem
from thanthien.feedback.permissions import visible_feedback
from thanthien.letters.models import Letter
from thanthien.letters.permissions import signing_communes, visible_letters
from thanthien.ratings.permissions import visible_alerts
from thanthien.reception.models import ReceptionSession
from thanthien.reception.permissions import visible_commitments, visible_sessions
from thanthien.reception.queries import missed_dialogues, open_commitments
from thanthien.reports import figures as figures_module
from thanthien.reports import hooks, monthly, periods
from thanthien.reports.figures import PETITION_KINDS, Figures, figures
from thanthien.units import permissions
from thanthien.units.models import Unit, User


@dataclass(frozen=True)
class DeskFigures:
    late_without_slip: int
    at_risk: int
    due_today: int
    received_today: int
    waiting_for_supplements: int


def desk_figures(user: User, today: date) -> DeskFigures:
    """Return today's one-stop figures over the dossiers the user may see."""
    dossiers = visible_dossiers(user)
    return DeskFigures(
        late_without_slip=queries.late_without_slip(dossiers, today).count(),
        at_risk=queries.with_draft_slip(dossiers).count(),
        due_today=queries.due_on(dossiers, today).count(),
        received_today=queries.received_on(dossiers, today).count(),
        waiting_for_supplements=queries.waiting_for_supplements(dossiers).count(),
    )


# --- The leader's dashboard ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class LeaderToday:
    """What needs the leader today. Letters to sign, the next reception session and commitments due stay
    empty until the `letters` (issue 6) and `reception` apps land; their functions then fill them."""

    at_risk: int
    overdue_petitions: int
    open_rating_alerts: int
    letters_to_sign: int
    next_reception: ReceptionSession | None
    commitments_due: int
    overdue_tasks: int = 0


@dataclass(frozen=True)
class MonthColumn:
    label: str
    start: date
    end: date
    figures: Figures


def overdue_petitions(user: User, today: date) -> QuerySet[FeedbackItem]:
    """The petitions the user may see that are still being handled past their due day."""
    return visible_feedback(user).filter(figures_module.overdue_petitions(today), kind__in=PETITION_KINDS)


def letters_to_sign(user: User) -> int:
    """Letters drafted and waiting for a signature in the communes where the user signs."""
    drafts = visible_letters(user).filter(status=Letter.Status.DRAFT)
    return drafts.filter(commune__in=signing_communes(user)).count()


def next_reception_session(user: User, today: date) -> ReceptionSession | None:
    """The next planned citizen reception session the user may see, today included."""
    planned = visible_sessions(user).filter(status=ReceptionSession.Status.PLANNED, held_on__gte=today)
    return planned.select_related("leader").order_by("held_on", "starts_at").first()


def commitments_due(user: User, today: date) -> int:
    """Dialogue commitments not done and overdue or due within 30 days (reception.queries)."""
    return open_commitments(visible_commitments(user), today).count()


def leader_today(user: User, today: date) -> LeaderToday:
    """Return what needs the leader's attention today, over what the user may see."""
    return LeaderToday(
        at_risk=queries.with_draft_slip(visible_dossiers(user)).count(),
        overdue_petitions=overdue_petitions(user, today).count(),
        open_rating_alerts=visible_alerts(user).filter(closed_at__isnull=True).count(),
        letters_to_sign=letters_to_sign(user),
        next_reception=next_reception_session(user, today),
        commitments_due=commitments_due(user, today),
        overdue_tasks=sum(hooks.overdue_tasks_counted.run((user, today))),
    )


def month_columns(unit: Unit, today: date) -> list[MonthColumn]:
    """This month so far, and the same days of last month and of this month last year, each counted by
    `figures`: like with like (on the 20th, 1–20/10 beside 1–20/11, not the whole of October)."""
    this_month = today.replace(day=1)
    last_month = periods.previous_month(today)
    a_year_ago = periods.same_month_last_year(this_month)
    spans = [
        (_("This month"), this_month, today),
        (_("Last month"), last_month, periods.same_day_or_month_end(last_month, today.day)),
        (_("Same month last year"), a_year_ago, periods.same_day_or_month_end(a_year_ago, today.day)),
    ]
    return [
        MonthColumn(label, start, end, figures(unit, start, end, today=today)) for label, start, end in spans
    ]


def trend_chart_data(unit: Unit, today: date) -> dict[str, Any]:
    """The last twelve months' on-time and satisfaction rates, as plain numbers for Chart.js."""
    start = periods.same_month_last_year(today.replace(day=1))
    on_time = monthly.on_time_by_month(unit, start, today)
    satisfaction = monthly.satisfaction_by_month(unit, start, today)
    on_time_values = [float(point.value) if point.value is not None else None for point in on_time]
    satisfied_values = [float(point.value) if point.value is not None else None for point in satisfaction]
    y_min = y_axis_floor(on_time_values + satisfied_values)
    return {
        "labels": [f"{point.month:%m/%Y}" for point in on_time],
        "on_time": on_time_values,
        "satisfaction": satisfied_values,
        "names": {"on_time": _("On time (%)"), "satisfaction": _("Satisfied (%)")},
        "y_min": y_min,
        "y_max": 100,
        "y_step": 1 if y_min >= 90 else 5 if y_min >= 50 else 10,
    }


def y_axis_floor(values: list[float | None], margin: float = 5, step: float = 5) -> float:
    """The lowest mark of a rate chart's y-axis: a little under the lowest value, on a multiple of `step`.

    Rates of 90–100 % drawn from 0 look flat; from 85 a fall from 99 to 93 is seen. 0 with no value at all.
    """
    shown = [value for value in values if value is not None]
    if not shown:
        return 0
    return max(0.0, (min(shown) - margin) // step * step)


# --- "Việc cần làm hôm nay": one list, most urgent first, every figure once --------------------------------


@dataclass(frozen=True)
class Todo:
    """One line of the list: how many, what, where the list behind it is, and how urgent it is."""

    key: str
    count: int
    text: str
    url: str
    level: str  # "bad" (late, overdue, law broken), "warn" (needs a decision soon), "info" (today's work)
    figure: str = ""  # shown instead of the count (the next session's day)

    @property
    def shown(self) -> str:
        return self.figure or str(self.count)

    @property
    def testid(self) -> str:
        return TODO_TEST_IDS.get(self.key.split(":")[0], f"todo-{self.key}")


# The names the pages' tests know the lines by (they were tiles of the dashboard before the list).
TODO_TEST_IDS = {
    "approvals": "home-pending-approvals",
    "rating_alerts": "home-rating-alerts",
    "dialogue": "home-dialogue-missing",
    "overdue_petitions": "leader-overdue-petitions",
    "overdue_tasks": "leader-overdue-tasks",
    "at_risk": "leader-at-risk",
    "letters_to_sign": "leader-letters-to-sign",
    "commitments_due": "leader-commitments-due",
    "next_reception": "leader-next-reception",
}


def todo_today(user: User, today: date, leader: LeaderToday | None = None) -> list[Todo]:
    """What needs the user today, over what they may see, most urgent first; nothing at zero is listed.

    Each figure appears once (the desk's "at risk" and the low-rating alerts used to be shown twice), and
    only when its list is on a screen the user uses (units.permissions.can_use_screen): a reviewer is not
    sent to the desk.
    """
    leader = leader or leader_today(user, today)
    items: list[Todo] = []

    def uses(screen: str) -> bool:
        return permissions.can_use_screen(user, screen)

    def add(key: str, count: int, text: str, url: str, level: str) -> None:
        if count:
            items.append(Todo(key, count, text, url, level))

    desk = uses("desk")
    dossiers = visible_dossiers(user)
    if uses("approvals"):
        approvals = len(permissions.pending_access_approvals(user))
        add(
            "approvals",
            approvals,
            ngettext(
                "request to give access to identities waits for your approval",
                "requests to give access to identities wait for your approval",
                approvals,
            ),
            reverse("units:approval_list"),
            "bad",
        )
    if desk:
        late = queries.late_without_slip(dossiers, today).count()
        add(
            "late",
            late,
            ngettext("dossier late, no apology slip", "dossiers late, no apology slip", late),
            reverse("dossiers:today") + "#late",
            "bad",
        )
    if uses("feedback"):
        add(
            "overdue_petitions",
            leader.overdue_petitions,
            ngettext("petition overdue", "petitions overdue", leader.overdue_petitions),
            reverse("reports:overdue_petitions"),
            "bad",
        )
    add(
        "rating_alerts",
        leader.open_rating_alerts,
        ngettext("low-rating alert to act on", "low-rating alerts to act on", leader.open_rating_alerts),
        reverse("ratings:alert_list"),
        "bad",
    )
    if uses("tasks"):
        add(
            "overdue_tasks",
            leader.overdue_tasks,
            ngettext("task overdue", "tasks overdue", leader.overdue_tasks),
            reverse("planning:task_list") + "?show=overdue",
            "bad",
        )
    reception = uses("reception")
    if reception:
        for unit, years in missed_dialogues(permissions.home_units(user), today):
            text = _("%(name)s held no commune-level dialogue conference in %(years)s") % {
                "name": unit.name,
                "years": ", ".join(str(year) for year in years),
            }
            items.append(
                Todo(
                    f"dialogue:{unit.pk}",
                    len(years),
                    text,
                    reverse("reception:dialogue_list") + f"?commune={unit.pk}",
                    "bad",
                )
            )
    if desk:
        add(
            "at_risk",
            leader.at_risk,
            ngettext(
                "dossier at risk, apology slip drafted",
                "dossiers at risk, apology slip drafted",
                leader.at_risk,
            ),
            reverse("dossiers:today"),
            "warn",
        )
    if uses("letters"):
        add(
            "letters_to_sign",
            leader.letters_to_sign,
            ngettext("letter to sign", "letters to sign", leader.letters_to_sign),
            reverse("letters:queue"),
            "warn",
        )
    if reception:
        add(
            "commitments_due",
            leader.commitments_due,
            ngettext("dialogue commitment due", "dialogue commitments due", leader.commitments_due),
            reverse("reception:commitment_list"),
            "warn",
        )
    if desk:
        due = queries.due_on(dossiers, today).count()
        add(
            "due_today",
            due,
            ngettext("dossier due today", "dossiers due today", due),
            reverse("dossiers:today"),
            "info",
        )
        waiting = queries.waiting_for_supplements(dossiers).count()
        add(
            "supplements",
            waiting,
            ngettext("dossier waiting for supplements", "dossiers waiting for supplements", waiting),
            reverse("dossiers:today"),
            "info",
        )
    session = leader.next_reception
    if reception and session is not None:
        text = _("next reception session, %(leader)s") % {"leader": session.leader.full_name}
        items.append(
            Todo(
                "next_reception",
                1,
                text,
                reverse("reception:session_detail", args=[session.pk]),
                "info",
                figure=f"{session.held_on:%d/%m}",
            )
        )
    return items
