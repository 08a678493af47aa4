"""Counting ratings (and survey answers) in the database, for the indices: aggregate queries only."""

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth, TruncQuarter, TruncYear
from django.utils import timezone

from thanthien.core.predicates import Always, IsTrue, Predicate, count_where, is_in
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


# What a rating (or a survey answer) counts as, each condition once: the tallies below count them through
# the ORM, and the count triggers of reports.summaries in SQL (core.predicates renders both).
COUNTED: dict[str, Predicate] = {
    "total": Always(),
    "satisfied": is_in("sentiment", Sentiment.SATISFIED),
    "neutral": is_in("sentiment", Sentiment.NEUTRAL),
    "dissatisfied": is_in("sentiment", Sentiment.DISSATISFIED),
    "very_satisfied": IsTrue("is_top"),
}


def rated_by_link() -> Exists:
    """A condition on dossier rows: the dossier's rating link was used (a link rates its dossier once:
    `rating_one_link_rating_per_dossier`). The rating page and the public look-up both ask it."""
    return Exists(Rating.objects.filter(dossier=OuterRef("pk"), channel=Rating.Channel.LINK))


def dissatisfied_dossier_ratings() -> QuerySet[Rating]:
    """The ratings that take their dossier off Decision 766's satisfaction in receiving and handling
    procedures (LAW.md §2): a dossier rated dissatisfied at least once, whenever, counts once. Dissatisfied
    is COUNTED["dissatisfied"] (LAW.md §3: only the "Không hài lòng" level).

    Decision 766 also takes off a dossier complained about; no feedback item names a dossier (FeedbackItem
    has no link to one), so only the ratings can take a dossier off here."""
    return Rating.objects.filter(rates_a_dossier_dissatisfied())


def rates_a_dossier_dissatisfied() -> Q:
    """A condition on ratings: it rates a dossier, dissatisfied. An index holds these ratings, on this very
    condition (ratings.models.Rating.Meta; its test compares them)."""
    return COUNTED["dissatisfied"].q() & Q(dossier__isnull=False)


def _sums() -> dict[str, Any]:
    sentiments = {name: count_where(predicate) for name, predicate in COUNTED.items() if name != "total"}
    return sentiments | {"level_sum": Sum("level")}


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


@dataclass(frozen=True)
class TrendMonth:
    """One month of an official's ratings, with the whole commune's ratings of that month beside them."""

    month: date  # the first local day of the month
    official: Tally
    commune: Tally
    reasons: dict[str, int] = field(default_factory=dict)  # reasons ticked on the official's ratings


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _month_starts(since: date, until: date) -> list[date]:
    months, month = [], since.replace(day=1)
    while month <= until:
        months.append(month)
        month = _next_month(month)
    return months


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def official_monthly_trend(official: Any, since: date, until: date) -> list[TrendMonth]:
    """Month by month: the official's ratings, the reasons ticked on them, and the commune's line beside them.

    Whole months: every month from that of `since` to that of `until` (local dates) has a row, with empty
    tallies where nothing was rated. A public query, reused by other apps' pages (e.g. an official's page
    in planning); callers check who may see it through `ratings.permissions`.
    """
    window = Rating.objects.filter(
        unit_id=official.unit_id,
        rated_at__gte=_local_midnight(since.replace(day=1)),
        rated_at__lt=_local_midnight(_next_month(until)),
    )
    own = window.filter(official=official)
    by_official, by_commune = tallies_by(own, "month"), tallies_by(window, "month")
    reasons: dict[date, Counter[str]] = defaultdict(Counter)
    for moment, ticked in own.exclude(reasons=[]).values_list("rated_at", "reasons").iterator(2000):
        reasons[timezone.localdate(moment).replace(day=1)].update(ticked)
    return [
        TrendMonth(
            month=month,
            official=by_official.get(month, Tally()),
            commune=by_commune.get(month, Tally()),
            reasons=dict(reasons[month].most_common()),
        )
        for month in _month_starts(since, until)
    ]
