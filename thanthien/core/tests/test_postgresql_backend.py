"""thanthien.core.postgresql: the health check sends no `SELECT 1` while a connection is quiet, and still
replaces a connection the server has closed before the request's first query (issue #19)."""

import psycopg
import pytest
from django.db import close_old_connections, connection, connections

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's backend; SQLite has no health check"
)


def next_request() -> None:
    """What Django does between two requests (request_finished, then request_started)."""
    close_old_connections()
    close_old_connections()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the connection is closed and opened
def test_a_quiet_connection_is_not_pinged(monkeypatch):
    pings = []
    wrapper = type(connections["default"])
    original = wrapper.is_usable
    monkeypatch.setattr(wrapper, "is_usable", lambda self: pings.append(1) or original(self))
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (first,) = cursor.fetchone()

    for _request in range(3):
        next_request()
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            assert cursor.fetchone() == (first,)

    assert pings == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_connection_the_server_closed_is_replaced_before_the_first_query(monkeypatch):
    pings = []
    wrapper = type(connections["default"])
    original = wrapper.is_usable
    monkeypatch.setattr(wrapper, "is_usable", lambda self: pings.append(1) or original(self))
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (first,) = cursor.fetchone()
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

    next_request()
    with connection.cursor() as cursor:  # the request's first query: answered on a new connection
        cursor.execute("SELECT pg_backend_pid()")
        (second,) = cursor.fetchone()

    assert second != first and pings == [1]
