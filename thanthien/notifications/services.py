"""Putting messages in the outbox, and sending them again. Anyone may call this; it calls nobody back."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from thanthien.core import audit
from thanthien.core.inserts import insert_unless_taken
from thanthien.core.models import AuditEvent
from thanthien.notifications.models import Notification
from thanthien.notifications.phones import parse_mobile
from thanthien.units.models import User


def queue_notification(
    *, unit: Any, recipient: str, body: str, dedupe_key: str, channel: str = "sms", urgent: bool = False
) -> Notification:
    """Queue one message, once: a second call with the same key returns the first row and queues nothing.

    Call it inside the caller's transaction, so the message exists exactly when the change it reports does;
    the worker sends it after the commit. Non-urgent messages wait for the end of the quiet hours (the
    worker decides, when it picks them up). An SMS to a number that is no Vietnamese mobile is kept as
    failed, with the reason, and never breaks the caller's change.
    """
    notification = message(unit=unit, recipient=recipient, body=body, channel=channel, urgent=urgent)
    return queue(notification, dedupe_key=dedupe_key)


def queue(notification: Notification, *, dedupe_key: str) -> Notification:
    """Queue a message made by `message`, once (as `queue_notification` does)."""
    notification.dedupe_key = dedupe_key
    if not insert_unless_taken(notification, key="dedupe_key"):  # queued before: that one, not a second
        return Notification.objects.get(dedupe_key=dedupe_key)
    wake_the_sender_for(notification)
    return notification


def message(
    *, unit: Any, recipient: str, body: str, channel: str = "sms", urgent: bool = False
) -> Notification:
    """The outbox row `queue_notification` writes, not written and without its dedupe key: for a message
    about a row not inserted yet, whose id its key takes in the row's statement (`core.inserts.Companion`).
    Whoever writes it calls `wake_the_sender_for` after."""
    problem = _recipient_problem(channel, recipient)
    failed = {"status": Notification.Status.FAILED, "last_error": problem[:500]} if problem else {}
    return Notification(unit=unit, recipient=recipient, body=body, channel=channel, urgent=urgent, **failed)


def wake_the_sender_for(notification: Notification) -> None:
    """Have the sender pick the written message up after the commit (one kept as failed waits for none)."""
    if notification.status != Notification.Status.FAILED:
        transaction.on_commit(_wake_the_sender)


def official_contact(official: Any) -> tuple[str, str] | None:
    """Where to reach an official: (channel, recipient), the phone before the login's e-mail."""
    if official is None:
        return None
    if official.phone:
        return Notification.Channel.SMS, official.phone
    if official.user_id and official.user.email:
        return Notification.Channel.EMAIL, official.user.email
    return None


def _recipient_problem(channel: str, recipient: str) -> str:
    """Why this recipient cannot receive on this channel ("" when it can)."""
    checks: dict[str, Callable[[str], object]] = {
        Notification.Channel.SMS: parse_mobile,
        Notification.Channel.EMAIL: validate_email,
    }
    check = checks.get(channel)
    try:
        if check:
            check(recipient)
    except ValidationError as error:
        return " ".join(error.messages)
    return ""


@transaction.atomic
def retry_notifications(notifications: QuerySet[Notification], *, by: User) -> int:
    """Send these messages again at once (the admin's "retry now"); return how many were queued.

    A message already sent is left alone: it reached the gateway, and sending it again is what the outbox
    exists to prevent. A failed one gets a fresh set of attempts; one being sent is left to its worker.
    """
    now = timezone.now()
    retried = 0
    to_retry = notifications.select_for_update().filter(
        status__in=[Notification.Status.QUEUED, Notification.Status.FAILED]
    )
    for notification in to_retry:
        before = notification.status
        notification.status = Notification.Status.QUEUED
        notification.next_attempt_at = now
        if before == Notification.Status.FAILED:
            notification.attempts = 0
        notification.save(update_fields=["status", "next_attempt_at", "attempts", "updated_at"])
        audit.record(
            AuditEvent.Action.UPDATE,
            notification,
            by=by,
            changes={"status": [before, notification.status]},
            object_repr=_("Message %(key)s sent again") % {"key": notification.dedupe_key},
        )
        retried += 1
    if retried:
        transaction.on_commit(_wake_the_sender)
    return retried


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
