"""The planning sections of reports.figures: tasks, supervision and conduct, counted from the rows.

Each takes the reports' Period (a unit, two days both included, and today) and keeps the rows of the
commune, or of every commune under the area, through `reports.figures.within`.
"""

from typing import Any

from django.db.models import Count, F, Q

from thanthien.planning.models import Commitment, Recommendation, SupervisionVisit, Task, Violation
from thanthien.units.models import Official


def _within(rows: Any, period: Any, commune_field: str) -> Any:
    from thanthien.reports.figures import within  # reports imports this module: read it at call time

    return within(rows, period.unit, commune_field)


def task_figures(period: Any) -> dict[str, int]:
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


def supervision_figures(period: Any) -> dict[str, int]:
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


def conduct_figures(period: Any) -> dict[str, int]:
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
