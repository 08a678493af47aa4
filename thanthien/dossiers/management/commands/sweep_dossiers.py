"""`thanthien sweep_dossiers`: run the at-risk sweep now (the worker runs it every working hour)."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from thanthien.dossiers.services import sweep_at_risk_dossiers


class Command(BaseCommand):
    help = "Draft apology slips for dossiers at risk of being late; safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        drafted = sweep_at_risk_dossiers()
        self.stdout.write(_("Apology slips drafted: %(count)d.") % {"count": len(drafted)})
        for postponement in drafted:
            self.stdout.write(f"  {postponement.dossier.code} → {postponement.new_due_on:%d/%m/%Y}")
