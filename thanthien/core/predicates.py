"""A condition on one row, said once and rendered two ways: `q()`, a Django Q for what the ORM counts, and
`sql(row)`, an SQL condition on a row alias (`NEW`, `OLD`, `r`) for what triggers and hand-built statements
count. reports.predicates (dossiers) and ratings.queries (ratings) name the conditions their figures count.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import reduce
from typing import Any, Protocol

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import BooleanField, Count, F, Func, Q, QuerySet


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
        union is the sum of the counts (`total_of()` relies on it)."""
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


def count_where(predicate: Predicate) -> Count:
    """Count the rows that meet the predicate (an aggregate for the ORM figures)."""
    condition = predicate.q()
    return Count("pk", filter=condition) if condition else Count("pk")


def is_in(column: str, *values: str) -> In:
    """`column IN (values)`, the values as plain strings (choices are str subclasses)."""
    return In(column, tuple(str(value) for value in values))


def either(predicates: Mapping[str, Predicate], names: Iterable[str]) -> In:
    """The union of named `In` predicates of one column (e.g. early or on time)."""
    chosen = [predicates[name] for name in names]
    parts = [predicate for predicate in chosen if isinstance(predicate, In)]
    if len(parts) != len(chosen):
        raise TypeError(f"{names} are not all 'In' predicates")
    return reduce(In.__or__, parts)


def total_of(counts: Mapping[str, int], names: Iterable[str]) -> int:
    """The count of `either(…, names)` from the counts of its parts (they are disjoint)."""
    return sum(counts[name] for name in names)


class _EqualsAny(Func):
    """`expression = ANY(array)` (PostgreSQL)."""

    arg_joiner = " = ANY("
    template = "%(expressions)s)"
    output_field = BooleanField()
    conditional = True


def among(column: str, ids: QuerySet[Any]) -> Q | _EqualsAny:
    """A condition on rows: `column` is one of the values `ids` selects (one column), for a few ids among
    many rows. On PostgreSQL it is `column = ANY(ARRAY(ids))`, which the planner answers by looking each id
    up in the column's index; `column IN (ids)` it may answer by reading the whole table to join it to the
    few ids (a country's dossiers: 0.45 s, where the look-ups take 0.02 s). Elsewhere, `IN`."""
    if connection.vendor == "postgresql":
        return _EqualsAny(F(column), ArraySubquery(ids.order_by()))
    return Q(**{f"{column}__in": ids.order_by()})
