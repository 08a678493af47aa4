"""A criteria set as one XLSX file: read it (all-or-nothing, every error listed with its row and column),
write it back. The first sheet holds the criteria in the columns of `COLUMNS`, in that order; a second
sheet, `SET_SHEET`, holds the set's own fields (code, name, dates, legal basis, pass rule)."""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from typing import Any

import openpyxl
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from thanthien.assessment.models import CriteriaSet, Criterion
from thanthien.assessment.scoring import RuleError, number, parse_rule
from thanthien.core.spreadsheets import is_blank

COLUMNS = [
    "group_code",
    "group_name",
    "group_points",
    "criterion_code",
    "criterion_name",
    "points",
    "method",
    "indicator",
    "rule",
    "evidence",
]
SET_SHEET = "set"
SET_FIELDS = [
    "code",
    "name",
    "purpose",
    "province",
    "valid_from",
    "valid_to",
    "legal_basis",
    "pass_total",
    "group_floor_percent",
]
MAX_ROWS = 2000


@dataclass
class CriterionRow:
    code: str
    name: str
    points: Decimal
    method: str
    indicator: str
    rule: str
    evidence: str


@dataclass
class GroupRow:
    code: str
    name: str
    points: Decimal
    criteria: list[CriterionRow] = field(default_factory=list)


@dataclass
class SetFile:
    fields: dict[str, Any]
    groups: list[GroupRow]


def _text(value: Any) -> str:
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _points(value: Any) -> Decimal:
    if isinstance(value, int | float):
        return Decimal(str(value))
    return number(_text(value))


def _day(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if not text:
        return None
    for layout in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, layout).date()  # noqa: DTZ007 (a day, no time)
        except ValueError:
            continue
    raise ValueError(text)


def read_set_file(file: Any, known_indicators: set[str]) -> SetFile:
    """Read and check a set's file; raise ValidationError listing every error (row, column, why)."""
    try:
        workbook = openpyxl.load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # whatever fails to open an uploaded file, it is not a workbook we can read
        raise ValidationError(_("The file is not an Excel workbook (.xlsx).")) from exc
    try:
        rows = list(workbook.worksheets[0].iter_rows(values_only=True))[: MAX_ROWS + 1]
        set_values = _set_sheet_values(workbook)
    finally:
        workbook.close()
    header = [_text(cell) for cell in (rows[0] if rows else ())][: len(COLUMNS)]
    if header != COLUMNS:
        raise ValidationError(
            _("Row 1: the columns must be, in this order: %(columns)s.") % {"columns": ", ".join(COLUMNS)}
        )
    return parse_set(rows[1:], set_values, known_indicators, first_row=2)


def parse_set(
    rows: list[tuple[Any, ...]], set_values: dict[str, Any], known_indicators: set[str], *, first_row: int
) -> SetFile:
    """Check a set given as rows in the order of `COLUMNS` and its fields (`SET_FIELDS`), from a file or from
    the editor's page alike; raise ValidationError listing every error. Rows are numbered from `first_row`."""
    errors: list[str] = []
    set_fields = _set_fields(set_values, errors)
    groups = _read_rows(rows[:MAX_ROWS], known_indicators, errors, first_row)
    if not groups and not errors:
        errors.append(_("The file has no criteria."))
    if errors:
        raise ValidationError(errors)
    return SetFile(set_fields, groups)


def _set_sheet_values(workbook: Any) -> dict[str, Any]:
    if SET_SHEET not in workbook.sheetnames:
        return {}
    sheet = workbook[SET_SHEET]
    return {_text(row[0]): row[1] for row in sheet.iter_rows(values_only=True) if row and row[0]}


def _set_fields(values: dict[str, Any], errors: list[str]) -> dict[str, Any]:
    fields: dict[str, Any] = {name: _text(values.get(name)) for name in SET_FIELDS}
    for name in ("valid_from", "valid_to"):
        try:
            fields[name] = _day(values.get(name))
        except ValueError:
            errors.append(_("Sheet “set”, %(field)s: not a date (dd/mm/yyyy).") % {"field": name})
    for name in ("pass_total", "group_floor_percent"):
        if fields[name]:
            try:
                fields[name] = _points(values.get(name))
            except RuleError:
                errors.append(_("Sheet “set”, %(field)s: not a number.") % {"field": name})
        else:
            fields[name] = None
    return fields


