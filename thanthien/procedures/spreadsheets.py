"""The procedure catalogue as an XLSX sheet: its columns, reading and checking a sheet (no writes), and
writing the export and the empty template. The import's write is `services.import_procedures_xlsx`.

The import is all-or-nothing: the whole sheet is checked before anything is written, a sheet with any wrong
row writes nothing, and the procedure code is the key, so importing a sheet again changes nothing. The export
writes the headers the import reads, so an exported sheet can be edited and imported back.
"""

import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

import openpyxl
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import override as language_override
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from thanthien.core.spreadsheets import (
    HEADER_SEARCH_ROWS,
    find_header,
    header_key,
    is_blank,
    read_first_sheet,
    write_cell,
)
from thanthien.core.text import fold_vietnamese
from thanthien.procedures.cleaning import (
    EDITABLE_FIELDS,
    FEE_NOTE_LABEL,
    IN_USE_LABEL,
    clean_procedure_fields,
    one_line,
)
from thanthien.procedures.models import Procedure

MAX_ROWS = 2000  # a commune handles a few hundred procedures; a bigger sheet is the wrong file
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- The XLSX sheet: columns --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Column:
    """One column of the sheet: its field, its header (in the current language) and the headers it accepts."""

    field: str
    label: Promise
    aliases: frozenset[str]  # folded with header_key(), in Vietnamese and English
    width: int = 20
    wrap: bool = False

    def accepts(self, key: str) -> bool:
        """Return True when a folded header names this column."""
        return key in self.aliases or key == header_key(self.label)


COLUMNS = (
    Column("code", gettext_lazy("Code"), frozenset({"ma", "ma thu tuc", "ma tthc", "ma so", "code"}), 18),
    Column(
        "name",
        gettext_lazy("Name"),
        frozenset({"ten", "ten thu tuc", "ten tthc", "ten thu tuc hanh chinh", "name", "procedure"}),
        60,
        wrap=True,
    ),
    Column("field", gettext_lazy("Field"), frozenset({"linh vuc", "field"}), 24),
    Column(
        "time_limit_days",
        gettext_lazy("Time limit (days)"),
        frozenset(
            {
                "thoi han",
                "thoi han giai quyet",
                "thoi han ngay lam viec",
                "thoi han giai quyet ngay lam viec",
                "thoi han giai quyet ngay",
                "time limit",
                "time limit working days",
            }
        ),
        14,
    ),
    Column(
        "fee", gettext_lazy("Fee (đồng)"), frozenset({"phi", "phi dong", "muc phi", "fee", "fee dong"}), 14
    ),
    Column(
        "charge",
        gettext_lazy("Charge (đồng)"),
        frozenset({"le phi", "le phi dong", "muc le phi", "charge", "charge dong"}),
        14,
    ),
    Column(
        "fee_note",
        FEE_NOTE_LABEL,
        frozenset({"ghi chu phi le phi", "ghi chu phi", "ghi chu le phi", "fee note"}),
        40,
        wrap=True,
    ),
    Column(
        "required_papers",
        gettext_lazy("Required papers (one per line)"),
        frozenset(
            {
                "thanh phan ho so",
                "thanh phan ho so moi dong mot giay to",
                "giay to",
                "ho so",
                "required papers",
                "required papers one per line",
            }
        ),
        60,
        wrap=True,
    ),
    Column(
        "online_level",
        gettext_lazy("Online level"),
        frozenset(
            {
                "muc do",
                "muc do truc tuyen",
                "muc do dich vu cong truc tuyen",
                "dich vu cong truc tuyen",
                "online level",
            }
        ),
        22,
    ),
    Column(
        "result_kind", gettext_lazy("Result kind"), frozenset({"loai ket qua", "ket qua", "result kind"}), 22
    ),
    Column(
        "legal_basis",
        gettext_lazy("Legal basis"),
        frozenset({"can cu phap ly", "co so phap ly", "legal basis"}),
        50,
        wrap=True,
    ),
    Column("is_active", IN_USE_LABEL, frozenset({"dang ap dung", "con ap dung", "in use", "active"}), 12),
    Column(
        "time_limit_unit",
        gettext_lazy("Time limit counted in"),
        frozenset({"tinh theo", "don vi thoi han", "loai ngay", "time limit unit", "counted in"}),
        16,
    ),
    Column(
        "national_code",
        gettext_lazy("National code"),
        frozenset(
            {"ma quoc gia", "ma tthc quoc gia", "ma csdl quoc gia", "ma dvc quoc gia", "national code"}
        ),
        18,
    ),
)
COLUMN_BY_FIELD = {column.field: column for column in COLUMNS}
HEADER_REQUIRED = ("code", "name", "field", "time_limit_days")

