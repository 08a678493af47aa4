"""One effect per idempotency key: repeats replay, another request is refused, a failure frees the key."""

import threading
import time

import pytest
from django.contrib.auth.models import Group
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


# --- effects_in_database: the claim is written after the action, with its result -----------------------


def _make_group(name: str) -> str:
    """An action whose every effect is a row of the database (rolled back with its transaction)."""
    return str(Group.objects.create(name=name).pk)


def _once_in_database(key: str, *, fingerprint: str = "f", name: str = "A") -> idempotency.Outcome:
    return idempotency.run_once(
        "test",
        actor=None,
        key=key,
        fingerprint=fingerprint,
        action=lambda: _make_group(name),
        effects_in_database=True,
    )


@pytest.mark.django_db
def test_claimed_after_a_repeat_is_rolled_back_and_gets_the_first_result():
    first = _once_in_database("d-1", name="A")
    again = _once_in_database("d-1", name="B")

    assert (again.result, first.replayed, again.replayed) == (first.result, False, True)
    assert list(Group.objects.values_list("name", flat=True)) == ["A"]
    assert IdempotencyRecord.objects.get().result == first.result


@pytest.mark.django_db
def test_claimed_after_the_same_key_for_another_request_is_refused_and_leaves_nothing():
    _once_in_database("d-2", fingerprint="f1", name="A")

    with pytest.raises(ValidationError):
        _once_in_database("d-2", fingerprint="f2", name="B")
    assert list(Group.objects.values_list("name", flat=True)) == ["A"]


@pytest.mark.django_db
def test_claimed_after_a_failed_action_frees_the_key():
    def fail() -> str:
        Group.objects.create(name="half")
        raise ValidationError("sai")

    with pytest.raises(ValidationError):
        idempotency.run_once(
            "test", actor=None, key="d-3", fingerprint="f", action=fail, effects_in_database=True
        )

    assert not Group.objects.exists() and not IdempotencyRecord.objects.exists()
    assert _once_in_database("d-3").replayed is False


@pytest.mark.django_db
def test_claimed_after_a_repeat_whose_action_now_fails_still_gets_the_first_result():
    first = _once_in_database("d-4", name="A")

    def now_refused() -> str:
        raise ValidationError("the official has left")

    again = idempotency.run_once(
        "test", actor=None, key="d-4", fingerprint="f", action=now_refused, effects_in_database=True
    )
    assert (again.result, again.replayed) == (first.result, True)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_claimed_after_two_simultaneous_first_attempts_leave_one_effect():
    if connection.vendor != "postgresql":
        pytest.skip("needs two real connections; SQLite's in-memory test database is shared in one process")
    outcomes, start = [], threading.Barrier(2)

    def slow_group(name: str) -> str:
        made = _make_group(name)
        time.sleep(0.3)  # both actions have run before either claim commits
        return made

    def attempt(name: str) -> None:
        start.wait()
        try:
            outcomes.append(
                idempotency.run_once(
                    "test",
                    actor=None,
                    key="d-5",
                    fingerprint="f",
                    action=lambda: slow_group(name),
                    effects_in_database=True,
                )
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(name,)) for name in ("A", "B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcome.replayed for outcome in outcomes) == [False, True]
    assert {outcome.result for outcome in outcomes} == {str(Group.objects.get().pk)}
    assert IdempotencyRecord.objects.count() == 1
