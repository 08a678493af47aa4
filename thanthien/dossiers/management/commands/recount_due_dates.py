"""`thanthien recount_due_dates`: after a procedure was marked as counted in calendar days, recount the
legal due dates of its dossiers (and whether finished ones were early, on time or late)."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from thanthien.dossiers.services import recount_calendar_day_dossiers


class Command(BaseCommand):
    help = "Recount the due dates of dossiers of calendar-day procedures; safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        recounted, kept = recount_calendar_day_dossiers(by=None)
        self.stdout.write(_("Dossiers recounted: %(count)d.") % {"count": len(recounted)})
        for dossier in recounted:
            self.stdout.write(f"  {dossier.code} → {dossier.statutory_due_on:%d/%m/%Y}")
        if kept:
            self.stdout.write(
                _("Kept as they are (a date typed or imported): %(count)d.") % {"count": len(kept)}
            )
            for dossier in kept:
                self.stdout.write(f"  {dossier.code}")
