"""`thanthien criteria import FILE.xlsx --province CODE`;
`thanthien criteria score UNIT_CODE YEAR [--set CODE]`;
`thanthien criteria surveys UNIT_CODE` (the survey forms PKS01–PKS07 as the commune's questionnaires)."""

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from thanthien.assessment import services
from thanthien.assessment.models import CriteriaSet
from thanthien.assessment.surveys import install_survey_forms
from thanthien.units.models import Unit


class Command(BaseCommand):
    help = "Load a criteria set from its XLSX file, or score a commune's year live against a set."

    def add_arguments(self, parser: Any) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        load = commands.add_parser("import", help="load a set (all or nothing)")
        load.add_argument("file")
        load.add_argument("--province", help="the province's code (none: a national set)")
        load.add_argument("--code", help="the set's code, if the file's “set” sheet has none")
        count = commands.add_parser("score", help="score a commune's year, as one JSON object")
        count.add_argument("unit_code")
        count.add_argument("year", type=int)
        count.add_argument("--set", dest="set_code")
        forms = commands.add_parser("surveys", help="add the survey forms PKS01–PKS07 to a commune")
        forms.add_argument("unit_code")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "import":
            self._import(options)
        elif options["action"] == "surveys":
            self._surveys(options)
        else:
            self._score(options)

    def _surveys(self, options: dict[str, Any]) -> None:
        commune = Unit.objects.filter(code=options["unit_code"], level=Unit.Level.COMMUNE).first()
        if commune is None:
            raise CommandError(f"Không có xã mã {options['unit_code']}.")
        created = install_survey_forms(commune, by=None)
        self.stdout.write(f"{commune.name}: thêm {len(created)} mẫu phiếu khảo sát.")

    def _import(self, options: dict[str, Any]) -> None:
        province = None
        if options["province"]:
            province = Unit.objects.filter(code=options["province"], level=Unit.Level.PROVINCE).first()
            if province is None:
                raise CommandError(f"Không có tỉnh mã {options['province']}.")
        try:
            with open(options["file"], "rb") as file:
                loaded = services.import_criteria_set(file, by=None, province=province, code=options["code"])
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        criteria = sum(group.criteria.count() for group in loaded.groups.all())
        self.stdout.write(f"{loaded.code}: {loaded.groups.count()} nhóm, {criteria} tiêu chí.")

    def _score(self, options: dict[str, Any]) -> None:
        commune = Unit.objects.filter(code=options["unit_code"], level=Unit.Level.COMMUNE).first()
        if commune is None:
            raise CommandError(f"Không có xã mã {options['unit_code']}.")
        if options["set_code"]:
            criteria_set = CriteriaSet.objects.filter(code=options["set_code"]).first()
        else:
            criteria_set = services.set_in_force(commune, options["year"])
        if criteria_set is None:
            raise CommandError("Không có bộ tiêu chí áp dụng cho xã và năm này.")
        assessment = commune.self_assessments.filter(year=options["year"], criteria_set=criteria_set).first()
        if assessment is not None:
            result = services.score_assessment(assessment)
        else:
            result = services.score(commune, options["year"], criteria_set)
        self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
