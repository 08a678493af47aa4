"""Channel adapters behind one interface: `send(notification) -> None`, raising ChannelError on failure.

Until the SMS and Zalo gateways arrive (letters issue), the default channel writes each message as one
line to a file in the data folder and to the log, so a demo shows what a citizen would receive.
"""

import json
import logging
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from thanthien.notifications.models import Notification

logger = logging.getLogger(__name__)


class ChannelError(Exception):
    """The gateway refused or could not be reached; the message stays queued for a retry."""


class Channel(Protocol):
    def send(self, notification: Notification) -> None: ...


class FileChannel:
    """Append each message to `data/outbox.jsonl` (and the log): the console channel of a demo."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or Path(settings.DATA_DIR) / "outbox.jsonl"

    def send(self, notification: Notification) -> None:
        line = {
            "at": timezone.now().isoformat(),
            "channel": notification.channel,
            "to": notification.recipient,
            "body": notification.body,
            "key": notification.dedupe_key,
        }
        try:
            with self.path.open("a", encoding="utf-8") as outbox:
                outbox.write(json.dumps(line, ensure_ascii=False) + "\n")
        except OSError as error:
            raise ChannelError(str(error)) from error
        logger.info(
            "message to %s: %s",
            notification.recipient[-4:].rjust(len(notification.recipient), "*"),
            notification.body,
        )


def channel_for(name: str) -> Channel:
    """Return the adapter configured for a channel name (settings.NOTIFICATION_CHANNELS)."""
    path = settings.NOTIFICATION_CHANNELS.get(name) or settings.NOTIFICATION_CHANNELS["default"]
    return import_string(path)()
