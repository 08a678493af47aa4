"""Named reads of tasks shared by the pages, the dashboard and the sweep."""

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from thanthien.planning.models import Task
from thanthien.units.models import Office, Official, Role, User


def overdue(tasks: QuerySet[Task], today: date) -> QuerySet[Task]:
    """Keep the open tasks whose due date has passed."""
    return tasks.filter(status=Task.Status.OPEN, due_on__lt=today)


def assigned_to(tasks: QuerySet[Task], user: User) -> QuerySet[Task]:
    """Keep the tasks given to the user's official record ("Việc của tôi")."""
    return tasks.filter(official__user=user, official__is_active=True)


def desk_officials(commune: Any) -> QuerySet[Official]:
    """The active officials who serve at the commune's one-stop desk, with their badge photo."""
    at_desk = Q(office__kind=Office.Kind.ONE_STOP_DESK) | Q(
        user__memberships__unit=commune,
        user__memberships__role=Role.DESK_OFFICER,
        user__memberships__is_active=True,
    )
    rows = Official.objects.filter(at_desk, unit=commune, is_active=True).select_related("badge_photo")
    return rows.distinct().order_by("sort_order", "full_name")
