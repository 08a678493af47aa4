"""core.inserts: `insert` writes what `save` writes, compiled once and prepared on PostgreSQL;
`insert_unless_taken` in one statement, a taken key leaves the transaction usable."""

from datetime import UTC, datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Max
from django.test.utils import CaptureQueriesContext

from thanthien.core.inserts import Companion, ReadAlong, insert, insert_unless_taken
from thanthien.core.models import AuditEvent
from thanthien.notifications.models import Notification
from thanthien.ratings.models import Rating, RatingScale


def message(commune, key: str, body: str = "Xin chào") -> Notification:
    return Notification(unit=commune, recipient="0912345678", body=body, dedupe_key=key)


def test_a_new_key_is_inserted_in_one_statement_with_its_id(commune):
    row = message(commune, "k-1")

    with CaptureQueriesContext(connection) as queries:
        inserted = insert_unless_taken(row, key="dedupe_key")

    assert inserted is True
    assert len(queries.captured_queries) == 1
    assert Notification.objects.get(pk=row.pk).body == "Xin chào"
    assert row.created_at is not None  # the fields' own pre-save values (auto_now_add) are written
    assert row._state.adding is False


def test_a_taken_key_inserts_nothing_and_the_transaction_goes_on(commune):
    first = message(commune, "k-1")
    insert_unless_taken(first, key="dedupe_key")

    with transaction.atomic():
        again = insert_unless_taken(message(commune, "k-1", body="Lần hai"), key="dedupe_key")
        # no savepoint was needed: the transaction is still usable after the conflict
        assert Notification.objects.filter(dedupe_key="k-1").count() == 1

    assert again is False
    assert Notification.objects.get(dedupe_key="k-1").body == "Xin chào"


def test_any_other_refusal_is_an_error_not_a_taken_key(commune):
    broken = message(commune, "k-2")
    broken.unit_id = None  # NOT NULL: refused by the database, and no row has the key

    with pytest.raises(IntegrityError), transaction.atomic():
        insert_unless_taken(broken, key="dedupe_key")

    assert not Notification.objects.filter(dedupe_key="k-2").exists()


def test_a_models_derived_fields_are_filled_as_save_fills_them(commune, officer):
    from thanthien.dossiers.services import receive_dossier
    from thanthien.procedures.models import Procedure

    procedure = Procedure.objects.create(code="T-1", name="Thử", time_limit_days=1)
    dossier = receive_dossier(commune, procedure=procedure, applicant_name="Nguyễn Thị Ánh", by=officer)

    assert dossier.applicant_search_key == "nguyen thi anh"
    assert dossier.pk is not None and dossier.code.startswith(commune.code)


@pytest.mark.django_db
def test_a_row_inserted_once_compiled_reads_back_as_a_saved_one(commune, officer):
    """`insert` (issue #19): the statement is compiled once and, on PostgreSQL, prepared; what it writes
    and what it leaves on the instance are what `save(force_insert=True)` writes and leaves."""

    scale = RatingScale.objects.first()
    moment = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)

    def rating(level, comment):
        return Rating(
            unit=commune,
            channel="kiosk",
            scale=scale,
            level=level,
            sentiment="satisfied",
            rated_at=moment,
            details={"attitude": 4, "chữ": "ý"},
            reasons=["quick", "Thái độ"],
            comment=comment,
        )

    saved = rating(4, "Cảm ơn 100% ;'\"")
    saved.save(force_insert=True)
    with CaptureQueriesContext(connection) as statements:
        inserted = [insert(rating(level, "Cảm ơn 100% ;'\"")) for level in (4, 3)]

    assert [row._state.adding for row in inserted] == [False, False] and inserted[0].pk > saved.pk
    fields = ("unit", "channel", "scale", "level", "rated_at", "details", "reasons", "comment", "official")
    stored = Rating.objects.filter(pk__in=[saved.pk, inserted[0].pk]).values(*fields)
    assert stored[0] == stored[1]
    assert Rating.objects.get(pk=inserted[1].pk).level == 3
    if connection.vendor == "postgresql":
        assert [query["sql"].startswith("EXECUTE (prepared) INSERT") for query in statements] == [True, True]
    audit = insert(AuditEvent(action=AuditEvent.Action.VIEW, actor=officer, object_repr="x"))
    assert AuditEvent.objects.get(pk=audit.pk).at == audit.at is not None


def test_a_model_with_its_own_save_is_saved_the_ordinary_way(monkeypatch, commune):
    saved = []
    monkeypatch.setattr(Notification, "save", lambda self, **options: saved.append(options), raising=False)

    insert(message(commune, "k-own-save"))

    assert saved == [{"force_insert": True}] and not Notification.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # as every committing test here
