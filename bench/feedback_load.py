"""Public feedback through POST /api/v1/feedback under load, next to the peer's ticket form and the floor.

    .venv/bin/python bench/feedback_load.py               # about 3 minutes
    TARGETS=ours DURATION=5 .venv/bin/python bench/feedback_load.py   # quick check of ours only

The same run as ratings_load.py (its docstring says how), with our public feedback endpoint instead of the
kiosk's rating: no API key (the endpoint is public), a named reflection (name, address and contact, so each
request encrypts an identity), a unique `client_key` per request (bench/lua/unique_key.lua), and the
per-address rate limit still counted on every request but raised for the bench's single address
(FEEDBACK_SUBMISSIONS_PER_WINDOW), since every simulated citizen comes from 127.0.0.1. Ours runs with
Redis as a province deploys it (`BENCH_REDIS_URL`, default database 13 of the local Redis, emptied first;
without a Redis there, the file cache), so the count is one Redis round trip.

Then, for ours, after gunicorn stopped gracefully: every 201's tracking code must be there (lost=0), no
key may have two items and every item must have its idempotency record (doubled=0, orphans=0). A second
phase resends RESEND acknowledged keys (each must be answered with the same tracking code) and sends RACE
fresh keys twice at once (one item, one code); the row count must not move. The item's content carries
its key, so each row can be traced to its key.

Prints one summary line on stdout and a table on stderr; exits 1 if anything was lost or doubled.
Environment: as ratings_load.py (DURATION, CONCURRENCY, WARMUP, KEEP, TARGETS, RESEND, RACE, ...), with
PG_DIR=$TMPDIR/feedback-bench-pg.PID.
"""

import base64
import json
import os
import random
import secrets
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from _kit import (
    Knobs,
    Ours,
    acknowledged,
    doubled,
    log,
    ours_summary,
    per_row_cpu_ms,
    redis_env,
    run_public_post_bench,
    send_json,
    send_twice_at_once,
    set_up_ours,
    warm_then_measure,
    without_record,
)

KNOBS = Knobs("feedback-bench-pg")
RESEND = int(os.environ.get("RESEND", "1000"))
RACE = int(os.environ.get("RACE", "200"))
SCOPE = "feedback.receive"  # thanthien/feedback/services.py
TABLE = "feedback_feedbackitem"
OURS_EXTRA_ENV = {
    # One address sends everything here; the limit is still looked up and counted on every request.
    "FEEDBACK_SUBMISSIONS_PER_WINDOW": "1000000000",
    # A fresh Fernet key for the identities (production sets its own; without DEBUG there is no default).
    "FEEDBACK_IDENTITY_KEY": base64.urlsafe_b64encode(os.urandom(32)).decode("ascii"),
}


def feedback_body(key: str = "{key}") -> str:
    """A citizen's named reflection; `{key}` (both places) is filled per request. The content carries it."""
    return json.dumps(
        {
            "commune_code": "bench-xa",
            "kind": "reflection",
            "topic": "environment",
            "content": key,
            "is_anonymous": False,
            "name": "Nguyễn Thị Thử Tải",
            "address": "Thôn Đông, xã Thử Tải",
            "contact": "0912345678",
            "client_key": key,
        },
        ensure_ascii=False,
    )


def items_by_code(database_url: str, prefix: str) -> dict[str, str]:
    import psycopg

    with psycopg.connect(database_url) as conn:
        sql = "SELECT tracking_code, content FROM feedback_feedbackitem WHERE content LIKE %s"
        return dict(conn.execute(sql, [prefix + "-%"]).fetchall())


def check(database_url: str, prefix: str, result: dict[str, Any], acks: list[str]) -> dict[str, int]:
    """lost / doubled / orphans / unacknowledged for the keys of one wrk run (server stopped)."""
    rows = items_by_code(database_url, prefix)
    readable = [ack for ack in acks if ack != "?"]
    acked = set(readable)
    missing = [code for code in acked if code not in rows]
    # A 201 whose item is not there, an unreadable code, fewer code lines than 201s counted by wrk, or the
    # same item answered 201 twice (a first attempt replayed).
    lost = len(missing) + (len(acks) - len(readable)) + max(0, result["ok"] - len(acks))
    lost += len(acks) - len(set(acks))
    return {
        "rows": len(rows),
        "acked": len(acked),
        "unacked": len(rows) - len(acked & rows.keys()),
        "lost": lost,
        "doubled": doubled(list(rows.values())),
        "orphans": without_record(database_url, prefix, table=TABLE, key_column="content", scope=SCOPE),
    }


