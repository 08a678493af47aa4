"""Counting ratings (and survey answers) in the database, for the indices: aggregate queries only."""

from collections import defaultdict
from collections.abc import Hashable, Iterator
from datetime import datetime
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth, TruncQuarter, TruncYear
from django.utils import timezone

from thanthien.ratings.indices import Tally
from thanthien.ratings.models import Rating, RatingLevel, Sentiment

# Named groupings of ratings: a column, or the local month, quarter or year of the rating.
GROUPINGS: dict[str, Any] = {
    "official": F("official_id"),
    "procedure": F("procedure_id"),
    "channel": F("channel"),
    "month": TruncMonth("rated_at"),
    "quarter": TruncQuarter("rated_at"),
    "year": TruncYear("rated_at"),
}


def _sums() -> dict[str, Any]:
    return {
        "satisfied": Count("pk", filter=Q(sentiment=Sentiment.SATISFIED)),
        "neutral": Count("pk", filter=Q(sentiment=Sentiment.NEUTRAL)),
        "dissatisfied": Count("pk", filter=Q(sentiment=Sentiment.DISSATISFIED)),
        "very_satisfied": Count("pk", filter=Q(is_top=True)),
        "level_sum": Sum("level"),
    }


def _tally_of(sums: dict[str, Any], by_level: dict[int, int]) -> Tally:
    return Tally(
        satisfied=sums["satisfied"],
        neutral=sums["neutral"],
        dissatisfied=sums["dissatisfied"],
        very_satisfied=sums["very_satisfied"],
        level_sum=sums["level_sum"] or 0,
        by_level=by_level,
    )


def tally(ratings: QuerySet[Any]) -> Tally:
    """Count the ratings by sentiment and by raw level, in two aggregate queries.

    Any rows with `sentiment`, `is_top` and `level` columns count the same way (ratings, survey answers).
    """
    by_level = dict(ratings.order_by().values_list("level").annotate(n=Count("pk")).values_list("level", "n"))
    return _tally_of(ratings.aggregate(**_sums()), by_level)


def tallies_by(rows: QuerySet[Any], key: str) -> dict[Hashable, Tally]:
    """Count rows as `tally` does for each group, in two grouped queries.

    `key` is a named grouping of ratings ("official", "procedure", "channel", "month", "quarter", "year")
    or any column (e.g. "question_id" of survey answers). Keys of the result are the column's values (None
    for rows without one) or the first local day of each period.
    """
    grouped = rows.order_by().annotate(group=GROUPINGS.get(key, F(key)))
    by_level: dict[Hashable, dict[int, int]] = defaultdict(dict)
    for group, level, count in grouped.values_list("group", "level").annotate(n=Count("pk")):
        by_level[_as_date(group)][level] = count
    tallies = {}
    for sums in grouped.values("group").annotate(**_sums()).order_by("group"):
        group = _as_date(sums.pop("group"))
        tallies[group] = _tally_of(sums, by_level[group])
    return tallies


def _as_date(value: Any) -> Any:
    return timezone.localdate(value) if isinstance(value, datetime) else value


def element_sentiments(ratings: QuerySet[Rating]) -> Iterator[tuple[str, str]]:
    """Yield (element, sentiment) for every element rated in the details, read through each scale."""
    sentiment_of = {(lv.scale_id, lv.value): lv.sentiment for lv in RatingLevel.objects.all()}
    for scale_id, details in ratings.exclude(details={}).values_list("scale_id", "details").iterator(2000):
        for element, value in details.items():
            yield element, sentiment_of[(scale_id, value)]
