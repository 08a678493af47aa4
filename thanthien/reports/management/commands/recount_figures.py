"""`thanthien recount_figures`: recreate the count triggers and rebuild every bucket from the rows."""

from typing import Any

from django.core.management.base import BaseCommand
from django.db import connection
from django.utils.translation import gettext as _

from thanthien.reports import summaries
from thanthien.reports.models import DossierCount, RatingCount


class Command(BaseCommand):
    help = (
        "Recreate the triggers that keep the dossier and rating counts and recount them from the rows "
        "(after TIME_ZONE changes, or a bulk load with the triggers off); safe to run again."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        summaries.install(connection)
        self.stdout.write(
            _("Recounted: %(dossiers)d dossier buckets, %(ratings)d rating buckets.")
            % {"dossiers": DossierCount.objects.count(), "ratings": RatingCount.objects.count()}
        )
