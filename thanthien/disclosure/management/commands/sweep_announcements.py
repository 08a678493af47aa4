"""thanthien sweep_announcements: send the announcements whose time has come and remind the leaders of
disclosures due soon or overdue, now (the Huey worker does both on its schedule). Running it twice sends
nothing more."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from thanthien.disclosure import services


class Command(BaseCommand):
    help = "Send the announcements due now and remind the leaders of disclosures due (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = services.send_due_announcements()
        reminders = services.remind_due_disclosures(timezone.localdate())
        self.stdout.write(
            f"announcements={sent.announcements} messages={sent.messages} disclosure_reminders={reminders}"
        )
