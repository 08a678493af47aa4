"""`thanthien sweep_feedback`: run the feedback deadline sweep now (the worker runs it twice a day)."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from thanthien.feedback.services import sweep_feedback_deadlines


class Command(BaseCommand):
    help = "Warn before the legal limits of feedback cases and mark the missed ones; safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        result = sweep_feedback_deadlines()
        self.stdout.write(
            _("Warnings: %(warnings)d; limits missed: %(breaches)d.")
            % {"warnings": result.warnings, "breaches": result.breaches}
        )
