"""What the load benchmarks in this folder share: paths, child processes stopped by PID, our project's
bench environment, its set-up (units, a desk officer, an API key) and the shared kit's shell functions.

Not a benchmark itself; `api_load.py`, `ratings_load.py` and `feedback_load.py` import it (they run as
scripts, so this folder is on `sys.path`).
"""

import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = VENV_BIN / "python"
KIT = Path(os.environ.get("BENCH_KIT", ROOT.parent / "shared" / "bench"))
LOADTEST = KIT / "loadtest.sh"
FLOOR_APP = KIT / "floor_app"

# Our units and the desk officer the benchmarks act as (`manage.py shell -c`, after migrate).
SETUP_UNITS = """
from thanthien.units.models import Membership, Role, Unit, User
province = Unit.objects.create(
    code="bench", name="Tỉnh Thử Tải", level="province", kind="province", path="bench"
)
commune = Unit.objects.create(
    code="bench-xa", name="Xã Thử Tải", level="commune", kind="commune", parent=province,
    path="bench/bench-xa",
)
user = User.objects.create_user(username="bench_desk", full_name="Cán Bộ Thử Tải")
Membership.objects.create(user=user, unit=commune, role=Role.DESK_OFFICER)
"""

running: list[subprocess.Popen[bytes]] = []


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run(command: list[str], *, env: dict[str, str], cwd: Path, logfile: Path | None) -> str:
    """Run a command to completion; return its stdout; its stderr goes to `logfile` (None: to ours)."""
    with ExitStack() as stack:
        err = stack.enter_context(logfile.open("ab")) if logfile else None
        done = subprocess.run(  # noqa: S603
            command, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=err, timeout=600
        )
    if done.returncode != 0:
        where = f"; see {logfile}" if logfile else ""
        raise SystemExit(f"failed ({done.returncode}): {' '.join(command)[:200]}{where}")
    return done.stdout.decode()


def start(command: list[str], *, env: dict[str, str], cwd: Path, logfile: Path) -> subprocess.Popen[bytes]:
    """Start a process in its own process group (so its workers can be stopped with it) and remember it."""
    with logfile.open("ab") as out:
        process = subprocess.Popen(  # noqa: S603
            command, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    running.append(process)
    return process


def stop(process: subprocess.Popen[bytes], grace: float = 30) -> None:
    """SIGTERM (servers drain in-flight requests), wait, then SIGKILL what is left of its group."""
    if process.poll() is None:
        with suppress(ProcessLookupError):
            process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            log(f"pid {process.pid} did not stop in {grace} s; killing its process group")
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)  # leftover workers, if any; the group is ours alone
    with suppress(subprocess.TimeoutExpired):
        process.wait(timeout=5)
    if process in running:
        running.remove(process)


def stop_all(grace: float = 10) -> None:
    for process in list(running):
        stop(process, grace=grace)


def _exit_on_signal(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def exit_on_signals() -> None:
    """Turn Ctrl-C and SIGTERM into SystemExit, so that `finally` blocks stop what was started."""
    signal.signal(signal.SIGTERM, _exit_on_signal)
    signal.signal(signal.SIGINT, _exit_on_signal)


def begin(prefix: str, tools: tuple[Path, ...], hint: str = "") -> Path:
    """Check the tools and wrk, turn signals into exits, make and return the run's temp dir."""
    for tool in tools:
        if not tool.exists():
            raise SystemExit(f"missing {tool}{hint}")
    if shutil.which("wrk") is None:
        raise SystemExit("wrk not found: run ../shared/bench/setup_peer.sh (or apt-get install -y wrk)")
    exit_on_signals()
    work = Path(tempfile.mkdtemp(prefix=prefix))
    load_average = " ".join(f"{x:.2f}" for x in os.getloadavg())
    log(f"work dir {work}; {os.cpu_count()} cores, load average {load_average}")
    return work


def ours_env(*, database_url: str, data_dir: Path, work: Path, settings: str) -> dict[str, str]:
    """Our project as a bench serves it: DEBUG off, loopback host, no HTTPS redirect, persistent DB."""
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE=settings,
        DATABASE_URL=database_url,
        THANTHIEN_DATA_DIR=str(data_dir),
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        HTTPS="false",
        OTP_REQUIRED="false",
        CONN_MAX_AGE="60",
        LOG_LEVEL="WARNING",
        PYTHONPYCACHEPREFIX=str(work / "pycache"),
    )
    return env


