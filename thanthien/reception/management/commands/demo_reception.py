"""`thanthien demo_reception`: the demo commune's reception schedule, log, dialogues and a field visit."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from thanthien.reception.demo import create_demo_reception
from thanthien.units.demo import DEMO_SLUG
from thanthien.units.models import Unit


class Command(BaseCommand):
    help = "Make the demo commune's reception schedule, log, dialogues and a field visit; once."

    def handle(self, *args: Any, **options: Any) -> None:
        commune = Unit.objects.filter(slug=DEMO_SLUG).first()
        if commune is None:
            raise CommandError(_("The demo commune does not exist: run `thanthien demo` first."))
        made = create_demo_reception(commune)
        self.stdout.write(_("Demo reception sessions made: %(count)d.") % {"count": made})
