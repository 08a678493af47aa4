#!/usr/bin/env python3
"""Run Thân Thiện on this computer, or run its tests. Needs only Python 3.11+; everything else goes in .venv.

    python3 run.py              set up .venv and the database in ./data, then serve http://127.0.0.1:8000/
    python3 run.py test [ARGS]  set up .venv with the dev tools and run pytest (ARGS go to pytest)

The standard library only: this file runs before anything is installed.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
IS_WINDOWS = os.name == "nt"
VENV_BIN = VENV / ("Scripts" if IS_WINDOWS else "bin")
VENV_PYTHON = VENV_BIN / ("python.exe" if IS_WINDOWS else "python")
MANAGE = str(ROOT / "manage.py")
MIN_PYTHON = (3, 11)
HEALTH_PATH = "/api/v1/health"
DEMO_SLUG = "hoang-cat"
STARTUP_TIMEOUT = 90  # seconds to wait for the web server's health check
STOP_TIMEOUT = 10  # seconds a child gets to stop by itself before it is killed
NO_TESTS_COLLECTED = 5  # pytest's exit code when it found no tests


class Stop(Exception):
    """Raised in the main thread when SIGTERM (or SIGHUP) arrives, like KeyboardInterrupt for Ctrl-C."""


def say(message: str) -> None:
    print(f"[run.py] {message}", flush=True)


def fail(message: str, code: int = 1) -> None:
    print(f"[run.py] LỖI / ERROR: {message}", file=sys.stderr, flush=True)
    sys.exit(code)


def _tolerant_console() -> None:
    """Never crash on a console that cannot show Vietnamese letters (a Windows pipe, LANG=C elsewhere)."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", "") or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


# --- The virtual environment -----------------------------------------------------------------------------


def ensure_venv() -> None:
    if VENV_PYTHON.exists():
        probe = subprocess.run(
            [str(VENV_PYTHON), "-c", f"import sys; sys.exit(sys.version_info < {MIN_PYTHON!r})"],
            check=False,
        )
        if probe.returncode != 0:
            fail(
                f"{VENV} hỏng hoặc dùng Python cũ hơn 3.11; xóa thư mục này rồi chạy lại. "
                f"/ {VENV} is broken or older than Python 3.11: delete it and run again."
            )
        return
    say(f"Tạo môi trường ảo {VENV} … / Creating the virtual environment …")
    try:
        venv.EnvBuilder(with_pip=True).create(VENV)
    except (OSError, subprocess.CalledProcessError) as exc:
        fail(
            f"không tạo được môi trường ảo ({exc}). Trên Debian/Ubuntu: `apt-get install python3-venv`, "
            f"xóa {VENV} rồi chạy lại. / Could not create the virtual environment; on Debian/Ubuntu install "
            f"python3-venv, delete {VENV} and run again."
        )


def _marker(extras: str) -> Path:
    return VENV / f".thanthien-installed-{extras}"


def _pyproject_hash() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def ensure_installed(extras: str = "") -> None:
    """`pip install -e .[extras]`, unless pyproject.toml is unchanged since those extras were installed."""
    wanted = _pyproject_hash()
    # The dev install contains the plain one, so either marker will do for the plain one.
    candidates = [extras or "base"] + ([] if extras else ["dev"])
    for name in candidates:
        marker = _marker(name)
        if marker.exists() and marker.read_text(encoding="utf-8").strip() == wanted:
            return
    target = f".[{extras}]" if extras else "."
    say(
        f"Cài đặt dự án (pip install -e {target}); lần đầu mất vài phút … "
        f"/ Installing the project; the first time takes a few minutes …"
    )
    result = subprocess.run(
        [str(VENV_PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "-q", "-e", target],
        cwd=ROOT,
        check=False,
    )
    if result.returncode != 0:
        fail(
            f"pip install -e {target} thất bại (mã {result.returncode}); xem thông báo ở trên. "
            f"/ pip install failed; see above."
        )
    _marker(extras or "base").write_text(wanted + "\n", encoding="utf-8")


def child_env(*, demo: bool) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "thanthien.settings")
    env.setdefault("PYTHONUTF8", "1")
    env["PYTHONUNBUFFERED"] = "1"
    if demo:
        # Two-factor login is on by default; the demo on one PC turns it off unless the user chose otherwise.
        env.setdefault("OTP_REQUIRED", "false")
    return env