def set_up_ours(env: dict[str, str], logfile: Path, extra_setup: str = "") -> tuple[str, str]:
    """Migrate, make the bench units and desk officer (plus `extra_setup`); return a new API key for the
    desk officer and the last line `extra_setup` printed ("" if none)."""
    run([str(PYTHON), "manage.py", "migrate", "--noinput"], env=env, cwd=ROOT, logfile=logfile)
    shell = [str(PYTHON), "manage.py", "shell", "-c", SETUP_UNITS + extra_setup]
    printed = run(shell, env=env, cwd=ROOT, logfile=logfile).strip().splitlines()
    command = [str(PYTHON), "manage.py", "api_token", "bench_desk", "--name", "Thử tải"]
    key = run(command, env=env, cwd=ROOT, logfile=logfile).strip().splitlines()[-1]
    return key, printed[-1] if printed else ""


def kit_sh(script: str, *, env: dict[str, str]) -> str:
    """Run bash with the shared kit's lib/common.sh loaded (pg_up, gunicorn_up, ...); return its stdout.

    The kit keeps its state in shell variables (PG_DIR, PG_PORT, WORK, GUNI_PID, ...): pass them in `env`
    and print what a later call needs.
    """
    prelude = f'set -euo pipefail\n. "{KIT}/lib/common.sh"\n'
    return run(["bash", "-c", prelude + script], env=env, cwd=KIT, logfile=None)


# --- What the load benchmarks of a public POST share (ratings_load.py, feedback_load.py) --------------------
REQ_TIMEOUT = 10  # s, as the kit's loadtest.sh
UNIQUE_KEY_LUA = Path(__file__).resolve().parent / "lua" / "unique_key.lua"
EACH_PATH_LUA = Path(__file__).resolve().parent / "lua" / "each_path.lua"
RUN_PEER = KIT / "run_peer.sh"
SCRATCH = Path(tempfile.gettempdir())  # $TMPDIR or /tmp, as the kit's scripts


class Knobs:
    """The environment knobs every load benchmark reads, and the kit's variables made from them."""

    def __init__(self, pg_prefix: str) -> None:
        self.duration = int(os.environ.get("DURATION", "20"))
        self.concurrency = int(os.environ.get("CONCURRENCY", "16"))
        self.warmup = int(os.environ.get("WARMUP", "3"))
        self.keep = os.environ.get("KEEP", "0") == "1"
        self.targets = os.environ.get("TARGETS", "peer floor ours").split()
        self.max_requests = int(os.environ.get("MAX_REQUESTS", "500000"))
        # This run's own (the kit deletes it at the end), so a concurrent run on the machine is not touched.
        self.pg_dir = os.environ.get("PG_DIR", str(SCRATCH / f"{pg_prefix}.{os.getpid()}"))
        self.peer_dir = os.environ.get("PEER_DIR", str(SCRATCH / "peer-helpdesk"))
        self.ours_settings = os.environ.get("OURS_SETTINGS", "thanthien.settings")
        self.kit_env = {  # the knobs run_peer.sh and lib/common.sh read, the same for every target
            "DURATION": str(self.duration),
            "CONCURRENCY": str(self.concurrency),
            "WARMUP": str(self.warmup),
            "THREADS": "1",
            "MAX_REQUESTS": str(self.max_requests),
            "GUNICORN_WORKERS": os.environ.get("GUNICORN_WORKERS", "2"),
            "DB_CONN_MAX_AGE": os.environ.get("DB_CONN_MAX_AGE", "60"),
            "PG_DIR": self.pg_dir,
            "PEER_DIR": self.peer_dir,
        }


