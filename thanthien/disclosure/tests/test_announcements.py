from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from thanthien.disclosure import queries, services
from thanthien.disclosure.models import Announcement
from thanthien.disclosure.tests.factories import household, village
from thanthien.notifications.models import Notification

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = datetime(2026, 3, 2, 9, 0, tzinfo=HANOI)
TOMORROW = TODAY + timedelta(days=1)


def announce(commune, by, **extra) -> Announcement:
    arguments: dict[str, Any] = {
        "category": Announcement.Category.EVENT,
        "title": "Ra quân vệ sinh môi trường",
        "body": "Sáng Chủ nhật, mời bà con ra quân.",
        "publish_at": TOMORROW,
    } | extra
    return services.create_announcement(commune, by=by, **arguments)


@pytest.mark.django_db
def test_an_announcement_for_tomorrow_is_not_public_today_and_goes_out_once_tomorrow(commune, officer):
    east = village(commune)
    consenting = household(east)
    services.record_consent(
        consenting, by=officer, channel="sms", purpose="Tin của xã", given_on=date(2026, 1, 1)
    )
    announcement = announce(commune, officer)

    assert announcement not in queries.public_announcements(commune, TODAY)
    assert services.send_due_announcements(TODAY).announcements == 0
    assert not Notification.objects.exists()

    first = services.send_due_announcements(TOMORROW)
    second = services.send_due_announcements(TOMORROW + timedelta(hours=1))

    assert announcement in queries.public_announcements(commune, TOMORROW)
    assert (first.announcements, first.messages) == (1, 1)
    assert (second.announcements, second.messages) == (0, 0)
    sent = Notification.objects.get()
    assert (sent.recipient, sent.channel) == ("0912345678", "sms")
    assert queries.message_counts(announcement) == {"sms": 1}


@pytest.mark.django_db
def test_households_without_consent_or_having_withdrawn_it_get_nothing(commune, officer):
    east = village(commune)
    household(east, "Không Đồng Ý", "0912000001")
    withdrawn = household(east, "Đã Rút", "0912000002")
    consent = services.record_consent(
        withdrawn, by=officer, channel="zalo", purpose="Tin", given_on=date(2026, 1, 1)
    )
    services.withdraw_consent(consent, by=officer, withdrawn_on=date(2026, 2, 1))
    announce(commune, officer)

    result = services.send_due_announcements(TOMORROW)

    assert (result.announcements, result.messages) == (1, 0)
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_an_announcement_to_one_village_reaches_only_its_households(commune, officer):
    east, west = village(commune, "t1", "Thôn Đông"), village(commune, "t2", "Thôn Tây")
    for home, phone in ((household(east, "A", "0912000011"), "e"), (household(west, "B", "0912000012"), "w")):
        services.record_consent(home, by=officer, channel="sms", purpose=phone, given_on=date(2026, 1, 1))
    announce(commune, officer, villages=[west])

    services.send_due_announcements(TOMORROW)

    assert list(Notification.objects.values_list("recipient", flat=True)) == ["0912000012"]


@pytest.mark.django_db
def test_an_expired_announcement_is_not_public(commune, officer):
    announcement = announce(commune, officer, publish_at=TODAY, expires_at=TOMORROW)

    assert announcement in queries.public_announcements(commune, TODAY)
    assert announcement not in queries.public_announcements(commune, TOMORROW + timedelta(minutes=1))


def test_reading_time_is_whole_minutes_at_least_one():
    assert queries.reading_minutes("một hai ba") == 1
    assert queries.reading_minutes(" ".join(["từ"] * 121)) == 2
