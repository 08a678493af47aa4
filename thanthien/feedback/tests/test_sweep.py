"""The deadline sweep: a warning before each limit, a breach after it, each once, to the right people."""

from datetime import date

import pytest
from django.core.management import call_command

from thanthien.feedback import services
from thanthien.feedback.models import FeedbackEvent
from thanthien.feedback.tests.helpers import official_for, receive
from thanthien.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def chairman(leader, commune):
    return official_for(leader, commune, is_leader=True, phone="0911 000 001")


def test_nothing_is_sent_three_working_days_before_the_limit(officer, commune, chairman):
    receive(officer, commune)  # answer due Mon 16/11/2026

    result = services.sweep_feedback_deadlines(date(2026, 11, 11))

    assert (result.warnings, result.breaches) == (0, 0)
    assert not Notification.objects.exists()


def test_the_leader_is_warned_two_working_days_before_once_however_often_the_sweep_runs(
    officer, commune, chairman, settings
):
    settings.FEEDBACK_WARN_WORKING_DAYS = 2
    item = receive(officer, commune)

    first = services.sweep_feedback_deadlines(date(2026, 11, 12))
    again = services.sweep_feedback_deadlines(date(2026, 11, 13))

    assert (first.warnings, again.warnings) == (1, 0)
    message = Notification.objects.get()
    assert (
        message.recipient == "0911 000 001"
        and item.tracking_code in message.body
        and "16/11/2026" in message.body
    )
    assert item.events.filter(kind=FeedbackEvent.Kind.WARNING, limit="accept_due_on").count() == 1


def test_a_missed_limit_is_marked_and_told_to_the_assignee_and_the_leader(officer, leader, commune, chairman):
    item = services.accept_feedback(receive(officer, commune), by=leader, accepted_on=date(2026, 11, 3))
    assignee = official_for(officer, commune, phone="0911 000 002")
    item = services.assign_feedback(item, by=leader, assignee=assignee)
    assert item.resolve_due_on is None  # a reflection's only limit is its answer, due 16/11
    other = receive(officer, commune, content="Chưa ai xem")

    result = services.sweep_feedback_deadlines(date(2026, 11, 17))
    services.sweep_feedback_deadlines(date(2026, 11, 18))

    assert result.breaches == 2
    assert set(FeedbackEvent.objects.filter(kind="breach").values_list("item", flat=True)) == {
        item.pk,
        other.pk,
    }
    told = Notification.objects.filter(body__contains=item.tracking_code)
    assert sorted(told.values_list("recipient", flat=True)) == ["0911 000 001", "0911 000 002"]
    assert Notification.objects.filter(body__contains=other.tracking_code).count() == 1


def test_an_extension_brings_a_new_warning_for_the_new_date(officer, leader, commune, chairman):
    item = services.accept_feedback(
        services.receive_feedback(
            commune,
            by=officer,
            kind="denunciation",
            channel="desk",
            content="Tố cáo",
            is_signed=True,
            received_on=date(2026, 11, 2),
            identity=services.Identity("Phạm Thị Hoa", "Thôn Đông", "0912 345 678"),
        ),
        by=leader,
        accepted_on=date(2026, 11, 2),
    )
    assert item.resolve_due_on == date(2026, 12, 2)
    services.sweep_feedback_deadlines(date(2026, 11, 30))

    item = services.extend_resolution(item, by=leader, reason="Vụ việc phức tạp")
    services.sweep_feedback_deadlines(date(2026, 12, 30))

    limits = set(FeedbackEvent.objects.filter(kind="warning").values_list("due_on", flat=True))
    assert limits == {date(2026, 12, 2), date(2027, 1, 4)}
    assert Notification.objects.count() == 2


def test_the_command_reports_what_it_did(officer, commune, chairman, capsys, time_machine):
    time_machine.move_to("2026-11-17 09:00 +07:00")
    receive(officer, commune)

    call_command("sweep_feedback")

    assert "1" in capsys.readouterr().out
    assert FeedbackEvent.objects.filter(kind="breach").count() == 1
