"""What an official's page reads from the ratings app: the monthly trend and the citizens' thanks."""

from datetime import date
from typing import Any

from django.db.models import QuerySet

from thanthien.ratings import indices
from thanthien.ratings import queries as rating_queries
from thanthien.ratings.models import Rating, Sentiment
from thanthien.units.models import Official


def _month_starts(today: date, count: int) -> list[date]:
    starts, year, month = [], today.year, today.month
    for _ in range(count):
        starts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


def monthly_ratings(official: Official, today: date, months: int = 12) -> list[dict[str, Any]]:
    """The official's ratings month by month (oldest first): how many and the satisfaction rate."""
    rows = []
    for start in _month_starts(today, months):
        end = date(start.year + start.month // 12, start.month % 12 + 1, 1)
        tally = rating_queries.tally(
            Rating.objects.filter(official=official, rated_at__date__gte=start, rated_at__date__lt=end)
        )
        rows.append({"month": start, "total": tally.total, "rate": indices.satisfaction_rate(tally)})
    return rows


def thanks_for(official: Official, limit: int = 10) -> QuerySet[Rating]:
    """The latest satisfied ratings of the official that carry the citizen's own words."""
    return (
        Rating.objects.filter(official=official, sentiment=Sentiment.SATISFIED)
        .exclude(comment="")
        .order_by("-rated_at")[:limit]
    )
