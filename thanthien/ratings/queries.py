"""Counting ratings in the database, for the indices: one aggregate query per tally."""

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth, TruncQuarter, TruncYear
from django.utils import timezone

from thanthien.ratings.indices import Tally
from thanthien.ratings.models import Rating, RatingLevel, Sentiment

# What the ratings can be grouped by: a column, or the local month, quarter or year of the rating.
GROUPINGS: dict[str, Any] = {
    "official": F("official_id"),
    "procedure": F("procedure_id"),
    "channel": F("channel"),
    "month": TruncMonth("rated_at"),
    "quarter": TruncQuarter("rated_at"),
    "year": TruncYear("rated_at"),
}


def _counts() -> dict[str, Any]:
    return {
        "satisfied": Count("pk", filter=Q(sentiment=Sentiment.SATISFIED)),
        "neutral": Count("pk", filter=Q(sentiment=Sentiment.NEUTRAL)),
        "dissatisfied": Count("pk", filter=Q(sentiment=Sentiment.DISSATISFIED)),
        "very_satisfied": Count("pk", filter=Q(is_top=True)),
        "level_sum": Sum("level"),
    }


def _tally_of(row: dict[str, Any], by_level: dict[int, int] | None = None) -> Tally:
    return Tally(
        satisfied=row["satisfied"],
        neutral=row["neutral"],
        dissatisfied=row["dissatisfied"],
        very_satisfied=row["very_satisfied"],
        level_sum=row["level_sum"] or 0,
        by_level=by_level or {},
    )


def tally(ratings: QuerySet[Rating]) -> Tally:
    """Count the ratings by sentiment and by raw level, in two aggregate queries."""
    by_level = dict(ratings.order_by().values_list("level").annotate(n=Count("pk")).values_list("level", "n"))
    return _tally_of(ratings.aggregate(**_counts()), by_level)


def tallies_by(ratings: QuerySet[Rating], grouping: str) -> dict[Any, Tally]:
    """Count the ratings per official, procedure, channel, month, quarter or year, in one grouped query.

    Keys are the official's or procedure's id (None for ratings without one), the channel's value, or the
    first day of the period (a local date).
    """
    rows = ratings.order_by().annotate(group=GROUPINGS[grouping]).values("group").annotate(**_counts())
    return {_as_date(row["group"]): _tally_of(row) for row in rows.order_by("group")}


def _as_date(value: Any) -> Any:
    return timezone.localdate(value) if isinstance(value, datetime) else value


def element_sentiments(ratings: QuerySet[Rating]) -> Iterator[tuple[str, str]]:
    """Yield (element, sentiment) for every element rated in the details, read through each scale."""
    sentiment_of = {(lv.scale_id, lv.value): lv.sentiment for lv in RatingLevel.objects.all()}
    for scale_id, details in ratings.exclude(details={}).values_list("scale_id", "details").iterator(2000):
        for element, value in details.items():
            yield element, sentiment_of[(scale_id, value)]