def resend_and_race(base: str, sample: list[tuple[str, str]], race_prefix: str) -> dict[str, int]:
    """Resend acknowledged keys (each must give the same tracking code); send fresh keys twice at once."""
    url = f"{base}/api/v1/feedback"
    with ThreadPoolExecutor(KNOBS.concurrency) as pool:
        answers = list(pool.map(lambda pair: send_json(url, feedback_body(pair[1])), sample))
        resent_ok = sum(
            status == 201 and answer.get("tracking_code") == code
            for (code, _key), (status, answer) in zip(sample, answers, strict=True)
        )
        raced = send_twice_at_once(pool, race_prefix, RACE, lambda key: send_json(url, feedback_body(key)))
    race_ok = 0
    for (status_a, a), (status_b, b) in raced:
        same = a.get("tracking_code") is not None and a.get("tracking_code") == b.get("tracking_code")
        race_ok += status_a == status_b == 201 and same
    log(
        f"resent {len(sample)} acknowledged keys: {resent_ok} answered with the same tracking code; "
        f"statuses {dict(Counter(status for status, _ in answers))}"
    )
    log(f"raced {RACE} fresh keys, each sent twice at once: {race_ok} gave the same tracking code twice")
    return {"resent": len(sample), "resent_ok": resent_ok, "race": RACE, "race_ok": race_ok}


def measure_ours(work: Path) -> dict[str, Any]:
    ours = Ours(KNOBS, work, {**OURS_EXTRA_ENV, **redis_env()})  # with Redis, as a province deploys it
    run_id = secrets.token_hex(4)
    main, warm, race = f"bench-{run_id}-main", f"bench-{run_id}-warm", f"bench-{run_id}-race"
    try:
        log("ours: throwaway PostgreSQL cluster (the kit's pg_up), migrate, set-up")
        database_url = ours.pg_up()
        set_up_ours(ours.env, work / "ours-setup.log")
        base = ours.gunicorn_up()
        url, body = f"{base}/api/v1/feedback", feedback_body()
        try:
            log(f"ours: warm-up {KNOBS.warmup} s, then {KNOBS.duration} s with {KNOBS.concurrency} clients")
            measured = warm_then_measure(
                KNOBS,
                ours,
                url,
                body,
                "",
                prefix=main,
                warm_prefix=warm,
                out=work / "ours.json",
                ack_field="tracking_code",
            )
            result = measured.result
        finally:
            ours.gunicorn_down()
        acks = acknowledged(work / "ours.json")
        checked = check(database_url, main, result, acks)
        per_item = per_row_cpu_ms(measured.cpu_before, measured.cpu_after, checked["rows"])
        log(f"ours: server CPU per item: gunicorn {per_item[0]:.1f} ms, PostgreSQL {per_item[1]:.1f} ms")
        log(
            f"ours: {result['ok']} answered 201, {checked['rows']} new items, {checked['unacked']} "
            f"unacknowledged (in flight at the cut-off); statuses {result['statuses']}; "
            f"lost={checked['lost']} "
            f"doubled={checked['doubled']} without their idempotency record={checked['orphans']}"
        )
        rows = items_by_code(database_url, main)
        pairs = sorted((code, rows[code]) for code in set(acks) if code in rows)
        sample = random.sample(pairs, min(RESEND, len(pairs)))
        base = ours.gunicorn_up()
        try:
            second = resend_and_race(base, sample, race)
        finally:
            ours.gunicorn_down()
        raced = check(database_url, race, {"ok": 0}, [])
        rows_after = len(items_by_code(database_url, main))
        log(f"ours: items of the main run before the resends {checked['rows']}, after {rows_after}")
        return ours_summary(result, checked, second, raced, rows_after=rows_after, per_row=per_item)
    finally:
        ours.gunicorn_down()
        ours.pg_down()


def main() -> int:
    return run_public_post_bench(KNOBS, "bench-feedback.", measure_ours)


if __name__ == "__main__":
    sys.exit(main())
