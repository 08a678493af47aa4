"""Counts the database keeps by row triggers (reports.summaries), and how a bulk write adds them set-wise.

A row trigger that upserts a bucket per row is right for the desk's one dossier, but a 100,000-row import
into one commune upserts the same few buckets 200,000 times in one transaction, and each upsert re-reads every
earlier version of its bucket row: the time grows with the square of the rows. Such a write runs inside
`counted_set_wise()`: the PostgreSQL row triggers stand aside for this transaction only (SET LOCAL), and the
writer runs a hook (core.hooks, e.g. `dossiers.hooks.written_set_wise`) whose receiver adds the counts of
the new rows in one statement per kind of bucket, in the same transaction.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db.backends.base.base import BaseDatabaseWrapper

# The transaction-local setting the PostgreSQL count triggers read (reports.summaries).
COUNTED_SET_WISE = "thanthien.counted_set_wise"


@contextmanager
def counted_set_wise(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """Inside a transaction on PostgreSQL: the count triggers count nothing until the block ends.

    The count triggers fire at the commit (reports.0007), when the setting is off again: so the block first
    makes every deferred trigger of the transaction fire at each statement (`SET CONSTRAINTS ALL IMMEDIATE`,
    which also fires, and counts, what earlier statements left pending), for the rest of the transaction.
    """
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"SET LOCAL {COUNTED_SET_WISE} = 'on'")
        try:
            yield
        finally:
            cursor.execute(f"SET LOCAL {COUNTED_SET_WISE} = 'off'")