# Cell words accepted besides the choice values and their labels in Vietnamese and English (folded).
CHOICE_WORDS: dict[str, dict[str, str]] = {
    "time_limit_unit": {
        "ngay lam viec": Procedure.TimeLimitUnit.WORKING_DAYS,
        "lam viec": Procedure.TimeLimitUnit.WORKING_DAYS,
        "ngay lich": Procedure.TimeLimitUnit.CALENDAR_DAYS,
        "ngay theo lich": Procedure.TimeLimitUnit.CALENDAR_DAYS,
        "lich": Procedure.TimeLimitUnit.CALENDAR_DAYS,
        "ngay": Procedure.TimeLimitUnit.CALENDAR_DAYS,
    },
    "online_level": {
        "toan trinh": Procedure.OnlineLevel.FULL_ONLINE,
        "truc tuyen toan trinh": Procedure.OnlineLevel.FULL_ONLINE,
        "mot phan": Procedure.OnlineLevel.PARTLY_ONLINE,
        "truc tuyen mot phan": Procedure.OnlineLevel.PARTLY_ONLINE,
        "truc tiep": Procedure.OnlineLevel.IN_PERSON,
        "chi nop truc tiep": Procedure.OnlineLevel.IN_PERSON,
        "in person": Procedure.OnlineLevel.IN_PERSON,
    },
    "result_kind": {
        "khac": Procedure.ResultKind.OTHER,
        "ket qua khac": Procedure.ResultKind.OTHER,
        "khai sinh": Procedure.ResultKind.BIRTH,
        "dang ky khai sinh": Procedure.ResultKind.BIRTH,
        "ket hon": Procedure.ResultKind.MARRIAGE,
        "dang ky ket hon": Procedure.ResultKind.MARRIAGE,
        "khai tu": Procedure.ResultKind.DEATH,
        "dang ky khai tu": Procedure.ResultKind.DEATH,
    },
}
CHOICE_FIELDS: dict[str, Any] = {
    "online_level": Procedure.OnlineLevel,
    "result_kind": Procedure.ResultKind,
    "time_limit_unit": Procedure.TimeLimitUnit,
}
YES_WORDS = {"co", "x", "1", "yes", "true", "dang ap dung", "con ap dung"}
NO_WORDS = {"khong", "0", "no", "false", "ngung ap dung", "het hieu luc"}
FREE_WORDS = {"mien", "mien phi", "mien le phi", "khong", "khong thu", "khong thu phi", "free"}


# --- The XLSX sheet: reading (no database) ------------------------------------------------------------------
@dataclass(frozen=True)
class ProcedureRow:
    """One checked data row: the values of the columns the sheet has, and its row number in Excel."""

    line: int
    values: dict[str, Any]


@dataclass
class ImportReport:
    errors: list[tuple[int, str]] = field(default_factory=list)  # (row, message): then nothing was written
    unchanged: list[tuple[int, str]] = field(default_factory=list)  # (row, code) already as in the sheet
    to_create: list[ProcedureRow] = field(default_factory=list)
    to_update: list[tuple[ProcedureRow, Procedure]] = field(default_factory=list)
    created: list[Procedure] = field(default_factory=list)
    updated: list[Procedure] = field(default_factory=list)


def _cell_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value)


