"""A public write that is one statement commits by itself on PostgreSQL: no BEGIN, no COMMIT (issue #19).

What goes over the wire is read from libpq's own trace of the connection, not from Django's query log
(which lists BEGIN and COMMIT whether psycopg sends them or not). The tests run in real transactions
(`transaction=True`): inside a test case's transaction nothing can commit by itself.
"""

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pytest
import time_machine
from django.db import IntegrityError, connection, transaction
from django.db.transaction import TransactionManagementError
from psycopg import pq

from thanthien.core import idempotency
from thanthien.core.inserts import Companion, insert_unless_taken
from thanthien.core.models import AuditEvent, IdempotencyRecord
from thanthien.core.statements import atomic_for_sole_write
from thanthien.dossiers import services as dossier_services
from thanthien.dossiers.models import Dossier, DossierEvent
from thanthien.dossiers.tests.factories import local, make_procedure, receive_at
from thanthien.feedback import services as feedback_services
from thanthien.feedback.models import FeedbackEvent, FeedbackItem, SenderIdentity
from thanthien.notifications.models import Notification
from thanthien.ratings import services as rating_services
from thanthien.ratings.models import Rating, RatingAlert
from thanthien.reports.models import DossierCount
from thanthien.units.models import Official

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),  # keeps the migrations' rows
    # SQLite prepares nothing and writes each companion row on its own: there a write is never one statement
    # and always keeps its transaction (the same services' tests run there; this suite runs on both).
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="only PostgreSQL writes a row with its companions as one statement",
    ),
]


@contextmanager
def wire() -> Iterator[list[str]]:
    """The messages this connection sends the server while the block runs: 'Query BEGIN', 'Execute'…"""
    connection.ensure_connection()
    pgconn = connection.connection.pgconn
    sent: list[str] = []
    with tempfile.TemporaryFile("w+") as trace:
        pgconn.trace(trace.fileno())
        pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS | pq.Trace.REGRESS_MODE)
        try:
            yield sent
        finally:
            pgconn.untrace()
            trace.seek(0)
            for line in trace.read().splitlines():
                direction, _length, message, *rest = [*line.split("\t", 3), ""]
                if direction == "F" and message.split(" ")[0] in {"Query", "Execute"}:
                    sent.append(f"{message} {rest[0]}".strip())
    # The trace is flushed by libpq as it writes; read after untrace() so nothing is left behind.


def sent_transaction_control(sent: list[str]) -> list[str]:
    """BEGIN, COMMIT and ROLLBACK as sent (Django's own statements go as 'Query' too: bound on the client)."""
    texts = [message.removeprefix("Query").strip().strip('"') for message in sent]
    return [text for text in texts if text in {"BEGIN", "COMMIT", "ROLLBACK"}]


def web_feedback(commune, **extra):
    fields = {
        "kind": "reflection",
        "channel": FeedbackItem.Channel.WEB_FORM,
        "content": "Đèn đường thôn Đông hỏng ba tuần nay.",
        "identity": feedback_services.Identity("Phạm Thị Hoa", "Thôn Đông", "0912345678"),
        "client_key": "key-1",
    }
    return feedback_services.receive_feedback(commune, by=None, **{**fields, **extra})


def test_a_feedback_item_is_one_statement_on_the_wire_with_every_row_it_writes(commune):
    web_feedback(commune, client_key="warm-up")  # prepares the statement and reads the kept rules

    with wire() as sent:
        item = web_feedback(commune)

    assert sent_transaction_control(sent) == []  # no BEGIN, no COMMIT: the statement is the transaction
    assert len([message for message in sent if message.startswith("Execute")]) == 1
    item = FeedbackItem.objects.get(pk=item.pk)  # committed: read back through another statement
    assert SenderIdentity.objects.filter(item=item).count() == 1
    assert FeedbackEvent.objects.filter(item=item, kind=FeedbackEvent.Kind.RECEIVED).count() == 1
    assert AuditEvent.objects.filter(object_type="feedback.FeedbackItem", object_id=str(item.pk)).count() == 1
    (claim,) = IdempotencyRecord.objects.filter(scope="feedback.receive", result=str(item.pk))
    assert claim.actor_key == ""


def test_a_resend_of_a_sole_write_gets_the_first_item_and_writes_nothing(commune):
    first = web_feedback(commune)

    again = web_feedback(commune)  # the claim refuses the statement whole: rolled back by the server

    assert again.pk == first.pk and idempotency.was_replayed(again)
    assert FeedbackItem.objects.count() == 1
    assert SenderIdentity.objects.count() == 1
    assert AuditEvent.objects.filter(object_type="feedback.FeedbackItem").count() == 1


def test_a_callers_own_transaction_keeps_the_write_in_it(commune):
    web_feedback(commune, client_key="warm-up")

    with wire() as sent, pytest.raises(RuntimeError), transaction.atomic():
        web_feedback(commune)
        raise RuntimeError("the caller fails after the write")

    assert sent_transaction_control(sent) == ["BEGIN", "ROLLBACK"]
    assert FeedbackItem.objects.count() == 1  # the warm-up's only: the caller's rollback took the write
    assert not SenderIdentity.objects.filter(item__isnull=True).exists()


