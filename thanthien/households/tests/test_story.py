"""A household's story: shown with its consent, refused and audited without it, closed to other communes."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_person, make_unit
from thanthien.core.models import AuditEvent
from thanthien.dossiers.tests.factories import receive_at
from thanthien.feedback.tests.helpers import receive, signed_denunciation
from thanthien.households import services
from thanthien.households.models import HouseholdConsent
from thanthien.letters.models import Letter
from thanthien.notifications.models import Notification
from thanthien.ratings import services as rating_services
from thanthien.reception.models import FieldVisit
from thanthien.units.models import Household, Role

pytestmark = pytest.mark.django_db

HEAD_PHONE = "0912000101"
MEMBER_PHONE = "0987000202"


@pytest.fixture
def village(commune):
    return make_unit("38-hc-01", "Thôn Đông", "village", commune)


@pytest.fixture
def household(village):
    return Household.objects.create(
        village=village, head_name="Nguyễn Văn Hộ", address="Xóm 1", phone=HEAD_PHONE
    )


def sent(commune, phone, key, body):
    return Notification.objects.create(
        unit=commune,
        recipient=phone,
        body=body,
        dedupe_key=key,
        status=Notification.Status.SENT,
        sent_at=timezone.now(),
    )


@pytest.fixture
def history(commune, village, household, officer, leader):
    """What the commune did with the household, and things that are not the household's."""
    now = timezone.now() - timedelta(hours=1)
    birth = receive_at(now, commune, officer, applicant_name="Nguyễn Thị Con", applicant_phone=MEMBER_PHONE)
    stranger = receive_at(now, commune, officer, applicant_name="Người Khác", applicant_phone="0900000999")
    Letter.objects.create(
        commune=commune,
        kind="congratulations_birth",
        status=Letter.Status.ISSUED,
        source_key="t:birth",
        dossier=birth,
        recipient_name="Nguyễn Thị Con",
        drafted_at=now,
        year=2026,
        register_number=7,
        symbol="TM-UBND",
        issued_on=date(2026, 11, 3),
        event_label="Khai sinh cháu Bé",
    )
    reflection = receive(officer, commune, content="Đèn đường thôn Đông hỏng.")
    sent(commune, HEAD_PHONE, f"feedback:{reflection.pk}:answer", "UBND xã đã thay đèn đường.")
    denunciation = signed_denunciation(officer, commune)
    sent(commune, MEMBER_PHONE, f"feedback:{denunciation.pk}:answer", "Bí mật: kết quả tố cáo.")
    sent(commune, MEMBER_PHONE, f"dossier:{birth.pk}:ready:official:3", "Nhắc cán bộ.")
    sent(commune, HEAD_PHONE, "announcement:1:1:sms", "Thông báo lịch tiêm chủng.")
    visit = FieldVisit.objects.create(
        commune=commune,
        village=village,
        visited_on=date(2026, 10, 20),
        purpose="Thăm hỏi gia đình chính sách",
        recorded_by=leader,
    )
    rating_services.record_rating(
        commune, level=1, channel="kiosk", dossier=birth, rated_at=now, comment="Bình luận riêng tư"
    )
    return {"birth": birth, "stranger": stranger, "visit": visit, "reflection": reflection}


def consent(household, by, phones=(MEMBER_PHONE,)):
    return services.record_story_consent(
        household,
        by=by,
        given_on=timezone.localdate(),
        phones=list(phones),
        stated_purpose="Hồ sơ phục vụ hộ",
    )