def _parse_time_limit(value: Any) -> Decimal | None:
    if is_blank(value):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Decimal(str(value))
    text = fold_vietnamese(str(value))
    if text in {"trong ngay", "ngay trong ngay", "same day"}:
        return Decimal(0)
    if text in {"nua ngay", "half a day", "half day"}:
        return Decimal("0.5")
    if match := re.fullmatch(r"(\d+(?:[.,]\d+)?)\s*(ngay( lam viec)?|working days?)?", text):
        return Decimal(match.group(1).replace(",", "."))
    raise ValueError(_("The time limit “%(value)s” is not a number of working days.") % {"value": value})


def _parse_amount(value: Any, label: Promise) -> Any:
    if is_blank(value):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Decimal(str(value))
    text = fold_vietnamese(str(value))
    if text in FREE_WORDS:
        return 0
    digits = re.sub(r"\s*(d|dong|vnd)\.?$", "", text).replace(".", "").replace(",", "").replace(" ", "")
    if not re.fullmatch(r"-?\d+", digits):
        message = _("“%(column)s”: “%(value)s” is not an amount in đồng.")
        raise ValueError(message % {"column": label, "value": value})
    return int(digits)


def _parse_choice(value: Any, name: str) -> str:
    if is_blank(value):
        return str(cast(models.Field, Procedure._meta.get_field(name)).default)  # a column, not a relation
    choices = CHOICE_FIELDS[name]
    words = dict(CHOICE_WORDS[name])
    for choice in choices:
        words[header_key(choice.value)] = choice.value
        words[header_key(choice.label)] = choice.value
        with language_override("en"):
            words[header_key(choice.label)] = choice.value
    return words.get(header_key(value), _cell_text(value).strip())


def _parse_flag(value: Any) -> bool:
    if is_blank(value):
        return True
    if isinstance(value, bool):
        return value
    key = header_key(value)
    if key in YES_WORDS or key == header_key(_("Yes")):
        return True
    if key in NO_WORDS or key == header_key(_("No")):
        return False
    message = _("“%(column)s”: write “%(yes)s” or “%(no)s”, not “%(value)s”.")
    raise ValueError(message % {"column": IN_USE_LABEL, "yes": _("Yes"), "no": _("No"), "value": value})


def _parse_cell(name: str, value: Any) -> Any:
    """Return a cell's value in the type its field takes, or raise ValueError with the row's message."""
    if name == "time_limit_days":
        return _parse_time_limit(value)
    if name in {"fee", "charge"}:
        return _parse_amount(value, COLUMN_BY_FIELD[name].label)
    if name in CHOICE_FIELDS:
        return _parse_choice(value, name)
    if name == "is_active":
        return _parse_flag(value)
    return _cell_text(value)


def read_procedure_sheet(file: Any) -> list[tuple[int, dict[str, Any]]]:
    """Return (row number, {field: cell}) for each data row of an XLSX file, below its recognised header."""
    return _rows_below_header(read_first_sheet(file, max_rows=MAX_ROWS))


def _column_named(key: str) -> str | None:
    """Return the field a folded header names, or None."""
    return next((column.field for column in COLUMNS if column.accepts(key)), None)


def _rows_below_header(values: list[tuple[Any, ...]]) -> list[tuple[int, dict[str, Any]]]:
    header = find_header(values, _column_named, required=["code", "name"])
    if header is not None:
        index, columns = header.index, {i: name for name, i in header.columns.items()}
        missing = [COLUMN_BY_FIELD[name].label for name in HEADER_REQUIRED if name not in columns.values()]
        if missing:
            raise ValidationError(
                _("The header row has no column for: %(columns)s.")
                % {"columns": ", ".join(map(str, missing))}
            )
        rows = []
        for line, cells in enumerate(values[index + 1 :], start=index + 2):
            cells_by_field = {name: cells[i] if i < len(cells) else None for i, name in columns.items()}
            # Other columns (No., notes) may be filled on a row without a procedure.
            if not all(is_blank(cell) for cell in cells_by_field.values()):
                rows.append((line, cells_by_field))
        if not rows:
            raise ValidationError(_("The file has no procedure rows below its header."))
        return rows
    raise ValidationError(
        _(
            "No header row with “%(code)s” and “%(name)s” columns was found in the first %(rows)d rows "
            "of the first sheet."
        )
        % {
            "code": COLUMN_BY_FIELD["code"].label,
            "name": COLUMN_BY_FIELD["name"].label,
            "rows": HEADER_SEARCH_ROWS,
        }
    )


