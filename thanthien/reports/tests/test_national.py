"""The country side by side: one row per province, the same figures as the figures API, for a national
reviewer only; XLSX with one row per province."""

import io
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Permission
from openpyxl import load_workbook

from conftest import make_person, make_unit
from thanthien.assessment import services as assessment_services
from thanthien.assessment.models import SelfAssessment
from thanthien.assessment.tests.year import set_file
from thanthien.dossiers import services as dossier_services
from thanthien.dossiers.models import Dossier
from thanthien.dossiers.tests.factories import make_procedure
from thanthien.feedback import services as feedback_services
from thanthien.feedback.services import Identity
from thanthien.ratings import services as rating_services
from thanthien.reception import services as reception_services
from thanthien.reports.figures import figures
from thanthien.reports.national import national_table
from thanthien.units.models import Official, Role, User
from thanthien.units.permissions import needs_two_factor
from thanthien.units.tokens import issue_api_token

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
YEAR = (date(2026, 1, 1), date(2026, 12, 31))
TODAY = date(2026, 11, 20)
PARAMS = {"date_from": "01/01/2026", "date_to": "31/12/2026"}


def receive(commune, officer, when: datetime, channel: str = "in_person") -> Dossier:
    with time_machine.travel(when, tick=False):
        return dossier_services.receive_dossier(
            commune,
            procedure=make_procedure(days="3"),
            applicant_name="Lê Thị Hoa",
            channel=channel,
            by=officer,
        )


def rate(commune, *levels):
    for level in levels:
        rating_services.record_rating(
            commune, level=level, channel="kiosk", rated_at=datetime(2026, 4, 1, 9, tzinfo=VN)
        )


def petition(commune, officer, received_on=date(2026, 3, 2)):
    with time_machine.travel(datetime.combine(received_on, time(9), VN), tick=False):
        return feedback_services.receive_feedback(
            commune,
            by=officer,
            kind="complaint",
            channel="desk",
            content="Đường thôn Đông bị ngập.",
            received_on=received_on,
            is_signed=True,
            identity=Identity("Trần Văn Nam", "Thôn Đông", "0912000111"),
        )


def reception_session(commune, leader, people):
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
        reception_services.record_reception_entry(
            session,
            by=leader,
            visitor_name="Lê Văn Hải",
            visitor_address="Thôn Cát Lợi",
            content="Đề nghị sửa cống thoát nước",
            kind="recommendation",
            people_count=people,
        )


@pytest.fixture
def country(province, commune, other_commune, officer, outsider_officer, leader):
    """Two provinces with something in every column; a third with nothing at all."""
    hanoi = make_unit("01", "Thành phố Hà Nội", "province")
    ba_dinh = make_unit("00004", "Phường Ba Đình", "commune", hanoi)
    make_unit("02", "Tỉnh Hà Giang", "province")
    hanoi_officer = make_person("badinh", ba_dinh, Role.DESK_OFFICER)
    hanoi_leader = make_person("badinh-ld", ba_dinh, Role.LEADER)
    for number, (commune_, officer_) in enumerate(
        [(commune, officer), (other_commune, outsider_officer), (ba_dinh, hanoi_officer)]
    ):
        for month in range(1, 4 + number):
            receive(
                commune_,
                officer_,
                datetime(2026, month, 5, 9, tzinfo=VN),
                channel="online" if month % 2 else "in_person",
            )
    early = Dossier.objects.filter(commune=commune).order_by("pk")[:2]
    Dossier.objects.filter(pk__in=[d.pk for d in early]).update(status="returned", timeliness="early")
    late = Dossier.objects.filter(commune=ba_dinh).order_by("pk").first()
    Dossier.objects.filter(pk=late.pk).update(status="returned", timeliness="late")
    rate(commune, 4, 4, 2)
    rate(other_commune, 3)
    rate(ba_dinh, 4, 1, 1)
    petition(commune, officer, received_on=date(2026, 3, 2))
    petition(ba_dinh, hanoi_officer, received_on=date(2026, 10, 1))
    reception_session(commune, leader, 3)
    reception_session(ba_dinh, hanoi_leader, 2)
    return {"hanoi": hanoi, "ba_dinh": ba_dinh}


def national_reviewer():
    user = User.objects.create_user(username="bonoivu", password="mật-khẩu-thử-1", full_name="Bộ Nội vụ")
    user.user_permissions.add(
        Permission.objects.get(codename="view_country", content_type__app_label="reports")
    )
    return User.objects.get(pk=user.pk)  # permissions are cached per instance


def api_get(client, user, unit):
    key = issue_api_token(user, name="Báo cáo", by=None)
    params = {"unit": unit.code, "from": "2026-01-01", "to": "2026-12-31"}
    return client.get("/api/v1/reports/figures", params, headers={"Authorization": f"Bearer {key}"})


def same(mine, theirs) -> bool:
    """A count or a rate of the table equals the API's (a rate is a decimal string in JSON)."""
    if mine is None or theirs is None:
        return mine is theirs
    return Decimal(str(mine)) == Decimal(str(theirs))


