"""`thanthien demo_surveys`: the demo commune's baseline survey (after `thanthien demo`)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from thanthien.ratings.demo import create_demo_survey
from thanthien.units.demo import DEMO_SLUG
from thanthien.units.models import Unit


class Command(BaseCommand):
    help = "Open a baseline survey in the demo commune with a few slips; does nothing when it has a campaign."

    def handle(self, *args: Any, **options: Any) -> None:
        commune = Unit.objects.filter(slug=DEMO_SLUG).first()
        if commune is None:
            raise CommandError(_("The demo commune does not exist: run `thanthien demo` first."))
        made = create_demo_survey(commune)
        self.stdout.write(_("Demo survey slips entered: %(count)d.") % {"count": made})
