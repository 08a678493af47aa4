"""The shipped sets load; the Decision 766 index month by month; the API, scoped as the figures."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine

from conftest import make_person
from thanthien.assessment import services
from thanthien.assessment.index766 import index_766, months_between, province_table
from thanthien.assessment.models import CriteriaSet
from thanthien.assessment.tests.year import YEAR, at, record_year, set_file
from thanthien.units.models import Role
from thanthien.units.tokens import issue_api_token

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parents[1] / "data"


def load_shipped():
    for name in ("bac_giang_style.xlsx", "decision_766.xlsx"):
        with open(DATA / name, "rb") as file:
            services.import_criteria_set(file, by=None)


def test_the_shipped_sets_load_with_the_groups_and_points_of_the_law():
    load_shipped()

    bac_giang = CriteriaSet.objects.get(code="BG-STYLE")
    decision = CriteriaSet.objects.get(code="QD766")
    assert [int(g.points) for g in bac_giang.groups.all()] == [20, 25, 20, 15, 20]
    assert [int(g.points) for g in decision.groups.all()] == [18, 20, 22, 22, 18]
    assert bac_giang.purpose == "recognition" and decision.purpose == "index_766"


def test_months_are_cut_to_the_period():
    assert months_between(date(2023, 1, 15), date(2023, 3, 10)) == [
        (date(2023, 1, 15), date(2023, 1, 31)),
        (date(2023, 2, 1), date(2023, 2, 28)),
        (date(2023, 3, 1), date(2023, 3, 10)),
    ]


def test_the_766_index_of_a_month_comes_from_its_records(province, commune, other_commune, officer, leader):
    record_year(commune, officer, leader)
    load_shipped()

    with time_machine.travel(at(date(2024, 1, 8), 9), tick=False):
        march, april = index_766(commune, date(2023, 3, 1), date(2023, 4, 30))
        table = province_table(province, date(2023, 3, 1), date(2023, 3, 31))

    # March: four dossiers, all online and early, none rated dissatisfied (Decision 766 counts dossiers:
    # 100 %, the ≥ 90 % target met); one complaint resolved in time.
    assert march.score.criteria["TD.1"].points == 20 and march.score.criteria["TT.1"].points == 12
    assert march.score.criteria["HL.1"].points == 6 and march.score.criteria["HL.2"].value == Decimal("100.0")
    assert march.score.criteria["HL.2"].points == 6 and march.score.criteria["HL.3"].points == 6
    assert march.score.total == 50 and march.score.groups["SH"] == (0, 22)  # digitisation is not recorded
    # April: four dossiers on paper, one of them rated dissatisfied: 3 of 4 (the ratings' own rate, 5 of 6
    # not dissatisfied, is not Decision 766's).
    assert april.score.criteria["TT.1"].points == 0
    assert april.score.criteria["HL.2"].value == Decimal("75.0") and april.score.criteria["HL.3"].points == 0
    assert [row["unit"] for row in table] == [commune, other_commune]
    assert table[0]["total"] == 50 and table[1]["total"] == 0


def api_get(client, user, path, **params):
    key = issue_api_token(user, name="Bộ tiêu chí", by=None)
    return client.get(path, params, headers={"Authorization": f"Bearer {key}"})


def test_the_api_gives_the_assessment_and_the_index_to_those_who_may_read_them(
    client, province, commune, other_commune, officer, leader
):
    record_year(commune, officer, leader)
    load_shipped()
    services.import_criteria_set(set_file(), by=None, province=province)
    reviewer = make_person("noivu", province, Role.REVIEWER, "Đỗ Thị Nội Vụ")
    outsider = make_person("xakhac", other_commune, Role.LEADER, "Người xã khác")

    with time_machine.travel(at(date(2024, 1, 8), 9), tick=False):
        mine = api_get(client, reviewer, "/api/v1/assessments", unit=commune.code, year=YEAR)
        index = api_get(
            client,
            leader,
            "/api/v1/indices/766",
            unit=commune.code,
            **{"from": "2023-03-01"},
            to="2023-03-31",
        )
        theirs = api_get(client, outsider, "/api/v1/assessments", unit=commune.code, year=YEAR)
        country = api_get(client, leader, "/api/v1/indices/766", **{"from": "2023-03-01"}, to="2023-03-31")

    assert mine.status_code == 200, mine.content
    body = mine.json()
    assert body["set"] == "TEST-2023" and body["status"] is None
    assert body["live_score"]["total"] == 13.67 and body["live_score"]["criteria"]["I.1"] == {
        "value": 70,
        "points": 3,
    }
    assert index.json()["months"][0]["total"] == 50
    assert "TD.1" in index.json()["inferred_formulas"] and "HL.1" not in index.json()["inferred_formulas"]
    assert theirs.status_code == 404 and country.status_code == 403


@pytest.mark.parametrize("year", [0, -1, 10000, 2**40])
def test_a_year_outside_the_plausible_range_is_refused_not_a_server_error(client, commune, leader, year):
    answer = api_get(client, leader, "/api/v1/assessments", unit=commune.code, year=year)

    assert answer.status_code == 422
