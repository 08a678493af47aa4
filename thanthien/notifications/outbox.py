"""The worker's side of the outbox: claim due messages, send them, record what happened.

Claiming is safe with any number of workers: on PostgreSQL the due rows are locked with
`SELECT … FOR UPDATE SKIP LOCKED` and marked "sending" under a lease; on SQLite one `UPDATE … WHERE id IN
(SELECT … LIMIT n)` marks them, atomically, with the claim's own token. A result is written only by the
claim that still holds the row (same token), so a worker that was presumed dead and comes back cannot
overwrite a newer attempt. A worker killed while holding rows leaves them "sending"; when the lease runs
out they are claimed again and resent with the same idempotency key, so the gateway delivers them once.

Sending happens outside any transaction (no row lock is held while a gateway is slow), in a small pool
of threads; the database is only touched from the calling thread.
"""

import random
import secrets
import time
from collections.abc import Callable, Collection, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, as_completed, wait
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from thanthien.notifications.channels import Channel, ChannelError, Sent, channel_for
from thanthien.notifications.models import Notification, QuietHours
from thanthien.notifications.schedule import QuietWindow, backoff_delay

Status = Notification.Status
RESULTS_WINDOW_SECONDS = 0.01


def delivery_setting(name: str) -> Any:
    return settings.NOTIFICATION_DELIVERY[name]


@dataclass
class Outcome:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    deferred: int = 0

    @property
    def claimed(self) -> int:
        return self.sent + self.retried + self.failed + self.deferred


