"""Putting messages in the outbox. Anyone may call this; it calls nobody back."""

from typing import Any

from django.db import transaction

from thanthien.notifications.models import Notification


def queue_notification(
    *, unit: Any, recipient: str, body: str, dedupe_key: str, channel: str = "sms"
) -> Notification:
    """Queue one message, once: a second call with the same key returns the first row and queues nothing.

    Call it inside the caller's transaction, so the message exists exactly when the change it reports does;
    the worker sends it after the commit.
    """
    notification, created = Notification.objects.get_or_create(
        dedupe_key=dedupe_key,
        defaults={"unit": unit, "recipient": recipient, "body": body, "channel": channel},
    )
    if created:
        transaction.on_commit(_wake_the_sender)
    return notification


WAKE_WINDOW_SECONDS = 2


def _wake_the_sender() -> None:
    """Ask the worker to send, at most once per window: one run sends everything queued by then.

    A message queued just after a run is picked up by the next wake or by the every-minute retry, so a
    burst of dossiers costs one task, not one task per message.
    """
    from django.core.cache import cache

    from thanthien.notifications.tasks import deliver_outbox

    if cache.add("notifications:wake", True, timeout=WAKE_WINDOW_SECONDS):
        deliver_outbox()
