"""Periodic work on feedback cases, run by the Huey worker."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from thanthien.feedback import services


@db_periodic_task(crontab(minute="15", hour="7,13"))
def sweep_feedback_deadlines() -> int:
    """Twice a working day: warn before each legal limit, mark the missed ones (idempotent)."""
    result = services.sweep_feedback_deadlines()
    return result.warnings + result.breaches
