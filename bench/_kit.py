"""What the load benchmarks in this folder share: paths, child processes stopped by PID, our project's
bench environment, its set-up (units, a desk officer, an API key) and the shared kit's shell functions.

Not a benchmark itself; `api_load.py` and `ratings_load.py` import it (they run as scripts, so this folder
is on `sys.path`).
"""

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, suppress
from pathlib import Path

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
