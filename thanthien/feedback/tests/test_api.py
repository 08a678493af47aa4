"""POST /api/v1/feedback (public, rate-limited) and GET /api/v1/feedback/{tracking_code}."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import make_unit
from thanthien.core.models import AuditEvent, IdempotencyRecord
from thanthien.feedback import services
from thanthien.feedback.models import FeedbackEvent, FeedbackItem, SenderIdentity

pytestmark = pytest.mark.django_db


def send(client, **body):
    return client.post("/api/v1/feedback", body, content_type="application/json", REMOTE_ADDR="203.0.113.7")


def test_anyone_sends_a_reflection_and_gets_a_tracking_code(client, commune):
    village = make_unit("38-hc-t3", "Thôn 3", "village", commune)

    response = send(
        client,
        commune_code=commune.code,
        kind="reflection",
        topic="environment",
        village_code=village.code,
        content="Đèn đường thôn 3 hỏng đã hai tuần",
    )

    assert response.status_code == 201
    item = FeedbackItem.objects.get(tracking_code=response.json()["tracking_code"])
    assert (item.unit, item.village, item.channel, item.kind, item.is_anonymous) == (
        commune,
        village,
        "web_form",
        "reflection",
        True,
    )


def test_a_named_complaint_keeps_the_name_encrypted_and_out_of_every_answer(client, commune, leader):
    response = send(
        client,
        commune_code=commune.code,
        kind="complaint",
        is_anonymous=False,
        name="Nguyễn Thị Khiếu",
        address="Thôn 2",
        contact="0912000111",
        content="Khiếu nại quyết định thu hồi đất",
    )
    code = response.json()["tracking_code"]

    status = client.get(f"/api/v1/feedback/{code}")

    assert response.status_code == 201 and status.status_code == 200
    for body in (response.content.decode(), status.content.decode()):
        assert "Khiếu" not in body.replace("Khiếu nại", "") and "0912000111" not in body
    stored = SenderIdentity.objects.get(item__tracking_code=code)
    assert "Khiếu" not in stored.name_encrypted and "0912000111" not in stored.contact_encrypted
    assert services.reveal_identity(leader, stored.item).name == "Nguyễn Thị Khiếu"


def test_an_anonymous_complaint_is_refused_in_vietnamese_and_nothing_is_kept(client, commune):
    response = send(client, commune_code=commune.code, kind="complaint", content="Khiếu nại không tên")

    assert response.status_code == 422
    assert response.json()["errors"]
    assert not FeedbackItem.objects.exists()


def test_a_resend_with_the_same_client_key_gives_the_same_tracking_code(client, commune):
    body = {
        "commune_code": commune.code,
        "kind": "question",
        "content": "Khi nào họp thôn?",
        "is_anonymous": False,
        "name": "Trần Thị Bình",
        "client_key": "k-1",
    }

    first, second = send(client, **body), send(client, **body)

    assert first.json() == second.json()
    # The resend met the first claim in the statement that wrote its rows: none of them is left twice.
    assert FeedbackItem.objects.count() == 1 and SenderIdentity.objects.count() == 1
    assert FeedbackEvent.objects.count() == 1
    assert AuditEvent.objects.filter(object_type="feedback.FeedbackItem").count() == 1


def test_a_village_of_another_commune_is_not_found(client, commune, other_commune):
    elsewhere = make_unit("38-hx-t1", "Thôn 1", "village", other_commune)

    response = send(
        client, commune_code=commune.code, kind="reflection", content="x", village_code=elsewhere.code
    )

    assert response.status_code == 404
    assert not FeedbackItem.objects.exists()


def test_a_flood_from_one_address_is_stopped(client, commune):
    answers = [
        send(client, commune_code=commune.code, kind="praise", content=f"Cảm ơn {n}").status_code
        for n in range(12)
    ]

    assert answers[:10] == [201] * 10 and answers[10:] == [429, 429]
    assert FeedbackItem.objects.count() == 10


def test_the_tracking_code_shows_the_status_then_the_answer(client, commune, leader):
    code = send(client, commune_code=commune.code, kind="recommendation", content="Đề nghị sửa cống").json()[
        "tracking_code"
    ]
    item = FeedbackItem.objects.get(tracking_code=code)

    before = client.get(f"/api/v1/feedback/{code.lower()}").json()
    services.accept_feedback(item, by=leader)
    services.resolve_feedback(item, by=leader, public_answer="Xã đã sửa cống ngày 20/11.")
    after = client.get(f"/api/v1/feedback/{code}").json()

    assert (before["status"], before["public_answer"]) == ("received", "")
    assert before["answer_due_on"] is not None
    assert (after["status"], after["public_answer"]) == ("resolved", "Xã đã sửa cống ngày 20/11.")
    assert client.get("/api/v1/feedback/KHONGCO9").status_code == 404


# --- What a citizen's submission costs (issue #19) -------------------------------------------------------
# BEGIN, then one statement: the item under a fresh tracking code, the key's claim, its sealed identity,
# its audit line and its receipt event; then COMMIT. SQLite prepares nothing and writes each row on its
# own. The limits, the calendar and the commune are kept per process (the per-address count is in the
# cache, not the database).
FEEDBACK_STATEMENTS = {"postgresql": 3, "sqlite": 7}


def test_a_named_reflection_costs_one_statement_in_its_transaction_and_writes_every_row(client, commune):
    body = {
        "commune_code": commune.code,
        "kind": "reflection",
        "topic": "environment",
        "content": "Đèn đường thôn 3 hỏng",
        "is_anonymous": False,
        "name": "Nguyễn Văn An",
        "contact": "0912345678",
    }
    assert send(client, **body, client_key="warm").status_code == 201

    with CaptureQueriesContext(connection) as queries:
        response = send(client, **body, client_key="counted")

    assert response.status_code == 201
    assert len(queries.captured_queries) == FEEDBACK_STATEMENTS[connection.vendor], [
        q["sql"][:70] for q in queries.captured_queries
    ]
    item = FeedbackItem.objects.get(tracking_code=response.json()["tracking_code"])
    (sealed,) = SenderIdentity.objects.filter(item=item)
    assert services.stored_identity_for_system(sealed).name == "Nguyễn Văn An"
    (line,) = AuditEvent.objects.filter(object_type="feedback.FeedbackItem", object_id=str(item.pk))
    assert (line.action, line.object_repr, line.changes) == (
        "create",
        item.tracking_code,
        {"kind": "reflection", "channel": "web_form"},
    )
    assert list(item.events.values_list("kind", flat=True)) == ["received"]
    assert IdempotencyRecord.objects.get(result=str(item.pk)).scope == "feedback.receive"
