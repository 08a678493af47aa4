"""Every commune of a province (or legacy district) side by side: grouped queries, one per figure, whatever
the number of communes; the composite score from `ranking`, the weights from RankingWeights.

Other apps may offer another score to rank by (`register_score`: the assessment app offers the appraised
score of the criteria set), so this module never imports them.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from thanthien.core.predicates import count_where
from thanthien.dossiers.models import Dossier
from thanthien.feedback.models import FeedbackItem
from thanthien.letters.models import Letter
from thanthien.ratings import indices
from thanthien.ratings import queries as rating_queries
from thanthien.ratings.models import Rating
from thanthien.ratings.services import in_force
from thanthien.reports import predicates, ranking
from thanthien.reports.figures import PETITION_KINDS, Period, overdue_petitions
from thanthien.reports.models import PeriodicReport, RankingWeights
from thanthien.reports.monthly import months_between
from thanthien.units.models import Unit

COMPOSITE = "composite"


@dataclass(frozen=True)
class ScoreSource:
    """A score by which the communes can be ranked instead of the composite one: `scores(communes, date_from,
    date_to)` gives {commune id: score} for the communes that have one. `communes` is a list of communes or a
    queryset of them (the country's table passes a queryset: a subquery, not 3,321 ids)."""

    label: Any
    scores: Callable[[Any, date, date], dict[int, Decimal]]


SCORE_SOURCES: dict[str, ScoreSource] = {}


def register_score(key: str, source: ScoreSource) -> None:
    SCORE_SOURCES[key] = source


@dataclass
class CommuneRow:
    commune: Unit
    received: int = 0
    online: int = 0
    timely: int = 0
    finished: int = 0
    ratings: int = 0
    satisfaction_rate: Decimal | None = None
    petitions: int = 0
    petitions_overdue: int = 0
    letters: int = 0  # issued in the period, every kind
    reports_due: int = 0
    reports_on_time: int = 0
    reports_submitted: int = 0
    trend: list[Decimal | None] = field(default_factory=list)
    score: Decimal | None = None
    rank: int | None = None

    @property
    def on_time_rate(self) -> Decimal | None:
        return indices.percent(self.timely, self.finished)

    @property
    def online_rate(self) -> Decimal | None:
        return indices.percent(self.online, self.received)

    @property
    def reports_rate(self) -> Decimal | None:
        return indices.percent(self.reports_on_time, self.reports_due) if self.reports_due else None

    @property
    def sparkline(self) -> str:
        return ranking.sparkline_points(self.trend)

    def indicators(self, weights: RankingWeights) -> dict[str, Decimal | None]:
        return {
            "on_time": self.on_time_rate,
            "online": self.online_rate,
            "satisfaction": self.satisfaction_rate,
            "petitions": ranking.petitions_indicator(self.petitions_overdue, weights.overdue_penalty)
            if self.petitions
            else None,
            "reports": self.reports_rate,
        }


@dataclass(frozen=True)
class Rollup:
    unit: Unit
    date_from: date
    date_to: date
    weights: RankingWeights | None
    rows: list[CommuneRow]
    months: list[date]
    ranked_by: str = COMPOSITE

    @property
    def ranked_by_label(self) -> Any:
        return SCORE_SOURCES[self.ranked_by].label if self.ranked_by in SCORE_SOURCES else ""


def weights_in_force(province: Unit, day: date) -> RankingWeights | None:
    """Return the province's own weights in force on a day, else the default ones."""
    return in_force(RankingWeights, province, day)


def rollup(
    unit: Unit, date_from: date, date_to: date, *, today: date | None = None, by: str = COMPOSITE
) -> Rollup:
    """Return a row per commune under the unit, ranked by the composite score (best first), or by a score
    another app registered (`by`, a key of SCORE_SOURCES): then the weights are not used."""
    period = Period(unit, date_from, date_to, today or timezone.localdate())
    communes = Unit.objects.within(unit.path).filter(level=Unit.Level.COMMUNE).order_by("name")
    rows = {commune.pk: CommuneRow(commune) for commune in communes}
    months = months_between(date_from, date_to)
    _add_dossiers(rows, period, months)
    _add_ratings(rows, period)
    _add_petitions(rows, period)
    _add_letters(rows, period)
    _add_reports(rows, period)
    province = Unit.objects.get(path=unit.path.split("/")[0])
    weights = weights_in_force(province, date_to)
    ordered = list(rows.values())
    if by in SCORE_SOURCES:
        scores = SCORE_SOURCES[by].scores([row.commune for row in ordered], date_from, date_to)
        for row in ordered:
            row.score = scores.get(row.commune.pk)
        _rank(ordered)
        return Rollup(unit, date_from, date_to, None, ordered, months, ranked_by=by)
    if weights is not None:
        weight_of = {name: getattr(weights, name) for name in ranking.INDICATORS}
        for row in ordered:
            row.score = ranking.composite_score(row.indicators(weights), weight_of)
        _rank(ordered)
    return Rollup(unit, date_from, date_to, weights, ordered, months)


def _rank(rows: list[CommuneRow]) -> None:
    """Best score first, the communes without one last (unranked), by name among equals."""
    rows.sort(key=lambda row: (row.score is None, -(row.score or 0), row.commune.name))
    for number, row in enumerate(rows, start=1):
        row.rank = number if row.score is not None else None


def _dossiers(period: Period) -> Any:
    return Dossier.objects.filter(
        commune_id__in=_commune_ids(period), received_at__gte=period.start, received_at__lte=period.end
    )


def _commune_ids(period: Period) -> Any:
    assert period.unit is not None  # noqa: S101 (a roll-up is always of a unit)
    return Unit.objects.within(period.unit.path).filter(level=Unit.Level.COMMUNE).values("pk")


def _add_dossiers(rows: dict[int, CommuneRow], period: Period, months: list[date]) -> None:
    counts = (
        _dossiers(period)
        .order_by()
        .values("commune_id")
        .annotate(
            received=count_where(predicates.DOSSIER["received"]),
            online=count_where(predicates.DOSSIER["online"]),
            timely=count_where(predicates.TIMELY_DOSSIER),
            finished=count_where(predicates.FINISHED_DOSSIER),
        )
    )
    for row in counts:
        target = rows[row.pop("commune_id")]
        for key, value in row.items():
            setattr(target, key, value)
    by_month: dict[int, dict[date, Decimal | None]] = defaultdict(dict)
    monthly = (
        _dossiers(period)
        .filter(predicates.FINISHED_DOSSIER.q())
        .annotate(month=TruncMonth("received_at"))
        .order_by()
        .values("commune_id", "month")
        .annotate(timely=count_where(predicates.TIMELY_DOSSIER), finished=Count("pk"))
    )
    for row in monthly:
        by_month[row["commune_id"]][timezone.localdate(row["month"])] = indices.percent(
            row["timely"], row["finished"]
        )
    for pk, target in rows.items():
        target.trend = [by_month[pk].get(month) for month in months]


def _add_ratings(rows: dict[int, CommuneRow], period: Period) -> None:
    ratings = Rating.objects.filter(
        unit_id__in=_commune_ids(period), rated_at__gte=period.start, rated_at__lte=period.end
    )
    for commune_id, tally in rating_queries.tallies_by(ratings, "unit_id").items():
        row = rows[commune_id]  # type: ignore[index]  # grouped by unit_id: an int
        row.ratings = tally.total
        row.satisfaction_rate = indices.satisfaction_rate(tally)


def _add_petitions(rows: dict[int, CommuneRow], period: Period) -> None:
    counts = (
        FeedbackItem.objects.filter(
            unit_id__in=_commune_ids(period),
            kind__in=PETITION_KINDS,
            received_on__gte=period.date_from,
            received_on__lte=period.date_to,
        )
        .order_by()
        .values("unit_id")
        .annotate(
            received=Count("pk"),
            overdue=Count("pk", filter=overdue_petitions(period.today)),
        )
    )
    for row in counts:
        rows[row["unit_id"]].petitions = row["received"]
        rows[row["unit_id"]].petitions_overdue = row["overdue"]


def _add_letters(rows: dict[int, CommuneRow], period: Period) -> None:
    """Letters issued (numbered in the register) in the period, every kind together."""
    counts = (
        Letter.objects.filter(
            commune_id__in=_commune_ids(period),
            status=Letter.Status.ISSUED,
            issued_on__gte=period.date_from,
            issued_on__lte=period.date_to,
        )
        .order_by()
        .values("commune_id")
        .annotate(total=Count("pk"))
    )
    for row in counts:
        rows[row["commune_id"]].letters = row["total"]


def _add_reports(rows: dict[int, CommuneRow], period: Period) -> None:
    for commune_id, (due, submitted, on_time) in report_counts(period).items():
        target = rows[commune_id]
        target.reports_due, target.reports_submitted, target.reports_on_time = due, submitted, on_time


def report_counts(period: Period) -> dict[int, tuple[int, int, int]]:
    """{commune id: (due, submitted, submitted by the due day)} of the reports due in the period, of the
    communes under the period's unit (None: the whole country)."""
    reports = PeriodicReport.objects.filter(due_on__gte=period.date_from, due_on__lte=period.date_to)
    if period.unit is not None:
        reports = reports.filter(commune_id__in=_commune_ids(period))
    counted: dict[int, tuple[int, int, int]] = {}
    for report in reports.only("commune_id", "due_on", "submitted_at", "status"):
        due, submitted, on_time = counted.get(report.commune_id, (0, 0, 0))
        if report.status == PeriodicReport.Status.SUBMITTED:
            submitted += 1
            on_time += bool(report.is_submitted_on_time)
        counted[report.commune_id] = (due + 1, submitted, on_time)
    return counted
