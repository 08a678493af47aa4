"""`thanthien demo_ratings`: six months of citizens' ratings at the demo commune (after `thanthien demo`)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from thanthien.ratings.demo import create_demo_ratings
from thanthien.units.demo import DEMO_SLUG
from thanthien.units.models import Unit


class Command(BaseCommand):
    help = "Record six months of demo ratings at the demo commune; does nothing when it has ratings."

    def handle(self, *args: Any, **options: Any) -> None:
        commune = Unit.objects.filter(slug=DEMO_SLUG).first()
        if commune is None:
            raise CommandError(_("The demo commune does not exist: run `thanthien demo` first."))
        made = create_demo_ratings(commune)
        self.stdout.write(_("Demo ratings recorded: %(count)d.") % {"count": made})
