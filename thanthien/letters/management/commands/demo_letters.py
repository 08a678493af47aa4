"""`thanthien demo_letters`: households, letters waiting for signature and a signed one (after the demo)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from thanthien.letters.demo import create_demo_letters
from thanthien.units.demo import DEMO_SLUG
from thanthien.units.models import Unit


class Command(BaseCommand):
    help = "Give the demo commune households and letters (drafts and one signed); safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        commune = Unit.objects.filter(slug=DEMO_SLUG).first()
        if commune is None:
            raise CommandError(_("The demo commune does not exist: run `thanthien demo` first."))
        count = create_demo_letters(commune)
        self.stdout.write(_("Demo letters: %(count)d.") % {"count": count})
