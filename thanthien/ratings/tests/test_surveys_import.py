"""Paper slips from a spreadsheet: all rows or none, errors by row number, a re-import counts once."""

import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thanthien.core.models import AuditEvent
from thanthien.core.testing import xlsx_file
from thanthien.ratings.models import Answer, Question, SurveyResponse
from thanthien.ratings.survey_import import import_survey_slips, template_workbook
from thanthien.ratings.tests.factories import make_campaign, make_villages

pytestmark = pytest.mark.django_db
HEADER = ("Thôn, tổ dân phố", "Số phiếu", "Câu 1", "2", "3. Mức độ hài lòng chung", "4", "5", "Góp ý khác")


def test_a_sheet_of_slips_is_imported_with_its_answers(commune, leader, officer):
    make_villages(commune, 2)
    campaign = make_campaign(commune, leader)
    sheet = xlsx_file(
        ("Phiếu khảo sát đầu kỳ",),
        (),
        ("STT", *HEADER),
        (1, "Thôn 1", 1, 4, "Hài lòng", 4, 2, "1; 3", "Cán bộ tận tình"),
        (2, "thon 2", 2.0, "Rất hài lòng", 1, None, "Loa truyền thanh", None, None),
    )

    report = import_survey_slips(campaign, sheet, by=officer)

    assert report.errors == [] and report.created == 2
    first = SurveyResponse.objects.get(slip_number=1)
    assert (first.channel, first.village.name, first.entered_by) == ("import", "Thôn 1", officer)
    assert sorted(first.answers.exclude(level=None).values_list("question__number", "level")) == [
        (1, 4),
        (2, 3),
        (3, 4),
    ]
    assert (
        Answer.objects.get(response__slip_number=2, question__number=4).choices.get().label
        == "Loa truyền thanh"
    )
    assert AuditEvent.objects.filter(object_type="ratings.SurveyResponse").count() == 2


def test_a_bad_row_stops_the_whole_file_and_names_its_row(commune, leader, officer):
    make_villages(commune, 2)
    campaign = make_campaign(commune, leader)
    sheet = xlsx_file(
        HEADER,
        ("Thôn 1", 1, 4, 4, 4, 1, "1", ""),
        ("Thôn 9", 2, 4, 4, 4, 1, "1", ""),
        ("Thôn 2", "ba", 7, 4, 4, "1, 2", "1", ""),
        ("Thôn 2", 1, 4, 4, 4, 1, "1", ""),
    )

    report = import_survey_slips(campaign, sheet, by=officer)

    rows = sorted({line for line, _problem in report.errors})
    assert rows == [3, 4, 5]
    problems = " ".join(problem for _line, problem in report.errors)
    assert "Thôn 9" in problems and "ba" in problems and "7" in problems
    assert not SurveyResponse.objects.exists() and not Answer.objects.exists()


def test_importing_the_same_sheet_again_counts_nothing_twice(commune, leader, officer):
    make_villages(commune, 1)
    campaign = make_campaign(commune, leader)
    rows = [HEADER, ("Thôn 1", 1, 4, 4, 4), ("Thôn 1", 2, 3, 3, 3)]
    import_survey_slips(campaign, xlsx_file(*rows), by=officer)

    again = import_survey_slips(campaign, xlsx_file(*rows, ("Thôn 1", 3, 1, 1, 1)), by=officer)

    assert again.created == 1 and again.skipped == [(2, 1), (3, 2)]
    assert sorted(SurveyResponse.objects.values_list("slip_number", flat=True)) == [1, 2, 3]


def test_a_sheet_without_the_header_is_refused_in_words(commune, leader, officer):
    make_villages(commune, 1)
    campaign = make_campaign(commune, leader)

    with pytest.raises(ValidationError):
        import_survey_slips(campaign, xlsx_file(("Họ tên", "Điện thoại"), ("A", "0912")), by=officer)


def test_an_officer_of_another_commune_cannot_import(commune, leader, outsider_officer):
    campaign = make_campaign(commune, leader)

    with pytest.raises(PermissionDenied):
        import_survey_slips(campaign, xlsx_file(HEADER), by=outsider_officer)


def test_the_blank_sheet_imports_once_filled_in(commune, leader, officer):
    make_villages(commune, 2)
    campaign = make_campaign(commune, leader)
    workbook = openpyxl.load_workbook(io.BytesIO(template_workbook(campaign)))
    header = [cell.value for cell in workbook.worksheets[0][1]]
    workbook.worksheets[0].append(["Thôn 2", 1, 4, 3, 4, 2, "2, 3", "Tốt"])
    filled = io.BytesIO()
    workbook.save(filled)
    filled.seek(0)

    report = import_survey_slips(campaign, filled, by=officer)

    assert header[2].startswith("1. ") and len(header) == 8
    assert len(workbook.worksheets) == 2  # the second sheet explains each column
    assert report.errors == [] and report.created == 1


def test_the_blank_sheet_holds_a_control_character_and_a_formula_as_plain_text(commune, leader):
    from thanthien.units.models import Unit

    make_villages(commune, 1)
    Unit.objects.filter(parent=commune).update(name='=HYPERLINK("x")\x0b')
    campaign = make_campaign(commune, leader)
    Question.objects.filter(questionnaire=campaign.questionnaire, number=1).update(text="Câu\x01 hỏi")

    workbook = openpyxl.load_workbook(io.BytesIO(template_workbook(campaign)))

    guide = {cell.value: cell for row in workbook.worksheets[1].iter_rows() for cell in row}
    assert guide['=HYPERLINK("x")'].data_type == "s"
    assert "1. Câu hỏi" in guide
