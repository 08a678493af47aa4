"""Pre-counted figures: dossiers and ratings per commune and local day (and month), kept exact by triggers.

**How they stay exact.** A database trigger on `dossiers_dossier` (and `ratings_rating`) runs inside the
transaction of every INSERT, UPDATE and DELETE (on PostgreSQL at its commit, so the buckets stay locked for
the commit alone; see `count_at_each_write`) — from the services, an import's bulk_create, a queryset
update(), the admin or COPY alike. It takes the old row's contributions off its bucket and adds the new
row's, as an upsert `count = count + delta`. The buckets are keyed by the day the dossier was *received* (the
day a rating was given), so a dossier received in March and returned in May moves from "in progress" to
"returned" in March's bucket, in the transaction that returns it. Deltas commute, so concurrent writers
never lose each other's counts, and a rolled-back write rolls its delta back with it. A TRUNCATE of the
source (PostgreSQL) empties the buckets. `recount()` rebuilds every bucket from the rows (idempotent).

Each row counts in two buckets: its day, and its month (`is_month`, keyed by the month's first day), so a
year reads twelve month buckets per commune plus the days of any partial month at either end.

The country's letters are kept too (`COUNTRY_LETTERS`), by their issue date (a local day already), keyed
by the letter's id modulo STRIPES instead of the commune: the country's year reads 12 × 64 month rows
instead of its 200,000 letters. A commune has a few letters a month, and its figures count them from its
rows. Dossiers and ratings are not kept again for the country: a second pair of upserts at every public
write (a kiosk's rating, a dossier) cost 150 µs of the database's time a write (measured), about a fifth.

What depends on today (overdue, at risk) is not pre-counted: reports.figures counts it live over the
period's open dossiers. Local days are those of settings.TIME_ZONE when the triggers were installed;
figures asked in another time zone are counted live.
"""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Q

from thanthien.core.kept_counts import COUNTED_SET_WISE
from thanthien.dossiers.hooks import SetWiseWrite
from thanthien.reports import predicates
from thanthien.reports.predicates import Predicate

# The country's buckets spread each day's (and month's) counts over this many rows, by the source row's own
# id: a year of the country reads 12 × STRIPES month rows, and two writers share a country bucket row (and
# wait for each other's commit) only when their rows' ids leave the same remainder, whatever their
# communes. Changing it needs a new migration of the triggers.
STRIPES = 64


@dataclass(frozen=True)
class Striped:
    """A bucket key that spreads the rows over STRIPES values: their `column` (the id) modulo STRIPES."""

    column: str

    def sql(self, row: str) -> str:
        return f"({row}.{self.column} % {STRIPES})"


Key = str | Striped


def _key_sql(source: Key, row: str) -> str:
    return source.sql(row) if isinstance(source, Striped) else f"{row}.{source}"


def _key_column(source: Key) -> str:
    return source.column if isinstance(source, Striped) else source


@dataclass(frozen=True)
class Summary:
    """A bucket table: the source table, its keys (bucket column: source column), the timestamp that
    decides the day, and each count as a condition on a source row (reports.predicates)."""

    table: str
    source: str
    keys: dict[str, Key]
    timestamp: str
    counts: Mapping[str, Predicate]
    # The source rows counted at all (None: every row): a row that does not meet it is in no bucket.
    counted: Predicate | None = None
    # `timestamp` is a date column (already a local day), not a moment.
    dated: bool = False

    @property
    def watched(self) -> list[str]:
        """The source columns a count depends on: an UPDATE that changes none of them changes no bucket."""
        columns = [*map(_key_column, self.keys.values()), self.timestamp]
        for predicate in [*self.counts.values(), *([self.counted] if self.counted else [])]:
            columns += predicate.columns
        return sorted(set(columns))


DOSSIERS = Summary(
    table="reports_dossiercount",
    source="dossiers_dossier",
    keys={"commune_id": "commune_id"},
    timestamp="received_at",
    counts=predicates.DOSSIER,
)
RATINGS = Summary(
    table="reports_ratingcount",
    source="ratings_rating",
    keys={"unit_id": "unit_id", "level": "level"},
    timestamp="rated_at",
    counts=predicates.RATING,
)
# The letters issued, for the whole country only, in STRIPES rows a day and a month (reports.figures reads
# them for the country's figures; a commune's and a province's count their letters from the rows).
COUNTRY_LETTERS = Summary(
    table="reports_countrylettercount",
    source="letters_letter",
    keys={"stripe": Striped("id")},
    timestamp="issued_on",
    counts=predicates.LETTER,
    counted=predicates.LETTER_COUNTED,
    dated=True,
)
SUMMARIES = [DOSSIERS, RATINGS, COUNTRY_LETTERS]


