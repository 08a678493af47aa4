"""Import a commune's villages (thôn, xóm, tổ dân phố) from an XLSX sheet: every row, or none.

The sheet needs a header row, within its first rows, with a village name column ("Tên thôn", "Tên thôn, tổ
dân phố" or "name", matched without case or diacritics) and optionally a "Ngày hiệu lực" (valid from) column.
The whole file is checked before anything is written; a row naming a village the commune already has is
skipped, so importing the same file again changes nothing.
"""

import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import openpyxl
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl.styles import Font

from thanthien.core import audit
from thanthien.core.models import AuditEvent
from thanthien.core.spreadsheets import (
    HEADER_SEARCH_ROWS,
    find_header,
    header_key,
    is_blank,
    read_first_sheet,
)
from thanthien.units import permissions
from thanthien.units.models import Unit, User

# The one helper that creates a village row, shared with services.add_village; this module adds the
# permission check and the audit events itself, around the whole file.
from thanthien.units.services import _create_village

# Folded with header_key(); the template's own headers, in the current language, are recognised too.
NAME_HEADERS = {
    "ten thon",
    "ten xom",
    "ten to dan pho",
    "ten thon to dan pho",
    "ten thon xom",
    "ten thon xom to dan pho",
    "ten thon to",
    "name",
    "village",
    "village name",
    "village or residential group name",
}
VALID_FROM_HEADERS = {"ngay hieu luc", "hieu luc tu ngay", "valid from"}
MAX_ROWS = 1000  # a commune has tens of villages; a bigger sheet is the wrong file
NAME_MAX_LENGTH = Unit._meta.get_field("name").max_length or 150
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class SheetRow:
    """One data row of the sheet as typed, with its row number in Excel."""

    line: int
    name: Any
    valid_from: Any = None


@dataclass(frozen=True)
class VillageRow:
    line: int
    name: str
    valid_from: date | None


@dataclass
class ImportReport:
    errors: list[tuple[int, str]] = field(default_factory=list)  # (row number, message): nothing was written
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (row number, name) already in the commune
    to_create: list[VillageRow] = field(default_factory=list)
    created: list[Unit] = field(default_factory=list)


# --- Reading and checking (no database) --------------------------------------------------------------------


def read_sheet_rows(file: Any) -> list[SheetRow]:
    """Return the data rows of an XLSX file (a path or a file object), below its recognised header row."""
    return _rows_below_header(read_first_sheet(file, max_rows=MAX_ROWS))


def _rows_below_header(values: list[tuple[Any, ...]]) -> list[SheetRow]:
    names = NAME_HEADERS | {header_key(_("Village or residential group name"))}
    dates = VALID_FROM_HEADERS | {header_key(_("Valid from"))}
    header = find_header(
        values, {**dict.fromkeys(dates, "valid_from"), **dict.fromkeys(names, "name")}, required=["name"]
    )
    if header is not None:
        index, name_column = header.index, header.columns["name"]
        date_column = header.columns.get("valid_from")
        rows = []
        for line, cells in enumerate(values[index + 1 :], start=index + 2):
            sheet_row = SheetRow(line, _cell(cells, name_column), _cell(cells, date_column))
            # other columns (No., notes) may be filled
            if not (is_blank(sheet_row.name) and is_blank(sheet_row.valid_from)):
                rows.append(sheet_row)
        if not rows:
            raise ValidationError(_("The file has no village rows below its header."))
        return rows
    raise ValidationError(
        _("No header row with a “%(header)s” column was found in the first %(rows)d rows of the first sheet.")
        % {"header": _("Village or residential group name"), "rows": HEADER_SEARCH_ROWS}
    )


def _cell(cells: tuple[Any, ...], column: int | None) -> Any:
    return cells[column] if column is not None and column < len(cells) else None


def clean_name(value: Any) -> str:
    """Return a village name as typed, in NFC with single spaces (Excel may hold decomposed Vietnamese)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", " ".join(str(value).split()))


def name_key(name: str) -> str:
    """Return the key two village names of one commune may not share: the same letters, any case."""
    return clean_name(name).casefold()


def parse_day(value: Any) -> date | None:
    """Return the date in a cell (Excel date, dd/mm/yyyy or yyyy-mm-dd) or None if blank; raise ValueError."""
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if match := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text):
        day, month, year = (int(part) for part in match.groups())
        return date(year, month, day)
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
        year, month, day = (int(part) for part in match.groups())
        return date(year, month, day)
    raise ValueError(text)


def check_village_rows(rows: list[SheetRow], *, existing_names: list[str]) -> ImportReport:
    """Return the rows to create, the rows already there and every row's errors, checking the whole file."""
    report = ImportReport()
    existing = {name_key(name) for name in existing_names}
    first_line: dict[str, int] = {}
    for row in rows:
        name = clean_name(row.name)
        key = name.casefold()
        problems = []
        try:
            valid_from = parse_day(row.valid_from)
        except ValueError:
            valid_from = None
            date_error = _("The date “%(value)s” is not valid; write it as dd/mm/yyyy.")
            problems.append(date_error % {"value": row.valid_from})
        if not name:
            problems.insert(0, _("The village name is empty."))
        elif len(name) > NAME_MAX_LENGTH:
            problems.insert(0, _("The name is longer than %(max)d characters.") % {"max": NAME_MAX_LENGTH})
        elif key in first_line:
            problems.insert(0, _("The same name as row %(row)d.") % {"row": first_line[key]})
        else:
            first_line[key] = row.line
        report.errors.extend((row.line, problem) for problem in problems)
        if problems:
            continue
        if key in existing:
            report.skipped.append((row.line, name))
        else:
            report.to_create.append(VillageRow(row.line, name, valid_from))
    return report


def template_workbook() -> bytes:
    """Return an empty import sheet with the headers the import recognises, as XLSX bytes."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = _("Villages")[:31]
    sheet.append([_("Village or residential group name"), _("Valid from")])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 16
    sheet.column_dimensions["B"].number_format = "DD/MM/YYYY"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- Writing -----------------------------------------------------------------------------------------------
def import_villages(commune: Unit, file: Any, *, by: User | None) -> ImportReport:
    """Add the villages listed in an XLSX file to a commune in one transaction, or none if a row is wrong.

    `by` is None when an administrator runs the import on the server. The report lists each wrong row with
    its number (then nothing was written), the rows skipped as already there, and the villages created.
    """
    if by is not None and not permissions.can_change_unit(by, commune):
        raise PermissionDenied
    if commune.level != Unit.Level.COMMUNE:
        raise ValidationError(_("Villages can only be added to a commune."))
    rows = read_sheet_rows(file)
    with transaction.atomic():
        # Lock the commune so that two imports into it run one after the other.
        commune = Unit.objects.select_for_update().get(pk=commune.pk)
        existing = list(commune.children.filter(level=Unit.Level.VILLAGE).values_list("name", flat=True))
        report = check_village_rows(rows, existing_names=existing)
        if report.errors:
            return report
        for row in report.to_create:
            village = _create_village(commune, name=row.name, valid_from=row.valid_from)
            audit.record(
                AuditEvent.Action.CREATE, village, by=by, changes={"source": "xlsx", "row": row.line}
            )
            report.created.append(village)
    return report
