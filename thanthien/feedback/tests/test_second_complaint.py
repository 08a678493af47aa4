"""The window for a second complaint or a lawsuit after a first-instance decision (Law on Complaints 2011
art. 33; LAW.md rule 5): 30 days from the day the decision was received, 45 in remote areas, or from the
end of the resolution period when no decision came; the last day moves off weekends and holidays."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from thanthien.core.calendars import default_calendar
from thanthien.core.models import AuditEvent
from thanthien.feedback import deadlines, services
from thanthien.feedback.models import FeedbackEvent
from thanthien.feedback.services import Identity

pytestmark = pytest.mark.django_db


def complaint(officer, leader, commune, **extra):
    item = services.receive_feedback(
        commune,
        by=officer,
        kind="complaint",
        channel="desk",
        topic="land",
        received_on=date(2026, 2, 2),
        content="Khiếu nại quyết định thu hồi đất.",
        is_signed=True,
        identity=Identity("Lê Văn Đức", "Thôn Tây"),
        **extra,
    )
    return services.accept_feedback(item, by=leader, accepted_on=date(2026, 2, 2))  # resolve by 04/03/2026


def decided(item, leader):
    return services.resolve_feedback(
        item,
        by=leader,
        public_answer="Giữ nguyên quyết định.",
        resolved_on=date(2026, 2, 27),
        decision_number="15/QĐ-UBND",
        decision_on=date(2026, 2, 27),
        decision_content="Giữ nguyên.",
    )


@pytest.mark.parametrize(
    ("start", "remote", "expected"),
    [
        (date(2026, 3, 9), False, date(2026, 4, 8)),  # Monday + 30 days: a Wednesday
        (date(2026, 3, 5), False, date(2026, 4, 6)),  # + 30 = Saturday 4/4: Monday 6/4
        (date(2026, 3, 5), True, date(2026, 4, 20)),  # remote: + 45 = Sunday 19/4: Monday 20/4
    ],
)
def test_the_window_is_30_days_or_45_in_a_remote_area_ending_on_a_working_day(start, remote, expected):
    limits = services.limits_on(date(2026, 2, 2))

    assert deadlines.second_complaint_until(start, remote, limits, default_calendar()) == expected


def test_the_window_runs_from_the_day_the_complainant_received_the_decision(officer, leader, commune, client):
    item = decided(complaint(officer, leader, commune), leader)
    assert services.second_complaint_until(item, date(2026, 3, 1)) is None  # not received yet

    item = services.record_decision_received(item, by=leader, received_on=date(2026, 3, 5))

    assert services.second_complaint_until(item, date(2026, 3, 10)) == date(2026, 4, 6)
    assert item.events.filter(kind=FeedbackEvent.Kind.DECISION_RECEIVED).count() == 1
    assert AuditEvent.objects.filter(
        object_id=str(item.pk), changes__decision_received_on__1="05/03/2026"
    ).exists()
    page = client.get(reverse("portal:feedback_status", args=[commune.slug, item.tracking_code]))
    api = client.get(f"/api/v1/feedback/{item.tracking_code}")
    assert 'data-testid="second-complaint-until"' in page.content.decode()
    assert "06/04/2026" in page.content.decode() and "Luật Khiếu nại 2011, điều 33" in page.content.decode()
    assert api.json()["second_complaint_until"] == "2026-04-06"


def test_a_complaint_not_resolved_in_time_opens_the_window_from_the_end_of_the_period(
    officer, leader, commune
):
    item = complaint(officer, leader, commune, is_remote_area=False)

    assert services.second_complaint_until(item, date(2026, 3, 4)) is None  # the period is still running
    assert services.second_complaint_until(item, date(2026, 3, 10)) == date(2026, 4, 3)  # 4/3 + 30


def test_a_second_instance_complaint_or_a_denunciation_has_no_such_window(officer, leader, commune):
    second = complaint(officer, leader, commune, instance="second")
    denunciation = services.receive_feedback(
        commune,
        by=officer,
        kind="denunciation",
        channel="desk",
        content="Tố cáo.",
        received_on=date(2026, 2, 2),
        is_signed=True,
        identity=Identity("Phạm Thị Hoa", "Thôn Đông"),
    )

    assert services.second_complaint_until(second, date(2026, 12, 1)) is None
    assert services.second_complaint_until(denunciation, date(2026, 12, 1)) is None


def test_the_receipt_date_lies_between_the_decision_and_today(officer, leader, commune):
    item = decided(complaint(officer, leader, commune), leader)

    with pytest.raises(
        ValidationError, match="Quyết định được nhận trong khoảng từ ngày ban hành đến hôm nay"
    ):
        services.record_decision_received(item, by=leader, received_on=date(2026, 2, 26))
    item.refresh_from_db()
    assert item.decision_received_on is None


def test_the_case_page_records_the_receipt_and_shows_the_window(officer, leader, commune, client):
    item = decided(complaint(officer, leader, commune), leader)
    client.force_login(leader)

    response = client.post(
        reverse("feedback:step", args=[item.tracking_code, "received"]),
        {"received-received_on": "05/03/2026"},
        follow=True,
    )

    page = response.content.decode()
    assert "Đã ghi ngày người khiếu nại nhận quyết định." in page
    assert 'data-testid="second-complaint-until">06/04/2026' in page