def test_a_file_sent_with_feedback_keeps_the_transaction(commune, settings, tmp_path):
    from thanthien.feedback.attachments import check_attachment

    settings.MEDIA_ROOT = tmp_path
    pdf = check_attachment("don.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

    with wire() as sent:
        item = web_feedback(commune, attachment=pdf)

    assert sent_transaction_control(sent) == ["BEGIN", "COMMIT"]
    assert item.attachments.count() == 1


@time_machine.travel(local(2026, 3, 2, 9), tick=False)
def test_a_dossier_is_one_statement_on_the_wire_and_counted_at_its_commit(commune, officer):
    procedure = make_procedure()
    dossier_services.receive_dossier(commune, by=officer, procedure=procedure, applicant_name="Lê Hoa")

    with wire() as sent:
        dossier = dossier_services.receive_dossier(
            commune,
            by=officer,
            procedure=procedure,
            applicant_name="Nguyễn Thị Hoa",
            applicant_phone="0912345678",
            client_key="desk-2",
        )

    write, *after_commit = sent
    assert write.startswith("Execute")  # the statement, with no BEGIN before it
    # … and no COMMIT after it: what follows is the outbox's sender, woken at the commit, in its own.
    assert sent_transaction_control(after_commit)[:1] == ["BEGIN"]
    assert DossierEvent.objects.filter(dossier_id=dossier.pk).count() == 1
    assert Notification.objects.filter(dedupe_key=f"dossier:{dossier.pk}:received").count() == 1
    assert AuditEvent.objects.filter(object_type="dossiers.Dossier", object_id=str(dossier.pk)).count() == 1
    # The deferred count triggers ran at the statement's own commit.
    bucket = DossierCount.objects.get(commune_id=commune.pk, day=date(2026, 3, 2), is_month=False)
    assert bucket.received == Dossier.objects.filter(commune=commune).count() == 2


@time_machine.travel(local(2026, 3, 2, 9), tick=False)
def test_a_link_rating_is_its_statement_alone_and_one_that_may_alert_keeps_its_transaction(commune, officer):
    first, second, third = (
        receive_at(local(2026, 3, 2, 8, minute), commune, officer) for minute in (1, 2, 3)
    )
    rating_services.record_rating(commune, level=4, channel=Rating.Channel.LINK, dossier=first)

    with wire() as sent:
        rating_services.record_rating(commune, level=3, channel=Rating.Channel.LINK, dossier=second)
    assert sent_transaction_control(sent) == []  # no official's window, no comment: nothing can follow

    with wire() as sent:  # a dissatisfied comment opens an alert (and tells the leaders) in its transaction
        rating_services.record_rating(
            commune, level=1, channel=Rating.Channel.LINK, dossier=third, comment="Chờ cả buổi sáng"
        )
    assert sent_transaction_control(sent)[:1] == ["BEGIN"]
    assert RatingAlert.objects.filter(kind=RatingAlert.Kind.DISSATISFIED_COMMENT).count() == 1

    official = Official.objects.create(unit=commune, full_name="Lê Thị Một Cửa", title="Công chức")
    with wire() as sent:  # an official's rating may take the window below the threshold: known after
        rating_services.record_rating(commune, level=4, channel=Rating.Channel.KIOSK, official=official)
    assert sent_transaction_control(sent) == ["BEGIN", "COMMIT"]
    assert Rating.objects.count() == 4


def a_claim(key: str) -> IdempotencyRecord:
    return IdempotencyRecord(scope="test.sole", actor_key="", key_hash=key, fingerprint="f", result="r")


def test_nothing_may_follow_a_sole_write_in_its_block_and_the_next_block_is_free():
    insert_unless_taken(a_claim("warm-up"), key="key_hash", sole_write=True)

    with pytest.raises(TransactionManagementError), atomic_for_sole_write():
        insert_unless_taken(a_claim("first"), key="key_hash", sole_write=True)
        IdempotencyRecord.objects.count()  # could not be rolled back with the write

    with atomic_for_sole_write():  # the block's end cleared it, after an error as after a commit
        insert_unless_taken(a_claim("second"), key="key_hash", sole_write=True)
    with transaction.atomic():
        assert IdempotencyRecord.objects.filter(scope="test.sole").count() == 3


def test_a_sole_write_that_met_a_taken_key_wrote_nothing_and_the_block_goes_on():
    insert_unless_taken(a_claim("taken"), key="key_hash", sole_write=True)

    with wire() as sent, atomic_for_sole_write():
        assert not insert_unless_taken(a_claim("taken"), key="key_hash", sole_write=True)
        assert insert_unless_taken(a_claim("fresh"), key="key_hash", sole_write=True)

    # The first try committed nothing by itself; the read of the taken key began the block's transaction,
    # which the second try joined.
    assert sent_transaction_control(sent) == ["BEGIN", "COMMIT"]
    assert IdempotencyRecord.objects.filter(key_hash="fresh").count() == 1


def test_a_refused_sole_write_leaves_nothing_and_raises_as_before():
    insert_unless_taken(a_claim("a"), key="key_hash", sole_write=True)
    duplicate_claim = Companion(a_claim("a"), pk_column="result")

    with pytest.raises(IntegrityError), atomic_for_sole_write():
        insert_unless_taken(a_claim("b"), key="key_hash", along=duplicate_claim, sole_write=True)

    assert not IdempotencyRecord.objects.filter(key_hash="b").exists()
