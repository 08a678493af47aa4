"""Dossier creation through the HTTP API under concurrent load, next to the one-INSERT floor.

    .venv/bin/python bench/api_load.py            # SQLite, then PostgreSQL; about 2 minutes
    DBS=sqlite DURATION=5 .venv/bin/python bench/api_load.py

For each database: a fresh database (SQLite in a temp dir; PostgreSQL `bench_api` on 127.0.0.1:5432,
created and dropped here), `migrate`, a province, a commune, a desk officer, a procedure and an API key
(`manage.py api_token`); granian (WSGI, 2 workers) on a free loopback port; a warm-up, then CONCURRENCY
closed-loop clients for DURATION seconds POSTing /api/v1/dossiers with wrk (the shared kit's
loadtest.sh); granian stopped gracefully; rows counted. Then the shared floor app (/insert/ does one
INSERT), served and loaded the same way. Prints one line per database on stdout:

    db=sqlite api_create_rps=… p50_ms=… p99_ms=… ok=… errors=… rows=… lost=… floor_insert_rps=…
    ratio_vs_floor=…   (on the same line)

lost = 201 answers without a new dossier (must be 0). rows may exceed ok by at most CONCURRENCY: requests
in flight when the clock ran out commit, but their answer is not counted. Each new dossier must also
have its "received" event, audit line and SMS receipt in the outbox (checked; a mismatch is reported as
lost).

Everything runs on 127.0.0.1; every process started here is stopped by PID (its own process group) at
exit, also on Ctrl-C or SIGTERM. Environment: DURATION=20 CONCURRENCY=16 WARMUP=3 WORKERS=2 DBS="sqlite
postgres" PG_URL=postgres://postgres@127.0.0.1:5432 KEEP=0 (1 keeps the temp dir with logs and JSON)
OURS_SETTINGS=thanthien.settings, BLOCKING_THREADS=1 (granian's threads per worker, for both servers, as
run.py and the Dockerfile serve us; 0 leaves granian's default pool of hundreds). granian's own GRANIAN_*
variables reach both servers.
"""

import json
import os
import shutil
import sys
import time
import urllib.error
import urllib.request
from contextlib import suppress
from pathlib import Path
from typing import Any

from _kit import (
    FLOOR_APP,
    KIT,
    LOADTEST,
    PYTHON,
    ROOT,
    VENV_BIN,
    begin,
    free_port,
    log,
    ours_env,
    run,
    set_up_ours,
    start,
    stop,
    stop_all,
)

GRANIAN = VENV_BIN / "granian"

DURATION = int(os.environ.get("DURATION", "20"))
CONCURRENCY = int(os.environ.get("CONCURRENCY", "16"))
WARMUP = int(os.environ.get("WARMUP", "3"))
WORKERS = int(os.environ.get("WORKERS", "2"))
BLOCKING_THREADS = int(os.environ.get("BLOCKING_THREADS", "1"))
DBS = os.environ.get("DBS", "sqlite postgres").split()
PG_URL = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
KEEP = os.environ.get("KEEP", "0") == "1"
# To try a settings change before making it: a module on PYTHONPATH that imports thanthien.settings.
OURS_SETTINGS = os.environ.get("OURS_SETTINGS", "thanthien.settings")
OURS_DB, FLOOR_DB = "bench_api", "bench_api_floor"
# The same SQLite options as thanthien/settings.py, so the floor gets no easier lock than we do.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
}

SETUP_PROCEDURE = """
from decimal import Decimal
from thanthien.core.text import fold_vietnamese
from thanthien.procedures.models import Procedure
commune = Unit.objects.get(code="bench-xa")
name = "Chứng thực bản sao từ bản chính (thử tải)"
Procedure.objects.create(
    code="BENCH-CT", name=name, field="Chứng thực", search_key=fold_vietnamese(name),
    time_limit_days=Decimal(1),
)
"""
BODY = json.dumps(
    {
        "commune_code": "bench-xa",
        "procedure_code": "BENCH-CT",
        "applicant_name": "Nguyễn Thị Thử Tải",
        "applicant_phone": "0912345678",
        "channel": "in_person",
    },
    ensure_ascii=False,
)
COUNT_SQL = {
    "dossiers": "SELECT count(*) FROM dossiers_dossier",
    "received_events": "SELECT count(*) FROM dossiers_dossierevent WHERE kind = 'received'",
    "audit_lines": "SELECT count(*) FROM core_auditevent WHERE object_type = 'dossiers.Dossier'",
    "sms_receipts": (
        "SELECT count(*) FROM notifications_notification WHERE dedupe_key LIKE 'dossier:%:received'"
    ),
}


