"""`thanthien remind_tasks`: run the task reminder sweep now (the worker runs it every morning)."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from thanthien.planning.services import send_task_reminders


class Command(BaseCommand):
    help = "Remind officials of tasks due soon or overdue, through the outbox; safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        count = send_task_reminders(timezone.localdate())
        self.stdout.write(_("Task reminders queued: %(count)d.") % {"count": count})
