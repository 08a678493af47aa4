"""`thanthien remind_reports`: run the periodic-report reminders now (the worker runs them every morning)."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from thanthien.reports.services import sweep_report_reminders


class Command(BaseCommand):
    help = "Remind communes whose periodic report is due soon and not submitted; safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        due = sweep_report_reminders()
        self.stdout.write(_("Report reminders due today: %(count)d.") % {"count": due})
