"""Periodic work of the disclosure app, run by the Huey worker."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from thanthien.disclosure import services


@db_periodic_task(crontab(minute="*/5"))
def send_due_announcements() -> int:
    """Every five minutes: send the announcements whose time has come (a second run sends nothing)."""
    return services.send_due_announcements().messages


@db_periodic_task(crontab(hour="7", minute="30"))
def remind_due_disclosures() -> int:
    """Every morning: remind the leaders of disclosures due soon or overdue."""
    return services.remind_due_disclosures(timezone.localdate())
