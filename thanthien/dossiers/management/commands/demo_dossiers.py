"""`thanthien demo_dossiers`: a day's work at the demo commune's desk (after `thanthien demo`)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from thanthien.dossiers.demo import create_demo_dossiers
from thanthien.units.demo import DEMO_SLUG
from thanthien.units.models import Unit


class Command(BaseCommand):
    help = "Receive a few demo dossiers at the demo commune's desk; does nothing when it has dossiers."

    def handle(self, *args: Any, **options: Any) -> None:
        commune = Unit.objects.filter(slug=DEMO_SLUG).first()
        if commune is None:
            raise CommandError(_("The demo commune does not exist: run `thanthien demo` first."))
        made = create_demo_dossiers(commune)
        self.stdout.write(_("Demo dossiers received: %(count)d.") % {"count": made})
