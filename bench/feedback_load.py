"""Public feedback through POST /api/v1/feedback under load, next to the peer's ticket form and the floor.

    .venv/bin/python bench/feedback_load.py               # about 3 minutes
    TARGETS=ours DURATION=5 .venv/bin/python bench/feedback_load.py   # quick check of ours only

The same run as ratings_load.py (its docstring says how), with our public feedback endpoint instead of the
kiosk's rating: no API key (the endpoint is public), a named reflection (name, address and contact, so each
request encrypts an identity), a unique `client_key` per request (bench/lua/unique_key.lua), and the
per-address rate limit still counted on every request but raised for the bench's single address
(FEEDBACK_SUBMISSIONS_PER_WINDOW), since every simulated citizen comes from 127.0.0.1.

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
import shutil
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from pathlib import Path
from typing import Any

from _kit import (
    RUN_PEER,
    UNIQUE_KEY_LUA,
    VENV_BIN,
    Knobs,
    Ours,
    acknowledged,
    begin,
    kit_table,
    load,
    log,
    print_table,
    ratio,
    run_peer_and_floor,
    send_json,
    set_up_ours,
)
from _kit import stop_all as stop_children

KNOBS = Knobs("feedback-bench-pg")
RESEND = int(os.environ.get("RESEND", "1000"))
RACE = int(os.environ.get("RACE", "200"))
SCOPE = "feedback.receive"  # thanthien/feedback/services.py
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


def without_record(database_url: str, prefix: str) -> int:
    """Items of this prefix that no idempotency record of their own key points to."""
    import psycopg

    sql = """
        SELECT count(*) FROM feedback_feedbackitem f WHERE f.content LIKE %s AND NOT EXISTS (
            SELECT 1 FROM core_idempotencyrecord i
            WHERE i.scope = %s AND i.result = f.id::text
              AND i.key_hash = encode(sha256(convert_to(f.content, 'UTF8')), 'hex'))
    """
    with psycopg.connect(database_url) as conn:
        return int(conn.execute(sql, [prefix + "-%", SCOPE]).fetchone()[0])  # type: ignore[index]


def check(database_url: str, prefix: str, result: dict[str, Any], acks: list[str]) -> dict[str, int]:
    """lost / doubled / orphans / unacknowledged for the keys of one wrk run (server stopped)."""
    rows = items_by_code(database_url, prefix)
    readable = [ack for ack in acks if ack != "?"]
    acked = set(readable)
    missing = [code for code in acked if code not in rows]
    per_key = Counter(rows.values())
    # A 201 whose item is not there, an unreadable code, fewer code lines than 201s counted by wrk, or the
    # same item answered 201 twice (a first attempt replayed).
    lost = len(missing) + (len(acks) - len(readable)) + max(0, result["ok"] - len(acks))
    lost += len(acks) - len(set(acks))
    return {
        "rows": len(rows),
        "acked": len(acked),
        "unacked": len(rows) - len(acked & rows.keys()),
        "lost": lost,
        "doubled": sum(count - 1 for count in per_key.values() if count > 1),
        "orphans": without_record(database_url, prefix),
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
        race_keys = [f"{race_prefix}-{n}" for n in range(RACE)]
        twice = [key for key in race_keys for _ in range(2)]  # neighbours go out together
        raced = list(pool.map(lambda key: send_json(url, feedback_body(key)), twice))
    race_ok = 0
    for n in range(RACE):
        (status_a, a), (status_b, b) = raced[2 * n], raced[2 * n + 1]
        same = a.get("tracking_code") is not None and a.get("tracking_code") == b.get("tracking_code")
        race_ok += status_a == status_b == 201 and same
    log(f"resent {len(sample)} acknowledged keys: {resent_ok} answered with the same tracking code; "
        f"statuses {dict(Counter(status for status, _ in answers))}")  # fmt: skip
    log(f"raced {RACE} fresh keys, each sent twice at once: {race_ok} gave the same tracking code twice")
    return {"resent": len(sample), "resent_ok": resent_ok, "race": RACE, "race_ok": race_ok}


def measure_ours(work: Path) -> dict[str, Any]:
    ours = Ours(KNOBS, work, OURS_EXTRA_ENV)
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
            common = {"ack_field": "tracking_code"}
            load(
                KNOBS,
                url,
                body,
                "",
                seconds=KNOBS.warmup,
                prefix=warm,
                out=work / "ours-warmup.json",
                **common,
            )
            time.sleep(2)
            cpu_before = ours.cpu_seconds()
            result = load(
                KNOBS, url, body, "", seconds=KNOBS.duration, prefix=main, out=work / "ours.json", **common
            )
            cpu_after = ours.cpu_seconds()
        finally:
            ours.gunicorn_down()
        acks = acknowledged(work / "ours.json")
        checked = check(database_url, main, result, acks)
        per_item = [
            (after - before) * 1000 / max(1, checked["rows"])
            for before, after in zip(cpu_before, cpu_after, strict=True)
        ]
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
        return {
            **result,
            **checked,
            **second,
            "rows_after_resend": rows_after,
            "cpu_ms_gunicorn": per_item[0],
            "cpu_ms_postgres": per_item[1],
            "race_rows": raced["rows"],
            "doubled": checked["doubled"] + raced["doubled"],
            "orphans": checked["orphans"] + raced["orphans"],
        }
    finally:
        ours.gunicorn_down()
        ours.pg_down()


def report(kit: dict[str, str], ours: dict[str, Any] | None) -> tuple[str, bool]:
    """The summary line, and whether the run proved nothing lost or doubled."""
    table = kit_table(kit)
    good = kit.get("lost", "0") == "0"
    parts: list[str] = []
    if ours is not None:
        parts += [f"ours_post_rps={ours['ok_rps']:.1f}", f"ours_p50_ms={ours['p50_ms']:.2f}",
                  f"ours_p99_ms={ours['p99_ms']:.2f}", f"ours_errors={ours['errors']}"]  # fmt: skip
        row = (f"{ours['ok_rps']:.1f}", f"{ours['p50_ms']:.2f}", f"{ours['p99_ms']:.2f}", str(ours["errors"]))
        table.insert(1, ("ours_post", *row, str(ours["rows"]), str(ours["lost"])))
    for key in (
        "peer_post_rps",
        "peer_post_p50_ms",
        "peer_post_p99_ms",
        "floor_insert_rps",
        "floor_insert_p99_ms",
    ):
        if key in kit:
            parts.append(f"{key}={kit[key]}")
    if ours is not None:
        peer, floor = float(kit.get("peer_post_rps", 0)), float(kit.get("floor_insert_rps", 0))
        parts += [
            f"ratio_vs_floor={ratio(ours['ok_rps'], floor)}",
            f"ratio_vs_peer={ratio(ours['ok_rps'], peer)}",
        ]
        for key in (
            "rows",
            "acked",
            "unacked",
            "lost",
            "doubled",
            "orphans",
            "resent",
            "resent_ok",
            "race",
            "race_ok",
        ):
            parts.append(f"{key}={ours[key]}")
        parts.append(f"ours_cpu_ms_gunicorn={ours['cpu_ms_gunicorn']:.1f}")
        parts.append(f"ours_cpu_ms_postgres={ours['cpu_ms_postgres']:.1f}")
        moved = ours["rows_after_resend"] - ours["rows"]
        parts.append(f"rows_moved_by_resend={moved}")
        good = good and ours["lost"] == 0 and ours["doubled"] == 0 and ours["orphans"] == 0 and moved == 0
        good = good and ours["resent_ok"] == ours["resent"] and ours["race_ok"] == ours["race"]
        good = good and ours["race_rows"] == ours["race"]
        good = good and ours["unacked"] <= KNOBS.concurrency + ours["errors"]
    parts += [f"peer_lost={kit.get('peer_lost', 'n/a')}", f"floor_lost={kit.get('floor_lost', 'n/a')}"]
    print_table(table)
    return " ".join(parts), good


def main() -> int:
    tools = (VENV_BIN / "gunicorn", RUN_PEER, UNIQUE_KEY_LUA)
    work = begin("bench-feedback.", tools, " (gunicorn: pip install -e '.[bench]')")
    kit: dict[str, str] = {}
    ours = None
    try:
        kit_targets = [target for target in KNOBS.targets if target in ("peer", "floor")]
        if kit_targets:
            kit = run_peer_and_floor(KNOBS, work, kit_targets)
        if "ours" in KNOBS.targets:
            ours = measure_ours(work)
    finally:
        stop_children()
        if KNOBS.keep:
            log(f"kept {work}")
        else:
            with suppress(OSError):
                shutil.rmtree(work)
    line, good = report(kit, ours)
    print(line, flush=True)
    if not good:
        log("FAILED: something was lost or doubled, a resend was not a replay, or a count moved (see above)")
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
