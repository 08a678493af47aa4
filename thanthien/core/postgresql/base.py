"""Django's PostgreSQL backend, with a health check that costs no round trip while the connection is quiet,
and a write that is its transaction's only statement committed by itself.

With `CONN_HEALTH_CHECKS`, Django sends `SELECT 1` before the first query of every request, so that a
connection the server has closed since (a restart, a terminated backend, an idle timeout) is replaced
instead of failing the request. That is one more round trip for every request, a sixth of what a kiosk's
rating waits for (issue #19: `bench/README.md`, "Fourth pass").

A connection the server closed has something to read: the server's farewell (an ErrorResponse such as
"terminating connection due to administrator command") or the end of the stream. An idle connection that
is alive has nothing: this application does not LISTEN, so the server sends nothing unasked. So the
check first asks the socket, without waiting, whether there is anything to read. Nothing: the connection
is as the last request left it, and no `SELECT 1` is sent. Anything: Django's own check runs (`SELECT 1`),
which closes the connection if it fails. A connection the network has dropped without a word would hang
a `SELECT 1` as it hangs the request's first query: neither check can see it (TCP keepalives can).

**A sole write commits by itself** (`commit_alone`). A public write that checks everything first and
then writes its rows in one statement (core.inserts, `sole_write`) needs no BEGIN and no COMMIT around it:
PostgreSQL runs a statement sent outside a transaction as a transaction of its own, every row of it or
none, deferred triggers at its end. Inside `atomic()` psycopg sends BEGIN before the first statement and
Django COMMIT at the end, two round trips more than the write itself (the one-INSERT floor of issue #19
sends one). So when the statement would be the first of the outermost block (nothing sent since it began,
no savepoint), it is sent with autocommit on; the block's COMMIT (or ROLLBACK) then finds no transaction
and sends nothing. After a sole write that wrote rows, any other statement in the same block is refused
(`TransactionManagementError`): it could no longer be rolled back with the write. The block's end clears it.
"""

import select
from collections.abc import Callable
from typing import Any

from django.db.backends.postgresql import base
from django.db.transaction import TransactionManagementError
from psycopg import pq


class DatabaseWrapper(base.DatabaseWrapper):
    committed_alone = False  # a sole write of the current block has committed (module doc)

    def commit_alone(self, write: Callable[[], list[Any]]) -> list[Any]:
        """Run `write`, one statement on the raw connection that returns rows when it writes, as its own
        transaction when it would be the first statement of the outermost atomic block (module doc), else as
        a statement of the block. Once it has written rows, nothing else may follow it in this block."""
        self.refuse_after_sole_write()
        if not self._may_commit_alone():
            return write()
        self.connection.autocommit = True
        try:
            rows = write()
        finally:
            self.connection.autocommit = False
        self.committed_alone = bool(rows)
        return rows

    def _may_commit_alone(self) -> bool:
        return (
            self.in_atomic_block
            and not self.needs_rollback
            and not any(self.savepoint_ids)  # nested blocks without a savepoint only
            and self.connection.info.transaction_status == pq.TransactionStatus.IDLE
        )

    def refuse_after_sole_write(self) -> None:
        if self.committed_alone and self.in_atomic_block:
            raise TransactionManagementError(
                "A statement after a write that committed by itself (sole_write): it would not be rolled "
                "back with it."
            )

    def validate_no_broken_transaction(self) -> None:  # every statement through Django's cursors
        super().validate_no_broken_transaction()
        self.refuse_after_sole_write()

    def _set_autocommit(self, autocommit: bool) -> None:  # an outermost block begins or ends
        self.committed_alone = False
        super()._set_autocommit(autocommit)  # type: ignore[misc]  # Django's, which django-stubs omits

    def close_if_health_check_failed(self) -> None:
        # Django's own attributes (base.BaseDatabaseWrapper.__init__), which django-stubs does not declare.
        enabled = getattr(self, "health_check_enabled", False)
        due = self.connection is not None and enabled and not getattr(self, "health_check_done", False)
        if due and not self.pool and _quiet(self.connection):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()


def _quiet(connection: Any) -> bool:
    """Whether an idle connection has nothing to read from the server (and is not known to be closed)."""
    if connection.closed or connection.broken:
        return False
    try:
        readable, _writable, _failed = select.select([connection.fileno()], [], [], 0)
    except (OSError, ValueError):  # a closed descriptor
        return False
    return not readable