def test_each_provinces_figures_are_those_of_the_figures_api(client, country, province):
    reviewer = national_reviewer()
    with time_machine.travel(datetime(2026, 11, 20, 10, tzinfo=VN), tick=False):
        table = national_table(*YEAR)
        answers = {unit.pk: api_get(client, reviewer, unit).json() for unit in (province, country["hanoi"])}
    rows = {row.province.pk: row for row in table.rows}

    assert len(table.rows) == 3
    for pk, answer in answers.items():
        row = rows[pk]
        for section in ("dossiers", "petitions", "ratings", "reception"):
            theirs = answer[section]
            keys = [key for key in row.figures[section] if key != "by_kind"]
            assert set(keys) == set(theirs) - {"by_kind"}, section
            assert all(same(row.figures[section][key], theirs[key]) for key in keys), section
        assert row.figures == {
            name: value
            for name, value in figures(row.province, *YEAR, today=TODAY).items()
            if name in row.figures
        }
    thanh_hoa, hanoi = rows[province.pk], rows[country["hanoi"].pk]
    assert (thanh_hoa.dossiers, thanh_hoa.on_time_rate, thanh_hoa.petitions_overdue) == (7, Decimal(100), 1)
    assert (hanoi.dossiers, hanoi.on_time_rate, hanoi.satisfaction_rate) == (5, Decimal(0), Decimal("33.3"))
    assert (thanh_hoa.reception_sessions, thanh_hoa.citizens_received, hanoi.citizens_received) == (1, 3, 2)
    assert thanh_hoa.communes == 2 and hanoi.communes == 1


def test_sorted_by_a_column_the_provinces_without_a_value_come_last(country, province):
    by_score = national_table(*YEAR, today=TODAY)
    by_dossiers = national_table(*YEAR, today=TODAY, sort="dossiers")
    by_name = national_table(*YEAR, today=TODAY, sort="name")

    assert by_score.weights is not None and by_score.rows[0].province == province  # the best score first
    assert by_score.rows[-1].province.name == "Tỉnh Hà Giang" and by_score.rows[-1].score is None
    assert [row.dossiers for row in by_dossiers.rows] == [7, 5, 0]
    assert [row.province.name for row in by_name.rows] == [
        "Thành phố Hà Nội",
        "Tỉnh Hà Giang",
        "Tỉnh Thanh Hóa",
    ]


def test_the_criteria_score_is_the_mean_of_the_communes_appraised(country, province, commune, other_commune):
    criteria_set = assessment_services.import_criteria_set(set_file(), by=None, province=province)
    for commune_, total in ((commune, Decimal("80")), (other_commune, Decimal("91"))):
        SelfAssessment.objects.create(
            commune=commune_,
            year=2026,
            criteria_set=criteria_set,
            status=SelfAssessment.Status.APPROVED,
            appraised_total=total,
        )

    table = national_table(*YEAR, today=TODAY, sort="appraised")

    assert [key for key, _label in table.other_sources] == ["appraised"]
    assert table.rows[0].province == province and table.rows[0].other_score("appraised") == Decimal("85.5")
    assert table.rows[0].other_scores["appraised"] == (Decimal("85.5"), 2)
    assert table.rows[1].other_score("appraised") is None


def test_a_national_reviewer_sees_every_province_drills_down_and_exports(client, country, province):
    client.force_login(national_reviewer())

    page = client.get("/reports/national/", PARAMS)
    export = client.get("/reports/national/export.xlsx", PARAMS)
    drill_down = client.get("/reports/ranking/", {"unit": country["hanoi"].pk, **PARAMS})

    content = page.content.decode()
    assert page.status_code == 200 and content.count('data-testid="national-row"') == 3
    assert f"/reports/ranking/?unit={province.pk}&amp;date_from=01/01/2026" in content
    assert drill_down.status_code == 200 and "Phường Ba Đình" in drill_down.content.decode()
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Tỉnh, thành phố" and len(rows) == 1 + 3
    assert {row[0] for row in rows[1:]} == {"Tỉnh Thanh Hóa", "Thành phố Hà Nội", "Tỉnh Hà Giang"}
    assert {row[0]: row[2] for row in rows[1:]}["Tỉnh Thanh Hóa"] == 7


def test_a_superuser_sees_the_table_a_province_reviewer_and_a_commune_leader_do_not(
    client, country, province, reviewer, leader
):
    admin = User.objects.create_superuser(username="quantri", password="mật-khẩu-thử-1")

    client.force_login(admin)
    assert client.get("/reports/national/", PARAMS).status_code == 200
    for user in (reviewer, leader):
        client.force_login(user)
        assert client.get("/reports/national/", PARAMS).status_code == 403
        assert client.get("/reports/national/export.xlsx", PARAMS).status_code == 403
    client.force_login(reviewer)  # the province's reviewer keeps the ranking of their own province
    assert client.get("/reports/ranking/", {"unit": province.pk, **PARAMS}).status_code == 200
    assert "/reports/national/" not in client.get("/reports/ranking/", PARAMS).content.decode()


def test_a_national_reviewer_reads_the_country_and_any_province_through_the_api(client, country):
    key = issue_api_token(national_reviewer(), name="Báo cáo", by=None)
    headers = {"Authorization": f"Bearer {key}"}

    whole = client.get("/api/v1/reports/figures", {"from": "2026-01-01", "to": "2026-12-31"}, headers=headers)
    hanoi = client.get(
        "/api/v1/reports/figures", {"unit": "01", "from": "2026-01-01", "to": "2026-12-31"}, headers=headers
    )

    assert whole.status_code == 200 and whole.json()["dossiers"]["received"] == 12
    assert hanoi.status_code == 200 and hanoi.json()["dossiers"]["received"] == 5


def test_a_national_reviewer_needs_a_second_factor_like_a_province_reviewer(db):
    assert needs_two_factor(national_reviewer())
    assert not needs_two_factor(make_person("khach", make_unit("03", "Tỉnh Cao Bằng", "province"), None))
