"""Time `reports.figures` for one commune, one province and the whole country over a year, beside a
hand-written single SQL aggregate over the same rows (the floor), in the same run; check both agree.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_national .venv/bin/python bench/report_figures.py

Fill the database first with `bench/national_data.py`. Knobs: `YEAR=2025`, `REPEAT=7` (runs per target;
the country gets max(3, REPEAT // 2)), `WARMUP=10` (untimed runs first, as a server in use has its caches
warm and its prepared statements planned), `COMMUNE=<code>` and `PROVINCE=<code>` (default: the commune with
the median number of dossiers, and the province with the most dossiers).

For one commune figures() runs a prepared statement (planned once per connection, core.statements), so the
floor is timed both prepared and planned at each run, and the faster of the two is the floor; for a province
and the country both sides are planned at each run. Prints one line per target:

    target=commune unit=… median_ms=… floor_median_ms=… ratio=… agree=yes
"""

import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thanthien.settings")

import django

django.setup()

import psycopg  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from thanthien.reports.figures import Period, figures  # noqa: E402
from thanthien.units.models import Unit  # noqa: E402

YEAR = int(os.environ.get("YEAR", "2025"))
REPEAT = int(os.environ.get("REPEAT", "7"))
WARMUP = int(os.environ.get("WARMUP", "10"))
START, END = date(YEAR, 1, 1), date(YEAR, 12, 31)
TODAY = END

# The floor: one statement, the same rows and the same definitions as figures() (dossiers, petitions,
# ratings, letters: the four big tables), written by hand. `{scope_d}` etc. restrict to the communes of the
# unit.
FLOOR_SQL = """
WITH communes AS (
  SELECT id FROM units_unit WHERE level = 'commune' AND (path = %(path)s OR path LIKE %(prefix)s)
),
d AS (
  SELECT count(*) AS received,
         count(*) FILTER (WHERE channel = 'online') AS online,
         count(*) FILTER (WHERE status = 'returned') AS returned,
         count(*) FILTER (WHERE timeliness = 'early') AS early,
         count(*) FILTER (WHERE timeliness = 'on_time') AS on_time,
         count(*) FILTER (WHERE timeliness = 'late') AS late,
         count(*) FILTER (WHERE status IN ('received', 'in_progress', 'awaiting_supplement')) AS in_progress,
         count(*) FILTER (WHERE channel = 'at_home') AS home_service,
         count(*) FILTER (WHERE postponement_count > 0) AS postponed
  FROM dossiers_dossier
  WHERE {scope_d} received_at >= %(start)s AND received_at <= %(end)s
),
p AS (
  SELECT count(*) AS received,
         count(*) FILTER (WHERE status IN ('resolved', 'closed')) AS resolved,
         count(*) FILTER (WHERE status IN ('received', 'accepted', 'in_progress')) AS in_progress,
         count(*) FILTER (WHERE status IN ('received', 'accepted', 'in_progress')
                          AND (resolve_due_on < %(today)s
                               OR (resolve_due_on IS NULL AND accept_due_on < %(today)s)))
           AS overdue
  FROM feedback_feedbackitem
  WHERE {scope_p} kind IN ('reflection', 'recommendation', 'complaint', 'denunciation')
    AND received_on >= %(start_day)s AND received_on <= %(end_day)s
),
r AS (
  SELECT count(*) AS total,
         count(*) FILTER (WHERE is_top) AS very_satisfied,
         count(*) FILTER (WHERE sentiment = 'satisfied' AND NOT is_top) AS satisfied,
         count(*) FILTER (WHERE sentiment = 'neutral') AS neutral,
         count(*) FILTER (WHERE sentiment = 'dissatisfied') AS dissatisfied
  FROM ratings_rating
  WHERE {scope_r} rated_at >= %(start)s AND rated_at <= %(end)s
),
l AS (
  SELECT count(*) FILTER (WHERE kind = 'apology') AS apology,
         count(*) FILTER (WHERE kind IN ('congratulations_birth', 'congratulations_marriage'))
           AS congratulations,
         count(*) FILTER (WHERE kind = 'condolence') AS condolence,
         count(*) FILTER (WHERE kind = 'thanks') AS thanks
  FROM letters_letter
  WHERE {scope_d} status = 'issued' AND issued_on >= %(start_day)s AND issued_on <= %(end_day)s
)
SELECT d.*, p.*, r.*, l.* FROM d, p, r, l
"""
DOSSIER_KEYS = [
    "received",
    "online",
    "returned",
    "early",
    "on_time",
    "late",
    "in_progress",
    "home_service",
    "postponed",
]
PETITION_KEYS = ["received", "resolved", "in_progress", "overdue"]
RATING_KEYS = ["total", "very_satisfied", "satisfied", "neutral", "dissatisfied"]
LETTER_KEYS = ["apology", "congratulations", "condolence", "thanks"]


