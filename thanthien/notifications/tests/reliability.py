"""The outbox reliability run: N messages through a flaky gateway, with a worker killed and restarted.

Real parts only: a database of its own (an SQLite file, or a fresh PostgreSQL database) migrated by
`manage.py migrate`, the messages queued by `queue_notification`, two real worker processes
(`thanthien deliver_outbox --loop`), one of them SIGKILLed in the middle and started again, and the fake
gateway of `fake_gateway.py` on 127.0.0.1 that refuses, loses replies and stalls past the client's timeout.

Used by `test_reliability.py` (a few hundred messages, on the suite's database engine) and by
`bench/outbox_reliability.py` (10,000, on both engines).
"""

import hashlib
import os
import resource
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import ExitStack, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from thanthien.notifications.tests.fake_gateway import FakeGateway

PROJECT = Path(__file__).resolve().parents[3]
MANAGE = [sys.executable, str(PROJECT / "manage.py")]

SEED = """
from django.db import transaction
from thanthien.notifications.services import queue_notification
from thanthien.units.models import Unit
unit = Unit.objects.create(code="rel", name="Xã Thử Độ Tin Cậy", level="commune", kind="commune", path="rel")
with transaction.atomic():
    for number in range({count}):
        queue_notification(
            unit=unit,
            recipient=f"09{{number:08d}}",
            body=f"Hồ sơ số {{number}} của ông/bà đã có kết quả tại Bộ phận một cửa Xã Thử Độ Tin Cậy.",
            dedupe_key=f"reliability:{{number}}",
        )
"""


@dataclass
class Figures:
    messages: int
    seconds: float
    statuses: dict[str, int]
    delivered: int
    delivered_keys_match_outbox: bool
    message_ids_match: bool
    duplicate_attempts: int
    mismatched_duplicates: int
    overlaps: int
    answered: dict[str, int]
    attempts_recorded: int
    killed_after_delivered: int
    killed_holding: int
    workers_cpu_seconds: float  # user + system time of the worker processes (a busy machine's wall time lies)
    gateway_cpu_seconds: float  # ...and of this process, which serves the fake gateway

    @property
    def gateway_requests(self) -> int:
        return sum(self.answered.values())


class Database:
    """A database of the run's own: an SQLite file in `folder`, or a new PostgreSQL database."""

    def __init__(self, folder: Path, postgres_url: str = "", name: str = "") -> None:
        self.folder, self.postgres_url, self.name = folder, postgres_url, name
        if postgres_url:
            self.url = f"{postgres_url.rstrip('/').rsplit('/', 1)[0]}/{name}"
        else:
            self.url = f"sqlite:///{folder / 'reliability.sqlite3'}"

    def create(self) -> None:
        if self.postgres_url:
            self._admin(
                f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)', f'CREATE DATABASE "{self.name}"'
            )

    def drop(self) -> None:
        if self.postgres_url:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def _admin(self, *statements: str) -> None:
        import psycopg

        server = f"{self.postgres_url.rstrip('/').rsplit('/', 1)[0]}/postgres"
        with psycopg.connect(server, autocommit=True) as connection:
            for statement in statements:
                connection.execute(statement)

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        if self.postgres_url:
            import psycopg

            with psycopg.connect(self.url) as connection:
                return list(connection.execute(sql).fetchall())
        with sqlite3.connect(self.url.removeprefix("sqlite:///"), timeout=30) as connection:
            return list(connection.execute(sql).fetchall())

    def statuses(self) -> dict[str, int]:
        return dict(self.rows("SELECT status, COUNT(*) FROM notifications_notification GROUP BY status"))


def environment(database: Database, gateway_url: str) -> dict[str, str]:
    return {
        **{key: value for key, value in os.environ.items() if not key.startswith(("PYTEST", "DJANGO"))},
        "DJANGO_SETTINGS_MODULE": "thanthien.settings",
        "THANTHIEN_DATA_DIR": str(database.folder),
        "DATABASE_URL": database.url,
        "REDIS_URL": "",
        "DEBUG": "true",
        "LOG_LEVEL": "WARNING",
        "SMS_CHANNEL": "thanthien.notifications.channels.HttpSmsChannel",
        "SMS_GATEWAY_URL": f"{gateway_url}/sms",
        "SMS_GATEWAY_SUCCESS_FIELD": "status",
        "SMS_GATEWAY_SUCCESS_VALUES": "accepted,duplicate",
        "SMS_GATEWAY_MESSAGE_ID_FIELD": "message_id",
        # Short, so the run takes seconds: the client waits 0.2 s, the gateway stalls 0.3 s, a retry
        # comes at least 0.3 s after a failure (so it never overlaps a stalled attempt), a lease is 3 s.
        "NOTIFICATION_HTTP_TIMEOUT": "0.2",
        "NOTIFICATION_BACKOFF_SECONDS": "0.6",
        "NOTIFICATION_BACKOFF_MAX_SECONDS": "2",
        "NOTIFICATION_MAX_ATTEMPTS": "200",
        "NOTIFICATION_LEASE_SECONDS": "3",
        "NOTIFICATION_QUIET_HOURS": "",
    }


