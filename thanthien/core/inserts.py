"""The rows every public write makes, inserted with one statement compiled once.

`insert` writes a row as `save(force_insert=True)` does. Django compiles an INSERT anew at each save and
PostgreSQL plans it anew, which together cost about as much as the write itself; here the statement is
compiled once per model, set of columns and conflict clause, and on PostgreSQL prepared once per connection
(`core.statements.execute_prepared`). Each call only computes the values as the fields would for a save
(`pre_save`: an `auto_now_add` time; `get_db_prep_save`: JSON, dates). A model with save signals, a value
that is an expression, a column with its own placeholder or a `save()` of its own is saved the ordinary way.

`insert_unless_taken` inserts a row unless a unique key is already taken: one statement, no savepoint, no
read first. `get_or_create` reads, then inserts inside a savepoint (four round trips for a new row); a retry
loop on a random code opens a savepoint per try. It sends one `INSERT … ON CONFLICT DO NOTHING RETURNING id`
(SQLite: `INSERT OR IGNORE … RETURNING id`), so a taken key leaves the caller's transaction usable and the
caller decides what a taken key means (the existing row, or another code).

Both take `along`, a `Companion` or several: a row of another table written by the same statement, with the
new row's primary key in one of its columns, a foreign key or text (`WITH new_row AS (INSERT … RETURNING
…), companion_0 AS (INSERT … SELECT … FROM new_row) SELECT * FROM new_row`). A key's claim is written so
with the row it made (`core.idempotency.pending_claim`), and a feedback item's identity, receipt event and
audit line with it, a dossier's event, audit line and SMS receipt: one round trip instead of several. A
refusal of any row refuses them all. Where the statement cannot be prepared (SQLite, the fallbacks above)
nothing is written along and `companion.written` stays False: the caller writes the companion itself
(`write_left_behind`). `insert_under_fresh_key` draws a new code for a row until one is free, each draw
with its companions, and writes those left behind.

They also take `reading`, a `ReadAlong`: a query of one row whose values come back with the new row, from the
same statement (`… SELECT new_row.*, read_along.* FROM new_row LEFT JOIN LATERAL (…) AS read_along ON
true`). Every part of a statement reads the same snapshot, taken before the statement began: the reading does
not see the new row (nor the companion), as a read sent just before the insert would not. Where nothing is
read along, `reading.row` stays None and the caller sends the read itself, before the insert.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, connections, router
from django.db.models import Field, Model
from django.db.models.constants import OnConflict
from django.db.models.signals import post_save, pre_save
from django.db.models.sql import InsertQuery

from thanthien.core.statements import execute_prepared

M = TypeVar("M", bound=Model)
NOT_PREPARED = None  # what `_insert_prepared` returns when the row must be inserted the ordinary way


@dataclass
class Companion:
    """A row inserted by the statement that inserts another (module doc): `obj`, whose `pk_column` field (an
    attribute name) takes the other row's primary key; `written` once it is. A text column takes the key as
    text, between `around`'s two strings (an outbox row's dedupe key, `dossier:<id>:received`)."""

    obj: Model
    pk_column: str
    written: bool = False
    around: tuple[str, str] = ("", "")


@dataclass
class ReadAlong:
    """A query of one row read by the statement that inserts a row (module doc): its SQL and parameters,
    and `row`, its values, once read (None: not read along; a tuple of Nones: the query found no row)."""

    sql: str
    params: list[Any]
    row: tuple[Any, ...] | None = None


Along = Companion | Sequence[Companion] | None


def insert(obj: M, *, along: Along = None, reading: ReadAlong | None = None, sole_write: bool = False) -> M:
    """Insert a new row as `obj.save(force_insert=True)` does (module doc); return `obj`, its pk set.
    `sole_write`: as for `insert_unless_taken`."""
    model = type(obj)
    meta = model._meta
    own_save = meta.parents or model.save is not Model.save or _has_save_signals(model)  # save() adds to it
    if own_save or not _preparable(obj):
        obj.save(force_insert=True)
        return obj
    obj._prepare_related_fields_for_save(operation_name="save")  # type: ignore[attr-defined]  # as save() does
    fields = [
        field
        for field in meta.local_concrete_fields
        if not field.generated and not (field is meta.auto_field and getattr(obj, field.attname) is None)
    ]
    returning = meta.db_returning_fields
    rows = _insert_prepared(
        obj, fields, returning, on_conflict=None, along=along, reading=reading, sole_write=sole_write
    )
    if rows is NOT_PREPARED:
        obj.save(force_insert=True)
        return obj
    ((*returned,),) = rows
    _set_returned(obj, returning, returned[: len(returning)])
    return obj


def write_left_behind(companions: Sequence[Companion], row: Model) -> None:
    """Insert each companion that did not go along with `row` (SQLite, a fallback), with `row`'s key."""
    for companion in companions:
        if not companion.written:
            _give_key(companion, row.pk)
            insert(companion.obj)
            companion.written = True


