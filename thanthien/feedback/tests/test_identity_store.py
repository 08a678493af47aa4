"""Issue #13 items 2, 4 and 6: one publication rule on every path, and the migrations that move clear
identities (a case's contact, a reception visitor, a thank-you letter's recipient) into the encrypted
store."""

from datetime import date, time

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from thanthien.feedback import crypto, forms, intake, services
from thanthien.feedback.models import FeedbackItem
from thanthien.feedback.tests.helpers import accepted_and_assigned, signed_denunciation
from thanthien.units.tokens import issue_api_token


def _accepted_denunciation(officer, leader, commune):
    return accepted_and_assigned(signed_denunciation(officer, commune), leader, leader, commune)


RESOLUTION = {
    "public_answer": "Đã kết luận.",
    "decision_number": "02/KL",
    "decision_on": date(2026, 11, 20),
    "decision_content": "Tố cáo đúng một phần.",
    "resolved_on": date(2026, 11, 20),
}


@pytest.mark.django_db
def test_resolving_a_denunciation_cannot_publish_it(officer, leader, commune):
    """Item 6: resolve_feedback stored is_published=True for a denunciation; only set_publication refused."""
    item = _accepted_denunciation(officer, leader, commune)

    with pytest.raises(ValidationError):
        services.resolve_feedback(item, by=leader, publish=True, **RESOLUTION)

    item.refresh_from_db()
    assert (item.status, item.is_published) == ("in_progress", False)
    services.resolve_feedback(item, by=leader, publish=False, **RESOLUTION)
    with pytest.raises(ValidationError):
        services.set_publication(item, by=leader, publish=True)


@pytest.mark.django_db
def test_the_api_the_form_and_the_database_follow_the_same_rule(client, officer, leader, commune):
    item = _accepted_denunciation(officer, leader, commune)
    key = issue_api_token(leader, name="Tỉnh", by=None)
    body = {"step": "resolve", "publish": True, **{k: str(v) for k, v in RESOLUTION.items()}}

    response = client.post(
        f"/api/v1/feedback/staff/cases/{item.tracking_code}/steps",
        body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )

    assert 400 <= response.status_code < 500
    item.refresh_from_db()
    assert not item.is_published
    assert "publish" not in forms.ResolveForm(item=item).fields
    assert not intake.may_publish("denunciation") and intake.may_publish("complaint")
    with pytest.raises(IntegrityError), transaction.atomic():
        FeedbackItem.objects.filter(pk=item.pk).update(is_published=True)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


BEFORE = [
    ("feedback", "0005_dialogue_notice"),
    ("reception", "0002_fill_meeting_duties"),
    ("letters", "0004_print_jobs"),
    ("core", "0005_yearly_counters"),
]
AFTER = [
    ("feedback", "0007_identity_by_reference_and_no_published_denunciation"),
    ("reception", "0005_drop_clear_visitor_identity"),
    ("letters", "0006_existing_thanks_letters_name_no_one"),
    ("core", "0005_yearly_counters"),
]


@pytest.fixture
def back_to_the_latest_migrations():
    """Tests that run after this one need today's schema (0009 added a column), not AFTER's."""
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    yield
    _migrate(latest)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("back_to_the_latest_migrations")