def dotenv_names(path: Path) -> set[str]:
    """Return the names a `.env` file sets (settings.py reads it too; a real environment variable wins)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return set()
    names = set()
    for line in lines:
        line = line.strip()
        if line.startswith("export "):
            line = line[len("export ") :].strip()
        if line and not line.startswith("#") and "=" in line:
            names.add(line.split("=", 1)[0].strip())
    return names


def lan_address() -> str | None:
    """Return this computer's address on its network, as another device there reaches it; None if unknown."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1 (RFC 5737): connecting a UDP socket sends nothing
            address = str(probe.getsockname()[0])
    except OSError:
        return None
    return None if address.startswith("127.") or address == "0.0.0.0" else address  # noqa: S104


def citizen_address(
    env: dict[str, str], host: str, port: int, *, configured: set[str], lan: str | None
) -> dict[str, str]:
    """The variables that make receipts' QR codes and SMS links point where this server answers.

    SITE_URL becomes the address served on (for 0.0.0.0, this computer's network address, which a phone
    on the same network can open, and that address joins ALLOWED_HOSTS), unless the user set SITE_URL
    (or ALLOWED_HOSTS) in the environment or in .env: theirs is kept.
    """
    wildcard = host in ("0.0.0.0", "::", "")  # noqa: S104
    shown = (lan or "127.0.0.1") if wildcard else host
    changes: dict[str, str] = {}
    if "SITE_URL" not in env and "SITE_URL" not in configured:
        changes["SITE_URL"] = f"http://{'[' + shown + ']' if ':' in shown else shown}:{port}"
    if wildcard and lan and "ALLOWED_HOSTS" not in env and "ALLOWED_HOSTS" not in configured:
        changes["ALLOWED_HOSTS"] = f"localhost,127.0.0.1,[::1],{lan}"
    return changes


def manage(env: dict[str, str], *args: str, capture: bool = False) -> subprocess.CompletedProcess[str]:
    command = [str(VENV_PYTHON), MANAGE, *args]
    say("$ manage.py " + " ".join(args))
    result = subprocess.run(
        command,
        cwd=ROOT,
        env=env,
        check=False,
        text=True,
        encoding="utf-8",
        errors="replace",
        capture_output=capture,
    )
    if capture:
        sys.stdout.write(result.stdout)
        sys.stderr.write(result.stderr)
        sys.stdout.flush()
    if result.returncode != 0:
        fail(f"`manage.py {' '.join(args)}` thất bại (mã {result.returncode}). / failed.")
    return result


def django_facts(env: dict[str, str]) -> tuple[bool, str, str]:
    """Return DEBUG, the demo usernames and SITE_URL as the server will see them (environment and .env)."""
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "from thanthien.units.demo import PEOPLE; "
        "print(int(settings.DEBUG)); print(' '.join(person.username for person in PEOPLE)); "
        "print(settings.SITE_URL)"
    )
    result = subprocess.run(
        [str(VENV_PYTHON), "-c", code],
        cwd=ROOT,
        env=env,
        check=False,
        text=True,
        encoding="utf-8",
        errors="replace",
        capture_output=True,
    )
    lines = result.stdout.splitlines()
    if result.returncode != 0 or len(lines) < 3:
        sys.stderr.write(result.stderr)
        fail("không đọc được cấu hình Django. / Could not load the Django settings.")
    return lines[0].strip() == "1", lines[1].strip(), lines[2].strip()


# --- `python3 run.py test` -------------------------------------------------------------------------------


def run_tests(pytest_args: list[str]) -> int:
    ensure_venv()
    ensure_installed("dev")
    database = os.environ.get("DATABASE_URL", "")
    shown = re.sub(r"://([^:@/]+):[^@/]*@", r"://\1:***@", database) if database else "SQLite"
    say(f"Chạy kiểm thử trên / Running the tests on: {shown}")
    env = child_env(demo=False)
    result = subprocess.run([str(VENV_PYTHON), "-m", "pytest", *pytest_args], cwd=ROOT, env=env, check=False)
    if result.returncode == NO_TESTS_COLLECTED:
        say("LỖI: pytest không tìm thấy bài kiểm thử nào. / ERROR: pytest collected no tests.")
        return 1
    return result.returncode


# --- `python3 run.py` ------------------------------------------------------------------------------------


