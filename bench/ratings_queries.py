"""Where one POST /api/v1/ratings spends its time: SQL round trips and CPU, in-process, no load.

    .venv/bin/python bench/ratings_queries.py                       # SQLite in a temp dir
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_ratings_q .venv/bin/python bench/ratings_queries.py
    PROFILE=1 .venv/bin/python bench/ratings_queries.py    # + pyinstrument (pip install pyinstrument)

Sets up our project as bench/ratings_load.py does (DEBUG off, a commune, a desk officer with an API key,
an official), posts one warm-up rating with Django's test client, then lists the SQL statements of one
more rating (CaptureQueriesContext), times N=200 more and N GETs of /api/v1/health (the same middleware and
ninja, no SQL). A PostgreSQL database named in DATABASE_URL is
created and dropped here.
"""

import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from _kit import ROOT, SETUP_UNITS, ours_env
from ratings_load import SETUP_OFFICIAL, rating_body

N = int(os.environ.get("N", "200"))


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="bench-ratings-q."))
    database_url = os.environ.get("DATABASE_URL", f"sqlite:///{work / 'db.sqlite3'}")
    os.environ.update(
        ours_env(database_url=database_url, data_dir=work, work=work, settings="thanthien.settings"),
        ALLOWED_HOSTS="testserver",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_databases, teardown_databases

    from thanthien.units.models import User
    from thanthien.units.tokens import issue_api_token

    # A test database (test_<name>, made and dropped by Django) so that nothing real is touched.
    names = setup_databases(verbosity=0, interactive=False)
    try:
        printed: dict[str, object] = {}
        setup = SETUP_UNITS + SETUP_OFFICIAL.replace(
            "print(official.pk)", "printed['official'] = official.pk"
        )
        exec(setup, {"printed": printed})  # noqa: S102
        key = issue_api_token(User.objects.get(username="bench_desk"), name="q", by=None)
        client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
        official = str(printed["official"])

        def post(n: int) -> int:
            body = rating_body(official, f"q-{n}")
            return client.post("/api/v1/ratings", body, content_type="application/json").status_code

        assert post(0) == 201  # noqa: S101 (warm-up: imports, caches)
        with CaptureQueriesContext(connection) as queries:
            assert post(1) == 201  # noqa: S101
        print(f"{len(queries.captured_queries)} SQL statements for one rating ({connection.vendor}):")
        for number, query in enumerate(queries.captured_queries, 1):
            print(f"{number:3d}. {query['time']:>6}s  {query['sql'][:150]}")

        profiler = None
        if os.environ.get("PROFILE") == "1":
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.0005)
            profiler.start()
        started, cpu = time.perf_counter(), time.process_time()
        for n in range(N):
            post(2 + n)
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        if profiler is not None:
            profiler.stop()
            print(profiler.output_text(unicode=True, color=False, show_all=False))
        started_get, cpu_get = time.perf_counter(), time.process_time()
        for _ in range(N):
            client.get("/api/v1/health")  # the same middleware and ninja, no SQL: the framework share
        wall_get, cpu_get = time.perf_counter() - started_get, time.process_time() - cpu_get
        figures = {
            "ratings": N,
            "ms_per_rating": round(wall / N * 1000, 2),
            "cpu_ms_per_rating": round(cpu / N * 1000, 2),
            "ms_per_health_get": round(wall_get / N * 1000, 2),
            "cpu_ms_per_health_get": round(cpu_get / N * 1000, 2),
        }
        print(json.dumps(figures))
    finally:
        teardown_databases(names, verbosity=0)
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