def serve(app: str, *, env: dict[str, str], cwd: Path, logfile: Path, ready: str) -> tuple[Any, str]:
    port = free_port()
    command = [str(GRANIAN), "--interface", "wsgi", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--workers", str(WORKERS), "--no-ws", "--log-level", "warning"]
    if BLOCKING_THREADS:
        command += ["--blocking-threads", str(BLOCKING_THREADS)]
    command.append(app)
    process = start(command, env=env, cwd=cwd, logfile=logfile)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"granian exited ({process.returncode}); see {logfile}")
        try:
            with urllib.request.urlopen(base + ready, timeout=5) as response:  # noqa: S310 (loopback)
                if response.status < 500:
                    return process, base
        except urllib.error.HTTPError as exc:
            if exc.code < 500:
                return process, base
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"granian did not answer {base}{ready}; see {logfile}")


def load(url: str, body: str, *, content_type: str, headers: str, seconds: int, out: Path) -> dict[str, Any]:
    """Run the shared kit's bounded wrk load against one loopback URL; return its JSON result."""
    env = {
        **os.environ,
        "DURATION": str(seconds),
        "CONCURRENCY": str(CONCURRENCY),
        "THREADS": "1",
        "EXPECT": "201",
        "CONTENT_TYPE": content_type,
        "EXTRA_HEADERS": headers,
        "LABEL": out.stem,
        "OUT_JSON": str(out),
    }
    process = start(
        ["bash", str(LOADTEST), url, "POST", body], env=env, cwd=KIT, logfile=out.with_suffix(".txt")
    )
    try:
        process.wait(timeout=seconds + 60)
    finally:
        stop(process, grace=5)
    if process.returncode != 0 or not out.exists():
        raise SystemExit(f"load test failed; see {out.with_suffix('.txt')}")
    return json.loads(out.read_text())


# --- Databases ------------------------------------------------------------------------------------------
def pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def counts(db: str, location: str, queries: dict[str, str]) -> dict[str, int]:
    if db == "sqlite":
        import sqlite3

        with sqlite3.connect(location) as conn:
            return {name: conn.execute(sql).fetchone()[0] for name, sql in queries.items()}
    import psycopg

    with psycopg.connect(location) as conn:
        # Each is a count: one row.
        return {name: conn.execute(sql).fetchone()[0] for name, sql in queries.items()}  # type: ignore[index]


# --- One database ---------------------------------------------------------------------------------------
def measure_ours(db: str, work: Path) -> dict[str, Any]:
    data = work / "ours-data"
    data.mkdir()
    if db == "sqlite":
        location = str(work / "db.sqlite3")
        database_url = f"sqlite:///{location}"
    else:
        pg_admin(f'DROP DATABASE IF EXISTS "{OURS_DB}" WITH (FORCE)')
        pg_admin(f'CREATE DATABASE "{OURS_DB}"')
        location = database_url = f"{PG_URL}/{OURS_DB}"
    env = ours_env(database_url=database_url, data_dir=data, work=work, settings=OURS_SETTINGS)
    log(f"ours on {db}: migrate")
    key, _ = set_up_ours(env, work / "ours-setup.log", SETUP_PROCEDURE)

    server, base = serve(
        "thanthien.wsgi:application",
        env=env,
        cwd=ROOT,
        logfile=work / "ours-granian.log",
        ready="/api/v1/health",
    )
    url, headers = f"{base}/api/v1/dossiers", f"Authorization: Bearer {key}"
    try:
        log(f"ours on {db}: warm-up {WARMUP} s, then {DURATION} s with {CONCURRENCY} clients")
        load(
            url,
            BODY,
            content_type="application/json",
            headers=headers,
            seconds=WARMUP,
            out=work / "ours-warmup.json",
        )
        time.sleep(1)  # warm-up requests still in flight commit before the count
        before = counts(db, location, COUNT_SQL)
        result = load(
            url,
            BODY,
            content_type="application/json",
            headers=headers,
            seconds=DURATION,
            out=work / "ours.json",
        )
    finally:
        stop(server)  # graceful: in-flight requests finish and commit before we count
    after = counts(db, location, COUNT_SQL)
    new = {name: after[name] - before[name] for name in COUNT_SQL}
    lost = max(0, result["ok"] - new["dossiers"])
    half_written = sum(abs(new[rows] - new["dossiers"]) for rows in COUNT_SQL)
    log(
        f"ours on {db}: {result['ok']} answered 201, {new['dossiers']} new dossiers, "
        f"{new['received_events']} receipt events, {new['audit_lines']} audit lines, "
        f"{new['sms_receipts']} SMS receipts; "
        f"statuses {result['statuses']}; unacknowledged extra rows {max(0, new['dossiers'] - result['ok'])}"
    )
    if db == "postgres" and not KEEP:
        pg_admin(f'DROP DATABASE IF EXISTS "{OURS_DB}" WITH (FORCE)')
    return {**result, "rows": new["dossiers"], "lost": lost + half_written}


