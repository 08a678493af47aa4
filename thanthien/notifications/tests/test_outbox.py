"""The outbox: a message is queued once per event, sent by the worker, retried, and given up after a while."""

from datetime import timedelta

import pytest
from django.utils import timezone

from thanthien.notifications import tasks
from thanthien.notifications.channels import ChannelError
from thanthien.notifications.models import Notification
from thanthien.notifications.services import queue_notification


def test_the_same_event_queues_one_message(commune, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = queue_notification(
            unit=commune, recipient="0912345678", body="Hồ sơ đã có kết quả", dedupe_key="d:1:ready"
        )
        again = queue_notification(
            unit=commune, recipient="0912345678", body="Hồ sơ đã có kết quả", dedupe_key="d:1:ready"
        )

    assert first.pk == again.pk
    assert Notification.objects.count() == 1


def test_the_worker_sends_the_message_to_the_file_channel(
    commune, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        queue_notification(
            unit=commune, recipient="0912345678", body="Hồ sơ đã có kết quả", dedupe_key="d:2:ready"
        )

    notification = Notification.objects.get()
    assert notification.status == Notification.Status.SENT
    assert "Hồ sơ đã có kết quả" in (settings.DATA_DIR / "outbox.jsonl").read_text(encoding="utf-8")


def test_a_burst_of_messages_wakes_the_worker_once_and_nothing_is_left_behind(
    commune, monkeypatch, django_capture_on_commit_callbacks
):
    woken = []
    monkeypatch.setattr(tasks, "deliver_outbox", lambda: woken.append(1))
    for number in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            queue_notification(
                unit=commune, recipient="0912345678", body="Tin thử", dedupe_key=f"burst:{number}"
            )

    assert len(woken) == 1
    assert tasks.send_queued_notifications() == 5


class BrokenChannel:
    def send(self, notification):
        raise ChannelError("cổng SMS không trả lời")


def test_a_failing_gateway_is_retried_with_back_off_then_given_up(commune, settings):
    settings.NOTIFICATION_CHANNELS = {
        "default": f"{__name__}.BrokenChannel",
        "sms": f"{__name__}.BrokenChannel",
    }
    notification = Notification.objects.create(
        unit=commune, recipient="0912345678", body="x", dedupe_key="fail"
    )
    now = timezone.now()

    for attempt in range(tasks.MAX_ATTEMPTS):
        later = now + timedelta(hours=attempt + 1)
        tasks.send_queued_notifications(now=later)

    notification.refresh_from_db()
    assert notification.status == Notification.Status.FAILED
    assert notification.attempts == tasks.MAX_ATTEMPTS
    assert "không trả lời" in notification.last_error


def test_a_retry_waits_for_its_back_off(commune, settings):
    settings.NOTIFICATION_CHANNELS = {
        "default": f"{__name__}.BrokenChannel",
        "sms": f"{__name__}.BrokenChannel",
    }
    Notification.objects.create(unit=commune, recipient="0912345678", body="x", dedupe_key="wait")
    tasks.send_queued_notifications()

    tasks.send_queued_notifications()  # at once: too early for a second attempt

    assert Notification.objects.get().attempts == 1


@pytest.fixture(autouse=True)
def _db(db):
    return db
