"""Announcements changed before they go out, cancelled (off the site, never sent), the chairman's New Year
greeting as a draft, and the sweep as a command that sends nothing the second time."""

from datetime import date, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from thanthien.core.models import AuditEvent
from thanthien.disclosure import queries, services
from thanthien.disclosure.tests.factories import household, village
from thanthien.disclosure.tests.test_announcements import TODAY, TOMORROW, announce
from thanthien.notifications.models import Notification
from thanthien.units.models import Official

pytestmark = pytest.mark.django_db


@pytest.fixture
def consenting(commune, officer):
    services.record_consent(
        household(village(commune)),
        by=officer,
        channel="sms",
        purpose="Tin của xã",
        given_on=date(2026, 1, 1),
    )


def test_a_cancelled_announcement_leaves_the_site_and_never_goes_out(commune, officer, consenting):
    announcement = announce(commune, officer, publish_at=TODAY)
    assert announcement in queries.public_announcements(commune, TODAY)

    services.cancel_announcement(announcement, by=officer, reason="Hoãn vì mưa bão")
    swept = services.send_due_announcements(TOMORROW)

    assert announcement not in queries.public_announcements(commune, TOMORROW)
    assert (swept.announcements, swept.messages) == (0, 0) and not Notification.objects.exists()
    with pytest.raises(ValidationError):
        services.edit_announcement(announcement, by=officer, title="Lại")
    assert AuditEvent.objects.filter(action="announcement.cancel").count() == 1


def test_an_announcement_is_changed_before_it_goes_out_but_not_after(commune, officer, consenting):
    announcement = announce(commune, officer)

    services.edit_announcement(announcement, by=officer, title="Ra quân dọn vệ sinh", publish_at=TODAY)
    services.send_due_announcements(TOMORROW)
    announcement.refresh_from_db()

    assert announcement.title == "Ra quân dọn vệ sinh" and announcement.sent_at is not None
    assert "Ra quân dọn vệ sinh" in Notification.objects.get().body
    edit = AuditEvent.objects.get(action="announcement.edit")
    assert edit.changes["title"] == ["Ra quân vệ sinh môi trường", "Ra quân dọn vệ sinh"]
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        services.edit_announcement(announcement, by=officer, title="Sửa sau khi gửi")
    assert "hủy" in refused.value.messages[0]


def test_an_outsider_cannot_cancel(commune, officer, outsider_officer):
    announcement = announce(commune, officer)
    with pytest.raises(PermissionDenied):
        services.cancel_announcement(announcement, by=outsider_officer, reason="Không phải xã tôi")
    announcement.refresh_from_db()
    assert announcement.cancelled_at is None


def test_the_new_year_greeting_is_a_draft_signed_by_the_head_of_the_commune(client, commune, leader):
    Official.objects.create(
        unit=commune, full_name="Nguyễn Văn Chủ Tịch", title="Chủ tịch UBND xã", is_leader=True, sort_order=1
    )
    client.force_login(leader)

    with translation.override("vi"), time_machine.travel(TODAY, tick=False):
        page = client.get(
            reverse("disclosure:announcement_create"), {"commune": commune.pk, "template": "new_year"}
        )

    form = page.context["form"]
    assert form.initial["category"] == "greeting"
    assert form.initial["title"] == "Thư chúc Tết Nguyên đán 2027 của Chủ tịch UBND xã Hoằng Cát"
    assert form.initial["body"].endswith("Chủ tịch UBND xã Nguyễn Văn Chủ Tịch")


def test_the_sweep_command_sends_once(commune, officer, consenting):
    announce(commune, officer, publish_at=TODAY - timedelta(hours=1))
    first, second = StringIO(), StringIO()

    with time_machine.travel(TODAY, tick=False):
        call_command("sweep_announcements", stdout=first)
        call_command("sweep_announcements", stdout=second)

    assert "announcements=1 messages=1" in first.getvalue()
    assert "announcements=0 messages=0" in second.getvalue()
    assert Notification.objects.count() == 1


def test_staff_record_and_withdraw_a_consent_on_the_page_and_only_in_their_commune(
    client, commune, officer, leader, outsider_officer
):
    home = household(village(commune))
    client.force_login(leader)

    with translation.override("vi"):
        page = client.get(reverse("disclosure:consents"), {"commune": commune.pk})
        client.post(
            f"{reverse('disclosure:consents')}?commune={commune.pk}",
            {
                "household": home.pk,
                "channel": "zalo",
                "purpose": "Nhận thông báo của xã",
                "given_on": "2026-03-01",
            },
        )
    consent = queries.consents_of(commune).get()
    client.force_login(outsider_officer)
    refused = client.post(reverse("disclosure:consent_withdraw", args=[consent.pk]))
    client.force_login(leader)
    client.post(reverse("disclosure:consent_withdraw", args=[consent.pk]))
    consent.refresh_from_db()

    assert page.status_code == 200 and 'data-testid="consent-form"' in page.content.decode()
    assert (consent.channel, consent.purpose, consent.given_on) == (
        "zalo",
        "Nhận thông báo của xã",
        date(2026, 3, 1),
    )
    assert refused.status_code == 404
    assert consent.withdrawn_on is not None
    assert list(services.consents_in_force(commune, consent.withdrawn_on, [])) == []
    assert AuditEvent.objects.filter(action="consent.withdraw").count() == 1
