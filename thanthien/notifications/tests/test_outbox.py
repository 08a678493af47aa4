"""The outbox: a message is queued once per event, claimed by one worker at a time, sent, retried with
back-off, given up after a while, held through the quiet hours, and sent again from the admin."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from thanthien.core.models import AuditEvent
from thanthien.notifications import outbox, tasks
from thanthien.notifications.channels import ChannelError, Sent
from thanthien.notifications.models import Notification, QuietHours
from thanthien.notifications.services import queue_notification, retry_notifications

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOON = datetime(2026, 12, 1, 12, 0, tzinfo=HCM)
NIGHT = datetime(2026, 12, 1, 22, 30, tzinfo=HCM)

SENT_TO: list[str] = []


class RecordingChannel:
    def send(self, notification):
        SENT_TO.append(notification.dedupe_key)
        return Sent(message_id=f"gw-{notification.pk}", segments=1)


class BrokenChannel:
    def send(self, notification):
        raise ChannelError("cổng SMS không trả lời")


class BuggyChannel:
    def send(self, notification):
        raise KeyError("body")


class RefusingChannel:
    def send(self, notification):
        raise ChannelError("sai khóa API", permanent=True)


@pytest.fixture(autouse=True)
def _at_noon(time_machine):
    time_machine.move_to(NOON, tick=False)


@pytest.fixture(autouse=True)
def _channels(settings):
    SENT_TO.clear()
    settings.NOTIFICATION_QUIET_HOURS = "21:00-07:00"
    settings.NOTIFICATION_DELIVERY = {
        **settings.NOTIFICATION_DELIVERY,
        "max_attempts": 4,
        "backoff_base_seconds": 30,
        "lease_seconds": 60,
    }
    use(settings, RecordingChannel)


def use(settings, channel):
    path = f"{__name__}.{channel.__name__}"
    settings.NOTIFICATION_CHANNELS = {"default": path, "sms": path}


def queue(commune, key, **extra):
    return queue_notification(
        unit=commune, recipient="0912345678", body="Hồ sơ đã có kết quả", dedupe_key=key, **extra
    )


def deliver(now, limit=50):
    worker = outbox.Worker(threads=2)
    try:
        return worker.deliver_due(limit=limit, now=now)
    finally:
        worker.close()


# --- queueing ----------------------------------------------------------------------------------------
def test_the_same_event_queues_one_message(commune, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first, again = queue(commune, "d:1:ready"), queue(commune, "d:1:ready")

    assert first.pk == again.pk
    assert Notification.objects.count() == 1


def test_a_message_queued_in_a_transaction_that_fails_does_not_exist(commune):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        queue(commune, "d:2:ready")
        raise RuntimeError("the dossier could not be saved")

    assert not Notification.objects.exists()


def test_the_worker_sends_the_message_to_the_file_channel(
    commune, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFICATION_CHANNELS = {"default": "thanthien.notifications.channels.FileChannel"}
    settings.NOTIFICATION_QUIET_HOURS = ""
    with django_capture_on_commit_callbacks(execute=True):
        queue(commune, "d:3:ready")

    notification = Notification.objects.get()
    assert notification.status == Notification.Status.SENT
    assert notification.provider_message_id == f"file:{notification.idempotency_key}"
    assert "Hồ sơ đã có kết quả" in (settings.DATA_DIR / "outbox.jsonl").read_text(encoding="utf-8")


def test_a_burst_of_messages_wakes_the_worker_once_and_nothing_is_left_behind(
    commune, monkeypatch, django_capture_on_commit_callbacks
):
    woken = []
    monkeypatch.setattr(tasks, "deliver_outbox", lambda: woken.append(1))
    for number in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            queue(commune, f"burst:{number}")

    assert len(woken) == 1
    assert deliver(timezone.now()).sent == 5


def test_an_sms_to_a_number_that_is_no_mobile_is_kept_as_failed_with_the_reason(commune):
    notification = queue_notification(unit=commune, recipient="02438253536", body="x", dedupe_key="landline")

    assert notification.status == Notification.Status.FAILED
    assert "cố định" in notification.last_error
    assert deliver(timezone.now()).claimed == 0


def test_the_idempotency_key_is_stable_and_reveals_nothing(commune):
    notification = queue(commune, "dossier:77:ready")

    assert notification.idempotency_key == Notification.objects.get().idempotency_key
    assert len(notification.idempotency_key) == 32 and "dossier" not in notification.idempotency_key


# --- sending, retrying, giving up --------------------------------------------------------------------
def test_a_sent_message_records_the_gateways_id_and_is_never_sent_again(commune):
    queue(commune, "once")

    deliver(NOON)
    deliver(NOON + timedelta(hours=1))

    notification = Notification.objects.get()
    assert (notification.status, notification.attempts) == (Notification.Status.SENT, 1)
    assert notification.provider_message_id == f"gw-{notification.pk}" and notification.sent_at == NOON
    assert SENT_TO == ["once"]


def test_a_failing_gateway_is_retried_with_back_off_then_given_up(commune, settings):
    use(settings, BrokenChannel)
    queue(commune, "fail")

    deliver(NOON)
    first_retry = Notification.objects.get().next_attempt_at
    deliver(NOON + timedelta(seconds=5))  # too early for a second attempt
    for hour in range(1, 4):
        deliver(NOON + timedelta(hours=hour))

    notification = Notification.objects.get()
    assert NOON + timedelta(seconds=15) <= first_retry <= NOON + timedelta(seconds=30)
    assert notification.status == Notification.Status.FAILED
    assert notification.attempts == 4
    assert "không trả lời" in notification.last_error


def test_a_permanent_refusal_fails_at_once(commune, settings):
    use(settings, RefusingChannel)
    queue(commune, "refused")

    deliver(NOON)

    notification = Notification.objects.get()
    assert (notification.status, notification.attempts) == (Notification.Status.FAILED, 1)


def test_a_bug_in_an_adapter_is_recorded_and_retried_and_the_other_messages_still_go(commune, settings):
    settings.NOTIFICATION_CHANNELS = {
        "default": f"{__name__}.RecordingChannel",
        "sms": f"{__name__}.BuggyChannel",
    }
    queue(commune, "buggy")
    queue_notification(unit=commune, recipient="an@example.vn", body="x", dedupe_key="mail", channel="email")

    outcome = deliver(NOON)

    assert (outcome.retried, outcome.sent) == (1, 1)
    assert "KeyError" in Notification.objects.get(dedupe_key="buggy").last_error


def test_two_workers_never_claim_the_same_message(commune):
    for number in range(10):
        queue(commune, f"claim:{number}")

    _token_a, first = outbox.claim_due(6, now=NOON)
    _token_b, second = outbox.claim_due(6, now=NOON)

    assert len(first) == 6 and len(second) == 4
    assert not {n.pk for n in first} & {n.pk for n in second}
    assert outbox.claim_due(6, now=NOON)[1] == []


def test_a_message_held_by_a_dead_worker_goes_out_when_its_lease_ends(commune):
    queue(commune, "orphan")
    _dead_token, _ = outbox.claim_due(10, now=NOON)  # the worker is killed before it sends

    early = deliver(NOON + timedelta(seconds=30))
    late = deliver(NOON + timedelta(seconds=61))

    notification = Notification.objects.get()
    assert (early.claimed, late.sent) == (0, 1)
    assert notification.status == Notification.Status.SENT and notification.attempts == 2


def test_a_worker_that_comes_back_after_its_lease_cannot_overwrite_the_newer_attempt(commune):
    queue(commune, "late")
    old_token, (held,) = outbox.claim_due(10, now=NOON)
    deliver(NOON + timedelta(seconds=61))  # another worker took it over and sent it

    outbox.record_failure(held, old_token, ChannelError("trễ"), now=NOON + timedelta(seconds=62))

    assert Notification.objects.get().status == Notification.Status.SENT


# --- quiet hours -------------------------------------------------------------------------------------
def test_a_message_queued_at_night_waits_for_the_morning(commune):
    queue(commune, "night")

    outcome = deliver(NIGHT)
    morning = deliver(datetime(2026, 12, 2, 7, 0, tzinfo=HCM))

    assert (outcome.deferred, morning.sent) == (1, 1)
    assert Notification.objects.get().attempts == 1


def test_an_urgent_message_goes_at_night(commune):
    queue(commune, "urgent", urgent=True)

    assert deliver(NIGHT).sent == 1


def test_a_communes_own_quiet_hours_come_before_the_setting(commune):
    QuietHours.objects.create(unit=commune, starts_at=time(11), ends_at=time(13), valid_from=NOON.date())
    QuietHours.objects.create(starts_at=time(22), ends_at=time(6), valid_from=NOON.date())
    queue(commune, "lunch")

    outcome = deliver(NOON)

    assert outcome.deferred == 1
    assert timezone.localtime(Notification.objects.get().next_attempt_at).time() == time(13)


# --- the admin's "retry now" -------------------------------------------------------------------------
def test_retry_now_gives_a_failed_message_new_attempts_and_leaves_a_sent_one_alone(commune, leader, settings):
    use(settings, RefusingChannel)
    queue(commune, "refused-then-fixed")
    deliver(NOON)
    use(settings, RecordingChannel)
    queue(commune, "already-sent")
    deliver(NOON)

    retried = retry_notifications(Notification.objects.all(), by=leader)
    deliver(timezone.now())

    assert retried == 1
    assert dict(Notification.objects.values_list("dedupe_key", "status")) == {
        "refused-then-fixed": "sent",
        "already-sent": "sent",
    }
    assert SENT_TO == ["already-sent", "refused-then-fixed"]
    assert AuditEvent.objects.filter(actor=leader, object_type="notifications.Notification").count() == 1


def test_the_admin_lists_failures_and_retries_them(commune, client, settings, django_user_model):
    use(settings, RefusingChannel)
    queue(commune, "admin-retry")
    deliver(NOON)
    admin = django_user_model.objects.create_superuser("quantri", password="mật-khẩu-thử-1")
    client.force_login(admin)

    listing = client.get("/admin/notifications/notification/?status__exact=failed")
    response = client.post(
        "/admin/notifications/notification/",
        {"action": "retry_now", "_selected_action": [Notification.objects.get().pk]},
        follow=True,
    )

    assert "sai khóa API" in listing.content.decode() and "0912345678" not in listing.content.decode()
    assert response.status_code == 200
    assert Notification.objects.get().status in (Notification.Status.QUEUED, Notification.Status.FAILED)
    assert Notification.objects.get().attempts <= 1


def test_the_command_sends_what_is_due_and_reports_the_outbox(commune, settings):
    from io import StringIO

    from django.core.management import call_command

    settings.NOTIFICATION_CHANNELS = {
        "default": f"{__name__}.RecordingChannel",
        "zalo": f"{__name__}.BrokenChannel",
    }
    queue(commune, "fine")
    queue(commune, "fine-too")
    queue_notification(unit=commune, recipient="4242", body="x", dedupe_key="zalo", channel="zalo")
    out = StringIO()

    call_command("deliver_outbox", "--threads", "2", stdout=out)

    assert "sent 2, to retry 1, failed 0" in out.getvalue()
    assert "queued 1" in out.getvalue() and "sent 2" in out.getvalue()
