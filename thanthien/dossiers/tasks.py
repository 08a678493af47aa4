"""Periodic work of the one-stop desk, run by the Huey worker."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from thanthien.dossiers import services


@db_periodic_task(crontab(minute="5", hour="6-17"))
def sweep_at_risk_dossiers() -> int:
    """Every working hour: draft apology slips for dossiers at risk and tell the leaders (idempotent)."""
    return len(services.sweep_at_risk_dossiers())
