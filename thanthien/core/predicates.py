"""A condition on one row, said once and rendered two ways: `q()`, a Django Q for what the ORM counts, and
`sql(row)`, an SQL condition on a row alias (`NEW`, `OLD`, `r`) for what triggers and hand-built statements
count. reports.predicates (dossiers) and ratings.queries (ratings) name the conditions their figures count.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import reduce
from typing import Any, ClassVar, Protocol

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import BooleanField, Count, F, Func, IntegerField, Q, QuerySet, Sum


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


@dataclass(frozen=True)
class IsNull:
    """The column is empty (`null=True`) or holds a value (`null=False`)."""

    column: str
    null: bool = True

    @property
    def columns(self) -> tuple[str, ...]:
        return (self.column,)

    def q(self) -> Q:
        return Q(**{f"{self.column}__isnull": self.null})

    def sql(self, row: str) -> str:
        return f"{row}.{self.column} IS {'' if self.null else 'NOT '}NULL"


@dataclass(frozen=True)
class NotBefore:
    """The date (or number) in the column is on or after the one in `other`; false where either is empty."""

    column: str
    other: str

    @property
    def columns(self) -> tuple[str, ...]:
        return (self.column, self.other)

    def q(self) -> Q:
        return Q(**{f"{self.column}__gte": F(self.other)})

    def sql(self, row: str) -> str:
        return f"{row}.{self.column} >= {row}.{self.other}"


@dataclass(frozen=True)
class _Joined:
    """Conditions joined by one operator (AllOf, AnyOf)."""

    parts: tuple[Predicate, ...]
    keyword: ClassVar[str]  # Q.AND or Q.OR: Django's connector and SQL's keyword alike

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(column for part in self.parts for column in part.columns)

    def q(self) -> Q:
        return Q(*(part.q() for part in self.parts), _connector=self.keyword)

    def sql(self, row: str) -> str:
        return "(" + f" {self.keyword} ".join(part.sql(row) for part in self.parts) + ")"


class AllOf(_Joined):
    """Every one of the conditions."""

    keyword = Q.AND


class AnyOf(_Joined):
    """At least one of the conditions."""

    keyword = Q.OR


def all_of(*parts: Predicate) -> AllOf:
    return AllOf(parts)


def any_of(*parts: Predicate) -> AnyOf:
    return AnyOf(parts)


@dataclass(frozen=True)
class DaysFrom:
    """Not a condition but a measure: the whole days from the date in `earlier` to the one in `later`, of the
    rows that meet `where`, summed (the days the resolved cases took)."""

    earlier: str
    later: str
    where: Predicate

    def aggregate(self, among: Q | None = None) -> Sum:
        """The sum of the measure over the rows (`among` them only): an aggregate for the ORM figures."""
        return Sum(DaysBetween(self.earlier, self.later), filter=(among or Q()) & self.where.q())


class DaysBetween(Func):
    """Whole days from one date to a later one, as an integer, on PostgreSQL and SQLite alike."""

    output_field = IntegerField()

    def __init__(self, earlier: Any, later: Any) -> None:
        super().__init__(later, earlier)

    # The template and the joiner are this function's own: callers give neither.
    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> Any:  # type: ignore[override]
        return super().as_sql(compiler, connection, template="(%(expressions)s)", arg_joiner=" - ", **extra)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        template, joiner = "CAST(julianday(%(expressions)s) AS INTEGER)", ") - julianday("
        return super().as_sql(compiler, connection, template=template, arg_joiner=joiner, **extra)


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
