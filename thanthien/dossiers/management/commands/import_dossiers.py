"""`thanthien import_dossiers COMMUNE_CODE FILE [--only-good-rows]`: the one-stop import, on the server."""

import time
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from thanthien.dossiers.importing import import_dossier_file
from thanthien.units.models import Unit


class Command(BaseCommand):
    help = (
        "Import dossiers from an XLSX or CSV file of the province's one-stop system: every row, or none "
        "unless --only-good-rows. Dossier codes already imported are skipped."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("commune_code", metavar="COMMUNE_CODE", help="The commune's code, e.g. 15991.")
        parser.add_argument("file", metavar="FILE", type=Path, help="The XLSX or CSV file.")
        parser.add_argument(
            "--only-good-rows",
            action="store_true",
            help="Import the rows without errors and list the others, instead of rejecting the file.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        code, file = options["commune_code"], options["file"]
        commune = Unit.objects.filter(code=code, level=Unit.Level.COMMUNE).first()
        if commune is None:
            raise CommandError(_("No commune has the code %(code)s.") % {"code": code})
        if not file.is_file():
            raise CommandError(_("The file %(file)s does not exist.") % {"file": file})
        started = time.monotonic()
        try:
            report = import_dossier_file(
                file, commune=commune, by=None, filename=file.name, only_good_rows=options["only_good_rows"]
            )
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        seconds = time.monotonic() - started
        if options["verbosity"] >= 2:
            for line, dossier_code in report.skipped:
                skipped = _("Row %(row)d: %(code)s is already there, skipped.")
                self.stdout.write(skipped % {"row": line, "code": dossier_code})
        for line, message in report.errors:
            self.stderr.write(_("Row %(row)d: %(message)s") % {"row": line, "message": message})
        if report.errors_not_listed:
            more = _("… and %(count)d more errors not listed.")
            self.stderr.write(more % {"count": report.errors_not_listed})
        summary = _(
            "%(commune)s, %(file)s: %(total)d rows read, %(created)d dossiers imported, %(skipped)d already "
            "there (skipped), %(bad)d rows with %(errors)d errors, in %(seconds).1f s."
        )
        self.stdout.write(
            summary
            % {
                "commune": commune.name,
                "file": file.name,
                "total": report.total,
                "created": report.created,
                "skipped": report.skipped_existing,
                "bad": report.bad_rows,
                "errors": report.error_count,
                "seconds": seconds,
            }
        )
        if report.error_count and not report.is_written:
            raise CommandError(_("The file has errors; nothing was imported."))
