"""Periodic work of the letters, run by the Huey worker."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from thanthien.letters import services


@db_periodic_task(crontab(minute="20"))
def sweep_letters() -> int:
    """Every hour: draft the letters of completed registrations and apology slips that have none."""
    return len(services.sweep_letters())
