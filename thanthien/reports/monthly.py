"""Rates month by month, for the charts and sparklines: on-time rate of dossiers, satisfaction of ratings."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from thanthien.core.predicates import count_where
from thanthien.dossiers.models import Dossier
from thanthien.ratings import indices
from thanthien.ratings import queries as rating_queries
from thanthien.ratings.models import Rating
from thanthien.reports import predicates
from thanthien.reports.figures import Period, within
from thanthien.units.models import Unit


@dataclass(frozen=True)
class MonthPoint:
    month: date
    value: Decimal | None


def months_between(start: date, end: date) -> list[date]:
    """Return the first day of every month from `start`'s to `end`'s."""
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return months


def on_time_by_month(unit: Unit | None, start: date, end: date) -> list[MonthPoint]:
    """Return, for each month, the share of dossiers received that month and finished early or on time."""
    period = Period(unit, start, end, end)
    rows = (
        within(Dossier.objects.all(), unit, "commune")
        .filter(received_at__gte=period.start, received_at__lte=period.end)
        .filter(predicates.FINISHED_DOSSIER.q())
        .annotate(month=TruncMonth("received_at"))
        .values("month")
        .annotate(timely=count_where(predicates.TIMELY_DOSSIER), done=Count("pk"))
        .order_by("month")
    )
    by_month = {timezone.localdate(row["month"]): indices.percent(row["timely"], row["done"]) for row in rows}
    return [MonthPoint(month, by_month.get(month)) for month in months_between(start, end)]


def satisfaction_by_month(unit: Unit | None, start: date, end: date) -> list[MonthPoint]:
    """Return, for each month, the satisfaction rate of the ratings given that month (indices.py)."""
    period = Period(unit, start, end, end)
    ratings = within(Rating.objects.all(), unit, "unit").filter(
        rated_at__gte=period.start, rated_at__lte=period.end
    )
    tallies = rating_queries.tallies_by(ratings, "month")
    return [
        MonthPoint(month, indices.satisfaction_rate(tallies[month]) if month in tallies else None)
        for month in months_between(start, end)
    ]
