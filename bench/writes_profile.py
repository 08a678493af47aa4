"""Where one public write spends its time: SQL statements and CPU per request, in-process, no load.

    .venv/bin/python bench/writes_profile.py                 # a PostgreSQL test database
    PROFILE=1 .venv/bin/python bench/writes_profile.py       # + the cProfile top of each path (TOP=45 lines)
    PROFILE=1 PROFILE_SORT=tottime ...                       # the top by own time
    PATHS="ratings feedback" N=300 .venv/bin/python bench/writes_profile.py
    PROFILE=1 TOP=0 PROFILE_OUT=/tmp/p.prof ...              # the raw profile, for pstats afterwards
    PROFILE=1 CALLERS="isinstance|__getattr__" ...           # who calls the functions that match
    FORM_ENCODING=multipart PATHS=feedback_form ...          # the form as a browser sends it (a file field)
    JSON_ONLY=1 ...                                          # only each path's line of figures

Sets up our project as the load benchmarks do (DEBUG off, a commune, a desk officer with an API key, an
official, a procedure), then for each path (`ratings`, `feedback`, `dossiers`, the HTML forms
`rating_form` and `feedback_form` with CSRF checked, and the look-up `lookup`, a GET) sends one warm-up
request with Django's test client, lists the SQL statements of one more (CaptureQueriesContext), and
times N more: CPU ms per request (ours, and the PostgreSQL backend's, read from /proc) and statements per
request. The test
client goes through the whole middleware stack and django-ninja, as gunicorn does; only the HTTP parsing
is left out.
"""

import cProfile
import json
import os
import pstats
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlencode

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper

from _kit import ROOT, SETUP_UNITS, ours_env

N = int(os.environ.get("N", "200"))
PATHS = os.environ.get("PATHS", "ratings feedback dossiers").split()
FORM_ENCODING = os.environ.get("FORM_ENCODING", "urlencoded")  # the feedback form's body: or "multipart"
SETUP = """
from decimal import Decimal
from thanthien.core.text import fold_vietnamese
from thanthien.procedures.models import Procedure
from thanthien.units.models import Official
official = Official.objects.create(unit=commune, full_name="Trần Thị Một Cửa", title="Công chức một cửa")
printed["official"] = official.pk
name = "Chứng thực bản sao từ bản chính (thử tải)"
commune.slug = "bench-xa"  # the public pages' address: /x/bench-xa/
commune.save(update_fields=["slug"])
Procedure.objects.create(
    code="BENCH-CT", name=name, field="Chứng thực", search_key=fold_vietnamese(name),
    time_limit_days=Decimal(1),
)
"""


def senders(path: str, printed: dict[str, object]) -> "Callable[[int], int]":
    """A function that sends request n of `path` and returns its status."""
    from django.test import Client

    from thanthien.units.models import User
    from thanthien.units.tokens import issue_api_token

    key = issue_api_token(User.objects.get(username="bench_desk"), name=f"q-{path}", by=None)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    public = Client()
    bodies: dict[str, Callable[[int], dict[str, object]]] = {
        "ratings": lambda n: {
            "commune_code": "bench-xa",
            "level": 3,
            "channel": "kiosk",
            "official_id": printed["official"],
            "details": {},
            "comment": f"q-{n}",
            "idempotency_key": f"q-{n}",
        },
        "feedback": lambda n: {
            "commune_code": "bench-xa",
            "kind": "reflection",
            "topic": "environment",
            "content": f"q-{n}",
            "is_anonymous": False,
            "name": "Nguyễn Thị Thử Tải",
            "address": "Thôn Đông, xã Thử Tải",
            "contact": "0912345678",
            "client_key": f"q-{n}",
        },
        "dossiers": lambda n: {
            "commune_code": "bench-xa",
            "procedure_code": "BENCH-CT",
            "applicant_name": "Nguyễn Thị Thử Tải",
            "applicant_phone": "0912345678",
            "channel": "in_person",
        },
    }
    if path in FORMS:
        return FORMS[path](printed)
    client = public if path == "feedback" else api
    expected = 201

    def send(n: int) -> int:
        body = json.dumps(bodies[path](n), ensure_ascii=False)
        status = client.post(f"/api/v1/{path}", body, content_type="application/json").status_code
        if status != expected:
            raise SystemExit(f"{path}: status {status}")
        return status

    return send


def feedback_form_sender(printed: dict[str, object]) -> "Callable[[int], int]":
    """The public feedback form as a citizen's browser sends it: CSRF checked, a fresh form key each time."""
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    url = "/x/bench-xa/gop-y/"
    browser.get(url)  # the CSRF cookie, as the page gives it
    token = browser.cookies["csrftoken"].value

    def send(n: int) -> int:
        body = {
            "csrfmiddlewaretoken": token,
            "kind": "reflection",
            "topic": "environment",
            "content": f"form-{n}",
            "name": "Nguyễn Thị Thử Tải",
            "address": "Thôn Đông, xã Thử Tải",
            "contact": "0912345678",
            "client_key": f"form-{n}",
        }
        if FORM_ENCODING == "multipart":  # as a browser sends a form that may carry a photo
            status = browser.post(url, body).status_code
        else:  # as forms_load.py sends it
            encoded = urlencode(body)
            status = browser.post(url, encoded, content_type="application/x-www-form-urlencoded").status_code
        if status != 302:
            raise SystemExit(f"feedback_form: status {status}")
        return status

    return send