def test_the_first_statement_of_a_connection_may_be_an_insert(commune, officer):
    connection.close()  # a web process's first request, or one after the connection was closed

    audit = insert(AuditEvent(action=AuditEvent.Action.VIEW, actor=officer, object_repr="đầu tiên"))

    assert AuditEvent.objects.filter(pk=audit.pk).exists()


def claim_for(key: str) -> Companion:
    from thanthien.core.models import IdempotencyRecord

    record = IdempotencyRecord(scope="test.along", actor_key="", key_hash=key, fingerprint="f")
    return Companion(record, pk_column="result")


def claims(key: str) -> list[str]:
    from thanthien.core.models import IdempotencyRecord

    return list(IdempotencyRecord.objects.filter(key_hash=key).values_list("result", flat=True))


def test_a_companion_goes_in_the_rows_statement_with_the_rows_key(commune):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite prepares nothing: the companion is left to the caller (the next test)")
    along = claim_for("k-along")

    with CaptureQueriesContext(connection) as queries:
        inserted = insert_unless_taken(message(commune, "k-3"), key="dedupe_key", along=along)
    row = Notification.objects.get(dedupe_key="k-3")

    assert inserted is True
    assert len(queries.captured_queries) == 1
    assert along.written is True
    assert claims("k-along") == [str(row.pk)]


def test_without_a_prepared_statement_the_companion_is_left_to_the_caller(commune):
    along = claim_for("k-left")
    if connection.vendor == "postgresql":
        pytest.skip("on PostgreSQL the statement is prepared and takes the companion (test above)")

    insert(message(commune, "k-4"), along=along)

    assert along.written is False
    assert claims("k-left") == []


def test_a_taken_key_writes_neither_the_row_nor_its_companion(commune):
    insert_unless_taken(message(commune, "k-5"), key="dedupe_key")
    along = claim_for("k-taken")

    with transaction.atomic():
        again = insert_unless_taken(message(commune, "k-5", body="Lần hai"), key="dedupe_key", along=along)

    assert again is False
    assert along.written is False
    assert claims("k-taken") == []


def test_a_refused_companion_refuses_its_row(commune):
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL writes the companion in the row's statement")
    insert(message(commune, "k-6"), along=claim_for("k-once"))

    with pytest.raises(IntegrityError), transaction.atomic():  # the claim's unique key is taken
        insert(message(commune, "k-7"), along=claim_for("k-once"))

    assert not Notification.objects.filter(dedupe_key="k-7").exists()
    assert len(claims("k-once")) == 1


def test_a_text_key_is_written_between_its_two_strings_along_or_left_behind(commune, officer):
    from thanthien.core.inserts import write_left_behind

    row = AuditEvent(action="create", object_type="test.Row", object_id="", changes={})
    along = Companion(message(commune, ""), pk_column="dedupe_key", around=("row:", ":received"))

    insert(row, along=along)
    write_left_behind([along], row)  # SQLite: written here; PostgreSQL: written with the row already

    assert along.obj.dedupe_key == f"row:{row.pk}:received"
    assert list(Notification.objects.values_list("dedupe_key", flat=True)) == [f"row:{row.pk}:received"]


def messages_to(recipient: str) -> ReadAlong:
    """How many messages to `recipient` there are, and the newest's body: read with the insert."""
    sql, params = (
        Notification.objects.filter(recipient=recipient)
        .order_by()
        .values("recipient")
        .annotate(count=Count("pk"), newest=Max("body"))
        .values("count", "newest")
        .query.sql_with_params()
    )
    return ReadAlong(sql, list(params))


def test_a_reading_goes_in_the_rows_statement_and_sees_the_table_as_it_was_before(commune):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite prepares nothing: the reading is left to the caller (the next test)")
    insert(message(commune, "k-8", body="A"))
    reading = messages_to("0912345678")
    along = claim_for("k-read")

    with CaptureQueriesContext(connection) as queries:
        row = insert(message(commune, "k-9", body="B"), along=along, reading=reading)

    assert len(queries.captured_queries) == 1
    assert reading.row == (1, "A")  # not the row inserted by the same statement
    assert along.written is True and claims("k-read") == [str(row.pk)]
    assert Notification.objects.get(pk=row.pk).body == "B"


def test_a_reading_that_finds_no_row_comes_back_as_nones(commune):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite prepares nothing: the reading is left to the caller (the next test)")
    reading = messages_to("0999999999")

    insert(message(commune, "k-10"), reading=reading)

    assert reading.row == (None, None)


def test_without_a_prepared_statement_the_reading_is_left_to_the_caller(commune):
    if connection.vendor == "postgresql":
        pytest.skip("on PostgreSQL the statement is prepared and reads along (tests above)")
    reading = messages_to("0912345678")

    row = insert(message(commune, "k-11"), reading=reading)

    assert reading.row is None
    assert Notification.objects.filter(pk=row.pk).exists()
