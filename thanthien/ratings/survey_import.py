"""Import a campaign's paper slips from an XLSX sheet: every row, or none.

One row per slip: the village, the slip number, then one column per question, headed by the question's
number ("1", "Câu 1", "1. Thái độ của cán bộ…") or its text, matched without case or diacritics. A cell holds
what the slip says: a level ("4" or "Rất hài lòng"), a choice ("2" or its label, several as "1, 3"), or text.
The whole file is checked before anything is written. A slip number already entered is skipped, so importing
the same file again counts nothing twice.
"""

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import openpyxl
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl.styles import Font

from thanthien.core.spreadsheets import (
    HEADER_SEARCH_ROWS,
    append_row,
    find_header,
    header_key,
    is_blank,
    read_first_sheet,
)
from thanthien.core.validation import is_number
from thanthien.ratings import permissions
from thanthien.ratings.models import Question, SurveyCampaign, SurveyResponse

# The one helper that writes a slip and its audit event, shared with surveys.record_survey_response; this
# module checks the permission and the whole file itself, and keys each slip by its number.
from thanthien.ratings.surveys import (
    CleanAnswer,
    SlipSheet,
    _create_response,
    clean_answers,
)
from thanthien.units import queries as unit_queries
from thanthien.units.models import Unit, User

VILLAGE_HEADERS = {"thon", "ten thon", "thon xom", "thon to dan pho", "ten thon to dan pho", "village"}
SLIP_HEADERS = {"so phieu", "phieu so", "so thu tu phieu", "slip", "slip number", "slip no"}
QUESTION_NUMBER = re.compile(r"(?:cau hoi|cau|question|q)? ?(\d+)(?: .*)?")
MAX_ROWS = 5000  # a commune's villages × 100 slips, with room; a bigger sheet is the wrong file
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class SlipRow:
    """One data row of the sheet as typed, with its row number in Excel."""

    line: int
    village: Any
    slip: Any
    answers: dict[int, Any]


@dataclass(frozen=True)
class CheckedSlip:
    line: int
    village: Unit
    slip: int
    answers: list[CleanAnswer]


@dataclass
class SlipImportReport:
    errors: list[tuple[int, str]] = field(default_factory=list)  # (row number, message): nothing was written
    skipped: list[tuple[int, int]] = field(default_factory=list)  # (row number, slip number) already entered
    to_create: list[CheckedSlip] = field(default_factory=list)
    created: int = 0


# --- Reading and checking ----------------------------------------------------------------------------------


def read_slip_rows(file: Any, questions: list[Question]) -> list[SlipRow]:
    """Return the data rows of an XLSX file below its recognised header row."""
    values = read_first_sheet(file, max_rows=MAX_ROWS)
    header = find_header(
        values,
        _column_naming(questions),
        required=["village", "slip"],
        accept=lambda columns: any(name.startswith("question:") for name in columns),
    )
    if header is not None:
        index, found = header.index, header.columns
        village_column, slip_column = found["village"], found["slip"]
        question_columns = {
            i: int(name.split(":")[1]) for name, i in found.items() if name.startswith("question:")
        }
        rows = []
        for line, cells in enumerate(values[index + 1 :], start=index + 2):
            answers = {number: _cell(cells, column) for column, number in question_columns.items()}
            slip = SlipRow(line, _cell(cells, village_column), _cell(cells, slip_column), answers)
            if not all(is_blank(value) for value in [slip.village, slip.slip, *answers.values()]):
                rows.append(slip)
        if not rows:
            raise ValidationError(_("The file has no slip rows below its header."))
        return rows
    raise ValidationError(
        _(
            "No header row with the columns “%(village)s”, “%(slip)s” and the questions was found in the "
            "first %(rows)d rows of the first sheet."
        )
        % {"village": _("Village"), "slip": _("Slip number"), "rows": HEADER_SEARCH_ROWS}
    )


def _column_naming(questions: list[Question]) -> Callable[[str], str | None]:
    """Return what names a header cell: "village", "slip" or "question:<number>" (or None)."""
    villages = VILLAGE_HEADERS | {header_key(_("Village"))}
    slips = SLIP_HEADERS | {header_key(_("Slip number"))}

    def name_of(key: str) -> str | None:
        if key in villages:
            return "village"
        if key in slips:
            return "slip"
        number = _question_number(key, questions)
        return None if number is None else f"question:{number}"

    return name_of


def _question_number(key: str, questions: list[Question]) -> int | None:
    numbers = {question.number for question in questions}
    by_text = {header_key(question.text): question.number for question in questions}
    if key in by_text:
        return by_text[key]
    match = QUESTION_NUMBER.fullmatch(key)
    return int(match[1]) if match and int(match[1]) in numbers else None


