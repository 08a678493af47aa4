"""Receiving and handling cases: rules, permissions, audit, and the sender's protected identity."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import make_person, make_unit
from thanthien.core.models import AuditEvent
from thanthien.feedback import services
from thanthien.feedback.models import FeedbackItem, SenderIdentity
from thanthien.feedback.services import Identity
from thanthien.units.models import Official, Role

pytestmark = pytest.mark.django_db

DENOUNCER = Identity("Phạm Thị Hoa", "Thôn Đông, xã Hoằng Cát", "0912 345 678")


def denunciation(officer, commune, **extra):
    fields = {
        "kind": "denunciation",
        "channel": "desk",
        "content": "Cán bộ địa chính nhận tiền để làm sổ đỏ.",
        "received_on": date(2026, 11, 2),
        "is_signed": True,
        "identity": DENOUNCER,
    }
    return services.receive_feedback(commune, by=officer, **{**fields, **extra})


def complaint(officer, commune, received_on=date(2026, 6, 30)):
    return services.receive_feedback(
        commune,
        by=officer,
        kind="complaint",
        channel="desk",
        content="Khiếu nại quyết định thu hồi đất của Chủ tịch UBND xã.",
        topic="land",
        received_on=received_on,
        is_signed=True,
        identity=Identity("Lê Văn Đức", "Thôn Tây"),
    )


def official_for(user, commune, **extra):
    return Official.objects.create(
        unit=commune, user=user, full_name=user.full_name, title="Công chức", **extra
    )


def test_an_officer_receives_a_denunciation_with_a_tracking_code_and_due_dates(officer, commune):
    item = denunciation(officer, commune)

    assert len(item.tracking_code) == 8
    assert set(item.tracking_code) <= set(services.CODE_ALPHABET)
    assert item.accept_due_on == date(2026, 11, 11)  # 7 WD from Mon 02/11/2026
    assert item.forward_due_on == date(2026, 11, 9)
    assert item.resolve_due_on is None
    assert AuditEvent.objects.get(object_id=str(item.pk)).action == AuditEvent.Action.CREATE


def test_the_denouncers_identity_is_encrypted_at_rest_and_never_in_str(officer, commune):
    item = denunciation(
        officer, commune, contact="0912 345 678", identity=Identity("Phạm Thị Hoa", "Thôn Đông")
    )
    row = SenderIdentity.objects.get(item=item)

    stored = f"{row.name_encrypted}{row.address_encrypted}{row.contact_encrypted}"
    assert "Hoa" not in stored and "0912" not in stored
    assert not hasattr(item, "contact")  # every contact lives in the encrypted identity
    assert "Hoa" not in f"{item} {row} {row!r} {item!r}"
    assert "Hoa" not in str(AuditEvent.objects.values_list("changes", "object_repr").get())


def test_a_tracking_code_taken_already_draws_another_and_leaves_the_first_case_alone(
    officer, commune, monkeypatch
):
    first = denunciation(officer, commune)
    drawn = iter([first.tracking_code, "FRESH234"])
    monkeypatch.setattr(services, "new_tracking_code", lambda: next(drawn))

    second = denunciation(officer, commune, content="Một nội dung khác.")

    assert second.tracking_code == "FRESH234"
    assert FeedbackItem.objects.get(tracking_code=first.tracking_code).content == first.content
    assert FeedbackItem.objects.count() == 2


def test_a_complaint_cannot_be_anonymous(officer, commune):
    with pytest.raises(ValidationError) as error:
        services.receive_feedback(
            commune, by=officer, kind="complaint", channel="hotline", content="Khiếu nại", is_anonymous=True
        )

    assert error.value.code == "anonymous_complaint"
    assert not FeedbackItem.objects.exists()


def test_an_anonymous_denunciation_is_received_but_cannot_be_accepted(officer, leader, commune):
    item = denunciation(officer, commune, is_anonymous=True, identity=None, channel="suggestion_box")

    with pytest.raises(ValidationError) as error:
        services.accept_feedback(item, by=leader, accepted_on=date(2026, 11, 3))

    assert error.value.code == "anonymous_denunciation"
    assert not SenderIdentity.objects.exists()


def test_an_unsigned_denunciation_cannot_be_accepted(officer, leader, commune):
    item = denunciation(officer, commune, is_signed=False)

    with pytest.raises(ValidationError) as error:
        services.accept_feedback(item, by=leader, accepted_on=date(2026, 11, 3))

    assert error.value.code == "unsigned"


def test_a_retried_receipt_with_the_same_client_key_records_one_item(officer, commune):
    first = denunciation(officer, commune, client_key="may-tinh-1:42")
    again = denunciation(officer, commune, client_key="may-tinh-1:42")

    assert again.pk == first.pk
    assert FeedbackItem.objects.count() == 1


def test_the_public_may_only_send_through_the_web_form(commune):
    anonymous_user = type("Anonymous", (), {"is_authenticated": False})()

    item = services.receive_feedback(
        commune, by=anonymous_user, kind="reflection", channel="web_form", content="Đèn đường thôn Bắc hỏng."
    )
    with pytest.raises(PermissionDenied):
        services.receive_feedback(
            commune, by=anonymous_user, kind="reflection", channel="desk", content="Đèn đường thôn Bắc hỏng."
        )

    assert item.accept_due_on is not None and item.received_by is None


def test_another_communes_officer_cannot_receive_or_accept(officer, outsider_officer, commune):
    item = complaint(officer, commune)

    with pytest.raises(PermissionDenied):
        complaint(outsider_officer, commune)
    with pytest.raises(PermissionDenied):
        services.accept_feedback(item, by=outsider_officer)


def test_a_complaint_received_30_june_2026_keeps_10_working_days_one_received_1_july_gets_7(officer, commune):
    assert complaint(officer, commune, date(2026, 6, 30)).accept_due_on == date(2026, 7, 14)
    assert complaint(officer, commune, date(2026, 7, 1)).accept_due_on == date(2026, 7, 10)


def test_accepting_a_complaint_sets_its_resolution_date(officer, leader, commune):
    item = complaint(officer, commune, date(2026, 3, 2))

    item = services.accept_feedback(item, by=officer, accepted_on=date(2026, 3, 6))

    assert item.status == FeedbackItem.Status.ACCEPTED
    assert item.resolve_due_on == date(2026, 4, 6)  # 30 days end on Sunday 05/04


def test_declining_needs_a_reason_and_a_legal_basis(officer, commune):
    item = complaint(officer, commune)

    with pytest.raises(ValidationError):
        services.decline_feedback(item, by=officer, reason="Quá thời hiệu", legal_basis=" ")
    item = services.decline_feedback(
        item, by=officer, reason="Quá thời hiệu khiếu nại", legal_basis="Luật Khiếu nại 2011, điều 11"
    )

    assert item.status == FeedbackItem.Status.DECLINED
    assert item.decline_legal_basis == "Luật Khiếu nại 2011, điều 11"


def test_a_leader_assigns_an_official_of_the_commune_but_not_of_another(
    officer, leader, commune, other_commune, outsider_officer
):
    item = services.accept_feedback(complaint(officer, commune), by=leader, accepted_on=date(2026, 7, 1))
    ours = official_for(officer, commune)

    with pytest.raises(PermissionDenied):
        services.assign_feedback(item, by=officer, assignee=ours)
    with pytest.raises(ValidationError):
        services.assign_feedback(item, by=leader, assignee=official_for(outsider_officer, other_commune))
    item = services.assign_feedback(item, by=leader, assignee=ours)

    assert item.status == FeedbackItem.Status.IN_PROGRESS
    assert item.assignee.user == officer


def test_a_denunciation_is_extended_twice_and_a_third_extension_is_refused(officer, leader, commune):
    item = services.accept_feedback(denunciation(officer, commune), by=leader, accepted_on=date(2026, 11, 2))
    assert item.resolve_due_on == date(2026, 12, 2)
    assert item.notify_due_on == date(2026, 11, 9)

    item = services.extend_resolution(item, by=leader, reason="Vụ việc phức tạp")
    assert item.resolve_due_on == date(2027, 1, 4)
    item = services.extend_resolution(item, by=leader, reason="Vụ việc đặc biệt phức tạp")
    assert item.resolve_due_on == date(2027, 2, 1)
    with pytest.raises(ValidationError) as error:
        services.extend_resolution(item, by=leader, reason="Thêm lần nữa")

    assert error.value.code == "too_many_extensions"
    item.refresh_from_db()
    assert item.extensions == 2


def test_a_complaint_is_extended_once_to_the_complex_period(officer, leader, commune):
    item = services.accept_feedback(
        complaint(officer, commune, date(2026, 1, 5)), by=leader, accepted_on=date(2026, 1, 5)
    )

    item = services.extend_resolution(item, by=leader, reason="Vụ việc phức tạp")

    assert item.resolve_due_on == date(2026, 2, 23)
    with pytest.raises(ValidationError):
        services.extend_resolution(item, by=leader, reason="Lần hai")


def test_an_officer_cannot_extend(officer, leader, commune):
    item = services.accept_feedback(denunciation(officer, commune), by=leader, accepted_on=date(2026, 11, 2))

    with pytest.raises(PermissionDenied):
        services.extend_resolution(item, by=officer, reason="Vụ việc phức tạp")


def test_the_assignee_resolves_with_a_public_answer(officer, leader, commune):
    item = services.accept_feedback(complaint(officer, commune), by=leader, accepted_on=date(2026, 7, 1))
    item = services.assign_feedback(item, by=leader, assignee=official_for(officer, commune))

    item = services.resolve_feedback(
        item,
        by=officer,
        public_answer="Giữ nguyên quyết định.",
        publish=True,
        resolved_on=date(2026, 7, 20),
        decision_number="15/QĐ-UBND",
        decision_on=date(2026, 7, 20),
        decision_content="Giữ nguyên Quyết định thu hồi đất số 3/QĐ-UBND.",
    )

    assert item.status == FeedbackItem.Status.RESOLVED
    assert item.is_published
    assert item.decision_send_due_on == date(2026, 7, 23)  # 3 working days (Law on Complaints art. 32)


def test_someone_else_cannot_resolve(officer, leader, commune):
    other = make_person("canbo2", commune, Role.DESK_OFFICER, "Vũ Thị Lan")
    item = services.accept_feedback(complaint(officer, commune), by=leader, accepted_on=date(2026, 7, 1))
    services.assign_feedback(item, by=leader, assignee=official_for(officer, commune))

    with pytest.raises(PermissionDenied):
        services.resolve_feedback(item, by=other, public_answer="Trả lời")


def test_a_leader_reads_the_denouncers_identity_and_the_reading_is_audited(officer, leader, commune):
    item = denunciation(officer, commune)

    identity = services.reveal_identity(leader, item)

    assert identity == DENOUNCER
    event = AuditEvent.objects.get(action=AuditEvent.Action.VIEW)
    assert (event.actor, event.object_id) == (leader, str(item.pk))
    assert "Hoa" not in str(event.changes)


def test_the_assignee_reads_the_identity(officer, leader, commune):
    item = services.accept_feedback(denunciation(officer, commune), by=leader, accepted_on=date(2026, 11, 2))
    services.assign_feedback(item, by=leader, assignee=official_for(officer, commune))

    assert services.reveal_identity(officer, item).name == "Phạm Thị Hoa"


@pytest.mark.parametrize("who", ["officer", "outsider_officer", "reviewer", "superuser", "province_leader"])
def test_the_identity_is_refused_to_anyone_else_and_nothing_is_audited_as_viewed(
    who, officer, commune, province, request
):
    item = denunciation(officer, commune)
    if who == "superuser":
        user = make_person("quantri", commune, None)
        user.is_superuser = True
        user.save()
    elif who == "province_leader":
        user = make_person("lanhdao_tinh", province, Role.LEADER)
    else:
        user = request.getfixturevalue(who)

    with pytest.raises(PermissionDenied):
        services.reveal_identity(user, item)

    assert not AuditEvent.objects.filter(action=AuditEvent.Action.VIEW).exists()


def test_a_village_of_another_commune_is_refused(officer, commune, other_commune):
    village = make_unit("38-hx-1", "Thôn Nam", "village", other_commune)

    with pytest.raises(ValidationError):
        services.receive_feedback(
            commune, by=officer, kind="reflection", channel="hotline", content="Rác thải", village=village
        )


def test_a_leader_gives_a_denunciations_initial_handling_10_working_days_once(officer, leader, commune):
    item = denunciation(officer, commune, received_on=date(2026, 8, 24))
    assert item.accept_due_on == date(2026, 9, 7)

    item = services.extend_initial_handling(item, by=leader, reason="Xác minh tại ba thôn")

    assert item.accept_due_on == date(2026, 9, 10)
    with pytest.raises(ValidationError):
        services.extend_initial_handling(item, by=leader, reason="Lần hai")


def test_a_submission_dated_in_the_future_is_refused(officer, commune):
    with pytest.raises(ValidationError):
        services.receive_feedback(
            commune, by=officer, kind="question", channel="zalo", content="Hỏi", received_on=date(2099, 1, 1)
        )
