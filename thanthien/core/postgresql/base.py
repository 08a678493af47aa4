"""Django's PostgreSQL backend, with a health check that costs no round trip while the connection is quiet.

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
"""

import select
from typing import Any

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
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
