"""The country side by side (issue #20, item 6): one row per province, for a national reviewer.

Each province's figures are those of `figures(province, …)` (the API's), counted for every province at once
by `figures.figures_of_areas`: one grouped query per part of the figures statement, whatever the number of
provinces. The composite score is `ranking.composite_score` over the province's own indicators (those of
`rollup.CommuneRow`, from the province's totals), with the national default weights in force at the end
date, so that every province is measured by the same yardstick (a province's own weights rank its communes
on its ranking page). A score another app registered (`rollup.SCORE_SOURCES`, the appraised criteria
score) is shown as the mean over the province's communes that have one.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thanthien.core.predicates import total_of
from thanthien.reports import predicates, ranking
from thanthien.reports.figures import Figures, Period, figures_of_areas
from thanthien.reports.models import RankingWeights
from thanthien.reports.rollup import SCORE_SOURCES, CommuneRow, report_counts, weights_in_force
from thanthien.units.models import Unit

SECTIONS = ("dossiers", "petitions", "ratings", "reception")


@dataclass
class ProvinceRow:
    province: Unit
    figures: Figures
    communes: int = 0
    score: Decimal | None = None
    # {source key: (mean score of the communes that have one, how many have one)}
    other_scores: dict[str, tuple[Decimal | None, int]] = field(default_factory=dict)

    @property
    def dossiers(self) -> int:
        return self.figures["dossiers"]["received"]

    @property
    def on_time_rate(self) -> Decimal | None:
        return self.figures["dossiers"]["on_time_rate"]

    @property
    def satisfaction_rate(self) -> Decimal | None:
        return self.figures["ratings"]["satisfaction_rate"]

    @property
    def ratings(self) -> int:
        return self.figures["ratings"]["total"]

    @property
    def petitions_overdue(self) -> int:
        return self.figures["petitions"]["overdue"]

    @property
    def reception_sessions(self) -> int:
        return self.figures["reception"]["sessions"]

    @property
    def citizens_received(self) -> int:
        return self.figures["reception"]["citizens"]

    def other_score(self, key: str) -> Decimal | None:
        return self.other_scores.get(key, (None, 0))[0]


# The columns the table may be sorted by (?sort=…): the value of a row, and whether the best comes first
# when sorted from the top (a high rate, a low number of overdue petitions).
SORTS: dict[str, tuple[Any, Callable[[ProvinceRow], Any], bool]] = {
    "name": (_("Province"), lambda row: row.province.name, False),
    "dossiers": (_("Dossiers received"), lambda row: row.dossiers, True),
    "on_time": (_("On-time rate"), lambda row: row.on_time_rate, True),
    "satisfaction": (_("Satisfaction"), lambda row: row.satisfaction_rate, True),
    "overdue": (_("Petitions overdue"), lambda row: row.petitions_overdue, False),
    "reception": (_("Reception sessions"), lambda row: row.reception_sessions, True),
    "score": (_("Composite score"), lambda row: row.score, True),
}
DEFAULT_SORT = "score"


def sort_choices() -> list[tuple[str, Any]]:
    """The columns to sort by, the scores other apps registered among them."""
    others = [(key, source.label) for key, source in SCORE_SOURCES.items()]
    return [(key, label) for key, (label, _value, _best_high) in SORTS.items()] + others


def _sort_value(key: str) -> tuple[Callable[[ProvinceRow], Any], bool]:
    if key in SCORE_SOURCES:
        return (lambda row: row.other_score(key)), True
    _label, value, best_high = SORTS.get(key, SORTS[DEFAULT_SORT])
    return value, best_high


@dataclass(frozen=True)
class NationalTable:
    date_from: date
    date_to: date
    weights: RankingWeights | None
    rows: list[ProvinceRow]
    sort: str = DEFAULT_SORT
    other_sources: list[tuple[str, Any]] = field(default_factory=list)  # (key, label) of SCORE_SOURCES


def national_table(
    date_from: date, date_to: date, *, today: date | None = None, sort: str = DEFAULT_SORT
) -> NationalTable:
    """Every province's row over the dates, sorted by `sort` (a key of SORTS or of SCORE_SOURCES) best
    first; the provinces without a value last, by name."""
    today = today or timezone.localdate()
    provinces = list(Unit.objects.filter(level=Unit.Level.PROVINCE).order_by("name"))
    counted = figures_of_areas(provinces, date_from, date_to, SECTIONS, today=today)
    rows = {province.pk: ProvinceRow(province, counted[province.pk]) for province in provinces}
    province_of = _province_of_communes(provinces)
    for province_id in province_of.values():
        rows[province_id].communes += 1
    weights = weights_in_force(None, date_to)  # type: ignore[arg-type]  # None: the national default
    _add_scores(rows, province_of, Period(None, date_from, date_to, today), weights)
    sources = [(key, source.label) for key, source in SCORE_SOURCES.items()]
    if sources:
        communes = Unit.objects.filter(level=Unit.Level.COMMUNE)
        for key, source in SCORE_SOURCES.items():
            _add_other_scores(rows, province_of, key, source.scores(communes, date_from, date_to))
    ordered = sorted(rows.values(), key=lambda row: row.province.name)
    value, best_high = _sort_value(sort)
    present = [row for row in ordered if value(row) is not None]
    present.sort(key=value, reverse=best_high)  # stable: by name among equals
    missing = [row for row in ordered if value(row) is None]
    return NationalTable(date_from, date_to, weights, present + missing, sort, sources)


def _province_of_communes(provinces: list[Unit]) -> dict[int, int]:
    """{commune id: province id} of every commune (under a legacy district too)."""
    by_path = {province.path: province.pk for province in provinces}
    communes = Unit.objects.filter(level=Unit.Level.COMMUNE).values_list("pk", "path")
    return {pk: by_path[path.split("/")[0]] for pk, path in communes if path.split("/")[0] in by_path}


def _add_scores(
    rows: dict[int, ProvinceRow],
    province_of: dict[int, int],
    period: Period,
    weights: RankingWeights | None,
) -> None:
    """The composite score of each province's totals: the indicators of `rollup.CommuneRow`."""
    if weights is None:
        return
    reports: dict[int, list[int]] = {pk: [0, 0, 0] for pk in rows}
    for commune_id, counts in report_counts(period).items():
        if commune_id in province_of:
            total = reports[province_of[commune_id]]
            for index, value in enumerate(counts):
                total[index] += value
    weight_of = {name: getattr(weights, name) for name in ranking.INDICATORS}
    for pk, row in rows.items():
        dossiers, ratings, petitions = (row.figures[name] for name in ("dossiers", "ratings", "petitions"))
        totals = CommuneRow(
            row.province,
            received=dossiers["received"],
            online=dossiers["online"],
            timely=total_of(dossiers, predicates.TIMELY),
            finished=total_of(dossiers, predicates.FINISHED),
            ratings=ratings["total"],
            satisfaction_rate=ratings["satisfaction_rate"],
            petitions=petitions["received"],
            petitions_overdue=petitions["overdue"],
            reports_due=reports[pk][0],
            reports_submitted=reports[pk][1],
            reports_on_time=reports[pk][2],
        )
        row.score = ranking.composite_score(totals.indicators(weights), weight_of)


def _add_other_scores(
    rows: dict[int, ProvinceRow], province_of: dict[int, int], key: str, scores: dict[int, Decimal]
) -> None:
    by_province: dict[int, list[Decimal]] = {}
    for commune_id, score in scores.items():
        if commune_id in province_of:
            by_province.setdefault(province_of[commune_id], []).append(Decimal(score))
    for pk, row in rows.items():
        found = by_province.get(pk, [])
        mean = (
            (sum(found, Decimal(0)) / len(found)).quantize(Decimal("0.1"), ROUND_HALF_UP) if found else None
        )
        row.other_scores[key] = (mean, len(found))
