"""The planning sections of reports.figures: tasks, supervision and conduct, counted from the rows.

Each takes the reports' Period (a unit, two days both included, and today) and keeps the rows of the
commune, or of every commune under the area, through `reports.figures.within`.
"""

from datetime import date
from typing import Any

from django.db.models import Count, F, Q

from thanthien.planning import queries
from thanthien.planning.models import Commitment, Recommendation, SupervisionVisit, Task, Violation
from thanthien.planning.permissions import visible_tasks
from thanthien.reports.figures import Period, within
from thanthien.units.models import Official, User


def _within(rows: Any, period: Period, commune_field: str) -> Any:
    return within(rows, period.unit, commune_field)


def overdue_tasks_of(user_today: tuple[User, date]) -> int:
    """The tasks past their due date that the user may see (the leader's day, reports.dashboard)."""
    user, today = user_today
    return queries.overdue(visible_tasks(user), today).count()


def task_figures(period: Period) -> dict[str, int]:
    """Tasks due in the period: all, done, done by their due date, and still open past it (as of today)."""
    tasks = _within(Task.objects.all(), period, "commune").filter(
        due_on__range=(period.date_from, period.date_to)
    )
    return tasks.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status=Task.Status.DONE)),
        done_on_time=Count("pk", filter=Q(status=Task.Status.DONE, done_on__lte=F("due_on"))),
        overdue=Count("pk", filter=Q(status=Task.Status.OPEN, due_on__lt=period.today)),
    )


def supervision_figures(period: Period) -> dict[str, int]:
    """Supervision visits in the period, their recommendations, those answered and those answered in time."""
    visits = _within(SupervisionVisit.objects.all(), period, "commune").filter(
        visited_on__range=(period.date_from, period.date_to)
    )
    answered = ~Q(task__status=Task.Status.OPEN)
    counted = Recommendation.objects.filter(visit__in=visits).aggregate(
        recommendations=Count("pk"),
        answered=Count("pk", filter=answered),
        answered_on_time=Count("pk", filter=answered & Q(task__done_on__lte=F("task__due_on"))),
    )
    return {"visits": visits.count(), **counted}


def conduct_figures(period: Period) -> dict[str, int]:
    """Commitments signed in the period, active officials, violations recorded and those disciplined."""
    violations = _within(Violation.objects.all(), period, "commune").filter(
        occurred_on__range=(period.date_from, period.date_to)
    )
    counted = violations.aggregate(
        violations=Count("pk"), disciplined=Count("pk", filter=Q(measure=Violation.Measure.DISCIPLINE))
    )
    officials = _within(Official.objects.filter(is_active=True), period, "unit")
    commitments = Commitment.objects.filter(
        official__in=officials, signed_on__range=(period.date_from, period.date_to)
    )
    return {"commitments_signed": commitments.count(), "officials": officials.count(), **counted}
