"""Counts over several tables in one statement, compiled from querysets once and run many times.

A dashboard or a report asks the same counts again and again, only for another commune or other dates.
Django builds the SQL of some hundred filtered aggregates in about as long as the database takes to count
a commune's year, so the statement is compiled once per shape with `Slot`s where the values go, and each
run only binds the values:

    parts = {"dossiers": (Dossier.objects.filter(commune_id=Slot("commune", IntegerField())),
                          {"received": Count("pk")})}
    statement = OneRowStatement(parts)          # compiled here, once
    statement.run({"commune": 12})              # {"dossiers": {"received": 903}}

The definitions stay in the querysets (one place for what a figure means), the database sees ordinary
parameters, and a part with no `Slot` runs as it is.

PostgreSQL plans such a statement in about ten times as long as it runs it for a commune. A statement whose
best plan does not depend on its values (one commune's year: a few hundred rows by an index, whichever the
commune) can be `prepared`: planned once per connection (psycopg's prepared statements, a generic plan),
with the constants of the querysets written into its text so that the plan still sees them (a partial
index on some statuses stays usable). A province's or the country's plan depends on how many rows the
dates select, so those are planned at each run.
"""

import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import count
from typing import Any, TypeVar

import psycopg
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import Aggregate, Expression, Field, Model, QuerySet, Value
from psycopg import sql as pg_sql

Part = tuple[QuerySet[Any], Mapping[str, Aggregate]]
M = TypeVar("M", bound=Model)
SOLE_WRITE_BLOCK = "allows_sole_write"  # the mark of `atomic_for_sole_write`'s blocks


@dataclass(frozen=True)
class SlotParameter:
    """Where a named value goes in the parameters of a compiled statement."""

    name: str
    field: Field

    def bind(self, values: dict[str, Any]) -> Any:
        """The value, prepared for the database as the field would prepare it (a date, an aware time)."""
        if self.name not in values:
            raise KeyError(f"No value for the slot {self.name!r}")
        return self.field.get_db_prep_value(values[self.name], connection, prepared=False)


class Slot(Expression):
    """A named value of a statement compiled once (`OneRowStatement`), given at each run."""

    def __init__(self, name: str, output_field: Field) -> None:
        super().__init__(output_field=output_field)
        self.name = name

    def __repr__(self) -> str:
        return f"Slot({self.name!r})"

    # Django takes the parameters as a list as well as a tuple.
    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:  # type: ignore[override]
        return "%s", [SlotParameter(self.name, self.output_field)]


