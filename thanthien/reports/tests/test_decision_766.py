"""Decision 766 counts dossiers, not ratings (LAW.md §2): (dossiers − those rated dissatisfied) ÷ dossiers.
The ratings' own rate ("not dissatisfied") stays beside it under its own name, on the page and in the report.
No feedback item names a dossier, so no complaint can take a dossier off
(ratings.queries.dissatisfied_dossier_ratings).
"""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from thanthien.core.statements import OneRowStatement
from thanthien.dossiers.tests.factories import local, make_procedure, receive_at
from thanthien.ratings.models import Rating
from thanthien.ratings.queries import rates_a_dossier_dissatisfied
from thanthien.ratings.services import record_rating
from thanthien.reports import services
from thanthien.reports.figures import Period, figures, figures_of_areas, statement_parts
from thanthien.reports.tests.test_report_document import open_report

pytestmark = pytest.mark.django_db
MARCH = (date(2026, 3, 1), date(2026, 3, 31))


def rate(commune, level, dossier=None, day=20, month=3):
    record_rating(
        commune, level=level, channel=Rating.Channel.KIOSK, dossier=dossier, rated_at=local(2026, month, day)
    )


@pytest.fixture
def march(commune, officer):
    """Six dossiers received in March: one rated dissatisfied twice, one rated dissatisfied and then very
    satisfied, one rated satisfied, one rated dissatisfied only in April, two not rated; a February dossier
    rated dissatisfied in March; and a dissatisfied rating of no dossier."""
    procedure = make_procedure()
    dossiers = [receive_at(local(2026, 3, 2 + day), commune, officer, procedure) for day in range(6)]
    february = receive_at(local(2026, 2, 23), commune, officer, procedure)
    rate(commune, 1, dossiers[0])
    rate(commune, 1, dossiers[0], day=21)
    rate(commune, 1, dossiers[1])
    rate(commune, 4, dossiers[1], day=22)
    rate(commune, 3, dossiers[2])
    rate(commune, 1, february)
    rate(commune, 1)
    rate(commune, 1, dossiers[5], day=2, month=4)
    return dossiers


@pytest.mark.parametrize("live", [False, True])
def test_the_766_rate_takes_off_each_march_dossier_rated_dissatisfied_once(march, commune, live):
    counted = figures(commune, *MARCH, today=date(2026, 4, 1), live=live)

    assert counted["dossiers"]["received"] == 6
    # The first two and the one rated in April; not February's, not the rating of no dossier.
    assert counted["dossiers"]["rated_dissatisfied"] == 3
    assert counted["dossiers"]["decision_766_rate"] == Decimal("50.0")  # (6 − 3) ÷ 6
    # The ratings: 7 given in March, 5 of them dissatisfied: 2 of 7 not dissatisfied.
    assert counted["ratings"]["total"] == 7
    assert counted["ratings"]["not_dissatisfied_rate"] == Decimal("28.6")


@pytest.mark.parametrize("where", ["commune", "province", "country"])
def test_the_commune_its_province_and_the_country_count_the_same_dossiers_rated_dissatisfied(
    march, commune, province, where
):
    unit = {"commune": commune, "province": province, "country": None}[where]

    counted = figures(unit, *MARCH, today=date(2026, 4, 1))

    assert counted["dossiers"]["rated_dissatisfied"] == 3


def test_the_index_of_dissatisfied_dossier_ratings_holds_what_the_count_asks_for():
    (index,) = [index for index in Rating._meta.indexes if index.name == "rating_dissatisfied_dossier"]

    assert index.condition == rates_a_dossier_dissatisfied()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="reads PostgreSQL's EXPLAIN; SQLite plans differently and counts these rows with IN",
)
def test_the_countrys_dossiers_rated_dissatisfied_are_not_asked_for_once_per_dossier(march):
    # A FILTER (WHERE EXISTS …) ran the ratings' subquery for each of the country's 3 million dossiers (4 s).
    period = Period(None, *MARCH, today=date(2026, 4, 1))
    statement = OneRowStatement({"part": statement_parts(period, period.bounds())["dissatisfied_dossiers"]})

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {statement.sql}", statement.params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "SubPlan" not in plan and "ANY" in plan


def test_the_province_row_counts_the_766_rate_as_the_commune_figures_do(march, commune, province):
    one = figures(commune, *MARCH, today=date(2026, 4, 1))
    rows = figures_of_areas([province], *MARCH, ["dossiers"], today=date(2026, 4, 1))

    assert rows[province.pk]["dossiers"]["rated_dissatisfied"] == one["dossiers"]["rated_dissatisfied"] == 3
    assert rows[province.pk]["dossiers"]["decision_766_rate"] == Decimal("50.0")


def test_without_dossiers_there_is_no_766_rate_rather_than_zero(commune):
    counted = figures(commune, *MARCH, today=date(2026, 4, 1))

    assert counted["dossiers"]["decision_766_rate"] is None


def test_the_communes_page_shows_both_rates_under_their_names(march, client, leader, commune):
    client.force_login(leader)

    page = client.get(
        reverse("reports:commune_overview", args=[commune.code]), {"from": "2026-03-01", "to": "2026-03-31"}
    ).content.decode()

    assert "Mức độ hài lòng trong tiếp nhận, giải quyết TTHC theo Quyết định 766 (tính theo hồ sơ)" in page
    assert '<td data-key="dossiers.decision_766_rate">50,0%</td>' in page
    assert "Tỷ lệ lượt đánh giá không ở mức “Không hài lòng”" in page
    assert '<td data-key="ratings.not_dissatisfied_rate">28,6%</td>' in page


def test_the_report_document_gives_both_rates_under_their_names(march, leader, commune):
    report = services.start_report(commune, kind="yearly", year=2026, by=leader)

    rows = {
        row.cells[0].text: row.cells[1].text for table in open_report(report).tables for row in table.rows
    }

    # The year: March's six dossiers and February's, four of them rated dissatisfied (3 ÷ 7); eight
    # ratings, two of them not dissatisfied.
    assert rows["Mức độ hài lòng trong tiếp nhận, giải quyết TTHC theo Quyết định 766 (tính theo hồ sơ)"] == (
        "42,9%"
    )
    assert rows["Tỷ lệ lượt đánh giá không ở mức “Không hài lòng”"] == "25%"
