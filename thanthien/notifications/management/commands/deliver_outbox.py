"""`thanthien deliver_outbox`: send the messages that are due, once, or as a long-running worker."""

import signal
import time
from typing import Any

from django.core.management.base import BaseCommand

from thanthien.notifications.outbox import Outcome, Worker, due_counts


class Command(BaseCommand):
    help = "Send the outbox's due messages (SMS, Zalo, e-mail); with --loop, keep doing it until stopped."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--loop", action="store_true", help="Keep running; SIGTERM or Ctrl-C stops it.")
        parser.add_argument(
            "--threads", type=int, default=0, help="Messages sent at once (default: setting)."
        )
        parser.add_argument("--batch", type=int, default=0, help="Messages claimed at a time.")
        parser.add_argument("--idle", type=float, default=1.0, help="Seconds to wait when nothing is due.")
        parser.add_argument("--max-seconds", type=float, default=0, help="Stop after this long (0: never).")

    @staticmethod
    def _until_nothing_is_due(worker: Worker, options: dict[str, Any]) -> Outcome:
        total, started = Outcome(), time.monotonic()
        while True:
            outcome = worker.deliver_due(limit=options["batch"] or None)
            for name in ("sent", "retried", "failed", "deferred"):
                setattr(total, name, getattr(total, name) + getattr(outcome, name))
            out_of_time = options["max_seconds"] and time.monotonic() - started > options["max_seconds"]
            if outcome.claimed == 0 or out_of_time:
                return total

    def handle(self, *args: Any, **options: Any) -> None:
        worker = Worker(threads=options["threads"])
        stopping = []
        signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        try:
            if options["loop"]:
                total = worker.run(
                    stopping=lambda: bool(stopping), idle=options["idle"], max_seconds=options["max_seconds"]
                )
            else:
                total = self._until_nothing_is_due(worker, options)
        except KeyboardInterrupt:
            total = Outcome()
        finally:
            worker.close()
        statuses = ", ".join(f"{status} {count}" for status, count in due_counts())
        self.stdout.write(
            f"sent {total.sent}, to retry {total.retried}, failed {total.failed}, "
            f"after the quiet hours {total.deferred}; the outbox: {statuses or 'empty'}"
        )
