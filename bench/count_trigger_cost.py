"""What a bucket trigger costs a public write: a rating inserted and committed alone, timed with the
communes' count trigger (`reports_ratingcount_keep`, reports.summaries) enabled and disabled, alternated.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python bench/count_trigger_cost.py

The database must be migrated (`manage.py migrate`, `manage.py units load`); one rating is recorded through
the service if there is none, then copied row by row (`INSERT … SELECT`, autocommit, one round trip and
one commit each, as a kiosk's rating is written). The trigger is disabled only inside this script's own
rounds and enabled again at the end (also on Ctrl-C); each round's copies are deleted after it with the
trigger as it was, so the buckets count off exactly what they counted. Knobs: `N=2000` inserts a round,
`ROUNDS=4` rounds each way.

Prints one line: `trigger_on_us=… trigger_off_us=… cost_us=… cost_share=…` (medians of the rounds). The
country's dossier and rating buckets tried in issue #19's fourteenth pass were a second such trigger on
the same writes: 808 against 660 µs a rating (bench/README.md).
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thanthien.settings")

import django

django.setup()

import psycopg  # noqa: E402
from django.db import connection  # noqa: E402

from thanthien.ratings import services as rating_services  # noqa: E402
from thanthien.ratings.models import Rating  # noqa: E402
from thanthien.units.models import Unit  # noqa: E402

N = int(os.environ.get("N", "2000"))
ROUNDS = int(os.environ.get("ROUNDS", "4"))
TRIGGER = "reports_ratingcount_keep"


def template_rating() -> int:
    if not Rating.objects.exists():
        commune = Unit.objects.filter(level=Unit.Level.COMMUNE).order_by("pk").first()
        if commune is None:
            sys.exit("no commune: run `manage.py units load` first")
        rating_services.record_rating(commune, level=4, channel=Rating.Channel.KIOSK)
    return Rating.objects.order_by("pk").values_list("pk", flat=True)[0]


def main() -> None:
    if connection.vendor != "postgresql":
        sys.exit("PostgreSQL only: set DATABASE_URL")
    template = template_rating()
    columns = ", ".join(str(field.column) for field in Rating._meta.concrete_fields if not field.primary_key)
    copy = f"INSERT INTO ratings_rating ({columns}) SELECT {columns} FROM ratings_rating WHERE id = %s"  # noqa: S608
    params = connection.get_connection_params()
    with psycopg.connect(**params, autocommit=True) as conn:

        def timed_round() -> float:
            """Insert N copies, timed; then delete them (untimed) with the trigger as it was."""
            (last,) = conn.execute("SELECT max(id) FROM ratings_rating").fetchone() or (0,)
            started = time.perf_counter()
            for _ in range(N):
                conn.execute(copy, (template,))
            elapsed = time.perf_counter() - started
            conn.execute("DELETE FROM ratings_rating WHERE id > %s", (last,))
            return elapsed / N * 1e6

        def trigger(enabled: bool) -> None:
            conn.execute(f"ALTER TABLE ratings_rating {'ENABLE' if enabled else 'DISABLE'} TRIGGER {TRIGGER}")

        rounds: dict[bool, list[float]] = {True: [], False: []}
        try:
            timed_round()  # warm: plans, the trigger function compiled, the buckets' pages read
            for _ in range(ROUNDS):
                for enabled in (True, False):
                    trigger(enabled)
                    rounds[enabled].append(timed_round())
        finally:
            trigger(True)
    on, off = statistics.median(rounds[True]), statistics.median(rounds[False])
    each = {enabled: "/".join(f"{x:.0f}" for x in rounds[enabled]) for enabled in rounds}
    print(
        f"trigger_on_us={on:.0f} trigger_off_us={off:.0f} cost_us={on - off:.0f} "
        f"cost_share={(on - off) / off:.2f} rounds_on={each[True]} rounds_off={each[False]}"
    )


if __name__ == "__main__":
    main()
