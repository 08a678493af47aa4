"""`thanthien build_letter_templates`: write the default Word templates shipped with the package."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from thanthien.letters.builder import TEMPLATES_DIR, write_default_templates


class Command(BaseCommand):
    help = "Build the default letter and form templates (Decree 30/2020 layout) with python-docx."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--out", type=Path, default=TEMPLATES_DIR, help="Folder to write the .docx files to."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        for path in write_default_templates(options["out"]):
            self.stdout.write(str(path))
        self.stdout.write(_("Templates written."))