def run_peer_and_floor(knobs: Knobs, work: Path, targets: list[str]) -> dict[str, str]:
    """run_peer.sh for `targets`; return its summary line as a dict. Its logs land in `work` (TMPDIR)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("OURS_")}
    env.update(knobs.kit_env, TARGETS=" ".join(targets), TMPDIR=str(work))
    out = work / "run_peer.out"
    log(f"run_peer.sh TARGETS={' '.join(targets)} (its progress follows)")
    with out.open("wb") as stdout:
        process = subprocess.Popen(  # noqa: S603
            ["/bin/bash", str(RUN_PEER)], env=env, cwd=KIT, stdout=stdout, start_new_session=True
        )
    running.append(process)
    try:
        process.wait(timeout=len(targets) * 4 * (knobs.duration + knobs.warmup + 60))
    finally:
        stop(process, grace=60)  # its EXIT trap stops its gunicorn and cluster
    lines = out.read_text().strip().splitlines()
    if process.returncode != 0 or not lines:
        raise SystemExit(f"run_peer.sh failed ({process.returncode}); see its log above")
    return dict(pair.split("=", 1) for pair in lines[-1].split())


class Ours:
    """Our project on a throwaway cluster made by the kit's pg_up, served by its gunicorn_up."""

    def __init__(self, knobs: Knobs, work: Path, extra_env: dict[str, str] | None = None) -> None:
        self.knobs = knobs
        self.work = work
        self.env = {**os.environ, **knobs.kit_env, "WORK": str(work)}
        self.extra_env = extra_env or {}
        self.pg_port = ""
        self.pg_tried = False
        self.pidfile = work / "ours-gunicorn.pid"
        self.gunicorn_tried = False

    def pg_up(self) -> str:
        self.pg_tried = True  # from here on pg_down runs, even if pg_up is interrupted half-way
        self.pg_port = kit_sh('pg_up; echo "$PG_PORT"', env=self.env).split()[-1]
        self.env["PG_PORT"] = self.pg_port
        kit_sh("pg_createdb ours", env=self.env)
        database_url = f"postgres://postgres@127.0.0.1:{self.pg_port}/ours"
        data = self.work / "ours-data"
        data.mkdir()
        # As run_peer.sh's run_target exports them, then our bench settings.
        self.env.update(
            BENCH_DB_HOST="127.0.0.1",
            BENCH_DB_PORT=self.pg_port,
            BENCH_DB_NAME="ours",
            BENCH_DB_USER="postgres",
            BENCH_DB_CONN_MAX_AGE=self.knobs.kit_env["DB_CONN_MAX_AGE"],
            PGHOST="127.0.0.1",
            PGPORT=self.pg_port,
            PGUSER="postgres",
            PGDATABASE="ours",
        )
        settings = self.knobs.ours_settings
        self.env.update(ours_env(database_url=database_url, data_dir=data, work=self.work, settings=settings))
        self.env.update(
            self.knobs.kit_env,
            WORK=str(self.work),
            PG_PORT=self.pg_port,
            CONN_MAX_AGE=self.knobs.kit_env["DB_CONN_MAX_AGE"],
        )
        self.env.update(self.extra_env)
        return database_url

    def pg_down(self) -> None:
        """The kit's pg_down: stop the cluster and delete PG_DIR (this run's own, see Knobs.pg_dir)."""
        if self.pg_tried:
            kit_sh("PG_STARTED=1; pg_down", env=self.env)
            self.pg_tried = False

    def gunicorn_up(self) -> str:
        script = 'gunicorn_up ours "$OURS_VENV" "$OURS_APP_DIR" thanthien.wsgi:application /api/v1/health\n'
        script += 'echo "$GUNI_PORT"'
        # A pidfile changes nothing in how gunicorn serves; it lets us stop it by PID even when we are
        # interrupted while gunicorn_up still waits for it (the shell that knows the PID is gone then).
        env = {**self.env, "OURS_VENV": str(VENV_BIN.parent), "OURS_APP_DIR": str(ROOT)}
        env["GUNICORN_CMD_ARGS"] = f"--pid {self.pidfile}"
        self.pidfile.unlink(missing_ok=True)
        self.gunicorn_tried = True
        port = kit_sh(script, env=env).split()[-1]
        return f"http://127.0.0.1:{port}"

    def cpu_seconds(self) -> tuple[float, float]:
        """CPU time used so far by our gunicorn (master and workers) and by this cluster's PostgreSQL."""
        postmaster = int((Path(self.knobs.pg_dir) / "data" / "postmaster.pid").read_text().split()[0])
        return tree_cpu_seconds(int(self.pidfile.read_text())), tree_cpu_seconds(postmaster)

    def gunicorn_down(self) -> None:
        """The kit's graceful stop: workers finish in-flight requests, so those have committed after it."""
        if not self.gunicorn_tried:
            return
        for _ in range(30):  # interrupted right after the start: gunicorn writes its pidfile within ~1 s
            text = self.pidfile.read_text().strip() if self.pidfile.exists() else ""
            if text.isdigit():
                kit_sh(f"GUNI_PID={text}; gunicorn_down", env=self.env)
                break
            time.sleep(0.1)
        self.gunicorn_tried = False