def check_procedure_rows(
    rows: list[tuple[int, dict[str, Any]]],
    *,
    existing: dict[str, Procedure],
    national: dict[str, Procedure] | None = None,
) -> ImportReport:
    """Sort the rows into new, changed and unchanged procedures, and list every row's errors.

    `existing` maps each catalogue code, case-folded, to its procedure: the code is the key of a row. A row
    whose code is not in the catalogue is matched by the national code instead (its own national code, or
    its code when the sheet comes from the national portal): `national` maps each national code, folded.
    """
    national = national if national is not None else {}
    report = ImportReport()
    first_line: dict[str, int] = {}
    for line, cells in rows:
        problems, parsed = [], {}
        for name, cell in cells.items():
            try:
                parsed[name] = _parse_cell(name, cell)
            except ValueError as exc:
                problems.append(str(exc))
        try:
            values = clean_procedure_fields(parsed)
        except ValidationError as exc:
            values = {}
            problems = [
                message for name in EDITABLE_FIELDS for message in exc.message_dict.get(name, [])
            ] + problems
        code_key = one_line(cells.get("code")).casefold()
        if code_key and code_key in first_line:
            problems.insert(0, _("The same code as row %(row)d.") % {"row": first_line[code_key]})
        elif code_key:
            first_line[code_key] = line
        national_key = str(values.get("national_code") or "").casefold()
        procedure = (
            existing.get(code_key)
            or (national.get(national_key) if national_key else None)
            or national.get(code_key)
        )
        holder = national.get(national_key) if national_key else None
        if holder is not None and procedure is not None and holder.pk != procedure.pk:
            problems.append(
                _("The national code %(code)s is already that of %(other)s.")
                % {"code": values["national_code"], "other": holder.code}
            )
        report.errors.extend((line, problem) for problem in problems)
        if problems:
            continue
        row = ProcedureRow(line, values)
        if procedure is None:
            report.to_create.append(row)
        else:
            del values["code"]  # the key: a row never renames a procedure, whatever the letter case
            if any(getattr(procedure, name) != value for name, value in values.items()):
                report.to_update.append((row, procedure))
            else:
                report.unchanged.append((line, procedure.code))
    return report


def _new_sheet() -> tuple[openpyxl.Workbook, Any]:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = _("Procedures")[:31]
    sheet.append([str(column.label) for column in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        sheet.cell(row=1, column=index).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    return workbook, sheet


def _workbook_bytes(workbook: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _export_value(procedure: Procedure, name: str) -> Any:
    value = getattr(procedure, name)
    if name == "time_limit_days":
        return int(value) if value == value.to_integral_value() else float(value)
    if name in CHOICE_FIELDS:
        return str(CHOICE_FIELDS[name](value).label)
    if name == "is_active":
        return _("Yes") if value else _("No")
    return value


def export_procedures_xlsx(queryset: QuerySet[Procedure]) -> bytes:
    """Return the procedures as an XLSX sheet with the import's headers, one procedure per row."""
    workbook, sheet = _new_sheet()
    for line, procedure in enumerate(queryset, start=2):
        for index, column in enumerate(COLUMNS, start=1):
            cell = write_cell(sheet.cell(row=line, column=index), _export_value(procedure, column.field))
            if column.wrap:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            elif column.field == "code":
                cell.number_format = "@"
    return _workbook_bytes(workbook)


def procedure_template_xlsx() -> bytes:
    """Return an empty import sheet with the headers the import recognises, as XLSX bytes."""
    workbook, sheet = _new_sheet()
    sheet.column_dimensions["A"].number_format = "@"  # keep typed codes like 2.000815 as text, not numbers
    return _workbook_bytes(workbook)
