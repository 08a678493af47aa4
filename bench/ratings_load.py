"""Ratings through the HTTP API under load, next to the peer's ticket form and the one-INSERT floor.

    .venv/bin/python bench/ratings_load.py               # about 3 minutes
    TARGETS=ours DURATION=5 .venv/bin/python bench/ratings_load.py   # quick check of ours only

One run, one machine, one after another, all on 127.0.0.1:

* peer and floor: the shared kit's run_peer.sh (TARGETS="peer floor"): django-helpdesk's public ticket form
  and the bare-Django one-INSERT view, each in a fresh database of a throwaway PostgreSQL cluster, gunicorn
  with 2 sync workers, CONN_MAX_AGE=60, DEBUG off, wrk with CONCURRENCY closed-loop clients.
* ours: POST /api/v1/ratings with an API key (Authorization: Bearer). The kit's wrk body is static, and a
  static body would carry one idempotency key, so every request after the first would be a 200 replay.
  So ours is loaded by bench/lua/unique_key.lua (the kit's wrk_report.lua plus a unique key per request),
  and everything else uses the kit's own shell functions: pg_up (a throwaway cluster like run_peer.sh's),
  pg_createdb, gunicorn_up / gunicorn_down (the same gunicorn flags), pg_down.

Then, for ours, after gunicorn stopped gracefully: every 201 answer's rating must be there (lost=0), no key
may have two ratings and every rating must have its idempotency record (doubled=0); rows may exceed the
acknowledged keys only by requests in flight at the cut-off. A second phase resends RESEND acknowledged
keys (each must be answered 200 with the same id) and sends RACE fresh keys twice at once (one 201, one
200, one rating); the row count must not move. The rating's comment carries its key, so each row can be
traced to its key.

Prints one summary line on stdout and a table on stderr; exits 1 if anything was lost or doubled.
Environment: DURATION=20 CONCURRENCY=16 WARMUP=3 KEEP=0 (1 keeps the temp dir: logs, JSON, acks)
TARGETS="peer floor ours" RESEND=1000 RACE=200 MAX_REQUESTS=500000 GUNICORN_WORKERS=2 DB_CONN_MAX_AGE=60
PG_DIR=$TMPDIR/ratings-bench-pg.PID PEER_DIR=$TMPDIR/peer-helpdesk OURS_SETTINGS=thanthien.settings.
Every process started here is stopped by PID at exit, also on Ctrl-C or SIGTERM.
"""

import json
import os
import random
import secrets
import sys
import time
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
    run_public_post_bench,
    send_json,
    send_twice_at_once,
    set_up_ours,
    without_record,
)
from _kit import load as kit_load

KNOBS = Knobs("ratings-bench-pg")
CONCURRENCY = KNOBS.concurrency
DURATION, WARMUP = KNOBS.duration, KNOBS.warmup
RESEND = int(os.environ.get("RESEND", "1000"))
RACE = int(os.environ.get("RACE", "200"))

SETUP_OFFICIAL = """
from thanthien.units.models import Official
official = Official.objects.create(unit=commune, full_name="Trần Thị Một Cửa", title="Công chức một cửa")
print(official.pk)
"""
SCOPE = "ratings.record"  # thanthien/ratings/services.py, record_rating
TABLE = "ratings_rating"


def rating_body(official_id: str, key: str = "{key}") -> str:
    """A kiosk's rating; `{key}` (both places) is filled per request. The comment carries the key."""
    return json.dumps(
        {
            "commune_code": "bench-xa",
            "level": 3,
            "channel": "kiosk",
            "official_id": int(official_id),
            "reasons": [],
            "comment": key,
            "idempotency_key": key,
        }
    )


def load(url: str, body: str, headers: str, *, seconds: int, prefix: str, out: Path) -> dict[str, Any]:
    return kit_load(KNOBS, url, body, headers, seconds=seconds, prefix=prefix, out=out)


def ratings_by_id(database_url: str, prefix: str) -> dict[int, str]:
    import psycopg

    with psycopg.connect(database_url) as conn:
        rows = conn.execute("SELECT id, comment FROM ratings_rating WHERE comment LIKE %s", [prefix + "-%"])
        return dict(rows.fetchall())


def check(database_url: str, prefix: str, result: dict[str, Any], acks: list[str]) -> dict[str, int]:
    """lost / doubled / orphans / unacknowledged for the keys of one wrk run (server stopped)."""
    rows = ratings_by_id(database_url, prefix)
    acked = {int(ack) for ack in acks if ack.isdigit()}
    missing = [rating_id for rating_id in acked if rating_id not in rows]
    acked_keys = {rows[rating_id] for rating_id in acked if rating_id in rows}
    unacked = len(rows) - len(acked & rows.keys())
    # A 201 whose rating is not there, an unreadable id, or fewer id lines than 201s counted by wrk.
    lost = len(missing) + sum(not ack.isdigit() for ack in acks) + max(0, result["ok"] - len(acks))
    lost += len(acks) - len(set(acks))  # the same rating answered 201 twice: a first attempt was replayed
    return {
        "rows": len(rows),
        "acked": len(acked),
        "acked_keys": len(acked_keys),
        "unacked": unacked,
        "lost": lost,
        "doubled": doubled(list(rows.values())),
        "orphans": without_record(database_url, prefix, table=TABLE, key_column="comment", scope=SCOPE),
    }