def insert_under_fresh_key(
    obj: Model,
    *,
    key: str,
    draw: Callable[[], str],
    rows_along: Callable[[], list[Companion]],
    attempts: int,
    claim: Companion | None = None,
    sole_write: bool = False,
) -> list[Companion] | None:
    """Insert `obj` under a new value of its unique `key` (`draw()`, one statement a try; a value taken
    already draws another), with the rows `rows_along()` makes for that value and the key's `claim`; return
    those rows, written along or after it (`write_left_behind`), or None when every draw was taken.
    `sole_write`: as for `insert_unless_taken`."""
    for _attempt in range(attempts):
        setattr(obj, key, draw())
        along = rows_along()  # for this value: an audit line or a message names the row by it
        companions = [*along, *([claim] if claim else [])]
        if insert_unless_taken(obj, key=key, along=companions, sole_write=sole_write):
            write_left_behind(along, obj)
            return along
    return None


def insert_unless_taken(
    obj: M, *, key: str, along: Along = None, reading: ReadAlong | None = None, sole_write: bool = False
) -> bool:
    """Insert `obj` and return True (its pk is set), or return False when a row has its `key` already.

    The model's `save()` is not run and no save signal is sent (as with `bulk_create`); a model that derives
    fields in `save()` does it in `derive_fields()`, which is run here. Any other refusal by the database is
    an error: `IntegrityError` when nothing was inserted and no row has that key.

    `sole_write`: the caller writes nothing else in its transaction once this row is in (a taken key, no row
    written, leaves it free to try again). When every companion goes along, the statement is the whole
    transaction, and sent first in its atomic block on PostgreSQL it commits by itself: no BEGIN, no
    COMMIT (`core.statements.execute_prepared`).
    """
    derive_fields = getattr(obj, "derive_fields", None)
    if derive_fields is not None:
        derive_fields()
    model = type(obj)
    meta = model._meta
    using = router.db_for_write(model, instance=obj)
    fields = _fields_but(model, "")  # every column but the generated ones and the automatic key
    ignore = OnConflict.IGNORE
    rows = _insert_prepared(
        obj, fields, [meta.pk], on_conflict=ignore, along=along, reading=reading, sole_write=sole_write
    )
    if rows is NOT_PREPARED:
        query = InsertQuery(model, on_conflict=OnConflict.IGNORE)
        query.insert_values(fields, [obj])
        compiler = query.get_compiler(using=using)
        compiler.returning_fields = [meta.pk]
        ((sql, params),) = compiler.as_sql()
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
    row = rows[0] if rows else None
    if row is not None:
        obj.pk = row[0]
        obj._state.adding, obj._state.db = False, using
        return True
    if not model._default_manager.using(using).filter(**{key: getattr(obj, key)}).exists():
        raise IntegrityError(f"{meta.label}: the row was refused, and no row has its {key}")
    return False


