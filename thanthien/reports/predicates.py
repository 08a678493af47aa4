"""What the report figures count, each condition said once: "early", "on time", "late", "in progress",
"home service", "postponed"… of a dossier, and "satisfied"… of a rating.

A predicate renders itself two ways from one definition:
- `q()`: a Django Q, for the figures counted through the ORM (reports.figures live, reports.rollup,
  reports.monthly);
- `sql(row)`: an SQL condition on a row alias (`NEW`, `OLD`, `r`), for the count triggers and the recount
  that reports.summaries generates.

So the trigger-kept buckets, the live figures, the roll-up and the monthly rates cannot count a dossier
differently (reports/tests/test_figure_paths.py checks they agree on random data, on both databases).

What depends on today (overdue, at risk) is not here: dossiers.queries owns it, and it is counted live.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import reduce
from typing import Protocol

from django.db.models import Count, Q

from thanthien.dossiers import queries as dossier_queries
from thanthien.dossiers.models import Dossier
from thanthien.ratings.models import Sentiment


class Predicate(Protocol):
    @property
    def columns(self) -> tuple[str, ...]:
        """The source columns it reads (an UPDATE that changes none of them changes no count)."""
        ...

    def q(self) -> Q: ...

    def sql(self, row: str) -> str: ...


@dataclass(frozen=True)
class Always:
    """Every row (the total)."""

    columns: tuple[str, ...] = ()

    def q(self) -> Q:
        return Q()

    def sql(self, row: str) -> str:
        return "1 = 1"


@dataclass(frozen=True)
class In:
    """The column holds one of the values."""

    column: str
    values: tuple[str, ...]

    @property
    def columns(self) -> tuple[str, ...]:
        return (self.column,)

    def q(self) -> Q:
        if len(self.values) == 1:
            return Q(**{self.column: self.values[0]})
        return Q(**{f"{self.column}__in": list(self.values)})

    def sql(self, row: str) -> str:
        # The values are the model's choices, never input.
        return f"{row}.{self.column} IN ({', '.join(repr(str(value)) for value in self.values)})"

    def __or__(self, other: "In") -> "In":
        """Either condition, as one: only of the same column and disjoint values, so that the count of the
        union is the sum of the counts (`total()` relies on it)."""
        if other.column != self.column or set(self.values) & set(other.values):
            raise ValueError(f"{self} and {other} do not split one column")
        return In(self.column, self.values + other.values)


@dataclass(frozen=True)
class Above:
    """The number in the column is above a bound."""

    column: str
    bound: int

    @property
    def columns(self) -> tuple[str, ...]:
        return (self.column,)

    def q(self) -> Q:
        return Q(**{f"{self.column}__gt": self.bound})

    def sql(self, row: str) -> str:
        return f"{row}.{self.column} > {int(self.bound)}"


@dataclass(frozen=True)
class IsTrue:
    """The boolean column is true."""

    column: str

    @property
    def columns(self) -> tuple[str, ...]:
        return (self.column,)

    def q(self) -> Q:
        return Q(**{self.column: True})

    def sql(self, row: str) -> str:
        return f"{row}.{self.column}"


def count(predicate: Predicate) -> Count:
    """Count the rows that meet the predicate (an aggregate for the ORM figures)."""
    condition = predicate.q()
    return Count("pk", filter=condition) if condition else Count("pk")


def _is(column: str, *values: str) -> In:
    return In(column, tuple(str(value) for value in values))


Status, Channel, Timeliness = Dossier.Status, Dossier.Channel, Dossier.Timeliness

# The counts of a dossier received in a period, by where it stands now. The order is the order of the
# bucket columns in the triggers (reports.summaries).
DOSSIER: dict[str, Predicate] = {
    "received": Always(),
    "online": _is("channel", Channel.ONLINE),
    "returned": _is("status", Status.RETURNED),
    "ready": _is("status", Status.READY),
    "early": _is("timeliness", Timeliness.EARLY),
    "on_time": _is("timeliness", Timeliness.ON_TIME),
    "late": _is("timeliness", Timeliness.LATE),
    "in_progress": _is("status", *dossier_queries.OPEN),
    "rejected": _is("status", Status.REJECTED),
    "home_service": _is("channel", Channel.AT_HOME),
    "postponed": Above("postponement_count", 0),
}

# The on-time rate (Decision 766's "returned early or on time" over the finished ones) is made of counts
# above: timely = early + on time; finished = timely + late. Each is one column split into disjoint values.
TIMELY = ("early", "on_time")
FINISHED = (*TIMELY, "late")


def either(names: Iterable[str], predicates: Mapping[str, Predicate] = DOSSIER) -> In:
    """The union of named `In` predicates of one column (e.g. either(TIMELY))."""
    chosen = [predicates[name] for name in names]
    parts = [predicate for predicate in chosen if isinstance(predicate, In)]
    if len(parts) != len(chosen):
        raise TypeError(f"{names} are not all 'In' predicates")
    return reduce(In.__or__, parts)


# Checked when the module loads: each is one column split into disjoint values.
TIMELY_DOSSIER, FINISHED_DOSSIER = either(TIMELY), either(FINISHED)


def total(counts: Mapping[str, int], names: Iterable[str]) -> int:
    """The count of `either(names)` from the counts of its parts (they are disjoint)."""
    return sum(counts[name] for name in names)


# The counts of a rating given in a period, by what it counts as (its scale's level says).
RATING: dict[str, Predicate] = {
    "total": Always(),
    "satisfied": _is("sentiment", Sentiment.SATISFIED),
    "neutral": _is("sentiment", Sentiment.NEUTRAL),
    "dissatisfied": _is("sentiment", Sentiment.DISSATISFIED),
    "very_satisfied": IsTrue("is_top"),
}
