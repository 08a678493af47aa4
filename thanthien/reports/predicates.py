"""What the report figures count, each condition said once: "early", "on time", "late", "in progress",
"home service", "postponed"… of a dossier, and "satisfied"… of a rating.

Each is a core.predicates condition, which renders itself two ways from this one definition:
- `q()`: a Django Q, for the figures counted through the ORM (reports.figures live, reports.rollup,
  reports.monthly);
- `sql(row)`: an SQL condition on a row alias (`NEW`, `OLD`, `r`), for the count triggers and the recount
  that reports.summaries generates (and freezes into a migration).

So the trigger-kept buckets, the live figures, the roll-up and the monthly rates cannot count a dossier
differently (reports/tests/test_figure_paths.py checks they agree on random data, on both databases).

What depends on today (overdue, at risk) is not here: dossiers.queries owns it, and it is counted live.
"""

from thanthien.core.predicates import Above, Always, Predicate, either, is_in
from thanthien.dossiers import queries as dossier_queries
from thanthien.dossiers.models import Dossier
from thanthien.ratings import queries as rating_queries

Status, Channel, Timeliness = Dossier.Status, Dossier.Channel, Dossier.Timeliness

# The counts of a dossier received in a period, by where it stands now. The order is the order of the
# bucket columns in the triggers (reports.summaries).
DOSSIER: dict[str, Predicate] = {
    "received": Always(),
    "online": is_in("channel", Channel.ONLINE),
    "returned": is_in("status", Status.RETURNED),
    "ready": is_in("status", Status.READY),
    "early": is_in("timeliness", Timeliness.EARLY),
    "on_time": is_in("timeliness", Timeliness.ON_TIME),
    "late": is_in("timeliness", Timeliness.LATE),
    "in_progress": is_in("status", *dossier_queries.OPEN),
    "rejected": is_in("status", Status.REJECTED),
    "home_service": is_in("channel", Channel.AT_HOME),
    "postponed": Above("postponement_count", 0),
}

# The on-time rate (Decision 766's "returned early or on time" over the finished ones) is made of counts
# above: timely = early + on time; finished = timely + late. Each is one column split into disjoint values.
TIMELY = ("early", "on_time")
FINISHED = (*TIMELY, "late")
# Checked when the module loads: each is one column split into disjoint values.
TIMELY_DOSSIER, FINISHED_DOSSIER = either(DOSSIER, TIMELY), either(DOSSIER, FINISHED)


# The counts of a rating given in a period, by what it counts as (its scale's level says): ratings.queries
# defines them, as its tallies count them.
RATING: dict[str, Predicate] = rating_queries.COUNTED
