"""Periodic work of the reports, run by the Huey worker."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from thanthien.reports import services


@db_periodic_task(crontab(minute="30", hour="7"))
def sweep_report_reminders() -> int:
    """Every morning: remind the leaders of communes whose periodic report is due soon (idempotent)."""
    return services.sweep_report_reminders()
