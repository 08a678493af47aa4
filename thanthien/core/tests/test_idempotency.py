"""One effect per idempotency key: repeats replay, another request is refused, a failure frees the key."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from thanthien.core import idempotency
from thanthien.core.models import IdempotencyRecord


@pytest.mark.django_db
def test_a_repeat_returns_the_first_result_without_running_again():
    runs = []

    first = idempotency.run_once(
        "test", actor=None, key="k-1", fingerprint="f", action=lambda: runs.append(1) or "A"
    )
    again = idempotency.run_once(
        "test", actor=None, key="k-1", fingerprint="f", action=lambda: runs.append(1) or "B"
    )

    assert (first.result, first.replayed, again.result, again.replayed) == ("A", False, "A", True)
    assert len(runs) == 1


@pytest.mark.django_db
def test_the_same_key_for_another_request_is_refused():
    idempotency.run_once("test", actor=None, key="k-2", fingerprint="f1", action=lambda: "A")

    with pytest.raises(ValidationError):
        idempotency.run_once("test", actor=None, key="k-2", fingerprint="f2", action=lambda: "B")


@pytest.mark.django_db
def test_a_failed_action_frees_the_key():
    def fail() -> str:
        raise ValidationError("sai")

    with pytest.raises(ValidationError):
        idempotency.run_once("test", actor=None, key="k-3", fingerprint="f", action=fail)

    assert (
        idempotency.run_once("test", actor=None, key="k-3", fingerprint="f", action=lambda: "A").result == "A"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["", " ", "x" * 256])
def test_an_empty_or_overlong_key_is_refused(key):
    with pytest.raises(ValidationError):
        idempotency.run_once("test", actor=None, key=key, fingerprint="f", action=lambda: "A")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_first_attempts_make_one_effect():
    if connection.vendor != "postgresql":
        pytest.skip("needs two real connections; SQLite's in-memory test database is shared in one process")
    effects, outcomes, start = [], [], threading.Barrier(2)

    def slow_effect() -> str:
        time.sleep(0.3)  # the second attempt arrives while the first is still working
        effects.append(1)
        return "A"

    def attempt() -> None:
        start.wait()
        try:
            outcomes.append(
                idempotency.run_once("test", actor=None, key="k-4", fingerprint="f", action=slow_effect)
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(effects) == 1
    assert sorted(outcome.replayed for outcome in outcomes) == [False, True]
    assert IdempotencyRecord.objects.count() == 1