def _has_save_signals(model: type[Model]) -> bool:
    return pre_save.has_listeners(model) or post_save.has_listeners(model)


def _preparable(obj: Model) -> bool:
    """Whether the row goes to PostgreSQL's default connection, where statements are prepared."""
    return (
        connections[DEFAULT_DB_ALIAS].vendor == "postgresql"
        and router.db_for_write(type(obj), instance=obj) == DEFAULT_DB_ALIAS
    )


def _insert_prepared(
    obj: Model,
    fields: list[Field],
    returning: list[Field],
    *,
    on_conflict: OnConflict | None,
    along: Along = None,
    reading: ReadAlong | None = None,
    sole_write: bool = False,
) -> list[tuple[Any, ...]] | None:
    """The returned rows of the INSERT (the read values after the row's), run as a statement compiled once
    and prepared; NOT_PREPARED where it cannot be (another database, a router, a value that is an
    expression, a column with its placeholder). `sole_write` holds only when every companion goes along:
    one left behind is written after it."""
    if not _preparable(obj):
        return NOT_PREPARED
    sql = _insert_sql(obj, fields, returning, on_conflict)  # before the values: compiling runs `pre_save`
    params = _prepared_values(obj, fields)
    if sql is None or params is None:
        return NOT_PREPARED
    model = type(obj)
    going = _going_along(along, model, returning)
    sole_write = sole_write and len(going) == len(_companions(along))
    if not going and reading is None:
        return execute_prepared(sql, params, sole_write=sole_write)
    rows = execute_prepared(
        _combined_sql(sql, model, [companion for companion, _values in going], reading),
        params
        + [value for _companion, values in going for value in values]
        + (reading.params if reading else []),
        sole_write=sole_write,
    )
    if rows:  # every row is in; none when ON CONFLICT DO NOTHING met a taken key
        new_pk = rows[0][returning.index(model._meta.pk)]
        for companion, _values in going:
            _give_key(companion, new_pk)
            companion.written = True
        if reading is not None:
            reading.row = tuple(rows[0][len(returning) :])
    return rows


def _prepared_values(obj: Model, fields: list[Field]) -> list[Any] | None:
    """The values of `fields` as a save sends them; None when one is an expression (saved the usual way)."""
    given = [field.pre_save(obj, True) for field in fields]
    if any(hasattr(value, "resolve_expression") for value in given):
        return None
    db = connections[DEFAULT_DB_ALIAS]  # once, not through `connection` for every field
    return [field.get_db_prep_save(value, db) for field, value in zip(fields, given, strict=True)]


def _going_along(
    along: Along, model: type[Model], returning: list[Field]
) -> list[tuple[Companion, list[Any]]]:
    """The companions that go in the statement, each with its values but the other row's key, as a save
    sends them. One that cannot go along (another database, an expression) is left to the caller."""
    if model._meta.pk not in returning:
        return []
    going = []
    for companion in _companions(along):
        values = _prepared_values(companion.obj, _companion_fields(companion))
        if values is not None and _preparable(companion.obj):
            going.append((companion, values + (list(companion.around) if _takes_text(companion) else [])))
    return going


def _companions(along: Along) -> list[Companion]:
    return [along] if isinstance(along, Companion) else list(along or [])


def _companion_fields(along: Companion) -> list[Field]:
    """The companion's columns that take a value from Python: all but its own key and the other row's key."""
    return _fields_but(type(along.obj), along.pk_column)


def _takes_text(along: Companion) -> bool:
    """Whether the companion holds the other row's key as text (a claim's result, an audit line's id)."""
    return _is_text_column(type(along.obj), along.pk_column)


# What a model's columns are does not change while the process runs: read once per model and column.
@cache
def _fields_but(model: type[Model], attname: str) -> list[Field]:
    meta = model._meta
    return [  # shared by every call: read, never changed
        field
        for field in meta.concrete_fields
        if not field.generated and field is not meta.auto_field and field.attname != attname
    ]


