"""Counting ratings in the database, for the indices: one aggregate query per tally."""

from collections import defaultdict
from collections.abc import Hashable, Iterator
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from thanthien.ratings.indices import Tally
from thanthien.ratings.models import Rating, RatingLevel, Sentiment


def _sums() -> dict[str, Any]:
    return {
        "satisfied": Count("pk", filter=Q(sentiment=Sentiment.SATISFIED)),
        "neutral": Count("pk", filter=Q(sentiment=Sentiment.NEUTRAL)),
        "dissatisfied": Count("pk", filter=Q(sentiment=Sentiment.DISSATISFIED)),
        "very_satisfied": Count("pk", filter=Q(is_top=True)),
        "level_sum": Sum("level"),
    }


def tally(ratings: QuerySet[Any]) -> Tally:
    """Count the ratings by sentiment and by raw level, in two aggregate queries.

    Any rows with `sentiment`, `is_top` and `level` columns count the same way (ratings, survey answers).
    """
    sums = ratings.aggregate(**_sums())
    by_level = dict(ratings.order_by().values_list("level").annotate(n=Count("pk")).values_list("level", "n"))
    return Tally(
        satisfied=sums["satisfied"],
        neutral=sums["neutral"],
        dissatisfied=sums["dissatisfied"],
        very_satisfied=sums["very_satisfied"],
        level_sum=sums["level_sum"] or 0,
        by_level=by_level,
    )


def element_sentiments(ratings: QuerySet[Rating]) -> Iterator[tuple[str, str]]:
    """Yield (element, sentiment) for every element rated in the details, read through each scale."""
    sentiment_of = {(lv.scale_id, lv.value): lv.sentiment for lv in RatingLevel.objects.all()}
    for scale_id, details in ratings.exclude(details={}).values_list("scale_id", "details").iterator(2000):
        for element, value in details.items():
            yield element, sentiment_of[(scale_id, value)]


def tallies_by(rows: QuerySet[Any], key: str) -> dict[Hashable, Tally]:
    """Count rows as `tally` does, for each value of `key` (e.g. "question_id"), in two grouped queries."""
    by_level: dict[Hashable, dict[int, int]] = defaultdict(dict)
    for group, level, count in rows.order_by().values_list(key, "level").annotate(n=Count("pk")):
        by_level[group][level] = count
    tallies = {}
    for sums in rows.order_by().values(key).annotate(**_sums()):
        group = sums.pop(key)
        tallies[group] = Tally(**{**sums, "level_sum": sums["level_sum"] or 0}, by_level=by_level[group])
    return tallies
