"""The leader's dashboard on the home page: today's numbers, each a link to its list, and three months."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine

from thanthien.feedback import services as feedback_services
from thanthien.feedback.services import Identity
from thanthien.letters import services as letter_services
from thanthien.ratings import services as rating_services
from thanthien.reception import services as reception_services
from thanthien.reports import dashboard
from thanthien.units.models import Official

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
SENDER = Identity("Lý Thị Hằng", "Thôn Nam", "0912000222")


def overdue_recommendation(commune, officer, leader):
    with time_machine.travel(datetime(2026, 9, 1, 9, tzinfo=VN), tick=False):
        item = feedback_services.receive_feedback(
            commune,
            by=officer,
            kind="recommendation",
            channel="hotline",
            content="Đề nghị sửa đèn đường.",
            received_on=date(2026, 9, 1),
            is_signed=True,
            identity=SENDER,
        )
        return feedback_services.accept_feedback(item, by=leader, accepted_on=date(2026, 9, 1))


def test_the_leader_sees_an_overdue_petition_and_the_list_behind_the_number(client, commune, officer, leader):
    overdue_recommendation(commune, officer, leader)
    client.force_login(leader)

    with time_machine.travel(datetime(2026, 11, 20, 9, tzinfo=VN), tick=False):
        home = client.get("/")
        listing = client.get("/reports/petitions/overdue/")

    assert home.context["leader"].overdue_petitions == 1
    assert 'href="/reports/petitions/overdue/"' in home.content.decode()
    assert "Đề nghị" in listing.content.decode() or "Kiến nghị" in listing.content.decode()
    assert len(listing.context["items"]) == 1


def test_this_month_so_far_is_set_beside_the_same_days_of_last_month_and_of_last_year(commune):
    # The 25th of October and of November 2025 fall after the 20th: not in the comparison on 20/11.
    for moment in (
        datetime(2026, 11, 3, 9, tzinfo=VN),
        datetime(2026, 10, 5, 9, tzinfo=VN),
        datetime(2026, 10, 6, 9, tzinfo=VN),
        datetime(2026, 10, 25, 9, tzinfo=VN),
        datetime(2025, 11, 4, 9, tzinfo=VN),
        datetime(2025, 11, 25, 9, tzinfo=VN),
    ):
        rating_services.record_rating(commune, level=4, channel="kiosk", rated_at=moment)

    columns = dashboard.month_columns(commune, date(2026, 11, 20))

    assert [column.figures["ratings"]["total"] for column in columns] == [1, 2, 1]
    assert [(column.start, column.end) for column in columns] == [
        (date(2026, 11, 1), date(2026, 11, 20)),
        (date(2026, 10, 1), date(2026, 10, 20)),
        (date(2025, 11, 1), date(2025, 11, 20)),
    ]


def test_on_the_31st_last_month_ends_on_its_own_last_day(commune):
    columns = dashboard.month_columns(commune, date(2028, 3, 31))

    assert [(column.start, column.end) for column in columns] == [
        (date(2028, 3, 1), date(2028, 3, 31)),
        (date(2028, 2, 1), date(2028, 2, 29)),
        (date(2027, 3, 1), date(2027, 3, 31)),
    ]


def test_nothing_to_do_shows_zeros_and_no_session(leader):
    today = dashboard.leader_today(leader, date(2026, 11, 20))

    assert (today.letters_to_sign, today.next_reception, today.commitments_due) == (0, None, 0)


def test_letters_to_sign_the_next_session_and_commitments_due_link_to_their_lists(client, commune, leader):
    chairman = Official.objects.create(
        unit=commune, user=leader, full_name="Nguyễn Văn Chủ Tịch", title="Chủ tịch"
    )
    with time_machine.travel(datetime(2026, 11, 20, 9, tzinfo=VN), tick=False):
        for number in range(2):
            letter_services.draft_letter(
                commune,
                kind="thanks",
                source_key=f"test:{number}",
                recipient_name="Lê Văn Hiến",
                fields={"contribution": "hiến đất làm đường"},
            )
        session = reception_services.schedule_ad_hoc_session(
            commune,
            by=leader,
            leader=chairman,
            capacity="chairman",
            held_on=date(2026, 11, 26),
            starts_at=time(7, 30),
            ends_at=time(11),
            place="Phòng tiếp dân",
            reason="Nhiều hộ cùng đến",
        )
        dialogue = reception_services.schedule_dialogue(
            commune,
            by=leader,
            level="commune",
            title="Đối thoại cuối năm",
            planned_on=date(2026, 11, 10),
            place="Hội trường",
            chaired_by=chairman,
        )
        reception_services.add_dialogue_commitment(
            dialogue, by=leader, content="Sửa cống thôn Nam", owner=chairman, due_on=date(2026, 12, 5)
        )
        client.force_login(leader)
        home = client.get("/")

    today = home.context["leader"]
    assert (today.letters_to_sign, today.next_reception, today.commitments_due) == (2, session, 1)
    page = home.content.decode()
    assert 'href="/letters/"' in page and f'href="/reception/sessions/{session.pk}/"' in page
    assert 'href="/reception/commitments/"' in page


def test_the_overdue_petitions_list_heads_its_date_column_with_the_resolution_deadline(
    client, commune, officer, leader
):
    overdue_recommendation(commune, officer, leader)
    client.force_login(leader)

    with time_machine.travel(datetime(2026, 11, 20, 9, tzinfo=VN), tick=False):
        listing = client.get("/reports/petitions/overdue/").content.decode()

    head = listing.split("<thead>", 1)[1].split("</thead>", 1)[0]
    assert "<th>Hạn giải quyết</th>" in head and "Hạn nộp" not in head
