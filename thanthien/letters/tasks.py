"""Periodic work of the letters, run by the Huey worker."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from thanthien.letters import services


@db_periodic_task(crontab(minute="20"))
def sweep_letters() -> int:
    """Every hour: draft the letters of completed registrations and apology slips that have none."""
    return len(services.sweep_letters())


@db_task()
def make_print_file_task(job_id: int) -> bool:
    """Make one print job's file (services.make_print_file; a second run does nothing)."""
    return services.make_print_file(job_id) is not None


@db_periodic_task(crontab(minute="*/5"))
def sweep_print_jobs() -> dict[str, int]:
    """Every five minutes: make the jobs a lost worker left, delete the files of a week ago."""
    return services.sweep_print_jobs()
