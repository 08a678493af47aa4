"""thanthien.core.postgresql: the health check sends no `SELECT 1` while a connection is quiet, and still
replaces a connection the server has closed before the request's first query (issue #19)."""

import time

import psycopg
import pytest
from django.db import close_old_connections, connection, connections

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="tests thanthien.core.postgresql, the backend of PostgreSQL alone; Django's SQLite backend has "
    "no health check (CONN_HEALTH_CHECKS is set for PostgreSQL only)",
)


@pytest.fixture
def pings(monkeypatch) -> list[int]:
    """One item per `SELECT 1` health check (Django's `is_usable`) from here on."""
    sent: list[int] = []
    wrapper = type(connections["default"])
    original = wrapper.is_usable

    def counted(self) -> bool:
        sent.append(1)
        return original(self)

    monkeypatch.setattr(wrapper, "is_usable", counted)
    return sent


def backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    return pid


def next_request() -> None:
    """What Django does between two requests (request_finished, then request_started)."""
    close_old_connections()
    close_old_connections()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the connection is closed and opened
def test_a_quiet_connection_is_not_pinged(pings):
    first = backend_pid()

    for _request in range(3):
        next_request()
        assert backend_pid() == first

    assert pings == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_connection_the_server_closed_is_replaced_before_the_first_query(pings):
    first = backend_pid()
    settings = connection.settings_dict
    with psycopg.connect(
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        password=settings["PASSWORD"],
        dbname=settings["NAME"],
        autocommit=True,
    ) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [first])
        # pg_terminate_backend only signals: wait until the backend has gone (its farewell sent, its socket
        # closed), as a connection idle between two requests would find it, not while it is still exiting
        for _ in range(500):
            if admin.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [first]).fetchone() is None:
                break
            time.sleep(0.01)

    next_request()
    second = backend_pid()  # the request's first query: answered on a new connection

    assert second != first and pings == [1]
