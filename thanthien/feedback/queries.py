"""Named reads of feedback cases that the screens, the API, the exports and the leader's dashboard share.

Nothing here ever reads a sender's identity: the identity table is not joined, and the rows a list shows
carry no name, address or contact.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, QuerySet

from thanthien.core.text import fold_vietnamese
from thanthien.feedback import intake
from thanthien.feedback.models import CLOSED_STATUSES, FeedbackItem

Status = FeedbackItem.Status
WAITING_ACCEPTANCE = [Status.RECEIVED]
WORKING = [Status.ACCEPTED, Status.IN_PROGRESS]
DONE = [Status.RESOLVED, Status.CLOSED]


def late(today: date) -> Q:
    """Open cases past the limit of the step they wait for (see FeedbackItem.current_due_on)."""
    return (
        Q(status__in=WAITING_ACCEPTANCE, accept_due_on__lt=today)
        | Q(status__in=WORKING, resolve_due_on__lt=today)
        | Q(status__in=WORKING, resolve_due_on=None, accept_due_on__lt=today)
    )


def overdue(items: QuerySet[FeedbackItem], today: date) -> QuerySet[FeedbackItem]:
    """Open cases past the limit of the step they wait for (acceptance, then resolution)."""
    return items.filter(late(today))


def in_progress(items: QuerySet[FeedbackItem]) -> QuerySet[FeedbackItem]:
    return items.exclude(status__in=CLOSED_STATUSES)


def search(items: QuerySet[FeedbackItem], text: str) -> QuerySet[FeedbackItem]:
    """Cases whose tracking code or content holds the text (content matched with and without diacritics).

    Only the content and the code are searched: a sender's name cannot be found, because it is not there.
    """
    text = text.strip()
    if not text:
        return items
    folded = fold_vietnamese(text).lower()
    return items.filter(
        Q(tracking_code__iexact=text) | Q(content__icontains=text) | Q(content__icontains=folded)
    )


def useful_without_letter(items: QuerySet[FeedbackItem]) -> QuerySet[FeedbackItem]:
    """Items marked as useful contributions whose thank-you letter has not been drafted yet."""
    return items.filter(is_useful_contribution=True, thanks_letter_ref="")


def published_answers(commune: Any) -> QuerySet[FeedbackItem]:
    """Answers a commune chose to publish: the public page shows the content and the answer, never a name."""
    return (
        FeedbackItem.objects.filter(unit=commune, is_published=True, status__in=DONE)
        .exclude(kind__in=intake.UNPUBLISHABLE_KINDS)
        .order_by("-resolved_on", "-id")
    )


def open311_requests(commune: Any = None) -> QuerySet[FeedbackItem]:
    """Cases of a kind whose answer may be published (intake.may_publish): the public Open311 list, of one
    commune or (None) of all. What of each is shown is open311._request_out's business."""
    items = FeedbackItem.objects.exclude(kind__in=intake.UNPUBLISHABLE_KINDS)
    if commune is not None:
        items = items.filter(unit=commune)
    return items.select_related("unit")


# --- Counts for the leader's dashboard ---------------------------------------------------------------------
@dataclass
class Row:
    key: str
    label: str
    received: int = 0
    resolved: int = 0
    in_progress: int = 0
    overdue: int = 0


@dataclass
class Counts:
    total: Row
    by_kind: list[Row] = field(default_factory=list)
    by_channel: list[Row] = field(default_factory=list)
    by_topic: list[Row] = field(default_factory=list)
    by_village: list[Row] = field(default_factory=list)
    by_month: list[Row] = field(default_factory=list)
    average_days_to_resolve: float | None = None
    useful_without_letter: int = 0

    def chart_data(self) -> dict[str, Any]:
        def series(rows: list[Row]) -> dict[str, list[Any]]:
            return {
                "labels": [row.label for row in rows],
                "received": [row.received for row in rows],
                "resolved": [row.resolved for row in rows],
                "overdue": [row.overdue for row in rows],
            }

        return {
            "kinds": series(self.by_kind),
            "months": series(self.by_month),
            "topics": series(self.by_topic),
        }


def _aggregates(today: date) -> dict[str, Any]:
    return {
        "received": Count("id"),
        "resolved": Count("id", filter=Q(status__in=DONE)),
        "in_progress": Count("id", filter=~Q(status__in=CLOSED_STATUSES)),
        "overdue": Count("id", filter=late(today)),
    }


def _rows(items: QuerySet[FeedbackItem], key: str, labels: Mapping[Any, object], today: date) -> list[Row]:
    rows = []
    for values in items.values(key).annotate(**_aggregates(today)).order_by("-received", key):
        value = values.pop(key)
        rows.append(Row(key=str(value or ""), label=str(labels.get(value, value or "–")), **values))
    return rows


def counts(items: QuerySet[FeedbackItem], *, date_from: date, date_to: date, today: date) -> Counts:
    """Received, resolved, in progress and overdue cases received in a period, in total and by kind, channel,
    topic, village and month; the average number of days from receipt to resolution.

    A handful of grouped queries, whatever the number of cases.
    """
    items = items.filter(received_on__gte=date_from, received_on__lte=date_to)
    total = Row(key="", label="", **items.aggregate(**_aggregates(today)))
    villages: dict[int | None, str] = dict(
        items.exclude(village=None).values_list("village_id", "village__name").distinct()
    )
    villages[None] = "–"
    months = []
    for values in (
        items.annotate(year=F("received_on__year"), month=F("received_on__month"))
        .values("year", "month")
        .annotate(**_aggregates(today))
        .order_by("year", "month")
    ):
        counted: dict[str, Any] = dict(values)  # the counts, without the month they are of
        year, month = counted.pop("year"), counted.pop("month")
        months.append(Row(key=f"{year}-{month:02d}", label=f"{month:02d}/{year}", **counted))
    duration = ExpressionWrapper(F("resolved_on") - F("received_on"), output_field=DurationField())
    average = items.filter(resolved_on__isnull=False).aggregate(days=Avg(duration))["days"]
    return Counts(
        total=total,
        by_kind=_rows(items, "kind", dict(FeedbackItem.Kind.choices), today),
        by_channel=_rows(items, "channel", dict(FeedbackItem.Channel.choices), today),
        by_topic=_rows(items, "topic", dict(FeedbackItem.Topic.choices), today),
        by_village=_rows(items, "village", villages, today),
        by_month=months,
        average_days_to_resolve=round(average.total_seconds() / 86400, 1) if average is not None else None,
        useful_without_letter=useful_without_letter(items).count(),
    )