def test_the_migrations_move_every_clear_identity_into_the_encrypted_store(officer, commune):
    old = _migrate(BEFORE)
    unit = old.get_model("units", "Unit").objects.get(pk=commune.pk)
    item_model, identity_model = (
        old.get_model("feedback", "FeedbackItem"),
        old.get_model("feedback", "SenderIdentity"),
    )
    fields = {"unit": unit, "channel": "desk", "content": "x", "received_on": date(2026, 11, 2)}
    complaint = item_model.objects.create(
        tracking_code="MIGR0001", kind="complaint", contact="0977 000 111", **fields
    )
    identity_model.objects.create(item=complaint, name_encrypted=crypto.encrypt("Lò Văn Cũ"))
    reflection = item_model.objects.create(
        tracking_code="MIGR0002", kind="reflection", contact="0912 000 222", **fields
    )
    published = item_model.objects.create(
        tracking_code="MIGR0003", kind="denunciation", is_published=True, **fields
    )
    official = old.get_model("units", "Official").objects.create(unit=unit, full_name="Chủ Tịch")
    session = old.get_model("reception", "ReceptionSession").objects.create(
        commune=unit,
        leader=official,
        planned_on=date(2026, 11, 5),
        held_on=date(2026, 11, 5),
        starts_at=time(8),
        ends_at=time(11),
    )
    record_model = old.get_model("reception", "ReceptionRecord")
    entry = {
        "commune": unit,
        "session": session,
        "year": 2026,
        "received_on": date(2026, 11, 5),
        "content": "y",
        "kind": "denunciation",
        "answer_due_on": date(2026, 11, 19),
        "recorded_by_id": officer.pk,
        "visitor_name": "Hà Thị Xưa",
        "visitor_address": "Xóm Cũ",
    }
    record = record_model.objects.create(number=1, **entry)
    part = record_model.objects.create(number=2, split_from=record, **entry)
    letter = old.get_model("letters", "Letter").objects.create(
        commune=unit,
        kind="thanks",
        source_key=f"feedback:{complaint.pk}:thanks",
        recipient_name="Lò Văn Cũ",
        recipient_address="Bản Cũ",
        drafted_at="2026-11-03T08:00:00+07:00",
    )

    old.get_model("core", "AuditEvent").objects.create(
        action="create",
        object_type="letters.Letter",
        object_id=str(letter.pk),
        object_repr="Thư cảm ơn — Lò Văn Cũ",
    )

    new = _migrate(AFTER)

    identity = new.get_model("feedback", "SenderIdentity")
    assert crypto.decrypt(identity.objects.get(item_id=complaint.pk).contact_encrypted) == "0977 000 111"
    assert crypto.decrypt(identity.objects.get(item_id=reflection.pk).contact_encrypted) == "0912 000 222"
    assert not new.get_model("feedback", "FeedbackItem").objects.get(pk=published.pk).is_published
    records = new.get_model("reception", "ReceptionRecord").objects
    moved = identity.objects.get(pk=records.get(pk=record.pk).identity_id)
    assert (crypto.decrypt(moved.name_encrypted), crypto.decrypt(moved.address_encrypted)) == (
        "Hà Thị Xưa",
        "Xóm Cũ",
    )
    assert "Xưa" not in moved.name_encrypted and records.get(pk=part.pk).identity_id == moved.pk
    letter = new.get_model("letters", "Letter").objects.get(pk=letter.pk)
    assert (letter.recipient_name, letter.recipient_address) == ("Người gửi ý kiến MIGR0001", "")
    assert letter.sender_identity_id == identity.objects.get(item_id=complaint.pk).pk
    audit = new.get_model("core", "AuditEvent").objects.get(object_id=str(letter.pk))
    assert audit.object_repr == "Thư cảm ơn — Người gửi ý kiến MIGR0001"


@pytest.mark.django_db
def test_a_thank_you_letters_secret_recipient_cannot_be_typed_back_in_clear(client, officer, commune):
    from thanthien.feedback.tests.helpers import receive
    from thanthien.letters import services as letters
    from thanthien.letters.models import Letter

    item = receive(officer, commune, identity=services.Identity("Trần Thị Mai", "Thôn Đông"))
    services.mark_useful_contribution(item, by=officer)
    letter = Letter.objects.get()
    client.force_login(officer)

    page = client.get(f"/letters/{letter.pk}/").content.decode()

    assert 'data-testid="kept-secret"' in page and 'data-testid="save-draft"' not in page
    with pytest.raises(ValidationError):
        letters.change_draft(letter, by=officer, recipient_name="Trần Thị Mai")
    letter.refresh_from_db()
    assert "Mai" not in letter.recipient_name