def measure_floor(db: str, work: Path) -> dict[str, Any]:
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env.update(PYTHONPYCACHEPREFIX=str(work / "pycache"), BENCH_DB_CONN_MAX_AGE="60")
    if db == "sqlite":
        location = str(work / "floor.sqlite3")
        settings = work / "floor_sqlite_settings.py"
        # CONN_MAX_AGE as the kit's floor has on PostgreSQL: the floor is the best case.
        database = {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": location,
            "OPTIONS": SQLITE_OPTIONS,
            "CONN_MAX_AGE": 60,
        }
        settings.write_text(
            f"from floor_site.settings import *  # noqa\n\nDATABASES = {{'default': {database!r}}}\n"
        )
        env.update(DJANGO_SETTINGS_MODULE="floor_sqlite_settings", PYTHONPATH=f"{FLOOR_APP}:{work}")
    else:
        pg_admin(f'DROP DATABASE IF EXISTS "{FLOOR_DB}" WITH (FORCE)')
        pg_admin(f'CREATE DATABASE "{FLOOR_DB}"')
        location = f"{PG_URL}/{FLOOR_DB}"
        host_port = PG_URL.rsplit("@", 1)[-1]
        env.update(
            DJANGO_SETTINGS_MODULE="floor_site.settings",
            PYTHONPATH=str(FLOOR_APP),
            BENCH_DB_HOST=host_port.split(":")[0],
            BENCH_DB_PORT=host_port.split(":")[1] if ":" in host_port else "5432",
            BENCH_DB_NAME=FLOOR_DB,
            BENCH_DB_USER="postgres",
        )
    log(f"floor on {db}: migrate")
    run(
        [str(PYTHON), "manage.py", "migrate", "--noinput"],
        env=env,
        cwd=FLOOR_APP,
        logfile=work / "floor-setup.log",
    )
    server, base = serve(
        "floor_site.wsgi:application",
        env=env,
        cwd=FLOOR_APP,
        logfile=work / "floor-granian.log",
        ready="/ping/",
    )
    url, body, form = (
        f"{base}/insert/",
        "note=Streetlight+out+on+Elm+Street",
        "application/x-www-form-urlencoded",
    )
    queries = {"rows": "SELECT count(*) FROM floor_hit"}
    try:
        log(f"floor on {db}: warm-up {WARMUP} s, then {DURATION} s with {CONCURRENCY} clients")
        load(url, body, content_type=form, headers="", seconds=WARMUP, out=work / "floor-warmup.json")
        time.sleep(1)
        before = counts(db, location, queries)["rows"]
        result = load(url, body, content_type=form, headers="", seconds=DURATION, out=work / "floor.json")
    finally:
        stop(server)
    new = counts(db, location, queries)["rows"] - before
    log(f"floor on {db}: {result['ok']} answered 201, {new} new rows; statuses {result['statuses']}")
    if db == "postgres" and not KEEP:
        pg_admin(f'DROP DATABASE IF EXISTS "{FLOOR_DB}" WITH (FORCE)')
    return {**result, "rows": new, "lost": max(0, result["ok"] - new)}


def summary(db: str, ours: dict[str, Any], floor: dict[str, Any]) -> str:
    ratio = ours["ok_rps"] / floor["ok_rps"] if floor["ok_rps"] else 0.0
    return (
        f"db={db} api_create_rps={ours['ok_rps']:.1f} "
        f"p50_ms={ours['p50_ms']:.2f} p99_ms={ours['p99_ms']:.2f} "
        f"ok={ours['ok']} errors={ours['errors']} rows={ours['rows']} lost={ours['lost']} "
        f"floor_insert_rps={floor['ok_rps']:.1f} ratio_vs_floor={ratio:.3f}"
    )


def main() -> int:
    work_root = begin("bench-api.", (GRANIAN, PYTHON, LOADTEST))
    lines = []
    try:
        for db in DBS:
            work = work_root / db
            work.mkdir()
            ours = measure_ours(db, work)
            floor = measure_floor(db, work)
            lines.append(summary(db, ours, floor))
            log(lines[-1])
    finally:
        stop_all()
        if "postgres" in DBS and not KEEP:
            for name in (OURS_DB, FLOOR_DB):
                with suppress(Exception):
                    pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if KEEP:
            log(f"kept {work_root}")
        else:
            shutil.rmtree(work_root, ignore_errors=True)
    print("\n".join(lines), flush=True)
    return 0 if all(" lost=0 " in line for line in lines) else 1


if __name__ == "__main__":
    sys.exit(main())
