"""`thanthien units load` and `thanthien units import-villages COMMUNE_CODE FILE.xlsx`, run on the server."""

import time
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from thanthien.units.loading import load_units_from_package
from thanthien.units.models import Unit
from thanthien.units.village_import import import_villages


class Command(BaseCommand):
    help = "Load provinces and communes from vietnam-provinces, or import a commune's villages from XLSX."

    def add_arguments(self, parser: Any) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        actions.add_parser(
            "load", help="Create or update the 34 provinces and 3,321 communes; safe to run again."
        )
        villages = actions.add_parser(
            "import-villages", help="Add a commune's villages from an XLSX sheet: every row, or none."
        )
        villages.add_argument("commune_code", metavar="COMMUNE_CODE", help="The commune's code, e.g. 15991.")
        villages.add_argument("file", metavar="FILE", type=Path, help="The XLSX file.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "load":
            self.load()
        else:
            self.import_villages(options["commune_code"], options["file"])

    def load(self) -> None:
        started = time.monotonic()
        try:
            result = load_units_from_package()
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        self.stdout.write(
            _("Source: vietnam-provinces %(version)s, data of %(data_version)s.")
            % {"version": result.version, "data_version": result.data_version}
        )
        summary = _(
            "%(provinces)d provinces and cities, %(communes)d communes, wards and special zones: "
            "%(created)d created, %(updated)d updated, %(unchanged)d unchanged (%(seconds).1f s)."
        )
        self.stdout.write(
            summary
            % {
                "provinces": result.provinces.total,
                "communes": result.communes.total,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "seconds": time.monotonic() - started,
            }
        )

    def import_villages(self, commune_code: str, file: Path) -> None:
        commune = Unit.objects.filter(code=commune_code, level=Unit.Level.COMMUNE).first()
        if commune is None:
            raise CommandError(_("No commune has the code %(code)s.") % {"code": commune_code})
        if not file.is_file():
            raise CommandError(_("The file %(file)s does not exist.") % {"file": file})
        try:
            report = import_villages(commune, file, by=None)
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        for line, name in report.skipped:
            skipped = _("Row %(row)d: %(name)s is already there, skipped.")
            self.stdout.write(skipped % {"row": line, "name": name})
        if report.errors:
            for line, message in report.errors:
                self.stderr.write(_("Row %(row)d: %(message)s") % {"row": line, "message": message})
            raise CommandError(_("The file has errors; nothing was imported."))
        self.stdout.write(
            _("%(commune)s: %(created)d villages added, %(skipped)d already there.")
            % {"commune": commune.name, "created": len(report.created), "skipped": len(report.skipped)}
        )
