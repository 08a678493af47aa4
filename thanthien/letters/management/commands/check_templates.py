"""`thanthien check_templates`: re-check every stored letter template against the template rules.

A template uploaded before the rules (core.templating) may do what a template may not. Such a template is
already passed over (the one before it is in force) and refused when a letter issued with it is printed;
this command lists them, with what each does, so the commune can upload a corrected one. It exits with an
error when it finds any, so a release script or CI stops on it.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from thanthien.letters import rendering
from thanthien.letters.models import LetterTemplate


class Command(BaseCommand):
    help = "Check every stored letter template against the template rules; list those that are refused."

    def handle(self, *args: Any, **options: Any) -> None:
        refused = 0
        templates = LetterTemplate.objects.select_related("commune").order_by("pk")
        for template in templates.iterator(chunk_size=50):
            problems = rendering.refusal_reasons(template)
            if not problems:
                continue
            refused += 1
            self.stdout.write(
                _("Refused (not used): #%(pk)d %(template)s") % {"pk": template.pk, "template": template}
            )
            for problem in problems:
                self.stdout.write(f"  - {problem}")
        checked = templates.count()
        self.stdout.write(
            _("Templates checked: %(checked)d; refused: %(refused)d.")
            % {"checked": checked, "refused": refused}
        )
        if refused:
            raise CommandError(_("Some stored templates are refused; upload corrected ones."))
