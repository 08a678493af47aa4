"""The later steps of a case: classify, verify, dialogue, decision, answer, close, transfer, thanks, boxes."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from thanthien.core.models import AuditEvent
from thanthien.feedback import queries, services
from thanthien.feedback.models import FeedbackEvent, FeedbackItem, SenderIdentity, SuggestionBoxOpening
from thanthien.feedback.services import BoxItem, Identity
from thanthien.feedback.tests.helpers import (
    accepted_and_assigned,
    receive,
    signed_complaint,
    signed_denunciation,
)
from thanthien.letters.models import Letter
from thanthien.notifications.models import Notification

pytestmark = pytest.mark.django_db
Status = FeedbackItem.Status
DECISION = {
    "decision_number": "21/QĐ-UBND",
    "decision_on": date(2026, 11, 20),
    "decision_content": "Giữ nguyên quyết định thu hồi đất.",
}


def test_classifying_a_reflection_as_a_complaint_gives_it_the_complaint_limits(officer, commune):
    item = receive(officer, commune, identity=Identity("Lê Văn Đức", "Thôn Tây"), is_signed=True)
    assert item.accept_due_on == date(2026, 11, 16)  # feedback answer: 10 WD

    item = services.classify_feedback(item, by=officer, kind="complaint", topic="land")

    # Received after 01/07/2026: 7 working days to accept (Decree 155/2026 [B-]), not 10.
    assert (item.kind, item.instance, item.accept_due_on) == ("complaint", "first", date(2026, 11, 11))
    assert item.events.filter(kind=FeedbackEvent.Kind.CLASSIFIED).exists()
    assert AuditEvent.objects.filter(object_id=str(item.pk), changes__has_key="kind").exists()


def test_an_anonymous_item_cannot_be_classified_as_a_complaint(officer, commune):
    item = receive(officer, commune, is_anonymous=True)

    with pytest.raises(ValidationError) as error:
        services.classify_feedback(item, by=officer, kind="complaint", topic="land")

    assert error.value.code == "anonymous_complaint"
    item.refresh_from_db()
    assert item.kind == "reflection"


def test_a_contact_goes_into_the_encrypted_identity_and_never_onto_the_case(officer, commune):
    """Issue #13 item 4: a complainant's phone sat in clear on the case, shown to every reader role."""
    item = receive(officer, commune, contact="0912 000 111", identity=Identity("Hà Văn Nam", "Thôn Bắc"))

    assert not hasattr(item, "contact")
    assert services._identity_of(item).contact == "0912 000 111"
    row = SenderIdentity.objects.get(item=item)
    assert "0912" not in row.contact_encrypted

    item = services.classify_feedback(item, by=officer, kind="denunciation", topic="public_order")
    assert services._identity_of(item).contact == "0912 000 111"


def test_the_kind_cannot_change_after_acceptance(officer, leader, commune):
    item = services.accept_feedback(
        signed_complaint(officer, commune), by=leader, accepted_on=date(2026, 11, 3)
    )

    with pytest.raises(ValidationError):
        services.classify_feedback(item, by=officer, kind="reflection", topic="land")


def test_a_complaint_whose_demand_differs_needs_a_dialogue_before_the_decision(officer, leader, commune):
    item = accepted_and_assigned(signed_complaint(officer, commune), leader, officer, commune)
    item = services.record_verification(
        item,
        by=officer,
        verified_on=date(2026, 11, 10),
        result="Đo đạc lại: diện tích đúng.",
        is_demand_different=True,
    )

    with pytest.raises(ValidationError) as error:
        services.resolve_feedback(item, by=officer, public_answer="Giữ nguyên.", **DECISION)
    assert error.value.code == "dialogue"

    services.record_dialogue(
        item,
        by=officer,
        notice_on=date(2026, 11, 10),
        held_on=date(2026, 11, 16),
        minutes="Hai bên giữ ý kiến.",
        is_minutes_signed=True,
    )
    item = services.resolve_feedback(item, by=officer, public_answer="Giữ nguyên.", **DECISION)

    assert item.status == Status.RESOLVED
    assert item.decision_send_due_on == date(2026, 11, 26)  # 3 WD after Fri 20/11: 23, 25, 26 (24 is off)
    kinds = list(item.events.values_list("kind", flat=True))
    assert kinds == ["received", "accepted", "assigned", "verified", "dialogue", "resolved"]


def test_dialogue_minutes_must_be_signed_or_note_refusals(officer, leader, commune):
    item = accepted_and_assigned(signed_complaint(officer, commune), leader, officer, commune)

    with pytest.raises(ValidationError) as error:
        services.record_dialogue(
            item, by=officer, held_on=date(2026, 11, 16), minutes="Đối thoại", is_minutes_signed=False
        )

    assert error.value.code == "minutes"


