"""`thanthien api_token USERNAME --name "Hệ thống một cửa tỉnh"`: make an API key, run on the server."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from thanthien.units.models import User
from thanthien.units.tokens import issue_api_token


class Command(BaseCommand):
    help = "Make an API key that acts as USERNAME and print it once; only its hash is kept."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username", metavar="USERNAME", help="The account the integration acts as.")
        parser.add_argument("--name", required=True, help="Which system uses the key, e.g. the province's.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username__iexact=options["username"]).first()
        if user is None:
            raise CommandError(_("There is no account %(username)s.") % {"username": options["username"]})
        try:
            # The server's operator runs this: no one signed in, so by=None.
            key = issue_api_token(user, name=options["name"], by=None)
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        self.stderr.write(_("Store this key now; it will not be shown again."))
        self.stdout.write(key)