def _read_rows(
    rows: list[tuple[Any, ...]], known_indicators: set[str], errors: list[str], first_row: int
) -> list[GroupRow]:
    groups: dict[str, GroupRow] = {}
    seen: set[str] = set()
    for number_, row in enumerate(rows, start=first_row):
        cells = {name: (row[index] if index < len(row) else None) for index, name in enumerate(COLUMNS)}
        if all(is_blank(value) for value in cells.values()):
            continue

        def error(column: str, why: str, row_number: int = number_) -> None:
            errors.append(
                _("Row %(row)d, column %(column)s: %(why)s")
                % {"row": row_number, "column": column, "why": why}
            )

        text = {name: _text(value) for name, value in cells.items()}
        for required in ("group_code", "group_name", "criterion_code", "criterion_name", "method"):
            if not text[required]:
                error(required, _("must not be empty."))
        values: dict[str, Decimal] = {}
        for name in ("group_points", "points"):
            try:
                values[name] = _points(cells[name])
                if values[name] <= 0:
                    error(name, _("must be more than 0."))
            except RuleError:
                error(name, _("“%(value)s” is not a number.") % {"value": text[name]})
        method = text["method"]
        if method and method not in Criterion.Method.values:
            error("method", _("must be one of: indicator, survey, manual."))
        if method in {"indicator", "survey"}:
            if not text["indicator"]:
                error("indicator", _("must name the figure the criterion is scored from."))
            elif text["indicator"] not in known_indicators:
                error(
                    "indicator",
                    _("“%(key)s” is not a figure the system counts.") % {"key": text["indicator"]},
                )
            try:
                rule = parse_rule(text["rule"])
                most = rule.most()
                if most is not None and "points" in values and most > values["points"]:
                    error("rule", _("gives more points than the criterion has."))
            except RuleError as exc:
                error("rule", str(exc))
        elif method == "manual" and text["indicator"]:
            error("indicator", _("must be empty for a criterion scored by a person."))
        if text["criterion_code"] in seen:
            error("criterion_code", _("“%(code)s” appears twice.") % {"code": text["criterion_code"]})
        seen.add(text["criterion_code"])
        group = groups.get(text["group_code"])
        if group is None:
            group = groups[text["group_code"]] = GroupRow(
                text["group_code"], text["group_name"], values.get("group_points", Decimal(0))
            )
        elif (text["group_name"], values.get("group_points")) != (group.name, group.points):
            error("group_points", _("the group's name and points differ from its first row."))
        group.criteria.append(
            CriterionRow(
                text["criterion_code"],
                text["criterion_name"],
                values.get("points", Decimal(0)),
                method,
                text["indicator"],
                text["rule"],
                text["evidence"],
            )
        )
    for group in groups.values():
        total = sum((criterion.points for criterion in group.criteria), Decimal(0))
        if total != group.points:
            errors.append(
                _("Group %(code)s: its criteria add up to %(total)s points, not the group's %(points)s.")
                % {"code": group.code, "total": _plain(total), "points": _plain(group.points)}
            )
    return list(groups.values())


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def set_rows(criteria_set: CriteriaSet) -> list[list[Any]]:
    """The set's criteria as rows in the order of `COLUMNS` (the file's first sheet, the editor's table)."""
    rows = []
    for group in criteria_set.groups.prefetch_related("criteria"):
        for criterion in group.criteria.all():
            rows.append(
                [
                    group.code,
                    group.name,
                    float(group.points),
                    criterion.code,
                    criterion.name,
                    float(criterion.points),
                    criterion.method,
                    criterion.indicator,
                    criterion.rule,
                    criterion.evidence,
                ]
            )
    return rows


def set_values(criteria_set: CriteriaSet) -> dict[str, Any]:
    """The set's own fields as the sheet `set` holds them (dates dd/mm/yyyy)."""
    return {
        "code": criteria_set.code,
        "name": criteria_set.name,
        "purpose": criteria_set.purpose,
        "province": criteria_set.province.code if criteria_set.province else "",
        "valid_from": criteria_set.valid_from.strftime("%d/%m/%Y"),
        "valid_to": criteria_set.valid_to.strftime("%d/%m/%Y") if criteria_set.valid_to else "",
        "legal_basis": criteria_set.legal_basis,
        "pass_total": float(criteria_set.pass_total),
        "group_floor_percent": float(criteria_set.group_floor_percent)
        if criteria_set.group_floor_percent is not None
        else "",
    }


def write_set_file(criteria_set: CriteriaSet) -> bytes:
    """The set as the XLSX file `read_set_file` reads back unchanged."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "criteria"
    sheet.append(COLUMNS)
    for row in set_rows(criteria_set):
        sheet.append(row)
    meta = workbook.create_sheet(SET_SHEET)
    values = set_values(criteria_set)
    for name in SET_FIELDS:
        meta.append([name, values[name]])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