def zone_name() -> str:
    return settings.TIME_ZONE


def _bucket_day(vendor: str, row: str, summary: Summary, month: bool) -> str:
    """The local day (or month's first day) of a row's timestamp, in SQL."""
    column = summary.timestamp
    if summary.dated:
        return _month_of_date(vendor, f"{row}.{column}") if month else f"{row}.{column}"
    if vendor == "postgresql":
        local = f"({row}.{column} AT TIME ZONE '{zone_name()}')"
        return f"date_trunc('month', {local})::date" if month else f"{local}::date"
    # SQLite keeps UTC text; Vietnam has had one offset, without summer time, since 1975.
    offset = datetime(2000, 1, 1, tzinfo=ZoneInfo(zone_name())).utcoffset()
    minutes = f"'{int(offset.total_seconds() // 60):+d} minutes'" if offset else "'+0 minutes'"
    return (
        f"date({row}.{column}, {minutes}, 'start of month')" if month else f"date({row}.{column}, {minutes})"
    )


def _month_of_date(vendor: str, day: str) -> str:
    if vendor == "postgresql":
        return f"date_trunc('month', {day})::date"
    return f"date({day}, 'start of month')"


def _flag(vendor: str, month: bool) -> str:
    if vendor == "postgresql":
        return "TRUE" if month else "FALSE"
    return "1" if month else "0"


def _one_if(predicate: Predicate, row: str) -> str:
    return f"CASE WHEN {predicate.sql(row)} THEN 1 ELSE 0 END"


def _upsert(summary: Summary, vendor: str, row: str, sign: str, month: bool) -> str:
    """Add (sign '+') or take off ('-') one source row's counts to its bucket."""
    keys = [*summary.keys, "day", "is_month"]
    values = [_key_sql(source, row) for source in summary.keys.values()]
    values += [_bucket_day(vendor, row, summary, month), _flag(vendor, month)]
    values += [f"{sign}({_one_if(predicate, row)})" for predicate in summary.counts.values()]
    updates = ", ".join(f"{name} = {summary.table}.{name} + excluded.{name}" for name in summary.counts)
    # A row outside `counted` adds nothing: the values are selected only when it meets it.
    added = (
        f"VALUES ({', '.join(values)})"
        if summary.counted is None
        else f"SELECT {', '.join(values)} WHERE {summary.counted.sql(row)}"
    )
    return (
        f"INSERT INTO {summary.table} ({', '.join([*keys, *summary.counts])}) {added} "
        f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {updates};"
    )


def _both(summary: Summary, vendor: str, row: str, sign: str) -> str:
    return "\n".join(_upsert(summary, vendor, row, sign, month) for month in (False, True))


def _changed(summary: Summary, distinct: str) -> str:
    return " OR ".join(f"OLD.{column} {distinct} NEW.{column}" for column in summary.watched)


def _postgresql_triggers(summary: Summary) -> Iterator[str]:
    name = f"{summary.table}_keep"
    yield f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('{COUNTED_SET_WISE}', true) = 'on' THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' AND NOT ({_changed(summary, "IS DISTINCT FROM")}) THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    {_both(summary, "postgresql", "OLD", "-")}
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    {_both(summary, "postgresql", "NEW", "+")}
  END IF;
  RETURN NULL;