class CompiledStatement:
    """A statement compiled once (SQL with `Slot`s), run many times with the slots' values: its rows.

    `prepared` as `OneRowStatement` explains: planned once per connection on PostgreSQL, for a statement
    whose best plan does not depend on its values (an index look-up by one id).
    """

    def __init__(
        self,
        sql: str,
        params: list[Any] | tuple[Any, ...],
        *,
        prepared: bool = False,
        columns: list[str] | None = None,
    ) -> None:
        self.sql = sql
        self.params = list(params)
        self.prepared = prepared
        self.columns = columns  # a model queryset's: its fields' attribute names, then its annotations
        self._sql_with_constants: tuple[str, list[SlotParameter]] | None = None

    @classmethod
    def of(cls, rows: QuerySet[Any], *, prepared: bool = False) -> "CompiledStatement":
        """Compile a queryset (`values_list` of what to read, `Slot`s in its filters) once."""
        sql, params = rows.query.sql_with_params()
        return cls(sql, params, prepared=prepared, columns=_model_columns(rows))

    def rows(self, values: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """Run with the values of the slots; return the rows as the database gives them (no converters)."""
        given = values or {}
        if self.prepared and connection.vendor == "postgresql":
            return self._run_prepared(given)
        with connection.cursor() as cursor:
            cursor.execute(self.sql, self._bound(given))
            return cursor.fetchall()

    def instances(self, model: type[M], values: dict[str, Any] | None = None) -> list[M]:
        """Run with the values of the slots and return `model` instances, as the queryset would (its
        fields through Django's converters; an annotation as an attribute, as the database gives it)."""
        if self.prepared and self.columns is not None and connection.vendor == "postgresql":
            return [_instance(model, self.columns, row) for row in self._run_prepared(values or {})]
        return list(model._default_manager.raw(self.sql, self._bound(values or {})))

    def _bound(self, values: dict[str, Any]) -> list[Any]:
        return [param.bind(values) if isinstance(param, SlotParameter) else param for param in self.params]

    def _run_prepared(self, values: dict[str, Any]) -> list[tuple[Any, ...]]:
        """Run on PostgreSQL as a prepared statement, with server-side parameters (Django's own cursors
        bind on the client, which cannot prepare)."""
        return execute_prepared(*self.as_prepared(values))

    def as_prepared(self, values: dict[str, Any]) -> tuple[str, list[Any]]:
        """On PostgreSQL, the SQL as `prepared` sends it (the constants written in) and the slots' values:
        for a caller that sends it inside a statement of its own (`core.inserts.ReadAlong`)."""
        connection.ensure_connection()  # for the literals written in
        if self._sql_with_constants is None:
            self._sql_with_constants = self._write_in_constants(connection.connection)
        sql, slots = self._sql_with_constants
        return sql, [slot.bind(values) for slot in slots]

    def _write_in_constants(self, raw: Any) -> tuple[str, list[SlotParameter]]:
        """The SQL with every parameter that is not a slot written in as a literal, and the slots left."""
        pieces, params, slots = [], iter(self.params), []
        for piece in re.split(r"(%%|%s)", self.sql):
            if piece != "%s":
                pieces.append(piece)
                continue
            param = next(params)
            if isinstance(param, SlotParameter):
                pieces.append(piece)
                slots.append(param)
            else:
                pieces.append(pg_sql.Literal(param).as_string(raw).replace("%", "%%"))
        return "".join(pieces), slots


def _model_columns(rows: QuerySet[Any]) -> list[str] | None:
    """The columns a queryset of model instances reads, in order: every concrete field, then each
    annotation; None for `values()`, `values_list()`, `only()`, `defer()` or `select_related()`."""
    query = rows.query
    if rows._fields is not None or query.deferred_loading != (frozenset(), True) or query.select_related:  # type: ignore[attr-defined]
        return None
    return [field.attname for field in rows.model._meta.concrete_fields] + list(query.annotation_select)


def _instance(model: type[M], columns: list[str], row: tuple[Any, ...]) -> M:
    """A model instance from a row of `columns` (`_model_columns`), its fields through Django's converters
    as a queryset reads them; an annotation as an attribute, as the database gives it."""
    db = connections[DEFAULT_DB_ALIAS]
    converters = _converters(model)
    fields = len(converters)
    values = list(row[:fields])
    for index, (field, field_converters) in enumerate(converters):
        for converter in field_converters:
            values[index] = converter(values[index], field.cached_col, db)
    instance = model.from_db(DEFAULT_DB_ALIAS, columns[:fields], values)
    for name, value in zip(columns[fields:], row[fields:], strict=True):
        setattr(instance, name, value)
    return instance


@cache
def _converters(model: type[Model]) -> list[tuple[Field, list[Any]]]:
    """Each concrete field of `model` with the converters a queryset runs on its value (backend, field)."""
    db = connections[DEFAULT_DB_ALIAS]
    return [
        (field, db.ops.get_db_converters(field.cached_col) + field.get_db_converters(db))
        for field in model._meta.concrete_fields
    ]


def execute_prepared(sql: str, params: list[Any], *, sole_write: bool = False) -> list[tuple[Any, ...]]:
    """Run one statement on PostgreSQL's connection as a prepared statement (planned once per connection;
    not at all where DATABASE_PREPARED_STATEMENTS is off) and return its rows; errors as Django's.

    `sole_write`: the statement is the only write of its transaction, nothing is sent after it in its
    atomic block, and it returns rows when it writes. Sent first in an outermost block opened by
    `atomic_for_sole_write`, it commits by itself, with no BEGIN or COMMIT (core.postgresql,
    `commit_alone`); in any other block (a caller's own, which may write more after it) it is one statement
    of the block's transaction."""
    db = connections[DEFAULT_DB_ALIAS]  # once: every attribute read through `connection` looks it up again
    db.ensure_connection()
    started = time.monotonic()

    def run() -> list[tuple[Any, ...]]:
        with db.wrap_database_errors, psycopg.RawCursor(db.connection) as cursor:
            cursor.execute(_numbered(sql), params, prepare=True)
            return cursor.fetchall()

    outermost = db.atomic_blocks[0] if db.atomic_blocks else None
    if sole_write and getattr(outermost, SOLE_WRITE_BLOCK, False):
        rows = db.commit_alone(run)  # type: ignore[attr-defined]  # core.postgresql's wrapper
    else:
        db.refuse_after_sole_write()  # type: ignore[attr-defined]
        rows = run()
    if db.queries_logged:  # counted with the others (DEBUG, CaptureQueriesContext)
        elapsed = f"{time.monotonic() - started:.3f}"
        db.queries_log.append({"sql": f"EXECUTE (prepared) {sql}", "time": elapsed})
    return rows


def atomic_for_sole_write(*, savepoint: bool = True) -> transaction.Atomic:
    """`transaction.atomic(savepoint=...)` whose block, when it is the outermost, lets a `sole_write` sent
    first in it commit by itself (`execute_prepared`). For a service that checks everything first and then
    writes in one statement; a caller that opens its own block around the service keeps its transaction."""
    block = transaction.atomic(savepoint=savepoint)
    setattr(block, SOLE_WRITE_BLOCK, True)
    return block


@lru_cache(maxsize=1024)
def _numbered(sql: str) -> str:
    """`sql` as PostgreSQL takes it: each `%s` the next `$n`, `%%` a `%`. psycopg converts `%s` itself at
    every run of a statement of more than 50 parameters or 4 KiB (it caches smaller ones), and a public
    write with its companions has more (a dossier about 80): converted once here, the statement goes through
    a raw cursor as it is (0.13 ms less a dossier, measured on its statement)."""
    numbers = count(1)
    return re.sub(r"%%|%s", lambda found: "%" if found[0] == "%%" else f"${next(numbers)}", sql)


class OneRowStatement(CompiledStatement):
    """One-row aggregates over several tables as one statement, a cross join of one-row subqueries: one
    round trip whatever the number of parts. Each part is rows and the aggregates to count over them; a
    count over no rows is 0."""

    def __init__(self, parts: dict[str, Part], *, prepared: bool = False) -> None:
        selects: list[str] = []
        params: list[Any] = []
        names: list[tuple[str, str]] = []
        for part, (rows, aggregates) in parts.items():
            aliases = {f"{part}_{name}": aggregate for name, aggregate in aggregates.items()}
            # Grouped by a constant, which Django leaves out of GROUP BY: one row, even over no rows.
            one_row = rows.order_by().values(one=Value(1)).annotate(**aliases).values(*aliases)
            sql, part_params = one_row.query.sql_with_params()
            selects.append(f"({sql}) AS {part}")
            params.extend(part_params)
            names.extend((part, name) for name in aggregates)
        super().__init__(f"SELECT * FROM {', '.join(selects)}", params, prepared=prepared)  # noqa: S608 (compiled querysets)
        self.names = names
        self.parts = list(parts)

    def run(self, values: dict[str, Any] | None = None) -> dict[str, dict[str, int]]:
        """Run with the values of the slots; return {part: {name: count}}."""
        (row,) = self.rows(values)  # aggregates with no GROUP BY: one row
        result: dict[str, dict[str, int]] = {part: {} for part in self.parts}
        for (part, name), value in zip(self.names, row, strict=True):
            result[part][name] = value or 0
        return result


def count_in_one_statement(parts: dict[str, Part]) -> dict[str, dict[str, int]]:
    """Compile and run the parts once (for counts asked too seldom to keep their statement)."""
    return OneRowStatement(parts).run()