def rating_form_sender(printed: dict[str, object]) -> "Callable[[int], int]":
    """The rating page of a dossier's link, as the citizen sends it: CSRF checked, one dossier per rating."""
    from django.test import Client
    from django.urls import reverse

    from thanthien.dossiers.links import rating_token
    from thanthien.dossiers.services import receive_dossier
    from thanthien.procedures.models import Procedure
    from thanthien.units.models import Unit, User

    commune = Unit.objects.get(code="bench-xa")
    desk = User.objects.get(username="bench_desk")
    procedure = Procedure.objects.get(code="BENCH-CT")
    dossiers = [
        receive_dossier(commune, procedure=procedure, applicant_name="Thử Tải", by=desk) for _ in range(N + 2)
    ]
    paths = [
        reverse("portal:rate", kwargs={"slug": commune.slug, "token": rating_token(dossier)})
        for dossier in dossiers
    ]
    browser = Client(enforce_csrf_checks=True)
    browser.get(paths[0])
    token = browser.cookies["csrftoken"].value

    def send(n: int) -> int:
        # each from its own address: the link's form allows an address 30 ratings in 10 minutes
        address = f"10.9.{n // 250}.{n % 250 + 1}"
        answer = browser.post(paths[n], {"csrfmiddlewaretoken": token, "level": 3}, REMOTE_ADDR=address)
        status = answer.status_code
        if status != 200:
            raise SystemExit(f"rating_form: status {status}")
        return status

    return send


def lookup_sender(printed: dict[str, object]) -> "Callable[[int], int]":
    """The citizen's look-up of a dossier by its code and the phone's last 4 digits (a GET, counted)."""
    from django.test import Client

    from thanthien.dossiers.services import receive_dossier
    from thanthien.procedures.models import Procedure
    from thanthien.units.models import Unit, User

    dossier = receive_dossier(
        Unit.objects.get(code="bench-xa"),
        procedure=Procedure.objects.get(code="BENCH-CT"),
        applicant_name="Thử Tải",
        applicant_phone="0912345678",
        by=User.objects.get(username="bench_desk"),
    )
    browser = Client()
    url = f"/x/bench-xa/tra-cuu/?ma={dossier.code}&so=5678"

    def send(n: int) -> int:
        # each from its own address: an address may look up 20 times in 10 minutes
        status = browser.get(url, REMOTE_ADDR=f"10.8.{n // 250}.{n % 250 + 1}").status_code
        if status != 200:
            raise SystemExit(f"lookup: status {status}")
        return status

    return send


FORMS = {"feedback_form": feedback_form_sender, "rating_form": rating_form_sender, "lookup": lookup_sender}


def _backend_cpu_seconds(connection: "BaseDatabaseWrapper") -> float:
    """CPU seconds (user + system) of this connection's PostgreSQL backend so far, read from /proc (the
    server on this machine); 0 for SQLite, which runs in our own process and is counted there."""
    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="bench-writes-q."))
    database_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_writes_q")
    os.environ.update(
        ours_env(database_url=database_url, data_dir=work, work=work, settings="thanthien.settings"),
        ALLOWED_HOSTS="testserver",
        FEEDBACK_SUBMISSIONS_PER_WINDOW="1000000",
        FEEDBACK_IDENTITY_KEY=os.environ.get("FEEDBACK_IDENTITY_KEY", "k" * 43 + "="),
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, setup_databases, teardown_databases

    if set(PATHS) & set(FORMS):  # pages render with the hashed static names, as in production
        from django.core.management import call_command

        call_command("collectstatic", "--noinput", verbosity=0)
    names = setup_databases(verbosity=0, interactive=False)
    try:
        printed: dict[str, object] = {}
        exec(SETUP_UNITS + SETUP, {"printed": printed})  # noqa: S102
        for path in PATHS:
            send: Callable[[int], int] = senders(path, printed)
            send(0)  # warm-up: imports, per-process caches
            with CaptureQueriesContext(connection) as queries:
                send(1)
            statements = len(queries.captured_queries)
            if not os.environ.get("JSON_ONLY"):  # JSON_ONLY=1: only each path's line of figures
                print(f"== {path}: {statements} SQL statements ({connection.vendor})")
                for number, query in enumerate(queries.captured_queries, 1):
                    print(f"{number:3d}. {query['sql'][:160]}")
            profiler = cProfile.Profile() if os.environ.get("PROFILE") == "1" else None
            started, cpu, backend = time.perf_counter(), time.process_time(), _backend_cpu_seconds(connection)
            if profiler:
                profiler.enable()
            for n in range(N):
                send(2 + n)
            if profiler:
                profiler.disable()
            wall, cpu = time.perf_counter() - started, time.process_time() - cpu
            backend = _backend_cpu_seconds(connection) - backend
            if profiler:
                order = os.environ.get("PROFILE_SORT", "cumulative")
                stats = pstats.Stats(profiler).sort_stats(order)
                stats.print_stats(int(os.environ.get("TOP", "45")))
                if os.environ.get("PROFILE_OUT"):  # the raw profile, for pstats afterwards
                    stats.dump_stats(os.environ["PROFILE_OUT"])
                if os.environ.get("CALLERS"):  # who calls them, e.g. CALLERS="isinstance|__getattr__"
                    stats.print_callers(os.environ["CALLERS"])
            figures = {
                "path": path,
                "statements": statements,
                "ms_per_request": round(wall / N * 1000, 2),
                "cpu_ms_per_request": round(cpu / N * 1000, 2),
                "backend_cpu_ms_per_request": round(backend / N * 1000, 2),
            }
            print(json.dumps(figures), flush=True)
    finally:
        teardown_databases(names, verbosity=0)
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
