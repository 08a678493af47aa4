"""The Decision 766 index of a commune, a province (its communes together) or the country, month by month:
the set of purpose `index_766` in force (data, shipped in data/decision_766.xlsx), scored from the figures of
each month (reports.figures, counted once per month; the ratings' "766 rate" is one of its inputs).

A criterion whose name carries "[C]" has a formula inferred, not read in the decision: the screens say so.
Criteria no record can answer (digitisation, online payment) are manual and count 0 here.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from thanthien.assessment.models import CriteriaSet
from thanthien.assessment.services import Score, score_figures
from thanthien.reports.figures import figures
from thanthien.units.models import Unit

UNCERTAIN = "[C]"


@dataclass
class Month:
    first: date
    last: date
    score: Score


def months_between(date_from: date, date_to: date) -> list[tuple[date, date]]:
    """The calendar months the period touches, each cut to the period."""
    months, first = [], date_from.replace(day=1)
    while first <= date_to:
        following = (first + timedelta(days=32)).replace(day=1)
        months.append((max(first, date_from), min(following - timedelta(days=1), date_to)))
        first = following
    return months


def set_766(day: date) -> CriteriaSet | None:
    return (
        CriteriaSet.objects.filter(
            purpose=CriteriaSet.Purpose.INDEX_766, valid_from__lte=day, province__isnull=True
        )
        .order_by("-valid_from")
        .first()
    )


def index_766(unit: Unit | None, date_from: date, date_to: date, *, today: date | None = None) -> list[Month]:
    """The index of each month between the two days (None: the whole country)."""
    result = []
    for first, last in months_between(date_from, date_to):
        criteria_set = set_766(last)
        if criteria_set is None:
            continue
        counted = figures(unit, first, last, today=today)
        result.append(Month(first, last, score_figures(counted, criteria_set)))
    return result


def province_table(province: Unit, date_from: date, date_to: date) -> list[dict[str, Any]]:
    """Every commune of the province over the period: the five groups and the total, best first."""
    criteria_set = set_766(date_to)
    if criteria_set is None:
        return []
    rows = []
    for commune in Unit.objects.filter(level=Unit.Level.COMMUNE, path__startswith=f"{province.path}/"):
        counted = figures(commune, date_from, date_to)
        scored = score_figures(counted, criteria_set)
        rows.append({"unit": commune, "total": scored.total, "groups": scored.groups})
    return sorted(rows, key=lambda row: (-row["total"], row["unit"].name))
