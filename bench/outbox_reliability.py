"""Outbox reliability: 10,000 messages through a flaky SMS gateway, a worker SIGKILLed and restarted.

    .venv/bin/python bench/outbox_reliability.py                    # 10,000 on SQLite
    .venv/bin/python bench/outbox_reliability.py --postgres postgres://postgres@127.0.0.1:5432/h_channels
    .venv/bin/python bench/outbox_reliability.py --messages 2000 --workers 3 --threads 8

The gateway (on 127.0.0.1) refuses 40% of requests, accepts and then loses the reply of 8%, accepts and
stalls past the client's timeout on 2%: half of all requests fail from the worker's side. It dedupes by
idempotency key and counts duplicate attempts apart. The run passes when every message is delivered once:
the gateway delivered exactly N distinct messages, the same keys as the outbox, every outbox row is "sent"
with the gateway's message id, no duplicate attempt carried another number or text, and no two attempts
of one message were at the gateway at the same time. Figures go to stdout as JSON.
"""

import argparse
import dataclasses
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from thanthien.notifications.tests.reliability import run  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--postgres", default="", help="Server URL; the run creates and drops its own DB")
    parser.add_argument("--database-name", default="h_channels_outbox_bench")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--time-limit", type=float, default=900)
    options = parser.parse_args()

    def log(message: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory(prefix="outbox-bench-") as folder:
        figures = run(
            options.messages,
            Path(folder),
            postgres_url=options.postgres,
            database_name=options.database_name,
            workers=options.workers,
            threads=options.threads,
            time_limit=options.time_limit,
            log=log,
        )
    result = {**dataclasses.asdict(figures), "gateway_requests": figures.gateway_requests}
    result["database"] = "postgresql" if options.postgres else "sqlite"
    print(json.dumps(result, indent=2))
    ok = (
        figures.delivered == options.messages
        and figures.statuses == {"sent": options.messages}
        and figures.delivered_keys_match_outbox
        and figures.message_ids_match
        and figures.mismatched_duplicates == 0
        and figures.overlaps == 0
    )
    log("PASS: each message delivered exactly once" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