def load(
    knobs: Knobs,
    url: str,
    body: str,
    headers: str,
    *,
    seconds: int,
    prefix: str,
    out: Path,
    ack_field: str = "id",
    content_type: str = "application/json",
    expect: str = "201",
    paths: Path | None = None,
) -> dict[str, Any]:
    """wrk with the kit's flags (1 thread, CONCURRENCY connections, 10 s timeout) and unique_key.lua.

    Each 201 answer's `ack_field` is written to the acks files (see `acknowledged`); `expect` is the status
    counted as a success (a form's 302 has no body to acknowledge: count its rows instead). With `paths`, a
    file of one path per line, each request goes to the next path instead (each_path.lua, the body as is).
    """
    env = {
        **os.environ,
        "KIT_WRK_REPORT": str(KIT / "lib" / "wrk_report.lua"),
        "UK_PREFIX": prefix,
        "UK_ACKS": str(out.with_suffix(".acks")),
        "UK_ACK_FIELD": ack_field,
        "LT_METHOD": "POST",
        "LT_BODY": body,
        "LT_CONTENT_TYPE": content_type,
        "LT_HEADERS": headers,
        "LT_EXPECT": expect,
        "LT_MAX_PER_THREAD": str(knobs.max_requests),
        "LT_JSON": str(out),
        "LT_LABEL": out.stem,
        "EP_PATHS": str(paths or ""),
    }
    command = ["timeout", "--kill-after=5", str(seconds + REQ_TIMEOUT + 20), "wrk", "-t1"]
    command += [f"-c{knobs.concurrency}", f"-d{seconds}s", "--timeout", f"{REQ_TIMEOUT}s", "--latency"]
    command += ["-s", str(EACH_PATH_LUA if paths else UNIQUE_KEY_LUA), url]
    process = start(command, env=env, cwd=ROOT, logfile=out.with_suffix(".txt"))
    try:
        process.wait(timeout=seconds + REQ_TIMEOUT + 60)
    finally:
        stop(process, grace=5)
    if process.returncode != 0 or not out.exists():
        raise SystemExit(f"wrk failed ({process.returncode}); see {out.with_suffix('.txt')}")
    return json.loads(out.read_text())


@dataclass
class MeasuredRun:
    """wrk's measured run (`load`'s result) and our server's CPU seconds (web, PostgreSQL) around it."""

    result: dict[str, Any]
    cpu_before: tuple[float, ...]
    cpu_after: tuple[float, ...]


