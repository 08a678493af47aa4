"""The figures layer: scoping by unit, which feedback counts as a petition, the rating levels, the API."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.db import connection

from conftest import make_person, make_unit
from thanthien.feedback import services as feedback_services
from thanthien.feedback.services import Identity
from thanthien.ratings import services as rating_services
from thanthien.reception import services as reception_services
from thanthien.reports import figures as figures_module
from thanthien.reports.figures import figures
from thanthien.units.models import Official, Role, User
from thanthien.units.tokens import issue_api_token

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
YEAR = (date(2026, 1, 1), date(2026, 12, 31))


def rate(commune, *levels):
    for level in levels:
        rating_services.record_rating(
            commune, level=level, channel="kiosk", rated_at=datetime(2026, 3, 2, 9, tzinfo=VN)
        )


def feedback(commune, officer, kind, received_on=date(2026, 3, 2)):
    with time_machine.travel(datetime(2026, 3, 2, 9, tzinfo=VN), tick=False):
        return feedback_services.receive_feedback(
            commune,
            by=officer,
            kind=kind,
            channel="desk",
            content="Đường thôn Đông bị ngập sau mưa lớn.",
            received_on=received_on,
            is_signed=True,
            identity=Identity("Trần Văn Nam", "Thôn Đông", "0912000111"),
        )


def test_ratings_are_counted_on_the_four_levels_of_the_scale(commune):
    rate(commune, 4, 4, 3, 2, 1)

    ratings = figures(commune, *YEAR)["ratings"]

    assert {
        key: ratings[key] for key in ("total", "very_satisfied", "satisfied", "neutral", "dissatisfied")
    } == {
        "total": 5,
        "very_satisfied": 2,
        "satisfied": 1,
        "neutral": 1,
        "dissatisfied": 1,
    }
    assert str(ratings["satisfaction_rate"]) == "60.0"


def test_a_province_counts_every_commune_under_it_and_a_commune_only_itself(province, commune, other_commune):
    elsewhere = make_unit("01", "Thành phố Hà Nội", "province")
    rate(commune, 4)
    rate(other_commune, 3, 3)
    rate(make_unit("01-bd", "Phường Ba Đình", "commune", elsewhere), 1)

    assert figures(province, *YEAR)["ratings"]["total"] == 3
    assert figures(commune, *YEAR)["ratings"]["total"] == 1
    assert figures(None, *YEAR)["ratings"]["total"] == 4


def test_questions_and_praise_are_feedback_but_not_petitions(commune, officer):
    for kind in ("complaint", "denunciation", "reflection", "recommendation", "question", "praise"):
        feedback(commune, officer, kind)

    counted = figures(commune, *YEAR, today=date(2026, 3, 3))

    assert counted["petitions"]["received"] == 4
    assert counted["petitions"]["by_kind"]["complaint"]["received"] == 1
    assert counted["feedback"]["received"] == 6 and counted["feedback"]["praise"] == 1


def test_a_petition_still_open_after_its_resolve_date_is_overdue(commune, officer, leader):
    item = feedback(commune, officer, "recommendation")
    feedback_services.accept_feedback(item, by=leader, accepted_on=date(2026, 3, 2))
    item.refresh_from_db()
    answer_by = item.resolve_due_on or item.accept_due_on  # a recommendation is answered, not resolved

    before = figures(commune, *YEAR, today=answer_by)["petitions"]
    after = figures(commune, *YEAR, today=date(2026, 12, 1))["petitions"]

    assert (before["in_progress"], before["overdue"]) == (1, 0)
    assert (after["in_progress"], after["overdue"]) == (1, 1)


def test_nothing_recorded_counts_zero_in_every_section(commune):
    counted = figures(commune, *YEAR)

    assert set(counted["letters"].values()) == {0}
    assert set(counted["reception"].values()) == {0}
    assert set(counted["dialogues"].values()) == {0}
    assert counted["field_visits"] == {"visits": 0}


def test_reception_and_field_visits_are_counted_from_the_reception_app(commune, other_commune, leader):
    village = make_unit("38-hc-1", "Thôn Cát Lợi", "village", commune)
    chairman = Official.objects.create(
        unit=commune, user=leader, full_name="Nguyễn Văn Chủ Tịch", title="Chủ tịch"
    )
    with time_machine.travel(datetime(2026, 11, 20, 9, tzinfo=VN), tick=False):
        session = reception_services.schedule_ad_hoc_session(
            commune,
            by=leader,
            leader=chairman,
            capacity="chairman",
            held_on=date(2026, 11, 19),
            starts_at=time(7, 30),
            ends_at=time(11),
            place="Phòng tiếp dân",
            reason="Nhiều hộ cùng đến",
        )
        reception_services.mark_session_held(session, by=leader)
        for people in (3, 1):
            reception_services.record_reception_entry(
                session,
                by=leader,
                visitor_name="Lê Văn Hải",
                visitor_address="Thôn Cát Lợi",
                content="Đề nghị sửa cống thoát nước",
                kind="recommendation",
                people_count=people,
            )
        reception_services.record_field_visit(
            commune,
            by=leader,
            village=village,
            visited_on=date(2026, 11, 18),
            leaders=[chairman],
            purpose="Nắm tình hình mưa lũ",
        )

    counted = figures(commune, *YEAR, today=date(2026, 11, 20))
    elsewhere = figures(other_commune, *YEAR, today=date(2026, 11, 20))

    assert counted["reception"] == {
        "sessions": 1,
        "citizens": 4,
        "answers_overdue": 0,
        "scheduled": 0,
        "held_as_scheduled": 0,  # ad hoc
    }
    assert counted["field_visits"] == {"visits": 1}
    assert elsewhere["reception"]["sessions"] == elsewhere["field_visits"]["visits"] == 0


def api_get(client, user, **params):
    key = issue_api_token(user, name="Báo cáo", by=None)
    return client.get("/api/v1/reports/figures", params, headers={"Authorization": f"Bearer {key}"})


def test_a_reviewer_reads_the_province_and_a_commune_official_only_their_commune(
    client, province, commune, other_commune, leader
):
    reviewer = make_person("noivu", province, Role.REVIEWER, "Đỗ Thị Nội Vụ")
    rate(commune, 4)
    rate(other_commune, 4)

    province_figures = api_get(
        client, reviewer, unit=province.code, **{"from": "2026-01-01", "to": "2026-12-31"}
    )
    own = api_get(client, leader, unit=commune.code, **{"from": "2026-01-01", "to": "2026-12-31"})
    other = api_get(client, leader, unit=other_commune.code, **{"from": "2026-01-01", "to": "2026-12-31"})
    country = api_get(client, leader, **{"from": "2026-01-01", "to": "2026-12-31"})

    assert province_figures.status_code == 200 and province_figures.json()["ratings"]["total"] == 2
    assert own.status_code == 200 and own.json()["ratings"]["total"] == 1
    assert other.status_code == 404
    assert country.status_code == 403


def test_the_whole_country_is_for_a_superuser(client, commune):
    admin = User.objects.create_superuser(username="quantri", password="mật-khẩu-thử-1")
    rate(commune, 2)

    response = api_get(client, admin, **{"from": "2026-01-01", "to": "2026-12-31"})

    assert response.status_code == 200
    assert response.json()["unit"] is None and response.json()["ratings"]["neutral"] == 1


def test_dates_in_the_wrong_order_are_refused_in_vietnamese(client, commune, leader):
    response = api_get(client, leader, unit=commune.code, **{"from": "2026-12-31", "to": "2026-01-01"})

    assert response.status_code == 422
    assert "Ngày bắt đầu" in response.json()["errors"][0]


def test_a_legacy_district_counts_the_communes_under_it(province, commune):
    district = make_unit("38-hh", "Huyện Hoằng Hóa (cũ)", "district", province)
    old_commune = make_unit("38-hh-hc", "Xã Hoằng Cát (cũ)", "commune", district)
    rate(old_commune, 4, 4)
    rate(commune, 1)

    assert figures(district, *YEAR)["ratings"]["total"] == 2
    assert figures(province, *YEAR)["ratings"]["total"] == 3


def test_one_statement_per_shape_counts_each_commune_and_period_with_its_own_values(commune, other_commune):
    rate(commune, 4)
    rate(other_commune, 3, 3)
    ours, theirs, march_only = (
        figures(commune, *YEAR),
        figures(other_commune, *YEAR),
        (date(2026, 3, 3), YEAR[1]),
    )

    assert (ours["ratings"]["total"], theirs["ratings"]["total"]) == (1, 2)
    assert figures(other_commune, *march_only)["ratings"]["total"] == 0
    shapes = [shape for shape in figures_module._STATEMENTS if shape[1] == figures_module.COMMUNE]
    assert shapes, "the commune's statement is kept for the next call"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
@pytest.mark.skipif(
    settings.DATABASES["default"].get("OPTIONS", {}).get("prepare_threshold") is None,
    reason="DATABASE_PREPARED_STATEMENTS=false",
)
def test_a_communes_statement_is_planned_once_per_connection(commune, other_commune):
    rate(commune, 4)
    for unit in (commune, other_commune, commune):
        figures(unit, *YEAR)

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", ['%"reports_ratingcount"%']
        )
        assert cursor.fetchone()[0] == 1