def run(
    messages: int,
    folder: Path,
    *,
    postgres_url: str = "",
    database_name: str = "",
    workers: int = 2,
    threads: int = 8,
    time_limit: float = 600,
    log=lambda message: None,
) -> Figures:
    """Queue `messages`, deliver them through the flaky gateway with a kill in the middle; measure."""
    database = Database(folder, postgres_url, database_name)
    database.create()
    try:
        return _run(database, messages, workers, threads, time_limit, log)
    finally:
        database.drop()


def _run(database: Database, messages: int, workers: int, threads: int, time_limit: float, log) -> Figures:
    gateway = FakeGateway(
        refuse_rate=0.40, lost_reply_rate=0.08, stall_rate=0.02, stall_seconds=0.3, keep_requests=False
    )
    with ExitStack() as stack:
        stack.enter_context(gateway)
        env = environment(database, gateway.url)
        log(f"migrate and queue {messages} messages ({database.url.split(':')[0]})")
        _manage(["migrate", "notifications", "--noinput", "-v", "0"], env)
        _manage(["shell", "-c", SEED.format(count=messages)], env)
        log_file = stack.enter_context((database.folder / "workers.log").open("ab"))
        worker_command = [
            *MANAGE,
            "deliver_outbox",
            "--loop",
            "--threads",
            str(threads),
            "--idle",
            "0.2",
            "--max-seconds",
            str(time_limit),
        ]
        children_before, self_before = _cpu(resource.RUSAGE_CHILDREN), _cpu(resource.RUSAGE_SELF)
        processes = [_start(worker_command, env, log_file) for _ in range(workers)]

        def stop_all() -> None:
            for process in processes:
                _stop(process)

        stack.callback(stop_all)
        started = time.monotonic()

        _wait(lambda: len(gateway.delivered) >= messages // 3, started, time_limit)
        processes[0].send_signal(signal.SIGKILL)
        processes[0].wait()
        killed_after = len(gateway.delivered)
        holding = database.statuses().get("sending", 0)
        log(f"SIGKILLed a worker after {killed_after} deliveries; rows left 'sending': {holding}")
        processes[0] = _start(worker_command, env, log_file)

        def all_done() -> bool:
            statuses = database.statuses()
            return statuses.get("sent", 0) + statuses.get("failed", 0) >= messages

        _wait(all_done, started, time_limit, every=0.5)
        seconds = time.monotonic() - started
        for process in processes:
            _stop(process)
        workers_cpu = _cpu(resource.RUSAGE_CHILDREN) - children_before
        gateway_cpu = _cpu(resource.RUSAGE_SELF) - self_before
    outbox = dict(database.rows("SELECT dedupe_key, provider_message_id FROM notifications_notification"))
    by_key = {hashlib.sha256(key.encode()).hexdigest()[:32]: message_id for key, message_id in outbox.items()}
    (attempts,) = database.rows("SELECT SUM(attempts) FROM notifications_notification")[0]
    return Figures(
        messages=messages,
        seconds=round(seconds, 1),
        statuses=database.statuses(),
        delivered=len(gateway.delivered),
        delivered_keys_match_outbox=set(gateway.delivered) == set(by_key),
        message_ids_match=all(by_key.get(key) == d.message_id for key, d in gateway.delivered.items()),
        duplicate_attempts=sum(gateway.duplicate_attempts.values()),
        mismatched_duplicates=gateway.mismatched_duplicates,
        overlaps=gateway.overlaps,
        answered=dict(gateway.answered),
        attempts_recorded=int(attempts or 0),
        killed_after_delivered=killed_after,
        killed_holding=holding,
        workers_cpu_seconds=round(workers_cpu, 1),
        gateway_cpu_seconds=round(gateway_cpu, 1),
    )


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _manage(arguments: list[str], env: dict[str, str]) -> None:
    subprocess.run(  # noqa: S603
        [*MANAGE, *arguments], env=env, cwd=PROJECT, check=True, timeout=300, stdout=subprocess.DEVNULL
    )


def _start(command: list[str], env: dict[str, str], log_file: Any) -> subprocess.Popen[bytes]:
    return subprocess.Popen(command, env=env, cwd=PROJECT, stdout=log_file, stderr=log_file)  # noqa: S603


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with suppress(ProcessLookupError):
                process.kill()
            process.wait()


def _wait(done, started: float, time_limit: float, every: float = 0.05) -> None:
    while not done():
        if time.monotonic() - started > time_limit:
            raise TimeoutError(f"the outbox run did not finish within {time_limit} s")
        time.sleep(every)
