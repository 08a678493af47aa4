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

from thanthien.core.predicates import (
    Always,
    DaysFrom,
    IsNull,
    NotBefore,
    Predicate,
    all_of,
    any_of,
    either,
    is_in,
)
from thanthien.dossiers import queries as dossier_queries
from thanthien.feedback.models import FeedbackItem
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


# The counts of a feedback item received in a period, by where it stands now (the petitions and feedback
# sections, per kind), and the days the resolved ones took. What depends on today (overdue) is counted live
# (reports.figures.overdue_petitions). Only the country keeps them in buckets.
Status = FeedbackItem.Status
RESOLVED = is_in("status", Status.RESOLVED, Status.CLOSED)
IN_PROGRESS = is_in("status", Status.RECEIVED, Status.ACCEPTED, Status.IN_PROGRESS)
RESOLVED_DATED = all_of(RESOLVED, IsNull("resolved_on", null=False))
# Resolved on or before its day (`resolve_due_on`, else `accept_due_on`; with neither, there was no limit to
# miss).
RESOLVED_IN_TIME = all_of(
    RESOLVED_DATED,
    any_of(
        NotBefore("resolve_due_on", "resolved_on"),
        all_of(IsNull("resolve_due_on"), NotBefore("accept_due_on", "resolved_on")),
        all_of(IsNull("resolve_due_on"), IsNull("accept_due_on")),
    ),
)
FEEDBACK: dict[str, Predicate | DaysFrom] = {
    "received": Always(),
    "resolved": RESOLVED,
    "resolved_in_time": RESOLVED_IN_TIME,
    "in_progress": IN_PROGRESS,
    "declined": is_in("status", Status.DECLINED),
    "transferred": is_in("status", Status.TRANSFERRED),
    "resolved_dated": RESOLVED_DATED,
    "days_taken": DaysFrom("received_on", "resolved_on", RESOLVED_DATED),
}
