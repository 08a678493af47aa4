"""The indices: pure arithmetic, then the same figures from the database against a plain SQL query."""

import random
from collections import Counter
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from thanthien.ratings import indices, queries, services
from thanthien.ratings.models import Rating
from thanthien.units.models import Official


def test_rates_follow_their_definitions():
    tally = indices.Tally(satisfied=90, neutral=6, dissatisfied=4, very_satisfied=50, level_sum=336)

    assert indices.satisfaction_rate(tally) == Decimal("90.0")
    assert indices.not_dissatisfied_rate(tally) == Decimal("96.0")
    assert indices.decision_766_rate(dossiers=40, rated_dissatisfied=3) == Decimal("92.5")
    assert indices.decision_766_rate(dossiers=0, rated_dissatisfied=0) is None
    assert indices.average_score(tally) == Decimal("3.36")


def test_no_rating_gives_no_rate_rather_than_zero():
    assert indices.satisfaction_rate(indices.Tally()) is None
    assert indices.average_score(indices.Tally()) is None


def test_sipas_index_is_the_mean_of_the_element_shares():
    pairs = [("official", "satisfied"), ("official", "neutral"), ("time", "satisfied"), ("time", "satisfied")]

    per_element, mean = indices.sipas_index(pairs)

    assert per_element == {"official": Decimal("50.0"), "time": Decimal("100.0")}
    assert mean == Decimal("75.0")


@pytest.mark.django_db
def test_a_kiosk_rating_copies_what_its_level_counts_as(commune):
    rating = services.record_rating(commune, level=2, channel="kiosk", details={"official": 4, "time": 1})

    assert (rating.sentiment, rating.is_top, rating.scale.levels.count()) == ("neutral", False, 4)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields",
    [
        {"level": 7},
        {"level": 3, "channel": "fax"},
        {"level": 3, "details": {"weather": 3}},
        {"level": 3, "details": {"time": 9}},
    ],
)
def test_a_rating_off_the_scale_is_refused_and_nothing_is_written(commune, fields):
    with pytest.raises(ValidationError):
        services.record_rating(commune, **{"channel": "kiosk", **fields})

    assert not Rating.objects.exists()


@pytest.mark.django_db
def test_a_paper_slip_needs_an_official_of_the_commune(commune, officer, outsider_officer):
    with pytest.raises(PermissionDenied):
        services.record_rating(commune, level=4, channel="paper", by=outsider_officer)

    rating = services.record_rating(commune, level=4, channel="paper", by=officer)
    assert rating.entered_by == officer


@pytest.mark.django_db
def test_an_official_of_another_commune_cannot_be_rated_here(commune, other_commune):
    stranger = Official.objects.create(unit=other_commune, full_name="Trần Văn Khác", title="Công chức")

    with pytest.raises(ValidationError):
        services.record_rating(commune, level=4, channel="kiosk", official=stranger)


@pytest.fixture
def generated_ratings(commune, other_commune):
    """400 ratings over 90 days: four in five in the commune, by three officials, on three channels."""
    generator = random.Random(20261122)  # noqa: S311 - test data, not security
    officials = [
        Official.objects.create(unit=commune, full_name=f"Cán bộ {n}", title="Công chức") for n in range(3)
    ]
    start = timezone.now() - timedelta(days=90)
    for number in range(400):
        unit = commune if number % 5 else other_commune
        services.record_rating(
            unit,
            level=generator.choice([1, 2, 3, 3, 4, 4, 4]),
            channel=generator.choice(["kiosk", "link", "api"]),
            official=generator.choice(officials) if unit == commune else None,
            details={"official": generator.choice([1, 3, 4]), "time": generator.choice([2, 4])},
            rated_at=start + timedelta(hours=5 * number),
        )
    return start


@pytest.mark.django_db
def test_the_tally_equals_a_plain_sql_count_on_a_generated_data_set(commune, generated_ratings):
    since = generated_ratings + timedelta(days=30)
    ours = queries.tally(Rating.objects.filter(unit=commune, rated_at__gte=since))

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT SUM(CASE WHEN sentiment = 'satisfied' THEN 1 ELSE 0 END),"
            " SUM(CASE WHEN sentiment = 'dissatisfied' THEN 1 ELSE 0 END), COUNT(*), SUM(level)"
            " FROM ratings_rating WHERE unit_id = %s AND rated_at >= %s",
            [commune.pk, connection.ops.adapt_datetimefield_value(since)],
        )
        satisfied, dissatisfied, total, level_sum = cursor.fetchone()
    assert (ours.satisfied, ours.dissatisfied, ours.total, ours.level_sum) == (
        satisfied,
        dissatisfied,
        total,
        level_sum,
    )
    assert indices.satisfaction_rate(ours) == (Decimal(satisfied) * 100 / total).quantize(Decimal("0.1"))
    assert sum(ours.by_level.values()) == total


def _plain_rows(commune):
    """(official id, channel, local month, sentiment) of every rating of the commune, read with plain SQL."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT official_id, channel, rated_at, sentiment FROM ratings_rating WHERE unit_id = %s",
            [commune.pk],
        )
        rows = cursor.fetchall()
    for official_id, channel, rated_at, sentiment in rows:
        moment = rated_at if isinstance(rated_at, datetime) else parse_datetime(rated_at)
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment, UTC)
        yield official_id, channel, timezone.localdate(moment).replace(day=1), sentiment


@pytest.mark.django_db
@pytest.mark.parametrize("grouping, position", [("official", 0), ("channel", 1), ("month", 2)])
def test_each_breakdown_equals_plain_sql_grouped_by_hand(commune, generated_ratings, grouping, position):
    expected = Counter()
    for row in _plain_rows(commune):
        expected[(row[position], row[3])] += 1

    ours = queries.tallies_by(Rating.objects.filter(unit=commune), grouping)

    assert {
        (key, sentiment): getattr(counted, sentiment)
        for key, counted in ours.items()
        for sentiment in ("satisfied", "neutral", "dissatisfied")
        if getattr(counted, sentiment)
    } == dict(expected)
    assert len(ours) >= 3


@pytest.mark.django_db
def test_an_officials_monthly_trend_matches_a_plain_sql_count_and_carries_the_communes_line(
    commune, generated_ratings
):
    official = Official.objects.filter(unit=commune).order_by("pk").first()
    Rating.objects.filter(official=official).update(reasons=["Chờ lâu"])
    until = timezone.localdate()

    trend = queries.official_monthly_trend(official, generated_ratings.date(), until)

    expected_official, expected_commune = Counter(), Counter()
    for official_id, _channel, month, sentiment in _plain_rows(commune):
        expected_commune[month, sentiment] += 1
        if official_id == official.pk:
            expected_official[month, sentiment] += 1
    assert trend[0].month == timezone.localdate(generated_ratings).replace(day=1)
    assert trend[-1].month == until.replace(day=1)
    for row in trend:
        assert row.official.satisfied == expected_official[row.month, "satisfied"]
        assert row.official.dissatisfied == expected_official[row.month, "dissatisfied"]
        assert row.commune.total == sum(n for (m, _s), n in expected_commune.items() if m == row.month)
        assert row.reasons == ({"Chờ lâu": row.official.total} if row.official.total else {})
    assert sum(row.official.total for row in trend) == Rating.objects.filter(official=official).count() > 0
