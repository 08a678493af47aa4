"""The tracking book (sổ theo dõi hồ sơ, form 06) as an Excel file, written row by row."""

from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from thanthien.core.spreadsheets import xlsx_response


def _date(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "hour"):
        value = timezone.localtime(value)
        return f"{value:%d/%m/%Y %H:%M}"
    return f"{value:%d/%m/%Y}"


def book_rows(dossiers: Any) -> Any:
    """Yield the header, then one row per dossier (streamed from the database)."""
    yield [
        _("No."),
        _("Dossier code"),
        _("Procedure"),
        _("Applicant"),
        _("Phone"),
        _("Channel"),
        _("Received"),
        _("Due date"),
        _("Legal due date"),
        _("Result ready"),
        _("Returned"),
        _("Status"),
        _("Timeliness"),
    ]
    for number, dossier in enumerate(dossiers.select_related("procedure").iterator(chunk_size=2000), start=1):
        yield [
            number,
            dossier.code,
            dossier.procedure.name,
            dossier.applicant_name,
            dossier.applicant_phone,
            dossier.get_channel_display(),
            _date(dossier.received_at),
            _date(dossier.due_on),
            _date(dossier.statutory_due_on),
            _date(dossier.ready_at),
            _date(dossier.returned_at),
            dossier.get_status_display(),
            dossier.get_timeliness_display(),
        ]


def book_xlsx_response(dossiers: Any) -> HttpResponse:
    return xlsx_response(
        _("Tracking book"), book_rows(dossiers), f"so-theo-doi-ho-so-{timezone.localdate():%Y%m%d}.xlsx"
    )
