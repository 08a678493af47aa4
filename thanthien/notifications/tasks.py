"""Background sending of the outbox: at once after a commit, and every minute for retries."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from thanthien.notifications.channels import ChannelError, channel_for
from thanthien.notifications.models import Notification

MAX_ATTEMPTS = 5
BATCH = 200


@db_task()
def deliver_outbox() -> int:
    """Send what is queued; return how many were sent."""
    return send_queued_notifications()


@db_periodic_task(crontab(minute="*"))
def retry_outbox() -> int:
    """Send what an earlier attempt left queued."""
    return send_queued_notifications()


def send_queued_notifications(now=None) -> int:  # type: ignore[no-untyped-def]
    """Send queued messages whose back-off has passed; mark each sent or failed. Safe to run twice at once."""
    now = now or timezone.now()
    sent = 0
    for pk in list(
        Notification.objects.filter(status=Notification.Status.QUEUED).values_list("pk", flat=True)[:BATCH]
    ):
        sent += _send_one(pk, now)
    return sent


def _send_one(pk: int, now) -> int:  # type: ignore[no-untyped-def]
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update().filter(pk=pk, status=Notification.Status.QUEUED).first()
        )
        if notification is None or not _backoff_passed(notification, now):
            return 0
        try:
            channel_for(notification.channel).send(notification)
        except ChannelError as error:
            notification.attempts += 1
            notification.last_error = str(error)[:500]
            if notification.attempts >= MAX_ATTEMPTS:
                notification.status = Notification.Status.FAILED
            notification.save(update_fields=["attempts", "last_error", "status", "updated_at"])
            return 0
        notification.attempts += 1
        notification.status = Notification.Status.SENT
        notification.sent_at = now
        notification.save(update_fields=["attempts", "status", "sent_at", "updated_at"])
        return 1


def _backoff_passed(notification: Notification, now) -> bool:  # type: ignore[no-untyped-def]
    if notification.attempts == 0:
        return True
    return now >= notification.updated_at + timedelta(minutes=2**notification.attempts)