@pytest.mark.parametrize(
    ("notice_on", "held_on", "message"),
    [
        (None, date(2026, 11, 16), "Nhập ngày gửi thông báo đối thoại."),
        # Notice on Thu 12/11: 5 days later is Tue 17/11. (One on Tue 10/11 gives Sun 15/11, so Mon 16/11.)
        (
            date(2026, 11, 12),
            date(2026, 11, 16),
            "từ thông báo ngày 12/11/2026 thì đối thoại từ ngày 17/11/2026",
        ),
        (date(2026, 11, 17), date(2026, 11, 16), "đối thoại từ ngày 23/11/2026"),  # 22/11 is a Sunday
    ],
)
def test_from_july_2026_a_dialogue_needs_its_notice_5_days_before(
    officer, leader, commune, notice_on, held_on, message
):
    item = accepted_and_assigned(signed_complaint(officer, commune), leader, officer, commune)

    with translation.override("vi"), pytest.raises(ValidationError, match=message) as error:
        services.record_dialogue(
            item,
            by=officer,
            notice_on=notice_on,
            held_on=held_on,
            minutes="Đối thoại",
            is_minutes_signed=True,
        )

    assert error.value.code == "notice"
    item.refresh_from_db()
    assert item.dialogue_on is None


def test_a_complaint_received_before_july_2026_needs_no_dialogue_notice(officer, leader, commune):
    complaint = signed_complaint(officer, commune, received_on=date(2026, 6, 30))
    item = accepted_and_assigned(complaint, leader, officer, commune)

    item = services.record_dialogue(
        item, by=officer, held_on=date(2026, 11, 16), minutes="Hai bên giữ ý kiến.", is_minutes_signed=True
    )

    assert (item.dialogue_on, item.dialogue_notice_on) == (date(2026, 11, 16), None)


def test_a_complaint_decision_needs_its_number_date_and_content(officer, leader, commune):
    item = accepted_and_assigned(signed_complaint(officer, commune), leader, officer, commune)

    with pytest.raises(ValidationError) as error:
        services.resolve_feedback(item, by=officer, public_answer="Giữ nguyên.", decision_number="21/QĐ-UBND")

    assert error.value.code == "decision"


def test_a_refused_step_is_explained_in_vietnamese(officer, leader, commune):
    item = services.accept_feedback(receive(officer, commune), by=leader, accepted_on=date(2026, 11, 3))

    with translation.override("vi"), pytest.raises(ValidationError) as error:
        services.close_feedback(item, by=leader)

    assert error.value.messages == ["Không thể thực hiện khi vụ việc đang ở trạng thái Đã thụ lý."]


def test_the_answer_goes_to_the_contact_once_and_the_case_closes(officer, leader, commune):
    item = receive(officer, commune, contact="0912 000 111", identity=Identity("Hà Văn Nam"))
    item = accepted_and_assigned(item, leader, officer, commune)
    item = services.resolve_feedback(item, by=officer, public_answer="Xã đã sửa đường ngày 20/11.")

    with pytest.raises(ValidationError):
        services.close_feedback(item, by=officer)
    services.send_answer(item, by=officer)
    services.send_answer(item, by=officer)
    item = services.close_feedback(item, by=officer)

    message = Notification.objects.get()
    assert (message.recipient, message.channel) == ("0912 000 111", "sms")
    assert item.tracking_code in message.body and "Xã đã sửa đường" in message.body
    assert (item.status, item.answer_sent_via) == (Status.CLOSED, "outbox")


def test_a_denouncers_answer_never_enters_the_outbox(officer, leader, commune):
    item = accepted_and_assigned(signed_denunciation(officer, commune), leader, officer, commune)
    item = services.resolve_feedback(
        item, by=officer, public_answer="Nội dung tố cáo đúng một phần.", **DECISION
    )

    item = services.send_answer(item, by=officer)

    assert item.answer_sent_via == "letter"
    assert not Notification.objects.exists()


def test_a_denunciations_answer_cannot_be_published(officer, leader, commune):
    item = accepted_and_assigned(signed_denunciation(officer, commune), leader, officer, commune)
    item = services.resolve_feedback(item, by=officer, public_answer="Kết luận.", **DECISION)

    with pytest.raises(ValidationError):
        services.set_publication(item, by=leader, publish=True)


def test_a_published_answer_is_listed_for_the_commune_and_can_be_taken_down(officer, leader, commune):
    item = accepted_and_assigned(receive(officer, commune), leader, officer, commune)
    item = services.resolve_feedback(item, by=officer, public_answer="Đã sửa.")

    services.set_publication(item, by=leader, publish=True)
    assert list(queries.published_answers(commune)) == [item]
    services.set_publication(item, by=leader, publish=False)

    assert not queries.published_answers(commune).exists()


