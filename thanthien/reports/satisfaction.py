"""The leader's satisfaction dashboard: every figure counted from the recorded ratings, none typed in."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from thanthien.procedures.models import Procedure
from thanthien.ratings import indices, queries
from thanthien.ratings.models import Rating, RatingAlert, SatisfactionPolicy
from thanthien.ratings.permissions import visible_alerts, visible_ratings
from thanthien.ratings.services import in_force
from thanthien.units.models import Official, Unit, User

PERIOD_LABELS: dict[str, Callable[[date], str]] = {
    "month": lambda day: f"{day:%m/%Y}",
    "quarter": lambda day: f"Q{(day.month - 1) // 3 + 1}/{day.year}",
    "year": lambda day: f"{day.year}",
}


@dataclass(frozen=True)
class Row:
    """One line of a breakdown: what was rated, how many ratings, and its rates."""

    label: str
    tally: indices.Tally

    @property
    def total(self) -> int:
        return self.tally.total

    @property
    def satisfaction_rate(self) -> Decimal | None:
        return indices.satisfaction_rate(self.tally)

    @property
    def not_dissatisfied_rate(self) -> Decimal | None:
        return indices.not_dissatisfied_rate(self.tally)

    @property
    def average_score(self) -> Decimal | None:
        return indices.average_score(self.tally)


@dataclass(frozen=True)
class SatisfactionFigures:
    unit: Unit
    date_from: date
    date_to: date
    period: str
    overall: Row
    sipas_elements: dict[str, Decimal]
    sipas_mean: Decimal | None
    target_rate: Decimal | None
    alert_threshold: Decimal | None
    by_period: list[Row]
    by_official: list[Row]
    by_procedure: list[Row]
    by_channel: list[Row]
    open_alerts: QuerySet[RatingAlert]

    def chart_data(self) -> dict[str, Any]:
        """What the charts draw: plain numbers for Chart.js, read by a static script (no inline code)."""
        return {
            "target": _number(self.target_rate),
            "threshold": _number(self.alert_threshold),
            "periods": _series(self.by_period),
            "officials": _series(self.by_official),
            "channels": _series(self.by_channel),
            "labels": {
                "rate": _("Satisfied (%)"),
                "not_dissatisfied": _("Ratings not dissatisfied (%)"),
                "target": _("Target (%)"),
                "threshold": _("Alert threshold (%)"),
            },
        }


def satisfaction_figures(
    user: User, unit: Unit, date_from: date, date_to: date, period: str
) -> SatisfactionFigures:
    """Count the ratings of a unit (and the units below it) the user may see, rated within the dates."""
    ratings = _ratings_between(
        visible_ratings(user).filter(unit__path__startswith=unit.path), date_from, date_to
    )
    policy = in_force(SatisfactionPolicy, unit, date_to)
    sipas_elements, sipas_mean = indices.sipas_index(queries.element_sentiments(ratings))
    return SatisfactionFigures(
        unit=unit,
        date_from=date_from,
        date_to=date_to,
        period=period,
        overall=Row(unit.name, queries.tally(ratings)),
        sipas_elements={str(Rating.Element(key).label): value for key, value in sipas_elements.items()},
        sipas_mean=sipas_mean,
        target_rate=policy.target_rate if policy else None,
        alert_threshold=policy.alert_threshold if policy else None,
        by_period=_rows(queries.tallies_by(ratings, period), PERIOD_LABELS[period]),
        by_official=_worst_first(_named_rows(queries.tallies_by(ratings, "official"), Official, "full_name")),
        by_procedure=_worst_first(_named_rows(queries.tallies_by(ratings, "procedure"), Procedure, "name")),
        by_channel=_rows(queries.tallies_by(ratings, "channel"), lambda key: str(Rating.Channel(key).label)),
        open_alerts=visible_alerts(user)
        .filter(unit__path__startswith=unit.path, closed_at__isnull=True)
        .select_related("unit", "official", "rating"),
    )


def _ratings_between(ratings: QuerySet[Rating], date_from: date, date_to: date) -> QuerySet[Rating]:
    """Ratings from the start of the first local day to the end of the last (an index range, no date cast)."""
    zone = timezone.get_current_timezone()
    start = datetime.combine(date_from, time.min, tzinfo=zone)
    end = datetime.combine(date_to, time.max, tzinfo=zone)
    return ratings.filter(rated_at__gte=start, rated_at__lte=end)


def _rows(tallies: Mapping[Any, indices.Tally], label_of: Callable[[Any], str]) -> list[Row]:
    return [
        Row(label_of(key) if key is not None else _("(not named)"), tally) for key, tally in tallies.items()
    ]


def _named_rows(tallies: Mapping[Any, indices.Tally], model: Any, field: str) -> list[Row]:
    """Rows labelled by the names of the officials or procedures counted, read in one query."""
    names = dict(
        model.objects.filter(pk__in=[key for key in tallies if key is not None]).values_list("pk", field)
    )
    return _rows(tallies, lambda key: names.get(key, str(key)))


def _worst_first(rows: list[Row]) -> list[Row]:
    return sorted(rows, key=lambda row: (row.satisfaction_rate is None, row.satisfaction_rate, row.label))


def _number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _series(rows: list[Row]) -> dict[str, list[Any]]:
    return {
        "labels": [row.label for row in rows],
        "rate": [_number(row.satisfaction_rate) for row in rows],
        "not_dissatisfied": [_number(row.not_dissatisfied_rate) for row in rows],
        "total": [row.total for row in rows],
    }
