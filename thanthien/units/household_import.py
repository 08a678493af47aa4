"""Import a commune's households from an XLSX sheet: every row, or none.

Columns, found by their header within the first rows (matched without case or diacritics): village
("Thôn"), head of household ("Chủ hộ"), and optionally address ("Địa chỉ"), phone ("Số điện thoại") and
consent to messages ("Đồng ý nhận tin nhắn": có / x / 1). The whole file is checked before anything is
written; a household already recorded (same village, head and address) is skipped, so importing the same
file again changes nothing.
"""

import io
from dataclasses import dataclass, field
from typing import Any

import openpyxl
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.styles import Font

from thanthien.core import audit
from thanthien.core.models import AuditEvent
from thanthien.core.phones import normalise_phone
from thanthien.core.spreadsheets import (
    HEADER_SEARCH_ROWS,
    find_header,
    header_key,
    is_blank,
    read_first_sheet,
)
from thanthien.units import permissions, queries
from thanthien.units.models import Household, Unit, User
from thanthien.units.village_import import clean_name, name_key

MAX_ROWS = 20_000  # Seed 003: 1,716 households in 5 villages; a province-size file is the wrong one
COLUMNS = {
    "village": {"thon", "ten thon", "thon xom", "thon to dan pho", "village"},
    "head_name": {"chu ho", "ho ten chu ho", "ten chu ho", "head of household"},
    "address": {"dia chi", "address"},
    "phone": {"so dien thoai", "dien thoai", "sdt", "phone"},
    "consent": {"dong y nhan tin nhan", "dong y nhan tin", "consent", "agrees to messages by sms zalo"},
}
# The blank sheet's own headers, in the language it was made in, are recognised too.
TEMPLATE_HEADERS = {
    "village": gettext_lazy("Village"),
    "head_name": gettext_lazy("Head of household"),
    "address": gettext_lazy("Address"),
    "phone": gettext_lazy("Phone"),
    "consent": gettext_lazy("Agrees to messages by SMS/Zalo"),
}
YES = {"co", "x", "1", "dong y", "yes", "true"}
NO = {"", "khong", "0", "no", "false"}


@dataclass(frozen=True)
class HouseholdRow:
    line: int
    village: Unit
    head_name: str
    address: str
    phone: str
    has_sms_consent: bool


@dataclass
class HouseholdReport:
    errors: list[tuple[int, str]] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    to_create: list[HouseholdRow] = field(default_factory=list)
    created: list[Household] = field(default_factory=list)


def _headers_of(values: list[tuple[Any, ...]]) -> tuple[int, dict[str, int]]:
    name_of = {
        key: column
        for column, names in reversed(COLUMNS.items())
        for key in names | {header_key(TEMPLATE_HEADERS[column])}
    }
    header = find_header(values, name_of, required=["village", "head_name"])
    if header is not None:
        return header.index, header.columns
    raise ValidationError(
        _(
            "No header row with the columns “Village” and “Head of household” was found "
            "in the first %(rows)d rows."
        )
        % {"rows": HEADER_SEARCH_ROWS}
    )


def _text(cells: tuple[Any, ...], columns: dict[str, int], name: str) -> str:
    index = columns.get(name)
    value = cells[index] if index is not None and index < len(cells) else None
    return "" if is_blank(value) else clean_name(value)


def check_household_rows(
    values: list[tuple[Any, ...]], *, villages: dict[str, Unit], existing: set[tuple[int, str, str]]
) -> HouseholdReport:
    """Return the households to create, those already there, and every row's errors (whole file)."""
    header, columns = _headers_of(values)
    report, seen = HouseholdReport(), dict[tuple[int, str, str], int]()
    for line, cells in enumerate(values[header + 1 :], start=header + 2):
        fields = {name: _text(cells, columns, name) for name in COLUMNS}
        if not any(fields.values()):
            continue
        problems, village = [], villages.get(name_key(fields["village"]))
        if village is None:
            problems.append(
                _("The village “%(name)s” is not one of the commune's.") % {"name": fields["village"]}
            )
        if not fields["head_name"]:
            problems.append(_("The head of household's name is empty."))
        try:
            phone = normalise_phone(fields["phone"])
        except ValidationError as error:
            phone = ""
            problems.extend(error.messages)
        consent = header_key(fields["consent"])
        if consent not in YES | NO:
            problems.append(
                _("Write “có” or leave empty in the consent column, not “%(value)s”.")
                % {"value": fields["consent"]}
            )
        if consent in YES and not phone:
            problems.append(_("Consent to messages needs a phone number."))
        key = (village.pk if village else 0, name_key(fields["head_name"]), name_key(fields["address"]))
        if not problems and key in seen:
            problems.append(_("The same household as row %(row)d.") % {"row": seen[key]})
        report.errors.extend((line, problem) for problem in problems)
        if problems:
            continue
        seen[key] = line
        if key in existing:
            report.skipped.append((line, fields["head_name"]))
            continue
        # A row without its village has a problem and went on above.
        row = HouseholdRow(line, village, fields["head_name"], fields["address"], phone, consent in YES)  # type: ignore[arg-type]
        report.to_create.append(row)
    if not report.errors and not report.to_create and not report.skipped:
        raise ValidationError(_("The file has no household rows below its header."))
    return report


def import_households(commune: Unit, file: Any, *, by: User) -> HouseholdReport:
    """Add the households listed in an XLSX file to a commune's villages in one transaction, or none."""
    if by is not None and not permissions.can_change_unit(by, commune):
        raise PermissionDenied
    if commune.level != Unit.Level.COMMUNE:
        raise ValidationError(_("Households belong to the villages of a commune."))
    values = read_first_sheet(file, max_rows=MAX_ROWS)
    with transaction.atomic():
        commune = Unit.objects.select_for_update().get(pk=commune.pk)  # two imports run one after the other
        villages = {name_key(v.name): v for v in queries.villages(commune)}
        existing = {
            (village_id, name_key(head), name_key(address))
            for village_id, head, address in Household.objects.filter(village__parent=commune).values_list(
                "village_id", "head_name", "address"
            )
        }
        report = check_household_rows(values, villages=villages, existing=existing)
        if report.errors:
            return report
        report.created = Household.objects.bulk_create(
            Household(
                village=row.village,
                head_name=row.head_name,
                address=row.address,
                phone=row.phone,
                has_sms_consent=row.has_sms_consent,
            )
            for row in report.to_create
        )
        audit.record(
            AuditEvent.Action.CREATE,
            commune,
            by=by,
            object_repr=_("Households imported"),
            changes={"source": "xlsx", "households": len(report.created)},
        )
    return report


def template_workbook() -> bytes:
    """Return an empty household sheet with the headers the import recognises, as XLSX bytes."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = _("Households")[:31]
    sheet.append([str(label) for label in TEMPLATE_HEADERS.values()])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDE", (18, 30, 40, 16, 16), strict=True):
        sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
