"""Periodic work on tasks, run by the Huey worker."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from thanthien.planning import services


@db_periodic_task(crontab(minute="30", hour="7"))
def send_task_reminders() -> int:
    """Every morning: remind before each task is due and when it is overdue (idempotent)."""
    return services.send_task_reminders(timezone.localdate())
