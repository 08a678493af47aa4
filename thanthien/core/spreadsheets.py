"""Reading the spreadsheets officials upload (the first sheet, headers matched without accents or case), and
sending a sheet back as a download."""

import itertools
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from thanthien.core import xlsx_aside

T = TypeVar("T")

HEADER_SEARCH_ROWS = 10  # officials often put a title and a blank line above the header


def header_key(value: Any) -> str:
    """Return a header cell folded for matching: "Tên thôn, tổ dân phố (*)" → "ten thon to dan pho"."""
    from thanthien.core.text import fold_vietnamese

    if value is None:
        return ""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold_vietnamese(str(value))).split())


@dataclass(frozen=True)
class Header:
    """The header row found in a sheet: its index among the rows read, and {column name: cell index}."""

    index: int
    columns: dict[str, int]


def find_header(
    rows: Iterable[Sequence[Any]],
    name_of: Mapping[str, str] | Callable[[str], str | None],
    *,
    required: Collection[str] = (),
    accept: Callable[[dict[str, int]], bool] | None = None,
) -> Header | None:
    """Return the first of the first HEADER_SEARCH_ROWS rows that names every `required` column (and that
    `accept` takes, when given), or None. The header finder of every importer.

    `name_of` gives the column a folded header cell (`header_key`) names, or None; the first cell naming a
    column wins. An iterator of rows is consumed up to the header row only, so the data rows follow.
    """
    lookup = name_of.get if isinstance(name_of, Mapping) else name_of
    for index, cells in enumerate(itertools.islice(rows, HEADER_SEARCH_ROWS)):
        columns: dict[str, int] = {}
        for position, cell in enumerate(cells):
            key = header_key(cell)
            name = lookup(key) if key else None
            if name is not None:
                columns.setdefault(name, position)
        if all(name in columns for name in required) and (accept is None or accept(columns)):
            return Header(index, columns)
    return None


def is_blank(value: Any) -> bool:
    """Return True for an empty cell or one holding only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


def read_first_sheet(file: Any, *, max_rows: int) -> list[tuple[Any, ...]]:
    """Return the cell values of an XLSX file's first sheet, refusing a file with more than `max_rows` rows.

    Raise ValidationError, in words an official understands, for anything that is not a readable workbook.
    """
    rows = xlsx_aside.sheet_rows(file)
    try:
        return list(_limited_rows((cells for _number, cells in unreadable_as_error(rows)), max_rows))
    finally:
        rows.close()


def unreadable_as_error(rows: Iterable[T]) -> Iterator[T]:
    """`rows` of a workbook; whatever fails to open or read it (not a workbook, a damaged sheet inside a valid
    archive) raised as a ValidationError in words an official understands."""
    try:
        yield from rows
    except ValidationError:
        raise
    except Exception as exc:  # whatever fails to read an uploaded file, it is not a workbook we can read
        raise ValidationError(_("The file is not an Excel workbook (.xlsx).")) from exc


def _limited_rows(rows: Iterable[tuple[Any, ...]], max_rows: int) -> Iterable[tuple[Any, ...]]:
    filled = 0
    for row in rows:
        filled += not all(is_blank(cell) for cell in row)
        if filled > max_rows + HEADER_SEARCH_ROWS:
            raise ValidationError(_("The file has more than %(max)d rows.") % {"max": max_rows})
        yield row


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def excel_text(value: str) -> str:
    """Return `value` without what an XLSX file cannot hold (control characters, lone surrogates)."""
    from thanthien.core.validation import without_bad_characters

    return without_bad_characters(value)


def write_cell(cell: Any, value: Any) -> Any:
    """Put `value` in an openpyxl cell as data, never as a formula: text is cleaned and typed as text."""
    if isinstance(value, str):
        cell.value = excel_text(value)
        # OWASP "CSV injection": "=1+1", "+…", "-…", "@SUM(…)" typed by someone stays text, never runs
        cell.data_type = "s"
    elif isinstance(value, datetime) and timezone.is_aware(value):
        cell.value = timezone.localtime(value).replace(tzinfo=None)  # Excel has no time zones
    else:
        cell.value = value
    return cell


def append_row(sheet: Any, values: Iterable[Any]) -> None:
    """Append `values` to a sheet (write-only or not) through `write_cell`: typed text stays text."""
    make = WriteOnlyCell if isinstance(sheet, WriteOnlyWorksheet) else Cell
    sheet.append([write_cell(make(sheet), value) for value in values])


def xlsx_response(sheet_title: str, rows: Iterable[list[Any]], filename: str) -> HttpResponse:
    """Return a download of one sheet holding `rows` (streamed into a write-only workbook); every text cell
    is written as text (see `write_cell`), whatever a citizen typed."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(excel_text(sheet_title)[:31])
    for row in rows:
        append_row(sheet, row)
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
