"""Time the country side by side (`reports.national.national_table`, the page /reports/national/): every
province's row for a year, on the national data set; beside it, the same figures asked province by province
(`figures(province, …)` 34 times, as the figures API would answer them); check both agree.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_national .venv/bin/python bench/national_table.py

Fill the database first with `bench/national_data.py`. Knobs: `YEAR=2025`, `REPEAT=5` (timed runs, the
median is printed), `WARMUP=2` (untimed runs first). Prints one line:

    provinces=34 communes=3321 dossiers=… runs=5 median_ms=… one_by_one_ms=… agree=yes
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

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from thanthien.reports.figures import figures  # noqa: E402
from thanthien.reports.national import SECTIONS, national_table  # noqa: E402

YEAR = int(os.environ.get("YEAR", "2025"))
REPEAT = int(os.environ.get("REPEAT", "5"))
WARMUP = int(os.environ.get("WARMUP", "2"))
START, END = date(YEAR, 1, 1), date(YEAR, 12, 31)
TODAY = END


def timed(action: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    result = action()
    return (time.perf_counter() - started) * 1000, result


def main() -> None:
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to the PostgreSQL database bench/national_data.py filled.")
    timezone.activate("Asia/Ho_Chi_Minh")
    for _run in range(WARMUP):
        national_table(START, END, today=TODAY)
    times, table = [], None
    for _run in range(REPEAT):
        elapsed, table = timed(lambda: national_table(START, END, today=TODAY))
        times.append(elapsed)
    assert table is not None  # noqa: S101
    one_by_one_ms, separate = timed(
        lambda: {row.province.pk: figures(row.province, START, END, today=TODAY) for row in table.rows}
    )
    agree = all(
        row.figures[section] == separate[row.province.pk][section]
        for row in table.rows
        for section in SECTIONS
    )
    print(
        f"provinces={len(table.rows)} communes={sum(row.communes for row in table.rows)} "
        f"dossiers={sum(row.dossiers for row in table.rows)} runs={REPEAT} "
        f"median_ms={statistics.median(times):.0f} min_ms={min(times):.0f} max_ms={max(times):.0f} "
        f"one_by_one_ms={one_by_one_ms:.0f} agree={'yes' if agree else 'NO'}",
        flush=True,
    )
    sys.exit(0 if agree else 1)


if __name__ == "__main__":
    main()
