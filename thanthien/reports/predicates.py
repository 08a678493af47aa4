"""What the report figures count: "early", "on time", "late", "in progress", "home service", "postponed"…
of a dossier (defined once in dossiers.queries), "satisfied"… of a rating (once in ratings.queries), and
what the on-time rate is made of (here).

Each is a core.predicates condition, which renders itself two ways from this one definition:
- `q()`: a Django Q, for the figures counted through the ORM (reports.figures live, reports.rollup,
  reports.monthly);
- `sql(row)`: an SQL condition on a row alias (`NEW`, `OLD`, `r`), for the count triggers and the recount
  that reports.summaries generates (and freezes into a migration).

So the trigger-kept buckets, the live figures, the roll-up and the monthly rates cannot count a dossier
differently (reports/tests/test_figure_paths.py checks they agree on random data, on both databases).

What depends on today (overdue, at risk) is not here: dossiers.queries owns it, and it is counted live.
"""

from thanthien.core.predicates import Predicate, either
from thanthien.dossiers import queries as dossier_queries
from thanthien.letters import queries as letter_queries
from thanthien.ratings import queries as rating_queries

# The counts of a dossier received in a period, by where it stands now: dossiers.queries defines them, as
# its screens filter on them. Their order is the order of the bucket columns in the triggers.
DOSSIER: dict[str, Predicate] = dossier_queries.COUNTED

# The on-time rate (Decision 766's "returned early or on time" over the finished ones) is made of counts
# above: timely = early + on time; finished = timely + late. Each is one column split into disjoint values.
TIMELY = ("early", "on_time")
FINISHED = (*TIMELY, "late")
# Checked when the module loads: each is one column split into disjoint values.
TIMELY_DOSSIER, FINISHED_DOSSIER = either(DOSSIER, TIMELY), either(DOSSIER, FINISHED)


# The counts of a rating given in a period, by what it counts as (its scale's level says): ratings.queries
# defines them, as its tallies count them.
RATING: dict[str, Predicate] = rating_queries.COUNTED


# The letters counted (issued ones, LETTER_COUNTED) and their counts per group: letters.queries defines them,
# as its register and the live figures count them. Only the country keeps them in buckets.
LETTER: dict[str, Predicate] = letter_queries.COUNTED
LETTER_COUNTED: Predicate = letter_queries.ISSUED
