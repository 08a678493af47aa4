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


def _wake_the_sender() -> None:
    from thanthien.notifications.tasks import deliver_outbox

    deliver_outbox()
