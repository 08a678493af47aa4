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


# --- The claim written in the statement of the row `create_once` makes (`pending_claim`) -----------------
def _note(commune, dedupe_key: str):
    from thanthien.notifications.models import Notification

    return Notification(unit=commune, recipient="0912345678", body="Xin chào", dedupe_key=dedupe_key)


def _create_note(commune, dedupe_key: str):
    from thanthien.core.inserts import insert
    from thanthien.notifications.models import Notification

    return insert(_note(commune, dedupe_key), along=idempotency.pending_claim(Notification))


def _note_once(commune, key: str, dedupe_key: str, content: str = "c"):
    from thanthien.notifications.models import Notification

    return idempotency.create_once(
        "test.along",
        actor=None,
        client_key=key,
        content=[content],
        create=lambda: _create_note(commune, dedupe_key),
        model=Notification,
        effects_in_database=True,
    )


@pytest.mark.django_db
def test_a_create_claims_its_key_in_its_rows_statement_and_a_repeat_replays_it(commune):
    from django.test.utils import CaptureQueriesContext

    from thanthien.notifications.models import Notification

    with CaptureQueriesContext(connection) as queries:
        made = _note_once(commune, "a-1", "n-1")
    again = _note_once(commune, "a-1", "n-2")

    claim_inserts = [
        q for q in queries.captured_queries if q["sql"].lstrip().startswith('INSERT INTO "core_idemp')
    ]
    along = [
        q for q in queries.captured_queries if "core_idempotencyrecord" in q["sql"] and "new_row" in q["sql"]
    ]
    if connection.vendor == "postgresql":
        assert (len(claim_inserts), len(along)) == (0, 1)  # one statement for the row and the claim
    else:
        assert (len(claim_inserts), len(along)) == (1, 0)  # written after the row, as before
    assert (again.pk, idempotency.was_replayed(made), idempotency.was_replayed(again)) == (
        made.pk,
        False,
        True,
    )
    assert list(Notification.objects.values_list("dedupe_key", flat=True)) == [
        "n-1"
    ]  # the repeat rolled back
    assert IdempotencyRecord.objects.get(scope="test.along").result == str(made.pk)


@pytest.mark.django_db
def test_the_same_key_for_another_create_is_refused_and_leaves_nothing(commune):
    from thanthien.notifications.models import Notification

    _note_once(commune, "a-2", "n-3", content="first")

    with pytest.raises(ValidationError):
        _note_once(commune, "a-2", "n-4", content="second")
    assert list(Notification.objects.values_list("dedupe_key", flat=True)) == ["n-3"]


@pytest.mark.django_db
def test_only_a_create_with_a_key_offers_its_claim_and_only_for_its_model(commune):
    from thanthien.notifications.models import Notification

    seen = []

    def inner() -> Group:
        seen.append(idempotency.pending_claim(Notification))  # a create without a key, inside one with a key
        return Group.objects.create(name="inner")

    def outer():
        seen.append(idempotency.pending_claim(Group))  # another model than the one made
        idempotency.create_once(
            "test.inner", actor=None, client_key="", content=[], create=inner, model=Group
        )
        seen.append(idempotency.pending_claim(Notification))
        return _create_note(commune, "n-5")

    made = idempotency.create_once(
        "test.outer",
        actor=None,
        client_key="a-3",
        content=[],
        create=outer,
        model=Notification,
        effects_in_database=True,
    )

    assert seen[:2] == [None, None]
    assert seen[2] is not None
    assert idempotency.pending_claim(Notification) is None  # gone once the create is over
    assert IdempotencyRecord.objects.get(scope="test.outer").result == str(made.pk)


@pytest.mark.django_db
def test_a_claim_written_with_another_row_than_the_one_returned_is_refused(commune):
    from thanthien.notifications.models import Notification

    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL writes the claim in the row's statement")

    def two_rows():
        _create_note(commune, "n-6")  # takes the claim
        return Notification.objects.create(
            unit=commune, recipient="0912345678", body="Khác", dedupe_key="n-7"
        )

    with pytest.raises(RuntimeError):
        idempotency.create_once(
            "test.wrong",
            actor=None,
            client_key="a-4",
            content=[],
            create=two_rows,
            model=Notification,
            effects_in_database=True,
        )
    assert not Notification.objects.exists() and not IdempotencyRecord.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_first_creates_claiming_along_leave_one_row(commune):
    from thanthien.notifications.models import Notification

    if connection.vendor != "postgresql":
        pytest.skip("needs two real connections; SQLite's in-memory test database is shared in one process")
    made, start = [], threading.Barrier(2)

    def slow_note(dedupe_key: str):
        note = _create_note(commune, dedupe_key)
        time.sleep(0.3)  # the first holds its claim uncommitted while the second tries its own
        return note

    def attempt(dedupe_key: str) -> None:
        start.wait()
        try:
            made.append(
                idempotency.create_once(
                    "test.race",
                    actor=None,
                    client_key="a-5",
                    content=[],
                    create=lambda: slow_note(dedupe_key),
                    model=Notification,
                    effects_in_database=True,
                )
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(key,)) for key in ("n-8", "n-9")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(idempotency.was_replayed(note) for note in made) == [False, True]
    assert {note.pk for note in made} == {Notification.objects.get().pk}
    assert IdempotencyRecord.objects.get(scope="test.race").result == str(made[0].pk)
