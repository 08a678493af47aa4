"""`thanthien sweep_letters`: draft the missing letters now (the worker does it every hour)."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from thanthien.letters.services import sweep_letters


class Command(BaseCommand):
    help = "Draft the letters of recent registrations and apology slips that have none; safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        drafted = sweep_letters()
        self.stdout.write(_("Letters drafted: %(count)d.") % {"count": len(drafted)})
        for letter in drafted:
            self.stdout.write(f"  {letter.get_kind_display()} — {letter.recipient_name}")