def test_a_denunciation_outside_competence_is_transferred_with_the_referral_letter(officer, commune):
    item = signed_denunciation(officer, commune)

    item = services.transfer_feedback(
        item,
        by=officer,
        mode="transfer",
        referral_body="Thanh tra tỉnh Thanh Hóa",
        referral_number="45/UBND-TCD",
        referral_on=date(2026, 11, 5),
    )

    assert (item.status, item.referral_number, item.referral_body) == (
        Status.TRANSFERRED,
        "45/UBND-TCD",
        "Thanh tra tỉnh Thanh Hóa",
    )
    assert not item.is_open
    assert not Notification.objects.exists()  # the denouncer's contact is encrypted: no SMS


def test_a_transfer_needs_the_letter_number_and_the_body(officer, commune):
    item = signed_complaint(officer, commune)

    with pytest.raises(ValidationError) as error:
        services.transfer_feedback(
            item, by=officer, mode="transfer", referral_body="Tòa án", referral_on=date(2026, 11, 5)
        )

    assert error.value.code == "referral"
    item.refresh_from_db()
    assert item.status == Status.RECEIVED


def test_a_complaint_may_be_answered_with_guidance_and_the_person_is_told(officer, commune):
    item = receive(officer, commune, contact="dan@example.vn", identity=Identity("Hà Văn Nam"))

    services.transfer_feedback(
        item, by=officer, mode="guide", referral_body="UBND tỉnh", referral_on=date(2026, 11, 5)
    )

    message = Notification.objects.get()
    assert (message.channel, message.recipient) == ("email", "dan@example.vn")
    assert "UBND tỉnh" in message.body


def test_a_useful_contribution_drafts_one_thank_you_letter_to_its_sender(officer, commune):
    item = receive(officer, commune, identity=Identity("Trần Thị Mai", "Thôn Đông", "0912 000 111"))

    services.mark_useful_contribution(item, by=officer)
    services.mark_useful_contribution(item, by=officer)

    item.refresh_from_db()
    assert item.is_useful_contribution and item.useful_marked_by == officer and item.useful_marked_at
    assert item.events.filter(kind=FeedbackEvent.Kind.USEFUL).count() == 1
    letter = Letter.objects.get()
    # Issue #13 item 3: the letter names the sender only by reference to the encrypted identity.
    assert (letter.kind, letter.status) == ("thanks", "draft")
    assert letter.sender_identity == SenderIdentity.objects.get(item=item)
    assert item.tracking_code in letter.recipient_name and "Mai" not in str(letter)
    assert (letter.recipient_address, letter.recipient_phone) == ("", "")
    assert item.tracking_code in letter.fields["contribution"]
    assert item.thanks_letter_ref == f"letter:{letter.pk}"
    assert not queries.useful_without_letter(FeedbackItem.objects.all()).exists()


def test_an_anonymous_contribution_is_marked_but_has_nobody_to_thank(officer, commune):
    item = receive(officer, commune, is_anonymous=True)

    services.mark_useful_contribution(item, by=officer)

    assert not Letter.objects.exists()
    assert list(queries.useful_without_letter(FeedbackItem.objects.all())) == [item]


def test_a_denouncers_identity_never_goes_into_a_thank_you_letter(officer, leader, commune):
    item = signed_denunciation(officer, commune)

    services.mark_useful_contribution(item, by=leader)

    assert not Letter.objects.exists()


def test_an_outsider_cannot_take_any_step(officer, outsider_officer, leader, commune):
    item = accepted_and_assigned(receive(officer, commune), leader, officer, commune)

    with pytest.raises(PermissionDenied):
        services.record_verification(item, by=outsider_officer, verified_on=date(2026, 11, 5), result="x")
    with pytest.raises(PermissionDenied):
        services.mark_useful_contribution(item, by=outsider_officer)


def test_a_box_opening_records_every_item_or_none(officer, commune):
    items = [
        BoxItem(kind="reflection", content="Đèn đường thôn Đông hỏng", topic="infrastructure"),
        BoxItem(kind="praise", content="Cán bộ một cửa nhiệt tình"),
    ]

    opening = services.record_box_opening(
        commune,
        by=officer,
        opened_on=date(2026, 11, 30),
        location="Nhà văn hóa thôn Đông",
        opened_by="Ông Nguyễn Văn A (MTTQ), bà Lê Thị B (công chức)",
        items=items,
    )

    assert opening.item_count == 2
    assert set(opening.items.values_list("channel", "received_on")) == {
        ("suggestion_box", date(2026, 11, 30))
    }
    with pytest.raises(ValidationError) as error:
        services.record_box_opening(
            commune,
            by=officer,
            opened_on=date(2026, 11, 30),
            location="Trụ sở xã",
            opened_by="Tổ mở",
            items=[BoxItem(kind="reflection", content="Rác"), BoxItem(kind="complaint", content="Khiếu nại")],
        )
    assert "2" in error.value.messages[0]
    assert SuggestionBoxOpening.objects.count() == 1 and FeedbackItem.objects.count() == 2
