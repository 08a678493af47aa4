"""Pure rules of plans, tasks and evidence: no database, no clock (callers pass dates in)."""

import calendar
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from thanthien.core.workdays import WorkCalendar

# Evidence of a task: a scan, a photo, a Word/PDF/spreadsheet file. The first bytes must match the name.
EVIDENCE_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
}
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


def check_evidence(name: str, head: bytes, size: int) -> str:
    """Return the file's type (its extension) when it is allowed evidence; raise ValidationError otherwise."""
    kind = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    signatures = EVIDENCE_SIGNATURES.get(kind)
    if signatures is None:
        raise ValidationError(
            _("Evidence must be a PDF, JPG, PNG, DOCX or XLSX file; %(name)s is not."), params={"name": name}
        )
    if size == 0 or size > EVIDENCE_MAX_BYTES:
        raise ValidationError(
            _("An evidence file must be larger than 0 and at most %(mb)s MB."),
            params={"mb": EVIDENCE_MAX_BYTES // (1024 * 1024)},
        )
    if not any(head.startswith(signature) for signature in signatures):
        raise ValidationError(
            _("The content of %(name)s is not a %(kind)s file."), params={"name": name, "kind": kind.upper()}
        )
    return kind


def due_date(start: date, *, working_days: int | None, on: date | None, calendar_: WorkCalendar) -> date:
    """Return a task's due date: `on` as given, or `working_days` working days after `start`."""
    if on is not None:
        return on
    if working_days is None or working_days < 1:
        raise ValidationError(_("Give a due date or a number of working days."))
    return calendar_.add_working_days(start, working_days)


def month_span(plan_start: date, start_month: int, end_month: int) -> tuple[date, date]:
    """Return the first and last day of a step given in months counted from the plan's first month (1)."""

    def shifted(months: int) -> tuple[int, int]:
        index = plan_start.month - 1 + months - 1
        return plan_start.year + index // 12, index % 12 + 1

    first_year, first_month = shifted(start_month)
    last_year, last_month = shifted(end_month)
    first = max(plan_start, date(first_year, first_month, 1))
    return first, date(last_year, last_month, calendar.monthrange(last_year, last_month)[1])


def figure_value(figures: dict[str, Any], key: str) -> Decimal | None:
    """Return the figure `section.name` of reports.figures (None when there is none yet)."""
    value: Any = figures
    for part in key.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return None if value is None else Decimal(str(value))


def target_met(value: Decimal | None, comparison: str, target: Decimal) -> bool | None:
    """Return whether a value meets a target (None when there is no value to judge)."""
    if value is None:
        return None
    return value >= target if comparison == "gte" else value <= target


def reminder_due(today: date, due_on: date, days_before: int, calendar_: WorkCalendar) -> bool:
    """Return True from `days_before` working days before the due date up to the due date itself."""
    return today <= due_on and calendar_.working_days_between(today, due_on) <= days_before
