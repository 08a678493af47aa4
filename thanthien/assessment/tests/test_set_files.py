"""Criteria sets as XLSX: refused whole with every error listed, and exported then imported back unchanged."""

from io import BytesIO

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import translation

from thanthien.assessment import services
from thanthien.assessment.models import CriteriaSet, Criterion, CriterionGroup
from thanthien.assessment.sets import write_set_file
from thanthien.assessment.tests.year import ROWS, SET, set_file

pytestmark = pytest.mark.django_db


def _refused(rows, **set_fields):
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        services.import_criteria_set(set_file(rows, SET | set_fields), by=None)
    return refused.value.messages


def test_a_set_with_wrong_group_points_an_unknown_indicator_and_a_bad_rule_is_refused_whole():
    rows = [list(row) for row in ROWS]
    rows[0][2] = rows[1][2] = 10  # group I says 10, its criteria add up to 9
    rows[2][7] = "dossiers.never_counted"
    rows[3][8] = ">=90 5"

    messages = _refused(rows)

    assert any("Nhóm I" in message and "9" in message and "10" in message for message in messages), messages
    assert any(
        "Dòng 4, cột indicator" in message and "dossiers.never_counted" in message for message in messages
    )
    assert any("Dòng 5, cột rule" in message for message in messages), messages
    assert not CriteriaSet.objects.exists() and not CriterionGroup.objects.exists()
    assert not Criterion.objects.exists()


def test_a_threshold_giving_more_than_the_criterions_points_is_an_error():
    rows = [list(row) for row in ROWS]
    rows[0][8] = ">=95: 6; else 0"
    assert any("Dòng 2, cột rule" in message for message in _refused(rows))


def test_a_file_with_other_columns_is_refused():
    workbook = openpyxl.load_workbook(set_file())
    workbook.active["A1"] = "nhom"
    buffer = BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    with pytest.raises(ValidationError, match="group_code"):
        services.import_criteria_set(buffer, by=None)


def test_the_same_file_exported_and_imported_back_is_unchanged(province):
    loaded = services.import_criteria_set(set_file(), by=None, province=province)
    exported = write_set_file(loaded)

    again = services.import_criteria_set(BytesIO(exported), by=None)

    assert again.pk == loaded.pk and again.province == province
    assert _cells(write_set_file(again)) == _cells(exported)
    criteria, set_sheet = _cells(exported)
    assert criteria[1:] == [list(row) for row in ROWS]
    assert dict(set_sheet) == SET | {"province": province.code}


def _cells(content: bytes):
    workbook = openpyxl.load_workbook(BytesIO(content))
    return [
        [[cell if cell is not None else "" for cell in row] for row in sheet.iter_rows(values_only=True)]
        for sheet in workbook.worksheets
    ]


def test_the_cli_loads_a_province_set_and_lists_errors_in_vietnamese(province, tmp_path):
    good, bad = tmp_path / "bo.xlsx", tmp_path / "sai.xlsx"
    good.write_bytes(set_file().getvalue())
    rows = [list(row) for row in ROWS]
    rows[4][6] = "guess"
    bad.write_bytes(set_file(rows).getvalue())

    call_command("criteria", "import", str(good), "--province", province.code)
    with translation.override("vi"), pytest.raises(CommandError, match="Dòng 6, cột method"):
        call_command("criteria", "import", str(bad), "--province", province.code)

    assert CriteriaSet.objects.get().province == province


def test_the_seven_survey_forms_become_the_communes_questionnaires_once(commune):
    from thanthien.ratings.models import Question, Questionnaire

    call_command("criteria", "surveys", commune.code)
    call_command("criteria", "surveys", commune.code)

    titles = list(Questionnaire.objects.filter(commune=commune).values_list("title", flat=True))
    assert sorted(title[:5] for title in titles) == [f"PKS0{number}" for number in range(1, 8)]
    assert Question.objects.filter(questionnaire__commune=commune, kind="scale").count() == 21
