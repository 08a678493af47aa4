"""Issue #19: the low-rate window (an official's latest ratings since the last closed alert) is read by
walking an index in time order and stopping at the window's size, never by fetching and sorting all of
the official's ratings, so that its cost does not grow with how many ratings the official has.

The statement is prepared once per connection, and PostgreSQL keeps the plan it made when it was first
run. Before the index `rating_official_latest` matched the window's order (official, newest first, id), a
plan made while the table was young (a fresh deployment; the benchmark) fetched every rating of the
official and sorted them: a rating cost PostgreSQL 1.5 ms at 5,000 ratings and 3 ms at 11,000."""

import json
from datetime import timedelta

import pytest
from django.db import connection, models
from django.db.models import Value
from django.utils import timezone

from thanthien.core.statements import CompiledStatement, Slot
from thanthien.ratings import services
from thanthien.ratings.models import Rating, RatingScale
from thanthien.units.models import Official

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="reads the plan PostgreSQL keeps for a prepared statement (EXPLAIN … FORMAT JSON); SQLite neither "
    "prepares the window nor reports its plans in that form",
)
WINDOW = 20


def add_ratings(commune, officials, count, *, start):
    scale = RatingScale.objects.first()
    Rating.objects.bulk_create(
        Rating(
            unit=commune,
            official=officials[number % len(officials)],
            channel="kiosk",
            scale=scale,
            level=4,
            sentiment="satisfied",
            rated_at=start + timedelta(seconds=number),
        )
        for number in range(count)
    )


def ratings_scan(cursor, statement: str, official_id: int) -> dict:
    """The plan node that reads ratings_rating, as EXPLAIN ANALYZE reports it."""
    cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {statement}", [official_id] if "%s" in statement else [])
    (explained,) = cursor.fetchone()
    plan = (json.loads(explained) if isinstance(explained, str) else explained)[0]["Plan"]
    path = path_to(plan, "ratings_rating")
    assert [node["Node Type"] for node in path if node["Node Type"] == "Sort"] == []  # a sort takes all
    return path[-1]


def path_to(plan: dict, relation: str) -> list[dict]:
    """The nodes from the top of the plan down to the scan of `relation` ([] if none)."""
    if plan.get("Relation Name") == relation:
        return [plan]
    for child in plan.get("Plans", []):
        if below := path_to(child, relation):
            return [plan, *below]
    return []


def read(scan: dict) -> int:
    return scan["Actual Rows"] + scan.get("Rows Removed by Filter", 0)


@pytest.mark.django_db
def test_a_plan_made_while_the_table_was_young_still_stops_at_the_window(commune):
    official = Official.objects.create(unit=commune, full_name="Trần Thị Một Cửa", title="Công chức")
    with connection.cursor() as cursor:  # young as in a new deployment, whatever earlier tests left
        cursor.execute("TRUNCATE ratings_rating CASCADE")  # rolled back with the test
    add_ratings(commune, [official], 10, start=timezone.now() - timedelta(days=2))
    window = services._window_before_query(
        Slot("official", models.BigIntegerField()), Value(timezone.now()), WINDOW
    )
    connection.ensure_connection()
    sql, _slots = CompiledStatement.of(window, prepared=True)._write_in_constants(connection.connection)
    with connection.cursor() as cursor:  # prepared as the service prepares it, the official as $1
        cursor.execute(f"PREPARE window_of_official AS {sql.replace('%s', '$1').replace('%%', '%')}")
        for _rating in range(8):  # the first runs: PostgreSQL settles on the plan it keeps
            cursor.execute("EXECUTE window_of_official(%s)", [official.pk])
        add_ratings(commune, [official], 5000, start=timezone.now() - timedelta(days=1))

        scan = ratings_scan(cursor, "EXECUTE window_of_official(%s)", official.pk)

    assert scan["Index Name"] == "rating_official_latest" and read(scan) <= WINDOW + 1


@pytest.mark.django_db
def test_with_statistics_the_window_reads_about_its_size_not_the_officials_ratings(commune):
    officials = [
        Official.objects.create(unit=commune, full_name=f"Cán bộ {number}", title="Công chức")
        for number in range(10)
    ]
    add_ratings(commune, officials, 30_000, start=timezone.now() - timedelta(days=300))
    sql, params = services._window_before_query(
        officials[0].pk, Value(timezone.now()), WINDOW
    ).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE ratings_rating")
        scan = ratings_scan(cursor, connection.ops.compose_sql(sql, params), officials[0].pk)

    # An index walked newest first: about the window's size of the official's (or, by the time index,
    # of everyone's until the official's 20 are found), not the official's 3,000 ratings.
    assert scan["Node Type"] == "Index Scan" and read(scan) <= 10 * (WINDOW + 1)