@dataclass
class Worker:
    """One delivery worker: its adapters (one per channel, reused) and its thread pool."""

    threads: int = 0
    channels: dict[str, Channel] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.threads = self.threads or delivery_setting("threads")
        self.pool = ThreadPoolExecutor(max_workers=self.threads, thread_name_prefix="outbox")

    def close(self) -> None:
        self.pool.shutdown(wait=True)
        for channel in self.channels.values():
            getattr(channel, "close", lambda: None)()

    def channel(self, name: str) -> Channel:
        if name not in self.channels:
            self.channels[name] = channel_for(name)
        return self.channels[name]

    def deliver_due(self, *, limit: int | None = None, now: datetime | None = None) -> Outcome:
        """Claim up to `limit` due messages, send them, record each result; return the counts."""
        outcome = Outcome()
        pending = self._claim_and_send(limit or delivery_setting("batch"), now or timezone.now(), outcome)
        self._record_all(list(as_completed(pending)), pending, outcome)
        return outcome

    def deliver_all_due(self, *, max_seconds: float = 50) -> int:
        """Deliver batch after batch until nothing is due (or `max_seconds` passed); return how many sent."""
        deadline = timezone.now() + timedelta(seconds=max_seconds)
        sent = 0
        while timezone.now() < deadline:
            outcome = self.deliver_due()
            sent += outcome.sent
            if outcome.claimed == 0:
                break
        return sent

    def run(self, *, stopping: Callable[[], bool], idle: float = 1.0, max_seconds: float = 0) -> Outcome:
        """Keep the threads busy until `stopping()`: claim more as soon as some sends finish.

        A slow or stalled send holds one thread, never the whole batch. Returns the counts of the run.
        """
        outcome = Outcome()
        pending: dict[Future[Sent], tuple[Notification, str]] = {}
        window, refill = self.threads * 2, max(1, self.threads // 2)
        started, idle_until = time.monotonic(), 0.0
        while not stopping() and not (max_seconds and time.monotonic() - started > max_seconds):
            room = window - len(pending)
            if room >= refill and time.monotonic() >= idle_until:
                claimed = self._claim_and_send(room, timezone.now(), outcome)
                pending.update(claimed)
                if not claimed:
                    idle_until = time.monotonic() + idle
            if not pending:
                time.sleep(max(0.0, min(idle, idle_until - time.monotonic())))
                continue
            done: Collection[Future[Sent]]
            done, _ = wait(pending, timeout=idle, return_when=FIRST_COMPLETED)
            if done:  # let the sends finishing about now join this write: one commit for several
                time.sleep(RESULTS_WINDOW_SECONDS)
                done = [future for future in pending if future.done()]
            self._record_all(done, pending, outcome)
            for future in done:
                del pending[future]
        self._record_all(list(as_completed(pending)), pending, outcome)  # what was started before stopping
        return outcome

    def _claim_and_send(
        self, limit: int, now: datetime, outcome: Outcome
    ) -> dict[Future[Sent], tuple[Notification, str]]:
        token, claimed = claim_due(limit, now=now)
        windows: dict[int, QuietWindow | None] = {}
        futures = {}
        for notification in claimed:
            allowed = next_allowed_time(notification, now, windows)
            if allowed > now:
                release(notification, token, until=allowed)
                outcome.deferred += 1
                continue
            future = self.pool.submit(self.channel(notification.channel).send, notification)
            futures[future] = (notification, token)
        return futures

    def _record_all(
        self,
        done: Iterable[Future[Sent]],
        pending: dict[Future[Sent], tuple[Notification, str]],
        outcome: Outcome,
    ) -> None:
        """Write the results of finished sends in one transaction (one commit, not one per message)."""
        done = list(done)
        if not done:
            return
        with transaction.atomic():
            for future in done:
                self._record(future, pending[future], outcome)

    def _record(self, future: Future[Sent], held: tuple[Notification, str], outcome: Outcome) -> None:
        notification, token = held
        try:
            result = future.result()
        except Exception as error:  # a ChannelError, or a bug in an adapter: it must not stop the others
            failure = error if isinstance(error, ChannelError) else ChannelError(repr(error))
            kind = record_failure(notification, token, failure, now=timezone.now())
            setattr(outcome, kind, getattr(outcome, kind) + 1)
        else:
            record_success(notification, token, result, now=timezone.now())
            outcome.sent += 1


# --- Claiming -----------------------------------------------------------------------------------------
def _due(now: datetime) -> Q:
    queued = Q(status=Status.QUEUED, next_attempt_at__lte=now)
    abandoned = Q(status=Status.SENDING, lease_ends_at__lt=now)  # its worker died holding it
    return queued | abandoned


def claim_due(limit: int, *, now: datetime) -> tuple[str, list[Notification]]:
    """Mark up to `limit` due messages "sending" under a new token and a lease; return both.

    Each claim counts as an attempt, so a message whose worker dies again and again still runs out.
    """
    token = secrets.token_hex(16)
    claim = {
        "status": Status.SENDING,
        "claim_token": token,
        "lease_ends_at": now + timedelta(seconds=delivery_setting("lease_seconds")),
        "attempts": F("attempts") + 1,
    }
    due = Notification.objects.filter(_due(now)).order_by("next_attempt_at", "pk")
    with transaction.atomic():
        if connection.features.has_select_for_update_skip_locked:
            ids = list(due.select_for_update(skip_locked=True).values_list("pk", flat=True)[:limit])
            Notification.objects.filter(pk__in=ids).update(**claim)
        else:  # SQLite: one atomic UPDATE (the database's write lock) claims the rows
            Notification.objects.filter(_due(now), pk__in=due.values("pk")[:limit]).update(**claim)
    claimed = Notification.objects.filter(claim_token=token, status=Status.SENDING).select_related("unit")
    return token, list(claimed)


def _held(notification: Notification, token: str):
    return Notification.objects.filter(pk=notification.pk, claim_token=token, status=Status.SENDING)


def release(notification: Notification, token: str, *, until: datetime) -> None:
    """Give a claimed message back untried (quiet hours): no attempt is counted."""
    _held(notification, token).update(
        status=Status.QUEUED, next_attempt_at=until, lease_ends_at=None, attempts=F("attempts") - 1
    )


# --- Results ------------------------------------------------------------------------------------------
def record_success(notification: Notification, token: str, sent: Sent, *, now: datetime) -> None:
    _held(notification, token).update(
        status=Status.SENT,
        sent_at=now,
        provider_message_id=sent.message_id[:100],
        segments=sent.segments,
        last_error="",
        lease_ends_at=None,
        updated_at=now,
    )


def record_failure(notification: Notification, token: str, error: ChannelError, *, now: datetime) -> str:
    """Queue the message again after its back-off, or mark it failed; return "retried" or "failed"."""
    attempts = notification.attempts  # read after the claim, which counted this attempt
    gives_up = error.permanent or attempts >= delivery_setting("max_attempts")
    delay = backoff_delay(
        attempts,
        base=delivery_setting("backoff_base_seconds"),
        cap=delivery_setting("backoff_max_seconds"),
        jitter=random.random(),  # noqa: S311 — spreading retries, not a secret
    )
    _held(notification, token).update(
        status=Status.FAILED if gives_up else Status.QUEUED,
        next_attempt_at=now + delay,
        last_error=str(error)[:500],
        lease_ends_at=None,
        updated_at=now,
    )
    return "failed" if gives_up else "retried"


# --- Quiet hours -------------------------------------------------------------------------------------
def quiet_window_for(unit_id: int | None, today: Any) -> QuietWindow | None:
    """The quiet hours in force for a unit: its own row, else the default row, else the setting."""
    row = (
        QuietHours.objects.filter(Q(unit_id=unit_id) | Q(unit__isnull=True), valid_from__lte=today)
        .order_by(F("unit_id").desc(nulls_last=True), "-valid_from")
        .first()
    )
    if row is not None:
        return QuietWindow(row.starts_at, row.ends_at)
    return QuietWindow.parse(settings.NOTIFICATION_QUIET_HOURS)


def next_allowed_time(
    notification: Notification, now: datetime, windows: dict[int, QuietWindow | None] | None = None
) -> datetime:
    """`now` for an urgent message or outside the quiet hours; else the moment they end.

    `windows` caches the quiet hours per unit for one batch.
    """
    if notification.urgent:
        return now
    local = timezone.localtime(now)
    windows = {} if windows is None else windows
    if notification.unit_id not in windows:
        windows[notification.unit_id] = quiet_window_for(notification.unit_id, local.date())
    window = windows[notification.unit_id]
    return window.next_allowed(local) if window else now


def due_counts() -> Iterator[tuple[str, int]]:
    """How many messages are in each status (for the command's report)."""
    from django.db.models import Count

    rows = Notification.objects.order_by().values_list("status").annotate(n=Count("pk"))
    yield from rows