def send(url: str, auth: str, body: str) -> tuple[int, dict[str, Any]]:
    return send_json(url, body, {"Authorization": auth})


def resend_and_race(
    base: str, auth: str, official: str, sample: list[tuple[int, str]], race_prefix: str
) -> dict[str, int]:
    """Resend acknowledged keys (each must be a 200 replay of the same id); send fresh keys twice at once."""
    url = f"{base}/api/v1/ratings"
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        answers = list(pool.map(lambda item: send(url, auth, rating_body(official, item[1])), sample))
        resent_ok = sum(
            status == 200 and answer.get("id") == rating_id and answer.get("replayed") is True
            for (rating_id, _key), (status, answer) in zip(sample, answers, strict=True)
        )
        raced = send_twice_at_once(
            pool, race_prefix, RACE, lambda key: send(url, auth, rating_body(official, key))
        )
    race_ok = 0
    for (status_a, a), (status_b, b) in raced:
        one_each = sorted((status_a, status_b)) == [200, 201]
        race_ok += one_each and a.get("id") is not None and a.get("id") == b.get("id")
    statuses = Counter(status for status, _ in answers)
    log(
        f"resent {len(sample)} acknowledged keys: {resent_ok} replayed with the same id; "
        f"statuses {dict(statuses)}"
    )
    log(f"raced {RACE} fresh keys, each sent twice at once: {race_ok} gave one 201 and one 200 with one id")
    return {"resent": len(sample), "resent_ok": resent_ok, "race": RACE, "race_ok": race_ok}


def measure_ours(work: Path) -> dict[str, Any]:
    ours = Ours(KNOBS, work)
    run_id = secrets.token_hex(4)
    main, warm, race = f"bench-{run_id}-main", f"bench-{run_id}-warm", f"bench-{run_id}-race"
    try:
        log("ours: throwaway PostgreSQL cluster (the kit's pg_up), migrate, set-up")
        database_url = ours.pg_up()
        key, official = set_up_ours(ours.env, work / "ours-setup.log", SETUP_OFFICIAL)
        auth, body = f"Bearer {key}", rating_body(official)
        base = ours.gunicorn_up()
        url = f"{base}/api/v1/ratings"
        try:
            log(f"ours: warm-up {WARMUP} s, then {DURATION} s with {CONCURRENCY} clients (unique keys)")
            load(
                url,
                body,
                f"Authorization: {auth}",
                seconds=WARMUP,
                prefix=warm,
                out=work / "ours-warmup.json",
            )
            time.sleep(2)
            cpu_before = ours.cpu_seconds()
            result = load(
                url, body, f"Authorization: {auth}", seconds=DURATION, prefix=main, out=work / "ours.json"
            )
            cpu_after = ours.cpu_seconds()
        finally:
            ours.gunicorn_down()
        checked = check(database_url, main, result, acknowledged(work / "ours.json"))
        per_rating = per_row_cpu_ms(cpu_before, cpu_after, checked["rows"])
        log(
            f"ours: server CPU per rating: gunicorn {per_rating[0]:.1f} ms, PostgreSQL {per_rating[1]:.1f} ms"
        )
        log(
            f"ours: {result['ok']} answered 201 ({checked['acked_keys']} distinct keys), "
            f"{checked['rows']} new ratings, {checked['unacked']} unacknowledged (in flight at the cut-off); "
            f"statuses {result['statuses']}; lost={checked['lost']} doubled={checked['doubled']} "
            f"without their idempotency record={checked['orphans']}"
        )
        rows = ratings_by_id(database_url, main)
        acked = {int(ack) for ack in acknowledged(work / "ours.json") if ack.isdigit()}
        pairs = sorted((rating_id, rows[rating_id]) for rating_id in acked if rating_id in rows)
        sample = random.sample(pairs, min(RESEND, len(pairs)))
        base = ours.gunicorn_up()
        try:
            second = resend_and_race(base, auth, official, sample, race)
        finally:
            ours.gunicorn_down()
        raced = check(database_url, race, {"ok": 0}, [])
        rows_after = len(ratings_by_id(database_url, main))
        log(f"ours: ratings of the main run before the resends {checked['rows']}, after {rows_after}")
        log(f"ours: raced keys {RACE}, their ratings {raced['rows']}, doubled {raced['doubled']}")
        return ours_summary(result, checked, second, raced, rows_after=rows_after, per_row=per_rating)
    finally:
        ours.gunicorn_down()
        ours.pg_down()


def main() -> int:
    return run_public_post_bench(KNOBS, "bench-ratings.", measure_ours)


if __name__ == "__main__":
    sys.exit(main())
