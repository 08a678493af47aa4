"""Named reads of tasks shared by the pages, the dashboard and the sweep."""

from datetime import date
from typing import Any

from django.db.models import QuerySet

from thanthien.planning.models import Task


def overdue(tasks: QuerySet[Task], today: date) -> QuerySet[Task]:
    """Keep the open tasks whose due date has passed."""
    return tasks.filter(status=Task.Status.OPEN, due_on__lt=today)


def assigned_to(tasks: QuerySet[Task], user: Any) -> QuerySet[Task]:
    """Keep the tasks given to the user's official record ("Việc của tôi")."""
    return tasks.filter(official__user=user, official__is_active=True)