def floor(unit: Unit | None, prepare: bool = False) -> dict[str, dict[str, int]]:
    period = Period(unit, START, END, TODAY)
    scopes = {"scope_d": "", "scope_p": "", "scope_r": ""}
    if unit is not None:
        scopes = {
            "scope_d": "commune_id IN (SELECT id FROM communes) AND",
            "scope_p": "unit_id IN (SELECT id FROM communes) AND",
            "scope_r": "unit_id IN (SELECT id FROM communes) AND",
        }
    params = {
        "path": unit.path if unit else "",
        "prefix": f"{unit.path}/%" if unit else "",
        "start": period.start,
        "end": period.end,
        "start_day": START,
        "end_day": END,
        "today": TODAY,
    }
    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(FLOOR_SQL.format(**scopes), params, prepare=prepare)
        row = list(cursor.fetchone())  # type: ignore[arg-type]  # aggregates over no GROUP BY: one row
    return {
        "dossiers": dict(zip(DOSSIER_KEYS, row[:9], strict=True)),
        "petitions": dict(zip(PETITION_KEYS, row[9:13], strict=True)),
        "ratings": dict(zip(RATING_KEYS, row[13:18], strict=True)),
        "letters": dict(zip(LETTER_KEYS, row[18:22], strict=True)),
    }


def ours(unit: Unit | None) -> dict[str, Any]:
    return figures(unit, START, END, today=TODAY)


def agree(mine: dict[str, Any], theirs: dict[str, dict[str, int]]) -> bool:
    pairs = [(section, key, value) for section, values in theirs.items() for key, value in values.items()]
    return all(mine[section][key] == value for section, key, value in pairs)


def median_ms(action: Any, runs: int) -> float:
    times = []
    for _run in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def pick_units() -> tuple[Unit, Unit]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT commune_id, count(*) FROM dossiers_dossier GROUP BY commune_id ORDER BY 2, 1")
        per_commune = cursor.fetchall()
    commune_id = per_commune[len(per_commune) // 2][0]
    if "COMMUNE" in os.environ:
        commune = Unit.objects.get(code=os.environ["COMMUNE"])
    else:
        commune = Unit.objects.get(pk=commune_id)
    if "PROVINCE" in os.environ:
        return commune, Unit.objects.get(code=os.environ["PROVINCE"])
    counts = dict(per_commune)
    totals: dict[str, int] = {}
    for pk, path in Unit.objects.filter(level=Unit.Level.COMMUNE).values_list("pk", "path"):
        totals[path.split("/")[0]] = totals.get(path.split("/")[0], 0) + counts.get(pk, 0)
    return commune, Unit.objects.get(path=max(totals, key=totals.__getitem__))


def main() -> None:
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to the PostgreSQL database bench/national_data.py filled.")
    timezone.activate("Asia/Ho_Chi_Minh")
    commune, province = pick_units()
    failed = False
    for target, unit, runs in (
        ("commune", commune, REPEAT),
        ("province", province, REPEAT),
        ("country", None, max(3, REPEAT // 2)),
    ):
        for _run in range(WARMUP):
            ours(unit), floor(unit)
        mine, theirs = ours(unit), floor(unit)
        ok = agree(mine, theirs)
        failed |= not ok
        our_ms, floor_ms = median_ms(lambda u=unit: ours(u), runs), median_ms(lambda u=unit: floor(u), runs)
        if target == "commune":
            for _run in range(WARMUP):
                floor(unit, prepare=True)
            floor_ms = min(floor_ms, median_ms(lambda u=unit: floor(u, prepare=True), runs))
        name = unit.name if unit else "Việt Nam"
        print(
            f"target={target} unit={name!r} dossiers={mine['dossiers']['received']} "
            f"ratings={mine['ratings']['total']} "
            f"petitions={mine['petitions']['received']} letters={sum(mine['letters'].values())} "
            f"runs={runs} median_ms={our_ms:.1f} "
            f"floor_median_ms={floor_ms:.1f} ratio={our_ms / floor_ms:.2f} agree={'yes' if ok else 'NO'}",
            flush=True,
        )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
