"""Time the assessment app on the national data set: every commune of the country scored live for a year
against one criteria set (the shipped Bắc Giang-style set), and the Decision 766 index of the whole country
for one month; beside each, one hand-written SQL aggregate over the same rows in the same run (the floor).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_national .venv/bin/python bench/assessment_scoring.py

Fill the database first with `bench/national_data.py` (SCALE=0.02 for a small run). The shipped sets are
loaded (replaced) from thanthien/assessment/data/. Knobs: `YEAR=2025`, `MONTH=6`, `LIMIT=<n>` (score only
the first n communes, then the time for all is the measured time × communes / n), `REPEAT=3` (766 runs).
Goals (issue 14): every commune scored in under 60 s; the country's 766 index in under 3 s. Prints:

    target=all_communes communes=… seconds=… floor_seconds=… ratio=…
    target=country_766 month=… median_ms=… floor_median_ms=… ratio=…
"""

import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thanthien.settings")

import django

django.setup()

import psycopg  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402
from report_figures import FLOOR_SQL  # noqa: E402

from thanthien.assessment import services  # noqa: E402
from thanthien.assessment.index766 import index_766  # noqa: E402
from thanthien.assessment.models import CriteriaSet  # noqa: E402
from thanthien.reports.figures import Period  # noqa: E402
from thanthien.units.models import Unit  # noqa: E402

YEAR = int(os.environ.get("YEAR", "2025"))
MONTH = int(os.environ.get("MONTH", "6"))
LIMIT = int(os.environ.get("LIMIT", "0"))
REPEAT = int(os.environ.get("REPEAT", "3"))
DATA = Path(__file__).resolve().parent.parent / "thanthien" / "assessment" / "data"

# The floor of scoring every commune: the same four big tables counted per commune in one statement.
PER_COMMUNE_SQL = """
SELECT u.id,
  (SELECT count(*) FILTER (WHERE timeliness IN ('early', 'on_time')) || '/'
     || count(*) FILTER (WHERE timeliness IS NOT NULL) || '/'
     || count(*) FILTER (WHERE channel = 'online') || '/' || count(*)
   FROM dossiers_dossier d WHERE d.commune_id = u.id AND received_at >= %(start)s AND received_at <= %(end)s),
  (SELECT count(*) FILTER (WHERE sentiment = 'satisfied') || '/' || count(*) FROM ratings_rating r
   WHERE r.unit_id = u.id AND rated_at >= %(start)s AND rated_at <= %(end)s),
  (SELECT count(*) FILTER (WHERE status IN ('received', 'accepted', 'in_progress')
                           AND resolve_due_on < %(today)s) || '/' || count(*) FROM feedback_feedbackitem f
   WHERE f.unit_id = u.id AND received_on >= %(start_day)s AND received_on <= %(end_day)s),
  (SELECT count(*) FROM letters_letter l WHERE l.commune_id = u.id AND status = 'issued'
     AND issued_on >= %(start_day)s AND issued_on <= %(end_day)s)
FROM units_unit u WHERE u.level = 'commune'
"""


def run_sql(sql: str, params: dict) -> list:
    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def params_of(first: date, last: date) -> dict:
    period = Period(None, first, last, last)
    return {
        "path": "",
        "prefix": "",
        "start": period.start,
        "end": period.end,
        "start_day": first,
        "end_day": last,
        "today": last,
    }


def load_sets() -> None:
    for name in ("bac_giang_style.xlsx", "decision_766.xlsx"):
        with open(DATA / name, "rb") as file:
            services.import_criteria_set(file, by=None)


def all_communes() -> None:
    criteria_set = CriteriaSet.objects.get(code="BG-STYLE")
    communes = list(Unit.objects.filter(level=Unit.Level.COMMUNE).order_by("path"))
    chosen = communes[:LIMIT] if LIMIT else communes
    first, last = date(YEAR, 1, 1), date(YEAR, 12, 31)
    started = time.perf_counter()
    passed = sum(services.score(commune, YEAR, criteria_set, today=last).passed for commune in chosen)
    seconds = (time.perf_counter() - started) * len(communes) / len(chosen)
    started = time.perf_counter()
    rows = run_sql(PER_COMMUNE_SQL, params_of(first, last))
    floor_seconds = time.perf_counter() - started
    print(
        f"target=all_communes communes={len(communes)} measured={len(chosen)} seconds={seconds:.1f} "
        f"floor_seconds={floor_seconds:.2f} ratio={seconds / floor_seconds:.1f} passed={passed} "
        f"floor_rows={len(rows)}",
        flush=True,
    )


def country_766() -> None:
    first = date(YEAR, MONTH, 1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    index_766(None, first, last, today=last)  # warm
    times, floors = [], []
    for _ in range(REPEAT):
        started = time.perf_counter()
        (month,) = index_766(None, first, last, today=last)
        times.append(time.perf_counter() - started)
        started = time.perf_counter()
        run_sql(FLOOR_SQL.format(scope_d="", scope_p="", scope_r=""), params_of(first, last))
        floors.append(time.perf_counter() - started)
    median, floor_median = statistics.median(times) * 1000, statistics.median(floors) * 1000
    print(
        f"target=country_766 month={first:%Y-%m} median_ms={median:.0f} floor_median_ms={floor_median:.0f} "
        f"ratio={median / floor_median:.1f} total={month.score.total}",
        flush=True,
    )


def main() -> None:
    timezone.activate("Asia/Ho_Chi_Minh")
    load_sets()
    country_766()
    all_communes()


if __name__ == "__main__":
    main()
