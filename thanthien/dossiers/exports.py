"""The tracking book (sổ theo dõi hồ sơ, form 06) as an Excel file, written row by row."""

from io import BytesIO
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
        _("No."), _("Dossier code"), _("Procedure"), _("Applicant"), _("Phone"), _("Channel"),
        _("Received"), _("Due date"), _("Legal due date"), _("Result ready"), _("Returned"), _("Status"),
        _("Timeliness"),
    ]  # fmt: skip
    for number, dossier in enumerate(dossiers.select_related("procedure").iterator(chunk_size=2000), start=1):
        yield [
            number, dossier.code, dossier.procedure.name, dossier.applicant_name, dossier.applicant_phone,
            dossier.get_channel_display(), _date(dossier.received_at), _date(dossier.due_date),
            _date(dossier.statutory_due_date), _date(dossier.ready_at), _date(dossier.returned_at),
            dossier.get_status_display(), dossier.get_timeliness_display(),
        ]  # fmt: skip


def book_xlsx_response(dossiers: Any) -> HttpResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Tracking book"))
    for row in book_rows(dossiers):
        sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="so-theo-doi-ho-so-{timezone.localdate():%Y%m%d}.xlsx"'
    )
    return response