END $$"""
    # A constraint trigger deferred to the commit: the bucket rows are locked for the commit alone, not
    # from the write to the end of its transaction, so writers to one commune do not queue behind each other.
    yield (
        f"CREATE CONSTRAINT TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE ON {summary.source} "
        f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {name}()"
    )
    empty = f"DELETE FROM {summary.table};"  # noqa: S608
    yield (
        f"CREATE OR REPLACE FUNCTION {name}_truncate() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN {empty} RETURN NULL; END $$"
    )
    yield (
        f"CREATE TRIGGER {name}_truncate AFTER TRUNCATE ON {summary.source} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {name}_truncate()"
    )


def _sqlite_triggers(summary: Summary) -> Iterator[str]:
    name = f"{summary.table}_keep"
    added, taken_off = _both(summary, "sqlite", "NEW", "+"), _both(summary, "sqlite", "OLD", "-")
    yield f"CREATE TRIGGER {name}_insert AFTER INSERT ON {summary.source} BEGIN {added} END"
    yield f"CREATE TRIGGER {name}_delete AFTER DELETE ON {summary.source} BEGIN {taken_off} END"
    yield (
        f"CREATE TRIGGER {name}_update AFTER UPDATE ON {summary.source} WHEN {_changed(summary, 'IS NOT')} "
        f"BEGIN {taken_off} {added} END"
    )


def _drop_statements(summary: Summary, vendor: str) -> list[str]:
    name = f"{summary.table}_keep"
    if vendor == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS {name} ON {summary.source}",
            f"DROP TRIGGER IF EXISTS {name}_truncate ON {summary.source}",
            f"DROP FUNCTION IF EXISTS {name}()",
            f"DROP FUNCTION IF EXISTS {name}_truncate()",
        ]
    return [f"DROP TRIGGER IF EXISTS {name}_{event}" for event in ("insert", "delete", "update")]


def _recount_statements(summary: Summary, vendor: str) -> Iterator[str]:
    yield f"DELETE FROM {summary.table}"  # noqa: S608
    columns = ", ".join([*summary.keys, "day", "is_month", *summary.counts])
    sums = ", ".join(f"SUM({_one_if(predicate, 'r')})" for predicate in summary.counts.values())
    groups = ", ".join(str(position) for position in range(1, len(summary.keys) + 2))
    keys = ", ".join(_key_sql(source, "r") for source in summary.keys.values())
    where = "" if summary.counted is None else f" WHERE {summary.counted.sql('r')}"
    for month in (False, True):
        day = _bucket_day(vendor, "r", summary, month)
        yield (
            f"INSERT INTO {summary.table} ({columns}) SELECT {keys}, {day}, {_flag(vendor, month)}, {sums} "  # noqa: S608
            f"FROM {summary.source} r{where} GROUP BY {groups}"
        )


def add_counts(connection: BaseDatabaseWrapper, summary: Summary, rows: str, params: list[Any]) -> None:
    """Add the counts of new source rows (`rows`: a query giving the source's columns) to their buckets.

    Set-wise, for a bulk write made while the row triggers stand aside (core.kept_counts): one upsert per
    bucket instead of two per row; in one transaction those re-read every earlier version of the bucket
    row, so a big import took time growing with the square of its rows. The buckets are written in the
    order of their keys, so two such writes that share buckets wait for each other, not deadlock."""
    columns = ", ".join([*summary.keys, "day", "is_month", *summary.counts])
    sums = ", ".join(f"SUM({_one_if(predicate, 'r')})" for predicate in summary.counts.values())
    groups = ", ".join(str(position) for position in range(1, len(summary.keys) + 2))
    updates = ", ".join(f"{name} = {summary.table}.{name} + excluded.{name}" for name in summary.counts)
    # Run with parameters, so a `%` of the keys (a stripe's modulo) is doubled for the driver.
    keys = ", ".join(_key_sql(source, "r") for source in summary.keys.values()).replace("%", "%%")
    where = "" if summary.counted is None else f" WHERE {summary.counted.sql('r')}"
    conflict = ", ".join([*summary.keys, "day", "is_month"])
    with connection.cursor() as cursor:
        for month in (False, True):
            day = _bucket_day(connection.vendor, "r", summary, month)
            cursor.execute(
                f"INSERT INTO {summary.table} ({columns}) "  # noqa: S608
                f"SELECT {keys}, {day}, {_flag(connection.vendor, month)}, {sums} FROM ({rows}) r{where} "
                f"GROUP BY {groups} ORDER BY {groups} ON CONFLICT ({conflict}) DO UPDATE SET {updates}",
                params,
            )


def add_dossier_counts(write: SetWiseWrite) -> None:
    """The receiver of dossiers.hooks.written_set_wise: count the new dossiers in their buckets."""
    add_counts(write.connection, DOSSIERS, write.rows, [])


# Every statement here is built from the constants above, never from input: hence the `noqa: S608`.


def _execute(connection: BaseDatabaseWrapper, statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def install(connection: BaseDatabaseWrapper) -> None:
    """(Re)create the triggers and recount every bucket from the rows: idempotent, one transaction."""
    vendor = connection.vendor
    triggers = _postgresql_triggers if vendor == "postgresql" else _sqlite_triggers
    statements = [statement for summary in SUMMARIES for statement in _drop_statements(summary, vendor)]
    statements += [statement for summary in SUMMARIES for statement in triggers(summary)]
    with transaction.atomic(using=connection.alias):
        _execute(connection, statements)
        recount(connection)


def count_at_each_write(connection: BaseDatabaseWrapper) -> None:
    """Within the current transaction, let the PostgreSQL count triggers fire at each write rather than at
    the commit (`SET CONSTRAINTS … IMMEDIATE`): for a transaction that reads the buckets after its own
    writes and never commits, as a test does. Elsewhere the buckets show a write from its commit on."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET CONSTRAINTS {', '.join(f'{s.table}_keep' for s in SUMMARIES)} IMMEDIATE")


