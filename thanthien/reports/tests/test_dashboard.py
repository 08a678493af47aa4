"""The leader's dashboard on the home page: today's numbers, each a link to its list, and three months."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from thanthien.feedback import services as feedback_services
from thanthien.feedback.services import Identity
from thanthien.ratings import services as rating_services
from thanthien.reports import dashboard

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
SENDER = Identity("Lý Thị Hằng", "Thôn Nam", "0912000222")


def overdue_recommendation(commune, officer, leader):
    with time_machine.travel(datetime(2026, 9, 1, 9, tzinfo=VN), tick=False):
        item = feedback_services.receive_feedback(
            commune, by=officer, kind="recommendation", channel="hotline", content="Đề nghị sửa đèn đường.",
            received_on=date(2026, 9, 1), is_signed=True, identity=SENDER,
        )  # fmt: skip
        return feedback_services.accept_case(item, by=leader, accepted_on=date(2026, 9, 1))


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


def test_this_month_is_set_beside_last_month_and_the_same_month_last_year(commune):
    for moment in (datetime(2026, 11, 3, 9, tzinfo=VN), datetime(2026, 10, 5, 9, tzinfo=VN),
                   datetime(2026, 10, 6, 9, tzinfo=VN), datetime(2025, 11, 4, 9, tzinfo=VN)):  # fmt: skip
        rating_services.record_rating(commune, level=4, channel="kiosk", rated_at=moment)

    columns = dashboard.month_columns(commune, date(2026, 11, 20))

    assert [column.figures["ratings"]["total"] for column in columns] == [1, 2, 1]
    assert [(column.start, column.end) for column in columns] == [
        (date(2026, 11, 1), date(2026, 11, 20)), (date(2026, 10, 1), date(2026, 10, 31)),
        (date(2025, 11, 1), date(2025, 11, 30)),
    ]  # fmt: skip


def test_parts_not_built_yet_show_nothing_to_do(leader):
    today = dashboard.leader_today(leader, date(2026, 11, 20))

    assert (today.letters_to_sign, today.next_reception, today.commitments_due) == (0, None, 0)