@cache
def _is_text_column(model: type[Model], attname: str) -> bool:
    field = next(f for f in model._meta.concrete_fields if f.attname == attname)
    return field.get_internal_type() in ("CharField", "TextField")


def _give_key(along: Companion, pk: Any) -> None:
    """Set the companion's `pk_column` to the other row's key, as the statement writes it."""
    before, after = along.around
    setattr(along.obj, along.pk_column, f"{before}{pk}{after}" if _takes_text(along) else pk)


_combined: dict[tuple[Any, ...], str] = {}


def _combined_sql(
    row_sql: str, model: type[Model], companions: list[Companion], reading: ReadAlong | None
) -> str:
    """`row_sql` with the companions' INSERTs and the reading in the same statement (module doc). Each
    companion's `pk_column` takes the new row's key (no row inserted, an `ON CONFLICT DO NOTHING` that met a
    taken key: no companion either); their own keys are not read back."""
    key = (
        row_sql,
        tuple((type(companion.obj), companion.pk_column) for companion in companions),
        reading.sql if reading is not None else None,
    )
    if key not in _combined:
        parts = [f"new_row AS ({row_sql})"]
        parts += [
            f"companion_{number} AS ({_companion_sql(model, companion)})"
            for number, companion in enumerate(companions)
        ]
        select = "SELECT * FROM new_row"
        if reading is not None:
            read = f"LEFT JOIN LATERAL ({reading.sql}) AS read_along ON true"
            select = f"SELECT new_row.*, read_along.* FROM new_row {read}"  # noqa: S608
        _combined[key] = f"WITH {', '.join(parts)} {select}"
    return _combined[key]


def _companion_sql(model: type[Model], along: Companion) -> str:
    quote = connection.ops.quote_name
    meta = along.obj._meta
    fields = [*_companion_fields(along), *(f for f in meta.concrete_fields if f.attname == along.pk_column)]
    columns = ", ".join(quote(str(field.column)) for field in fields)
    new_pk = f"new_row.{quote(str(model._meta.pk.column))}"
    if _takes_text(along):  # between the two strings of `around`, its last two parameters
        new_pk = f"(%s || CAST({new_pk} AS text) || %s)"
    values = ", ".join(["%s"] * (len(fields) - 1) + [new_pk])
    # Quoted names of our own models and placeholders: no value is ever written into the text.
    return f"INSERT INTO {quote(meta.db_table)} ({columns}) SELECT {values} FROM new_row"  # noqa: S608


_statements: dict[tuple[Any, ...], str | None] = {}


def _insert_sql(
    obj: Model, fields: list[Field], returning: list[Field], on_conflict: OnConflict | None
) -> str | None:
    """The INSERT … RETURNING with one placeholder per value, compiled once; None when a column takes
    something else than a plain value (a database default, a field's own placeholder)."""
    model = type(obj)
    key = (
        model,
        tuple(field.attname for field in fields),
        tuple(field.attname for field in returning),
        on_conflict,
    )
    if key not in _statements:
        query = InsertQuery(model, on_conflict=on_conflict)
        query.insert_values(fields, [obj])
        compiler = query.get_compiler(connection=connection)
        compiler.returning_fields = returning
        ((sql, params),) = compiler.as_sql()
        plain = len(params) == len(fields) and sql.count("%s") == len(fields)
        _statements[key] = sql if plain else None
    return _statements[key]


def _set_returned(obj: Model, fields: list[Field], values: list[Any]) -> None:
    db = connections[DEFAULT_DB_ALIAS]
    for field, value in zip(fields, values, strict=True):
        for converter in field.get_db_converters(db):
            value = converter(value, field, db)
        setattr(obj, field.attname, value)
    obj._state.adding = False
    obj._state.db = connection.alias