def warm_then_measure(
    knobs: Knobs,
    ours: Ours,
    url: str,
    body: str,
    headers: str,
    *,
    prefix: str,
    warm_prefix: str,
    out: Path,
    warm_body: str | None = None,
    paths: tuple[Path, Path] | None = None,
    ack_field: str = "id",
    content_type: str = "application/json",
    expect: str = "201",
) -> MeasuredRun:
    """A warm-up of WARMUP seconds (`warm_prefix`, `warm_body`, the first of `paths`; not counted), a pause
    for its requests in flight, then the measured run of DURATION seconds, with our CPU around it."""
    warm_paths, measured_paths = paths or (None, None)
    warm_out = out.with_name(out.stem + "-warmup.json")
    warm = warm_body if warm_body is not None else body
    load(
        knobs,
        url,
        warm,
        headers,
        seconds=knobs.warmup,
        prefix=warm_prefix,
        out=warm_out,
        paths=warm_paths,
        ack_field=ack_field,
        content_type=content_type,
        expect=expect,
    )
    time.sleep(2)  # the warm-up's requests in flight end first
    cpu_before = ours.cpu_seconds()
    result = load(
        knobs,
        url,
        body,
        headers,
        seconds=knobs.duration,
        prefix=prefix,
        out=out,
        paths=measured_paths,
        ack_field=ack_field,
        content_type=content_type,
        expect=expect,
    )
    return MeasuredRun(result, cpu_before, ours.cpu_seconds())


def acknowledged(out: Path) -> list[str]:
    """The ids of the 201 answers, as unique_key.lua wrote them ("?" where the id was unreadable)."""
    return [
        line for path in sorted(out.parent.glob(out.stem + ".acks.*")) for line in path.read_text().split()
    ]


def tree_cpu_seconds(root: int) -> float:
    """CPU seconds of a process, of its live children, and of the children it has reaped (Linux /proc)."""
    ticks = 0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with suppress(OSError, IndexError):
                # After "(comm)" field 3 (state) is index 0: ppid 1, utime 11, stime 12, cutime 13, cstime 14.
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                if int(entry.name) == root:
                    ticks += sum(int(value) for value in fields[11:15])
                elif int(fields[1]) == root:
                    ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def send_json(url: str, body: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, Any]]:
    """POST a JSON body; return the status and the JSON answer (0 and {} when the server did not answer)."""
    all_headers = {"Content-Type": "application/json", **(headers or {})}
    request = urllib.request.Request(url, data=body.encode(), method="POST", headers=all_headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=REQ_TIMEOUT) as response:  # noqa: S310
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as exc:
        return exc.code, {}
    except OSError:
        return 0, {}


def ratio(a: float, b: float) -> str:
    return f"{a / b:.3f}" if b else "n/a"


def kit_table(kit: dict[str, str]) -> list[tuple[str, ...]]:
    """The table's header and the peer's and floor's rows, from run_peer.sh's summary."""
    table: list[tuple[str, ...]] = [("target", "req/s", "p50 ms", "p99 ms", "errors", "rows", "lost")]
    for label, name in (("peer", "post"), ("peer", "get"), ("floor", "insert"), ("floor", "get")):
        if f"{label}_{name}_rps" in kit:
            k = f"{label}_{name}"
            rows = kit.get(f"{k}_rows", "")
            lost = kit.get(f"{label}_lost", "") if rows else ""
            table.append(
                (k, kit[f"{k}_rps"], kit[f"{k}_p50_ms"], kit[f"{k}_p99_ms"], kit[f"{k}_errors"], rows, lost)
            )
    return table


def print_table(table: list[tuple[str, ...]]) -> None:
    widths = [max(len(str(line[i])) for line in table) for i in range(len(table[0]))]
    for line in table:
        print(
            "  ".join(str(cell).rjust(width) for cell, width in zip(line, widths, strict=True)),
            file=sys.stderr,
        )


# --- What ratings_load.py and feedback_load.py check and report the same way ----------------------------
def without_record(database_url: str, prefix: str, *, table: str, key_column: str, scope: str) -> int:
    """Rows of `table` whose `key_column` starts with this prefix that no idempotency record of their own
    key (the column's text) points to."""
    import psycopg

    sql = f"""
        SELECT count(*) FROM {table} r WHERE r.{key_column} LIKE %s AND NOT EXISTS (
            SELECT 1 FROM core_idempotencyrecord i
            WHERE i.scope = %s AND i.result = r.id::text
              AND i.key_hash = encode(sha256(convert_to(r.{key_column}, 'UTF8')), 'hex'))
    """  # noqa: S608 -- table and column are the benchmark's own constants
    with psycopg.connect(database_url) as conn:
        return int(conn.execute(sql, [prefix + "-%", scope]).fetchone()[0])  # type: ignore[index]  # a count: one row