def uninstall(connection: BaseDatabaseWrapper) -> None:
    _execute(connection, [s for summary in SUMMARIES for s in _drop_statements(summary, connection.vendor)])


def recount(connection: BaseDatabaseWrapper) -> None:
    """Rebuild every bucket from the source rows (after a change of time zone, or to check)."""
    with transaction.atomic(using=connection.alias):
        _execute(
            connection, [s for summary in SUMMARIES for s in _recount_statements(summary, connection.vendor)]
        )


def month_span(date_from: date, date_to: date) -> tuple[date, date] | None:
    """The whole months inside `date_from`..`date_to`: the first day of the first one and the first day
    after the last one; None when no whole month fits."""
    first = date_from.replace(day=1)
    months_from = first if first == date_from else _next_month(first)
    following = _next_month(date_to.replace(day=1))
    months_to = following if following - timedelta(days=1) == date_to else date_to.replace(day=1)
    return (months_from, months_to) if months_from < months_to else None


def buckets_between(date_from: Any, date_to: Any, span: tuple[Any, Any] | None) -> Q:
    """The buckets that count the days `date_from`..`date_to` (both included) once each: the whole months
    of `span` (month_span()), and the single days of the partial months at either end.

    The dates may be values or the slots of a statement compiled once (core.statements); `span` only has
    to be None exactly when month_span() is.
    """
    if span is None:
        return Q(is_month=False, day__gte=date_from, day__lte=date_to)
    months_from, months_to = span
    return (
        Q(is_month=True, day__gte=months_from, day__lt=months_to)
        | Q(is_month=False, day__gte=date_from, day__lt=months_from)
        | Q(is_month=False, day__gte=months_to, day__lte=date_to)
    )


def _next_month(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


# The migration that made the last of the bucket tables SUMMARIES names (the first triggers came with
# reports/0004): before it, some of those tables are missing, and the triggers are the migrations' business.
TRIGGERS_MIGRATION = ("reports", "0008_country_letter_counts")


def _trigger_names(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [f"{summary.table}_keep{end}" for summary in SUMMARIES for end in ("", "_truncate")]
    return [
        f"{summary.table}_keep_{event}" for summary in SUMMARIES for event in ("insert", "delete", "update")
    ]


def installed(connection: BaseDatabaseWrapper) -> bool:
    """Whether every count trigger is in the database's catalogue."""
    catalogue = {
        "postgresql": "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal",
        "sqlite": "SELECT name FROM sqlite_master WHERE type = 'trigger'",
    }[connection.vendor]
    with connection.cursor() as cursor:
        cursor.execute(catalogue)
        present = {name for (name,) in cursor.fetchall()}
    return set(_trigger_names(connection.vendor)) <= present


def ensure_installed(using: str = "default", **kwargs: Any) -> None:
    """After `migrate` (post_migrate): put the triggers back if a migration dropped them — SQLite drops a
    table's triggers when Django remakes the table to alter a column — and recount."""
    connection = connections[using]
    if TRIGGERS_MIGRATION not in MigrationRecorder(connection).applied_migrations():
        return
    if not installed(connection):
        install(connection)
