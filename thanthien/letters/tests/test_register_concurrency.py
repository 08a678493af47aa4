"""Register numbers under concurrent issue: no gap, no duplicate, on PostgreSQL and on SQLite."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from thanthien.letters.models import RegisterCounter
from thanthien.letters.tests.concurrent_issue import issue_in_threads, make_drafts, numbers_issued

LETTERS, THREADS = 40, 8


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_letters_issued_at_once_from_many_connections_get_every_number_once(tmp_path):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        # The suite's in-memory SQLite is one connection shared by every thread: run the same scenario in
        # a child process on a fresh file-based SQLite database, where each thread has its own connection.
        outcome = _run_on_file_sqlite(tmp_path)
        errors, numbers = outcome["errors"], outcome["numbers"]
        assert outcome["vendor"] == "sqlite"
    else:
        ids, leader_pk = make_drafts(LETTERS)
        errors = issue_in_threads(ids, leader_pk, THREADS)
        numbers = numbers_issued()
        assert RegisterCounter.objects.get().last_number == LETTERS

    assert errors == []
    assert sorted(numbers) == list(range(1, LETTERS + 1))


def _run_on_file_sqlite(tmp_path) -> dict:  # type: ignore[no-untyped-def]
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'concurrency.sqlite3'}",
        "THANTHIEN_DATA_DIR": str(tmp_path),
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