def _cell(cells: tuple[Any, ...], column: int) -> Any:
    return cells[column] if column < len(cells) else None


def check_slip_rows(
    rows: list[SlipRow], *, sheet: SlipSheet, villages: list[Unit], existing_slips: set[int]
) -> SlipImportReport:
    """Return the slips to create, those already entered and every row's errors, checking the whole file."""
    report = SlipImportReport()
    village_by_key = {header_key(village.name): village for village in villages}
    first_line: dict[int, int] = {}
    for row in rows:
        problems = []
        village = village_by_key.get(header_key(row.village))
        if village is None:
            problems.append(_("“%(value)s” is not a village of the commune.") % {"value": row.village or ""})
        slip = _slip_number(row.slip)
        if slip is None:
            message = _("The slip number “%(value)s” is not a whole number.")
            problems.append(message % {"value": row.slip or ""})
        elif slip in first_line:
            problems.append(_("The same slip number as row %(row)d.") % {"row": first_line[slip]})
        else:
            first_line[slip] = row.line
        try:
            answers = clean_answers(sheet, row.answers)
        except ValidationError as error:
            problems.extend(error.messages)
        report.errors.extend((row.line, problem) for problem in problems)
        if problems or village is None or slip is None:
            continue
        if slip in existing_slips:
            report.skipped.append((row.line, slip))
        else:
            report.to_create.append(CheckedSlip(row.line, village, slip, answers))
    return report


def _slip_number(value: Any) -> int | None:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip() if value is not None else ""
    return int(text) if is_number(text) and int(text) > 0 else None


# --- Writing -----------------------------------------------------------------------------------------------


def import_survey_slips(campaign: SurveyCampaign, file: Any, *, by: User) -> SlipImportReport:
    """Add the slips of an XLSX file to a campaign in one transaction, or none if a row is wrong.

    The report lists each wrong row with its number (then nothing was written), the slips skipped as
    already entered, and how many were created.
    """
    if not permissions.can_enter_slips(by, campaign):
        raise PermissionDenied
    if campaign.status != SurveyCampaign.Status.OPEN:
        raise ValidationError(_("The campaign is closed: no more slips can be entered."))
    sheet = SlipSheet.of(campaign)
    rows = read_slip_rows(file, sheet.questions)
    with transaction.atomic():
        # Lock the campaign so that two imports into it run one after the other.
        campaign = SurveyCampaign.objects.select_for_update().select_related("commune").get(pk=campaign.pk)
        existing = set(campaign.responses.exclude(slip_number=None).values_list("slip_number", flat=True))
        villages = list(unit_queries.villages(campaign.commune))
        # existing: no None, those are excluded above
        report = check_slip_rows(rows, sheet=sheet, villages=villages, existing_slips=existing)  # type: ignore[arg-type]
        if report.errors:
            return report
        for slip in report.to_create:
            key = f"slip:{slip.slip}"
            _create_response(
                campaign, slip.village, slip.answers, SurveyResponse.Channel.IMPORT, key, slip.slip, by
            )
        report.created = len(report.to_create)
    return report


def template_workbook(campaign: SurveyCampaign) -> bytes:
    """Return the campaign's blank slip sheet, with a second sheet explaining what each column takes."""
    sheet = SlipSheet.of(campaign)
    workbook = openpyxl.Workbook()
    slips = workbook.active
    slips.title = _("Slips")[:31]
    append_row(slips, [_("Village"), _("Slip number"), *(f"{q.number}. {q.text}" for q in sheet.questions)])
    for cell in slips[1]:
        cell.font = Font(bold=True)
    slips.column_dimensions["A"].width = 24
    guide = workbook.create_sheet(_("Guide")[:31])
    guide.append([_("Question"), _("What to write")])
    for question in sheet.questions:
        append_row(guide, [f"{question.number}. {question.text}", _accepted(question, sheet)])
    guide.append([])
    append_row(
        guide, [_("Villages"), ", ".join(village.name for village in unit_queries.villages(campaign.commune))]
    )
    for cell in guide[1]:
        cell.font = Font(bold=True)
    guide.column_dimensions["A"].width = 50
    guide.column_dimensions["B"].width = 80
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _accepted(question: Question, sheet: SlipSheet) -> str:
    if question.kind == Question.Kind.SCALE:
        return "; ".join(f"{level.value} = {level.label}" for level in sheet.levels)
    if question.kind == Question.Kind.TEXT:
        return _("Free text")
    listed = "; ".join(f"{choice.number} = {choice.label}" for choice in question.choices.all())
    if question.kind == Question.Kind.MULTIPLE:
        return _("%(choices)s (several allowed, e.g. 1, 3)") % {"choices": listed}
    return listed
