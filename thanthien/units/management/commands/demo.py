"""`thanthien demo`: create the demo commune modelled on seed 003 and print its logins once."""

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from thanthien.units.demo import create_demo


class Command(BaseCommand):
    help = "Create the demo commune (seed 003) with its villages, officials and logins; safe to run again."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--reset-passwords", action="store_true", help="Give the demo logins new passwords."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = create_demo(reset_passwords=options["reset_passwords"])
        except ObjectDoesNotExist as exc:
            raise CommandError(str(exc)) from exc
        if result.created:
            self.stdout.write(_("Demo commune created: %(name)s.") % {"name": result.commune.name})
        else:
            self.stdout.write(
                _("Demo commune already exists: %(name)s (data kept).") % {"name": result.commune.name}
            )
        if result.logins:
            self.stdout.write(_("Demo logins (shown only this once; keep them):"))
            for username, password, title in result.logins:
                self.stdout.write(f"  {username:<10} {password:<16} {title}")
        else:
            self.stdout.write(
                _("Logins were shown when they were made; `thanthien demo --reset-passwords` makes new ones.")
            )
