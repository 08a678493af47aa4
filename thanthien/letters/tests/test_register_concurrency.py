"""Races between connections, on PostgreSQL and on SQLite: register numbers have no gap and no duplicate,
and one event's trigger fired from many workers at once drafts one letter.
"""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from thanthien.letters.tests.concurrent_issue import scenario

LETTERS, THREADS = 40, 8


@pytest.fixture(scope="module")
def file_sqlite_outcome(tmp_path_factory):
    """The scenario in a child process on a fresh file-based SQLite database, run once for the module.

    The suite's in-memory SQLite is one connection shared by every thread, so it cannot show a race; in
    the child each thread has its own connection to the file.
    """
    folder = tmp_path_factory.mktemp("concurrency")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'concurrency.sqlite3'}",
        "THANTHIEN_DATA_DIR": str(folder),
        "DJANGO_SETTINGS_MODULE": "thanthien.settings",
        "HUEY_IMMEDIATE": "true",
    }
    result = subprocess.run(
        [sys.executable, "-m", "thanthien.letters.tests.concurrent_issue"],
        env=env,
        cwd=settings.BASE_DIR.parent,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def outcome(request):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        return request.getfixturevalue("file_sqlite_outcome")
    return scenario(LETTERS, THREADS)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # real commits from several connections
def test_letters_issued_at_once_from_many_connections_get_every_number_once(outcome):
    assert outcome["errors"] == []
    assert sorted(outcome["numbers"]) == list(range(1, LETTERS + 1))
    assert outcome["last_number"] == LETTERS


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_events_trigger_fired_by_many_workers_at_once_drafts_one_letter(outcome):
    assert outcome["errors"] == []
    assert outcome["race_letters"] == 1
    assert len(outcome["race_ids"]) == THREADS and len(set(outcome["race_ids"])) == 1
