"""The list of cases as an Excel file. It never carries a sender's name, address or contact."""

from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from thanthien.core.formatting import format_date as _date
from thanthien.core.spreadsheets import xlsx_response


def feedback_rows(items: Any) -> Any:
    """Yield the header, then one row per case (streamed from the database)."""
    yield [
        _("No."),
        _("Tracking code"),
        _("Received on"),
        pgettext("feedback", "Channel"),
        _("Kind"),
        _("Topic"),
        _("Village"),
        _("Content"),
        _("Status"),
        _("Accept or answer by"),
        _("Resolve by"),
        _("Assigned to"),
        _("Resolved on"),
        _("Decision number"),
        _("Public answer"),
    ]
    rows = items.select_related("village", "assignee").iterator(chunk_size=2000)
    for number, item in enumerate(rows, start=1):
        yield [
            number,
            item.tracking_code,
            _date(item.received_on),
            item.get_channel_display(),
            item.get_kind_display(),
            item.get_topic_display(),
            item.village.name if item.village else "",
            item.content,
            item.get_status_display(),
            _date(item.accept_due_on),
            _date(item.resolve_due_on),
            str(item.assignee) if item.assignee else "",
            _date(item.resolved_on),
            item.decision_number,
            item.public_answer,
        ]


def feedback_xlsx_response(items: Any) -> HttpResponse:
    return xlsx_response(
        _("Feedback cases"), feedback_rows(items), f"so-theo-doi-don-thu-{timezone.localdate():%Y%m%d}.xlsx"
    )