def doubled(keys: list[str]) -> int:
    """How many rows repeat a key another row already has."""
    return sum(count - 1 for count in Counter(keys).values() if count > 1)


def send_twice_at_once(
    pool: ThreadPoolExecutor, race_prefix: str, count: int, send: Callable[[str], tuple[int, dict[str, Any]]]
) -> list[tuple[tuple[int, dict[str, Any]], tuple[int, dict[str, Any]]]]:
    """Send `count` fresh keys twice each, the two sends of a key side by side; the answers in pairs."""
    race_keys = [f"{race_prefix}-{n}" for n in range(count)]
    twice = [key for key in race_keys for _ in range(2)]  # neighbours go out together
    raced = list(pool.map(send, twice))
    return [(raced[2 * n], raced[2 * n + 1]) for n in range(count)]


def per_row_cpu_ms(cpu_before: tuple[float, ...], cpu_after: tuple[float, ...], rows: int) -> list[float]:
    """Server CPU milliseconds per new row, for each of the processes `Ours.cpu_seconds` measures."""
    return [
        (after - before) * 1000 / max(1, rows) for before, after in zip(cpu_before, cpu_after, strict=True)
    ]


def ours_summary(
    result: dict[str, Any],
    checked: dict[str, int],
    second: dict[str, int],
    raced: dict[str, int],
    *,
    rows_after: int,
    per_row: list[float],
) -> dict[str, Any]:
    """One benchmark's measurements of ours, as `report_public_post` reads them."""
    return {
        **result,
        **checked,
        **second,
        "rows_after_resend": rows_after,
        "cpu_ms_gunicorn": per_row[0],
        "cpu_ms_postgres": per_row[1],
        "race_rows": raced["rows"],
        "doubled": checked["doubled"] + raced["doubled"],
        "orphans": checked["orphans"] + raced["orphans"],
    }


OURS_COUNTS = (
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
)
KIT_FIGURES = (
    "peer_post_rps",
    "peer_post_p50_ms",
    "peer_post_p99_ms",
    "floor_insert_rps",
    "floor_insert_p99_ms",
)


def report_public_post(knobs: Knobs, kit: dict[str, str], ours: dict[str, Any] | None) -> tuple[str, bool]:
    """The summary line, and whether the run proved nothing lost or doubled."""
    table = kit_table(kit)
    good = kit.get("lost", "0") == "0"
    parts: list[str] = []
    if ours is not None:
        parts += [
            f"ours_post_rps={ours['ok_rps']:.1f}",
            f"ours_p50_ms={ours['p50_ms']:.2f}",
            f"ours_p99_ms={ours['p99_ms']:.2f}",
            f"ours_errors={ours['errors']}",
        ]
        row = (f"{ours['ok_rps']:.1f}", f"{ours['p50_ms']:.2f}", f"{ours['p99_ms']:.2f}", str(ours["errors"]))
        table.insert(1, ("ours_post", *row, str(ours["rows"]), str(ours["lost"])))
    parts += [f"{key}={kit[key]}" for key in KIT_FIGURES if key in kit]
    if ours is not None:
        peer, floor = float(kit.get("peer_post_rps", 0)), float(kit.get("floor_insert_rps", 0))
        parts += [
            f"ratio_vs_floor={ratio(ours['ok_rps'], floor)}",
            f"ratio_vs_peer={ratio(ours['ok_rps'], peer)}",
        ]
        parts += [f"{key}={ours[key]}" for key in OURS_COUNTS]
        parts.append(f"ours_cpu_ms_gunicorn={ours['cpu_ms_gunicorn']:.1f}")
        parts.append(f"ours_cpu_ms_postgres={ours['cpu_ms_postgres']:.1f}")
        moved = ours["rows_after_resend"] - ours["rows"]
        parts.append(f"rows_moved_by_resend={moved}")
        good = good and ours["lost"] == 0 and ours["doubled"] == 0 and ours["orphans"] == 0 and moved == 0
        good = good and ours["resent_ok"] == ours["resent"] and ours["race_ok"] == ours["race"]
        good = good and ours["race_rows"] == ours["race"]
        good = good and ours["unacked"] <= knobs.concurrency + ours["errors"]
    parts += [f"peer_lost={kit.get('peer_lost', 'n/a')}", f"floor_lost={kit.get('floor_lost', 'n/a')}"]
    print_table(table)
    return " ".join(parts), good


