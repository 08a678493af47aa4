"""The figures of the daily dashboard, read from the recorded data (nothing typed by hand)."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from thanthien.dossiers import queries
from thanthien.dossiers.permissions import visible_dossiers
from thanthien.feedback.models import FeedbackItem
from thanthien.feedback.permissions import visible_feedback
from thanthien.letters.models import Letter
from thanthien.letters.permissions import signing_communes, visible_letters
from thanthien.planning import queries as planning_queries
from thanthien.planning.permissions import visible_tasks
from thanthien.ratings.permissions import visible_alerts
from thanthien.reception.models import ReceptionSession
from thanthien.reception.permissions import visible_commitments, visible_sessions
from thanthien.reception.queries import open_commitments
from thanthien.reports import figures as figures_module
from thanthien.reports import monthly, periods
from thanthien.reports.figures import PETITION_KINDS, Figures, figures
from thanthien.units.models import Unit


@dataclass(frozen=True)
class DeskFigures:
    late_without_slip: int
    at_risk: int
    due_today: int
    received_today: int
    waiting_for_supplements: int


def desk_figures(user: Any, today: date) -> DeskFigures:
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


def overdue_petitions(user: Any, today: date) -> QuerySet[FeedbackItem]:
    """The petitions the user may see that are still being handled past their due day."""
    return visible_feedback(user).filter(figures_module.overdue_petitions(today), kind__in=PETITION_KINDS)


def letters_to_sign(user: Any) -> int:
    """Letters drafted and waiting for a signature in the communes where the user signs."""
    drafts = visible_letters(user).filter(status=Letter.Status.DRAFT)
    return drafts.filter(commune__in=signing_communes(user)).count()


def next_reception_session(user: Any, today: date) -> ReceptionSession | None:
    """The next planned citizen reception session the user may see, today included."""
    planned = visible_sessions(user).filter(status=ReceptionSession.Status.PLANNED, held_on__gte=today)
    return planned.select_related("leader").order_by("held_on", "starts_at").first()


def commitments_due(user: Any, today: date) -> int:
    """Dialogue commitments not done and overdue or due within 30 days (reception.queries)."""
    return open_commitments(visible_commitments(user), today).count()


def leader_today(user: Any, today: date) -> LeaderToday:
    """Return what needs the leader's attention today, over what the user may see."""
    return LeaderToday(
        at_risk=queries.with_draft_slip(visible_dossiers(user)).count(),
        overdue_petitions=overdue_petitions(user, today).count(),
        open_rating_alerts=visible_alerts(user).filter(closed_at__isnull=True).count(),
        letters_to_sign=letters_to_sign(user),
        next_reception=next_reception_session(user, today),
        commitments_due=commitments_due(user, today),
        overdue_tasks=planning_queries.overdue(visible_tasks(user), today).count(),
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
    return {
        "labels": [f"{point.month:%m/%Y}" for point in on_time],
        "on_time": [float(point.value) if point.value is not None else None for point in on_time],
        "satisfaction": [float(point.value) if point.value is not None else None for point in satisfaction],
        "names": {"on_time": _("On time (%)"), "satisfaction": _("Satisfied (%)")},
    }
