"""The province's roll-up: every commune side by side, the composite score from weights kept as data, XLSX."""

import io
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from conftest import make_person
from thanthien.ratings import services as rating_services
from thanthien.reports import ranking
from thanthien.reports.models import RankingWeights
from thanthien.reports.permissions import can_see_ranking
from thanthien.reports.rollup import rollup
from thanthien.units.models import Role

VN = ZoneInfo("Asia/Ho_Chi_Minh")
WEIGHTS = {
    "on_time": Decimal(30),
    "online": Decimal(15),
    "satisfaction": Decimal(30),
    "petitions": Decimal(15),
    "reports": Decimal(10),
}


def rate(commune, *levels):
    for level in levels:
        rating_services.record_rating(
            commune, level=level, channel="kiosk", rated_at=datetime(2026, 4, 1, 9, tzinfo=VN)
        )


def test_the_composite_leaves_out_what_a_commune_has_nothing_to_count():
    indicators = {
        "on_time": Decimal(100),
        "online": Decimal(50),
        "satisfaction": None,
        "petitions": None,
        "reports": None,
    }

    assert ranking.composite_score(indicators, WEIGHTS) == Decimal("83.3")  # (30×100 + 15×50) ÷ 45
    assert ranking.composite_score(dict.fromkeys(WEIGHTS), WEIGHTS) is None


def test_each_overdue_petition_costs_points_down_to_zero():
    assert ranking.petitions_indicator(0, Decimal(10)) == 100
    assert ranking.petitions_indicator(3, Decimal(10)) == 70
    assert ranking.petitions_indicator(12, Decimal(10)) == 0


def test_a_sparkline_is_drawn_from_a_0_to_100_series():
    assert ranking.sparkline_points([Decimal(100), None, Decimal(0)], width=80, height=20) == "0,0.0 80,20.0"


@pytest.mark.django_db
def test_the_communes_are_ranked_by_the_weights_in_force(province, commune, other_commune):
    rate(commune, 4, 4, 4, 1)
    rate(other_commune, 4, 4)

    result = rollup(province, date(2026, 1, 1), date(2026, 12, 31), today=date(2026, 12, 31))

    assert [row.commune for row in result.rows] == [other_commune, commune]
    assert [row.satisfaction_rate for row in result.rows] == [Decimal("100.0"), Decimal("75.0")]
    assert result.rows[0].rank == 1 and result.weights.satisfaction == Decimal(30)


@pytest.mark.django_db
def test_a_provinces_own_weights_replace_the_default(province, commune):
    RankingWeights.objects.create(
        unit=province,
        valid_from=date(2026, 1, 1),
        on_time=1,
        online=0,
        satisfaction=0,
        petitions=0,
        reports=0,
        legal_basis="Quyết định 3064/QĐ-UBND",
    )

    result = rollup(province, date(2026, 1, 1), date(2026, 12, 31))

    assert result.weights.legal_basis == "Quyết định 3064/QĐ-UBND"


@pytest.mark.django_db
def test_the_reviewer_sees_the_ranking_and_exports_it(client, province, commune, other_commune):
    reviewer = make_person("noivu", province, Role.REVIEWER, "Đỗ Thị Nội Vụ")
    rate(commune, 4, 3)
    client.force_login(reviewer)
    params = {"unit": province.pk, "date_from": "01/01/2026", "date_to": "31/12/2026"}

    page = client.get("/reports/ranking/", params)
    export = client.get("/reports/ranking/export.xlsx", params)

    assert page.status_code == 200 and "Xã Hoằng Cát" in page.content.decode()
    assert "Trọng số mặc định" in page.content.decode()  # the weights' basis is on the page
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1] == "Xã, phường, đặc khu"
    assert {row[1] for row in rows[1:]} == {"Xã Hoằng Cát", "Xã Hoằng Xuân"}
    assert can_see_ranking(reviewer)


@pytest.mark.django_db
def test_a_commune_official_is_refused_the_ranking_and_its_export_alike(client, province, leader):
    client.force_login(leader)
    params = {"unit": province.pk, "date_from": "01/01/2026", "date_to": "31/12/2026"}

    page = client.get("/reports/ranking/", params)
    export = client.get("/reports/ranking/export.xlsx", params)

    assert (page.status_code, export.status_code) == (403, 403)
    assert not can_see_ranking(leader)