def run_public_post_bench(
    knobs: Knobs, work_prefix: str, measure_ours: Callable[[Path], dict[str, Any]]
) -> int:
    """`ROUNDS` rounds (1) of one run each; with more, a last line of the medians (`rounds_summary`)."""
    rounds = int(os.environ.get("ROUNDS", "1"))
    lines: list[str] = []
    status = 0
    for number in range(1, rounds + 1):
        if rounds > 1:
            log(f"round {number} of {rounds}")
        status |= _one_public_post_run(knobs, work_prefix, measure_ours, lines)
    if rounds > 1:
        print(rounds_summary(lines), flush=True)
    return status


def rounds_summary(lines: list[str]) -> str:
    """The median of each round's figures, and each round's ratios in order. A ratio is taken inside its
    round (ours against the floor and the peer measured minutes before, on the same machine), so a machine
    that slows down or speeds up between rounds moves the figures but less the ratios; the median drops
    the round that a neighbour's load distorted most."""
    rounds = [dict(part.split("=", 1) for part in line.split()) for line in lines]
    figures = ("ratio_vs_floor", "ratio_vs_peer", "ours_post_rps", "ours_p99_ms", "floor_insert_rps")
    parts = [f"rounds={len(rounds)}"]
    for figure in figures:
        values = [float(found[figure]) for found in rounds if figure in found]
        if values:
            parts.append(f"{figure}_median={statistics.median(values):.3f}")
    for figure in ("ratio_vs_floor", "ours_p99_ms"):
        parts.append(f"{figure}_each=" + ",".join(found.get(figure, "n/a") for found in rounds))
    return " ".join(parts)


def _one_public_post_run(
    knobs: Knobs, work_prefix: str, measure_ours: Callable[[Path], dict[str, Any]], lines: list[str]
) -> int:
    """Peer and floor (the kit's run_peer.sh), then ours; report; 0 if nothing was lost or doubled."""
    tools = (VENV_BIN / "gunicorn", RUN_PEER, UNIQUE_KEY_LUA)
    work = begin(work_prefix, tools, " (gunicorn: pip install -e '.[bench]')")
    kit: dict[str, str] = {}
    ours = None
    try:
        kit_targets = [target for target in knobs.targets if target in ("peer", "floor")]
        if kit_targets:
            kit = run_peer_and_floor(knobs, work, kit_targets)
        if "ours" in knobs.targets:
            ours = measure_ours(work)
    finally:
        stop_all()
        if knobs.keep:
            log(f"kept {work}")
        else:
            with suppress(OSError):
                shutil.rmtree(work)
    line, good = report_public_post(knobs, kit, ours)
    print(line, flush=True)
    lines.append(line)
    if not good:
        log("FAILED: something was lost or doubled, a resend was not a replay, or a count moved (see above)")
    return 0 if good else 1


def bench_redis_url() -> str:
    """The Redis database the benchmarks give ours (BENCH_REDIS_URL, default database 13 of the local one)."""
    return os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")


def redis_env() -> dict[str, str]:
    """REDIS_URL for ours when the bench's Redis answers (emptied first), else nothing."""
    import redis

    url = bench_redis_url()
    try:
        redis.Redis.from_url(url).flushdb()
    except redis.ConnectionError:
        log(f"no Redis at {url}: ours uses the file cache")
        return {}
    return {"REDIS_URL": url}
