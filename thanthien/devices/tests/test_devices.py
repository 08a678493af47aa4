"""Device keys: pairing, what a key may record, revoking, and the village head's scope."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from conftest import make_person, make_unit
from thanthien.core.models import AuditEvent
from thanthien.devices import permissions, services
from thanthien.devices.models import DeviceKey
from thanthien.feedback.models import FeedbackItem, SenderIdentity
from thanthien.ratings.models import Rating
from thanthien.units.models import Role


@pytest.fixture
def village(commune):
    return make_unit("38-hc-t1", "Thôn Đông", "village", commune)


@pytest.fixture
def head(village):
    return make_person("truongthon", village, Role.VILLAGE_HEAD, "Lê Văn Thôn")


def bearer(key):
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def rating_body(key="k-1", level=4):
    return {"level": level, "idempotency_key": key, "reasons": ["quick"]}


@pytest.mark.django_db
def test_pairing_a_kiosk_keeps_only_a_hash_and_is_audited(officer, commune):
    paired = services.pair_kiosk(commune, name="  Máy  quầy 1 ", by=officer)

    device = DeviceKey.objects.get()
    assert device.name == "Máy quầy 1"
    assert paired.key.split(".")[1] not in device.secret_hash
    event = AuditEvent.objects.get(object_type="devices.DeviceKey")
    assert (event.action, event.actor, event.changes["unit"]) == ("create", officer, commune.code)


@pytest.mark.django_db
def test_only_the_communes_recorders_pair_its_kiosk(outsider_officer, commune, head):
    for person in (outsider_officer, head):
        with pytest.raises(PermissionDenied):
            services.pair_kiosk(commune, name="", by=person)


@pytest.mark.django_db
def test_a_kiosk_records_its_communes_ratings_once_per_key_without_any_login(client, officer, commune):
    key = services.pair_kiosk(commune, name="", by=officer).key
    url = reverse("api:device_kiosk_rating")

    first = client.post(url, rating_body(), content_type="application/json", **bearer(key))
    again = client.post(url, rating_body(), content_type="application/json", **bearer(key))

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == {"id": first.json()["id"], "replayed": True}
    rating = Rating.objects.get()
    assert (rating.unit, rating.channel, rating.reasons, rating.entered_by) == (
        commune,
        "kiosk",
        ["quick"],
        None,
    )


@pytest.mark.django_db
def test_a_rating_resent_after_pairing_again_still_counts_once(client, officer, commune):
    old = services.pair_kiosk(commune, name="", by=officer)
    url = reverse("api:device_kiosk_rating")
    client.post(url, rating_body(), content_type="application/json", **bearer(old.key))
    services.revoke_device_key(old.device, by=officer)
    new = services.pair_kiosk(commune, name="", by=officer).key

    response = client.post(url, rating_body(), content_type="application/json", **bearer(new))

    assert response.status_code == 200
    assert Rating.objects.count() == 1


@pytest.mark.django_db
def test_a_revoked_key_is_refused_with_a_vietnamese_message(client, officer, leader, commune):
    paired = services.pair_kiosk(commune, name="", by=officer)
    services.revoke_device_key(paired.device, by=leader)

    response = client.post(
        reverse("api:device_kiosk_rating"),
        rating_body(),
        content_type="application/json",
        **bearer(paired.key),
    )

    assert response.status_code == 401
    assert "đã bị thu hồi" in response.json()["errors"][0]
    assert Rating.objects.count() == 0
    event = AuditEvent.objects.filter(object_type="devices.DeviceKey", action="update").get()
    assert (event.actor, event.changes) == (leader, {"revoked": [False, True]})


@pytest.mark.django_db
def test_a_wrong_key_is_refused_as_unpaired(client, officer, commune):
    paired = services.pair_kiosk(commune, name="", by=officer)
    wrong = paired.key[:-2] + ("aa" if not paired.key.endswith("aa") else "bb")

    response = client.get(reverse("api:device_kiosk"), **bearer(wrong))

    assert response.status_code == 401
    assert "chưa được ghép nối" in response.json()["errors"][0]


@pytest.mark.django_db
def test_a_kiosk_key_cannot_bring_village_items_nor_a_village_key_ratings(
    client, officer, commune, village, head
):
    kiosk = services.pair_kiosk(commune, name="", by=officer).key
    phone = services.pair_village_phone(village, name="", by=head).key
    item = {"client_key": "c-1", "kind": "reflection", "content": "Đường hỏng", "is_anonymous": True}

    wrong_item = client.post(
        reverse("api:device_village_item"), item, content_type="application/json", **bearer(kiosk)
    )
    wrong_rating = client.post(
        reverse("api:device_kiosk_rating"), rating_body(), content_type="application/json", **bearer(phone)
    )

    assert (wrong_item.status_code, wrong_rating.status_code) == (403, 403)
    assert not FeedbackItem.objects.exists() and not Rating.objects.exists()


@pytest.mark.django_db
def test_the_kiosk_settings_give_the_levels_best_first_and_the_officials(client, officer, commune):
    key = services.pair_kiosk(commune, name="Quầy 1", by=officer).key

    body = client.get(reverse("api:device_kiosk"), **bearer(key)).json()

    assert [level["label"] for level in body["levels"]] == [
        "Rất hài lòng",
        "Hài lòng",
        "Bình thường",
        "Không hài lòng",
    ]
    assert (body["commune_name"], body["device"]) == ("Xã Hoằng Cát", "Quầy 1")


@pytest.mark.django_db
def test_the_kiosk_page_needs_no_login_and_links_its_manifest_and_worker(client):
    response = client.get(reverse("devices:kiosk"))
    worker = client.get(reverse("devices:kiosk_sw"))
    manifest = client.get(reverse("devices:kiosk_manifest")).json()

    assert response.status_code == 200
    html = response.content.decode()
    assert 'rel="manifest" href="/ratings/kiosk/app.webmanifest"' in html
    assert 'data-sw-url="/ratings/kiosk/sw.js"' in html
    assert worker["Content-Type"].startswith("text/javascript")
    assert 'const START = "/ratings/kiosk/"' in worker.content.decode()
    assert (manifest["start_url"], manifest["scope"]) == ("/ratings/kiosk/", "/ratings/kiosk/")


@pytest.mark.django_db
def test_village_head_brings_an_item_once_with_consent_into_the_communes_intake(
    client, commune, village, head
):
    key = services.pair_village_phone(village, name="", by=head).key
    item = {
        "client_key": "c-1",
        "kind": "recommendation",
        "content": "Sửa cống thoát nước",
        "name": "Trần Thị Hoa",
        "contact": "0912345678",
        "has_consent": True,
    }
    url = reverse("api:device_village_item")

    first = client.post(url, item, content_type="application/json", **bearer(key))
    again = client.post(url, item, content_type="application/json", **bearer(key))

    assert (first.status_code, again.status_code) == (201, 201)
    case = FeedbackItem.objects.get()
    assert (case.unit, case.village, case.channel, case.received_by) == (
        commune,
        village,
        "village_head",
        head,
    )
    assert SenderIdentity.objects.filter(item=case).exists()
    consent = AuditEvent.objects.filter(object_id=str(case.pk), changes__consent_purpose="answer")
    assert [event.actor for event in consent] == [head]  # written once, though the item came twice
    assert "Trần Thị Hoa" not in first.content.decode() and "0912345678" not in first.content.decode()
    brought = client.get(url, **bearer(key)).json()
    assert [(b["tracking_code"], b["status_label"]) for b in brought] == [
        (case.tracking_code, "Đã tiếp nhận")
    ]


@pytest.mark.django_db
def test_a_name_without_consent_is_refused_and_a_complaint_cannot_be_anonymous(commune, village, head):
    device = services.pair_village_phone(village, name="", by=head).device

    with pytest.raises(ValidationError, match="đồng ý"):
        services.bring_village_item(
            device, client_key="a", kind="reflection", content="X", name="Trần Thị Hoa"
        )
    with pytest.raises(ValidationError):
        services.bring_village_item(device, client_key="b", kind="complaint", content="X", is_anonymous=True)
    assert not FeedbackItem.objects.exists()


@pytest.mark.django_db
def test_a_village_phone_stops_when_its_holder_is_no_longer_the_head(client, village, head):
    key = services.pair_village_phone(village, name="", by=head).key
    head.memberships.update(is_active=False)

    response = client.get(reverse("api:device_village"), **bearer(key))

    assert response.status_code == 401


@pytest.mark.django_db
def test_a_village_head_sees_nothing_of_the_commune_and_pairs_only_their_village(
    commune, village, head, province
):
    other = make_unit("38-hc-t2", "Thôn Tây", "village", commune)

    assert not permissions.can_pair_village_phone(head, other)
    assert not permissions.can_pair_kiosk(head, commune)
    with pytest.raises(PermissionDenied):
        services.pair_village_phone(other, name="", by=head)
    from thanthien.feedback.permissions import visible_feedback

    assert not visible_feedback(head).exists()


@pytest.mark.django_db
def test_the_village_head_role_is_given_at_a_village_only(commune, village, province):
    from thanthien.units import services as units

    admin = make_person("quantri", province, Role.ADMINISTRATOR)
    person = make_person("nguoimoi", commune, None)

    with pytest.raises(ValidationError):
        units.grant_role(person, unit=commune, role=Role.VILLAGE_HEAD, by=admin)
    with pytest.raises(ValidationError):
        units.grant_role(person, unit=village, role=Role.DESK_OFFICER, by=admin)
    assert units.grant_role(person, unit=village, role=Role.VILLAGE_HEAD, by=admin).unit == village


@pytest.mark.django_db
def test_managers_see_and_revoke_the_communes_devices_a_head_only_their_phone(
    commune, village, head, officer, leader
):
    kiosk = services.pair_kiosk(commune, name="", by=officer).device
    phone = services.pair_village_phone(village, name="", by=head).device

    assert set(permissions.visible_device_keys(leader)) == {kiosk, phone}
    assert set(permissions.visible_device_keys(head)) == {phone}
    assert permissions.can_revoke_device_key(head, phone) and not permissions.can_revoke_device_key(
        head, kiosk
    )
    with pytest.raises(PermissionDenied):
        services.revoke_device_key(kiosk, by=head)


@pytest.mark.django_db
def test_the_village_settings_name_the_village_its_head_and_say_a_complaint_needs_a_name(
    client, village, head
):
    key = services.pair_village_phone(village, name="", by=head).key

    response = client.get(reverse("api:device_village"), **bearer(key))

    body = response.json()
    assert (body["village_name"], body["commune_name"], body["head"]) == (
        "Thôn Đông",
        "Xã Hoằng Cát",
        "Lê Văn Thôn",
    )
    assert {kind["value"]: kind["may_be_anonymous"] for kind in body["kinds"]}["complaint"] is False


@pytest.mark.django_db
def test_a_kiosk_lists_its_communes_active_officials_and_refuses_another_communes(
    client, officer, commune, other_commune
):
    from thanthien.units.models import Official

    ours = Official.objects.create(unit=commune, full_name="Đỗ Thị Tiếp Dân", title="Công chức Tư pháp")
    Official.objects.create(unit=commune, full_name="Nghỉ Hưu", title="Công chức", is_active=False)
    stranger = Official.objects.create(unit=other_commune, full_name="Trần Văn Khác", title="Công chức")
    key = services.pair_kiosk(commune, name="", by=officer).key

    listed = client.get(reverse("api:device_kiosk"), **bearer(key)).json()["officials"]
    refused = client.post(
        reverse("api:device_kiosk_rating"),
        {**rating_body(), "official_id": stranger.pk},
        content_type="application/json",
        **bearer(key),
    )

    assert [person["full_name"] for person in listed] == [ours.full_name]
    assert refused.status_code == 422
    assert not Rating.objects.exists()


@pytest.mark.django_db
def test_village_head_sends_a_survey_slip_of_their_village_once(client, commune, village, head):
    from django.utils import timezone

    from thanthien.ratings.models import SurveyResponse
    from thanthien.ratings.tests.factories import make_campaign, make_supervisor

    today = timezone.localdate()
    campaign = make_campaign(commune, make_supervisor(commune), starts_on=today, ends_on=today)
    key = services.pair_village_phone(village, name="", by=head).key
    slip = {
        "campaign_id": campaign.pk,
        "answers": {"1": 4, "3": 3, "5": [1, 3], "6": "Cán bộ nhiệt tình"},
        "idempotency_key": "slip-1",
    }
    url = reverse("api:device_village_slip")

    offered = client.get(reverse("api:device_village"), **bearer(key)).json()["campaigns"]
    first = client.post(url, slip, content_type="application/json", **bearer(key))
    again = client.post(url, slip, content_type="application/json", **bearer(key))

    assert [(c["id"], len(c["questions"])) for c in offered] == [(campaign.pk, 6)]
    assert (first.status_code, again.status_code) == (201, 200)
    response = SurveyResponse.objects.get()
    assert (response.village, response.channel, response.entered_by) == (village, "village", head)
    assert response.answers.count() == 4


@pytest.mark.django_db
def test_a_closed_survey_takes_no_slip_from_the_village(client, commune, village, head):
    from datetime import date

    from thanthien.ratings.tests.factories import make_campaign, make_supervisor

    campaign = make_campaign(
        commune, make_supervisor(commune), starts_on=date(2020, 1, 1), ends_on=date(2020, 1, 2)
    )
    key = services.pair_village_phone(village, name="", by=head).key

    response = client.post(
        reverse("api:device_village_slip"),
        {"campaign_id": campaign.pk, "answers": {"1": 4}, "idempotency_key": "s"},
        content_type="application/json",
        **bearer(key),
    )

    assert response.status_code == 422


@pytest.mark.django_db
def test_an_administrator_makes_a_village_heads_account_at_the_village(client, commune, village, province):
    from thanthien.units.models import Membership

    admin = make_person("quantri", province, Role.ADMINISTRATOR)
    client.force_login(admin)
    url = reverse("units:account_create")
    fields = {
        "username": "truongthon2",
        "full_name": "Phạm Văn Thôn",
        "unit": village.pk,
        "role": "village_head",
    }

    made = client.post(url, fields)
    refused = client.post(url, {**fields, "username": "truongthon3", "unit": commune.pk})

    assert made.status_code == 200 and "truongthon2" in made.content.decode()
    membership = Membership.objects.get(user__username="truongthon2")
    assert (membership.unit, membership.role) == (village, "village_head")
    assert not Membership.objects.filter(user__username="truongthon3").exists()
    assert "Trưởng thôn được gán cho một thôn" in refused.content.decode()


@pytest.mark.django_db
def test_a_front_member_at_the_village_collects_as_the_head_does_and_sees_nothing_of_the_commune(
    client, commune, village, province
):
    from thanthien.feedback.permissions import visible_feedback
    from thanthien.units import services as units

    admin = make_person("quantri", province, Role.ADMINISTRATOR)
    member = make_person("mattranthon", commune, None, "Phạm Thị Mặt Trận")
    with pytest.raises(ValidationError):
        units.grant_role(member, unit=commune, role=Role.VILLAGE_FRONT, by=admin)
    units.grant_role(member, unit=village, role=Role.VILLAGE_FRONT, by=admin)
    key = services.pair_village_phone(village, name="", by=member).key
    item = {"client_key": "f-1", "kind": "reflection", "content": "Đèn đường hỏng", "is_anonymous": True}

    answer = client.post(
        reverse("api:device_village_item"), item, content_type="application/json", **bearer(key)
    )

    assert answer.status_code == 201
    case = FeedbackItem.objects.get()
    assert (case.unit, case.village, case.channel, case.received_by) == (
        commune,
        village,
        "village_head",
        member,
    )
    assert case.get_channel_display() == "Thu nhận tại thôn"
    assert not visible_feedback(member).exists()
    assert not permissions.can_pair_kiosk(member, commune)