def port_is_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as probe:
        if not IS_WINDOWS:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def wait_until_healthy(url: str, web: subprocess.Popen[bytes]) -> int:
    """Poll the health check until it answers; return its status, or 0 if the server died or timed out."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect)
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if web.poll() is not None:
            return 0
        try:
            with opener.open(url, timeout=2) as response:
                return int(response.status)
        except urllib.error.HTTPError as exc:  # it answers, but not with 200 (a redirect to https, say)
            return int(exc.code)
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    return 0


def start(command: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    # In its own session on POSIX, so Ctrl-C reaches only run.py, which then stops each child in order.
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=not IS_WINDOWS)


def _kill_group(process: subprocess.Popen[bytes], sig: int) -> None:
    """Signal whatever is left of the child's process group (granian's workers, if their parent died)."""
    if IS_WINDOWS:
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, sig)


def stop(name: str, process: subprocess.Popen[bytes], graceful: int) -> None:
    if process.poll() is not None:
        _kill_group(process, signal.SIGTERM)
        return
    say(f"Dừng {name} … / Stopping {name} …")
    try:
        if IS_WINDOWS:
            process.terminate()
        else:
            process.send_signal(graceful)
        process.wait(timeout=STOP_TIMEOUT)
        _kill_group(process, signal.SIGTERM)
        return
    except subprocess.TimeoutExpired:
        pass
    except ProcessLookupError:
        return
    say(f"{name} chưa dừng sau {STOP_TIMEOUT} giây; buộc dừng. / {name} did not stop in time; killing it.")
    if IS_WINDOWS:
        process.kill()
    else:
        _kill_group(process, signal.SIGKILL)  # its own process group: workers go too
    process.wait()


STOP_SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP")


def _ignore_stop_signals() -> None:
    """A second Ctrl-C or SIGTERM must not cut the clean stop short (nor print a traceback)."""
    for sig_name in STOP_SIGNALS:
        if hasattr(signal, sig_name):
            signal.signal(getattr(signal, sig_name), signal.SIG_IGN)


def _raise_stop(signum: int, frame: object) -> None:
    _ignore_stop_signals()  # first: a signal arriving while the stop begins is ignored, not raised again
    raise Stop(signum)


def serve(options: argparse.Namespace) -> int:
    ensure_venv()
    ensure_installed()
    env = child_env(demo=True)
    # Before the demo commands: the demo's SMS already carry rating links.
    wildcard = options.host in ("0.0.0.0", "::")  # noqa: S104
    env.update(
        citizen_address(
            env,
            options.host,
            options.port,
            configured=dotenv_names(ROOT / ".env"),
            lan=lan_address() if wildcard else None,
        )
    )
    if not port_is_free(options.host, options.port):
        fail(
            f"cổng {options.port} đang bị chiếm; thử `python3 run.py --port {options.port + 1}`. "
            f"/ Port {options.port} is in use; try another with --port."
        )

    manage(env, "migrate", "--no-input")
    manage(env, "units", "load")
    demo = manage(env, "demo", capture=True)
    manage(env, "demo_dossiers")
    manage(env, "demo_ratings")
    manage(env, "demo_surveys")
    manage(env, "demo_reception")
    manage(env, "demo_letters")
    logins = [line.rstrip() for line in demo.stdout.splitlines() if line.startswith("  ") and line.strip()]
    debug, usernames, site_url = django_facts(env)
    if not debug:
        manage(env, "collectstatic", "--no-input")

    reset_command = f"{VENV_BIN / 'thanthien'} demo --reset-passwords"
    shown_host = "127.0.0.1" if options.host in ("0.0.0.0", "::") else options.host  # noqa: S104
    base = f"http://{'[' + shown_host + ']' if ':' in shown_host else shown_host}:{options.port}"
    children: list[tuple[str, subprocess.Popen[bytes], int]] = []
    # Ctrl-C stops us even when the shell started us with SIGINT ignored (`python3 run.py &`); each stop
    # signal, once received, ignores the next ones until the children are stopped.
    for sig_name in STOP_SIGNALS:
        if hasattr(signal, sig_name):
            signal.signal(getattr(signal, sig_name), _raise_stop)
    code = 0
    try:
        if not options.no_worker:
            say("$ manage.py run_huey")
            worker = start([str(VENV_PYTHON), MANAGE, "run_huey"], env)
            children.append(("worker (huey)", worker, signal.SIGINT))  # huey's graceful-shutdown signal
        web_command = [
            str(VENV_PYTHON),
            "-m",
            "granian",
            "--interface",
            "wsgi",
            "--host",
            options.host,
            "--port",
            str(options.port),
            # Measured with bench/api_load.py: SQLite has one writer, so 2 workers with 1 thread each beat
            # granian's default pool of hundreds of threads (66 vs 50 dossiers/s, p99 0.4 s vs 4.4 s).
            "--workers",
            "2",
            "--blocking-threads",
            "1",
            "thanthien.wsgi:application",
        ]
        say("$ granian " + " ".join(web_command[3:]))
        web = start(web_command, env)
        children.append(("web (granian)", web, signal.SIGTERM))

        status = wait_until_healthy(base + HEALTH_PATH, web)
        if status == 0:
            fail(
                f"máy chủ web không trả lời {base}{HEALTH_PATH} sau {STARTUP_TIMEOUT} giây; xem ở trên. "
                "/ The web server did not answer; see above."
            )
        if status != 200:
            say(f"Chú ý: {HEALTH_PATH} trả về mã {status}. / Note: the health check answered {status}.")
        print(flush=True)
        print("=" * 78)
        print(f"  Mở {base}/ trong trình duyệt. / Open {base}/ in your browser.")
        print(f"  Trang công khai của xã demo / the demo commune's public page: {base}/x/{DEMO_SLUG}/")
        print(f"  Địa chỉ trên biên nhận (mã QR) và tin nhắn / address on receipts (QR) and SMS: {site_url}")
        print(f"  Tài khoản demo / demo logins: {usernames}")
        if logins:
            print("  Mật khẩu (chỉ hiện lần này; hãy ghi lại) / passwords (shown only now; keep them):")
            for line in logins:
                print(f"  {line}")
        else:
            print("  Mật khẩu đã in ra ở lần chạy đầu. / Passwords were printed on the first run.")
            print(f"  Cấp mật khẩu mới / new ones: {reset_command}")
        if env.get("OTP_REQUIRED", "").lower() in ("false", "0", "no", "off"):
            print("  Xác thực hai lớp đang TẮT cho bản demo. / Two-factor login is OFF for the demo.")
        print(f"  Dữ liệu lưu trong / data is kept in: {env.get('THANTHIEN_DATA_DIR') or './data'}")
        print("  Nhấn Ctrl-C để dừng. / Press Ctrl-C to stop.")
        print("=" * 78, flush=True)

        while True:
            for name, process, _graceful in children:
                if process.poll() is not None:
                    say(f"{name} đã dừng bất ngờ (mã {process.returncode}). / {name} exited unexpectedly.")
                    code = 1
                    raise Stop
            time.sleep(0.5)
    except (KeyboardInterrupt, Stop):
        if code == 0:
            print(flush=True)
            say("Đang dừng … / Stopping …")
    finally:
        _ignore_stop_signals()
        for name, process, graceful in reversed(children):
            stop(name, process, graceful)
    say("Đã dừng. Dữ liệu vẫn còn trong ./data. / Stopped; the data stays in ./data.")
    return code


def main(argv: list[str]) -> int:
    if sys.version_info < MIN_PYTHON:
        print("Cần Python 3.11 trở lên. / Python 3.11 or newer is needed.", file=sys.stderr)
        return 1
    _tolerant_console()
    if argv[:1] == ["test"]:
        return run_tests(argv[1:])
    parser = argparse.ArgumentParser(
        prog="python3 run.py",
        description=(
            "Chạy Thân Thiện trên máy này: tạo .venv, cài đặt, chuẩn bị cơ sở dữ liệu trong ./data, "
            "nạp danh mục đơn vị hành chính và xã demo, rồi chạy máy chủ web và tiến trình nền. "
            "/ Run Thân Thiện on this "
            "computer: set up .venv, the database in ./data, the administrative units and the demo commune, "
            "then serve the site with its background worker."
        ),
        epilog=(
            "Kiểm thử / tests: `python3 run.py test [pytest args]` "
            "(DATABASE_URL=postgres://… để chạy trên PostgreSQL / to run them on PostgreSQL)."
        ),
    )
    parser.add_argument("--host", default="127.0.0.1", help="địa chỉ lắng nghe / address to bind (127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="cổng / port (8000)")
    parser.add_argument("--no-worker", action="store_true", help="không chạy tiến trình nền / no huey worker")
    return serve(parser.parse_args(argv))


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        print("\n[run.py] Đã hủy. / Cancelled.", file=sys.stderr)
        sys.exit(130)