def test_with_consent_the_page_shows_what_the_commune_did_and_audits_the_read(
    client, officer, household, history
):
    consent(household, officer)
    client.force_login(officer)

    response = client.get(reverse("households:story", args=[household.pk]))

    assert response.status_code == 200
    kinds = {entry.kind for entry in response.context["read"].entries}
    assert kinds == {"dossier", "letter", "feedback", "visit", "rating", "message"}
    page = response.content.decode()
    assert history["birth"].code in page and history["stranger"].code not in page
    assert "Khai sinh cháu Bé" in page and "Thăm hỏi gia đình chính sách" in page
    assert history["reflection"].tracking_code in page
    assert "Đèn đường thôn Đông hỏng" not in page  # the feedback's content is not shown
    assert "Bình luận riêng tư" not in page  # nor a rating's
    assert "Bí mật" not in page and "Tố cáo" not in page  # a denunciation is never tied to the household
    assert "Nhắc cán bộ" not in page  # nor a message to the person as an official
    assert "Thông báo lịch tiêm chủng" in page
    event = AuditEvent.objects.get(action=AuditEvent.Action.VIEW, object_type="units.Household")
    assert (event.actor, event.unit_path, event.changes["read"]) == (
        officer,
        household.village.parent.path,
        "household_story",
    )


def test_with_consent_withdrawn_the_page_shows_nothing_and_the_read_is_refused_and_audited(
    client, leader, household, history
):
    given = consent(household, leader)
    client.force_login(leader)
    assert client.get(reverse("households:story", args=[household.pk])).context["read"].entries

    response = client.post(reverse("households:consent_withdraw", args=[household.pk]))
    assert response.status_code == 302
    given.refresh_from_db()
    assert given.withdrawn_at is not None and given.withdrawn_by == leader

    response = client.get(reverse("households:story", args=[household.pk]))

    assert response.status_code == 200
    assert response.context["read"].is_refused and response.context["read"].entries == []
    page = response.content.decode()
    assert 'data-testid="no-consent"' in page and 'data-testid="story"' not in page
    assert history["birth"].code not in page and "Khai sinh" not in page
    refused = AuditEvent.objects.filter(action=services.REFUSED, object_id=str(household.pk))
    assert refused.count() == 1 and refused.get().actor == leader
    assert refused.get().unit_path == household.village.parent.path  # in the commune's audit log
    withdrawn = AuditEvent.objects.get(action=AuditEvent.Action.UPDATE, object_id=str(given.pk))
    assert withdrawn.changes == {"withdrawn": True}


def test_without_any_consent_the_read_is_refused_and_audited(client, officer, household, history):
    client.force_login(officer)

    response = client.get(reverse("households:story", args=[household.pk]))

    assert response.context["read"].is_refused
    assert history["birth"].code not in response.content.decode()
    assert AuditEvent.objects.filter(action=services.REFUSED, object_id=str(household.pk)).exists()


def test_consent_recorded_through_the_page_with_its_purpose_and_phones(client, officer, household, history):
    client.force_login(officer)

    response = client.post(
        reverse("households:consent_record", args=[household.pk]),
        {
            "stated_purpose": "Hồ sơ phục vụ hộ gia đình",
            "given_on": timezone.localdate().isoformat(),
            "phones": "+84 987 000 202",
            "has_agreed": "on",
        },
    )

    assert response.status_code == 302
    recorded = HouseholdConsent.objects.get()
    assert (recorded.phones, recorded.stated_purpose, recorded.recorded_by) == (
        [MEMBER_PHONE],
        "Hồ sơ phục vụ hộ gia đình",
        officer,
    )
    assert (
        history["birth"].code in client.get(reverse("households:story", args=[household.pk])).content.decode()
    )


@pytest.mark.parametrize("who", ["outsider_officer", "other_leader", "reviewer"])
def test_staff_of_another_commune_or_above_cannot_see_it(
    request, client, other_commune, household, officer, who
):
    consent(household, officer)
    users = {"other_leader": lambda: make_person("ct_khac", other_commune, Role.LEADER, "Chủ tịch khác")}
    user = users[who]() if who in users else request.getfixturevalue(who)
    client.force_login(user)

    assert client.get(reverse("households:story", args=[household.pk])).status_code == 404
    assert client.post(reverse("households:consent_withdraw", args=[household.pk])).status_code == 404
    assert not AuditEvent.objects.filter(object_type="units.Household").exists()
    assert household.pk not in [h.pk for h in client.get(reverse("households:list")).context["page"]]


def test_the_households_own_staff_list_it(client, officer, household):
    client.force_login(officer)

    response = client.get(reverse("households:list"))

    assert [h.pk for h in response.context["page"]] == [household.pk]
