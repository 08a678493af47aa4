"""The kiosk and the village app in a real browser, with the network cut (Playwright's offline mode).

Each page is loaded, the network cut, the page reloaded (the service worker serves it), items recorded,
the network back: each item stored exactly once, with no officer's login in the browser.
"""

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from thanthien.browser import demo_logins, log_in, page_fixture  # noqa: F401  (the `page` fixture)
from thanthien.devices.models import DeviceKey
from thanthien.feedback.models import FeedbackItem, SenderIdentity
from thanthien.ratings.models import Rating, SurveyResponse
from thanthien.ratings.tests.factories import make_campaign, make_supervisor
from thanthien.units.models import Membership, Role, Unit, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
SHOTS = "/tmp/shots-kiosk"  # noqa: S108  (screenshots to look at, not a secret nor a shared file)


def pair_kiosk(page, base_url: str, password: str) -> None:
    """A desk officer signs in on the tablet, pairs it, signs out and leaves the kiosk open."""
    log_in(page, base_url, "motcua", password)
    page.goto(base_url + "/devices/pair/kiosk/")
    page.get_by_label("Tên thiết bị").fill("Máy tính bảng quầy 1")
    page.get_by_test_id("pair-submit").click()
    page.get_by_test_id("pair-done").click()  # enabled once the key is in the tablet's IndexedDB
    page.wait_for_url("**/ratings/kiosk/")
    expect(page.get_by_role("button", name="Rất hài lòng")).to_be_visible()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")


def rate(page, level: str, comment: str = "") -> None:
    page.get_by_role("button", name=level, exact=True).click()
    if comment:
        page.get_by_test_id("kiosk-comment").fill(comment)
    page.get_by_test_id("kiosk-send").click()
    expect(page.get_by_test_id("kiosk-thanks")).to_be_visible()
    expect(page.get_by_test_id("kiosk-thanks")).to_be_hidden()


def test_kiosk_reloaded_offline_keeps_three_ratings_and_sends_each_once(live_server, page):
    logins = demo_logins()
    page.set_viewport_size({"width": 1024, "height": 768})  # a tablet
    page.goto(live_server.url + "/ratings/kiosk/")
    expect(page.get_by_test_id("device-unpaired")).to_contain_text("chưa được ghép nối")
    page.screenshot(path=f"{SHOTS}/kiosk-tablet-unpaired.png")
    pair_kiosk(page, live_server.url, logins["motcua"])
    # Signed out: the kiosk runs on its device key alone.
    assert settings.SESSION_COOKIE_NAME not in {cookie["name"] for cookie in page.context.cookies()}
    device = DeviceKey.objects.get()
    assert (device.kind, device.unit.name, device.paired_by.username) == ("kiosk", "Xã Hoằng Cát", "motcua")
    pending = page.get_by_test_id("kiosk-pending")

    page.context.set_offline(True)
    page.reload()
    expect(page.get_by_role("button", name="Rất hài lòng")).to_be_visible()
    rate(page, "Rất hài lòng")
    rate(page, "Hài lòng")
    rate(page, "Không hài lòng", "Phải chờ hơi lâu ở quầy tiếp nhận")
    expect(pending).to_have_text("3")
    # Background Sync, where the browser has it (Chromium does): the service worker sends when back online.
    tags = page.evaluate("() => navigator.serviceWorker.ready.then((r) => r.sync.getTags())")
    assert tags == ["thanthien-queue"]
    page.screenshot(path=f"{SHOTS}/kiosk-tablet-offline.png")
    assert Rating.objects.count() == 0

    page.reload()  # still offline: the queue survives the reload
    expect(pending).to_have_text("3")
    page.context.set_offline(False)

    expect(pending).to_have_text("0")
    page.screenshot(path=f"{SHOTS}/kiosk-tablet-sent.png")
    assert sorted(Rating.objects.values_list("level", flat=True)) == [1, 3, 4]
    assert set(Rating.objects.values_list("channel", flat=True)) == {"kiosk"}
    assert Rating.objects.get(level=1).comment == "Phải chờ hơi lâu ở quầy tiếp nhận"
    page.reload()
    page.wait_for_load_state("networkidle")
    assert Rating.objects.count() == 3


def test_a_revoked_kiosk_is_told_so_in_vietnamese_and_keeps_its_ratings_until_paired_again(live_server, page):
    logins = demo_logins()
    pair_kiosk(page, live_server.url, logins["motcua"])
    pending = page.get_by_test_id("kiosk-pending")
    page.context.set_offline(True)
    rate(page, "Hài lòng")
    rate(page, "Bình thường")
    expect(pending).to_have_text("2")

    leader = page.context.browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    settings_page = leader.new_page()
    log_in(settings_page, live_server.url, "quantri", logins["quantri"])
    settings_page.goto(live_server.url + "/devices/")
    expect(settings_page.get_by_test_id("device-list")).to_contain_text("Máy tính bảng quầy 1")
    settings_page.get_by_role("button", name="Thu hồi").click()
    expect(settings_page.get_by_test_id("device-list")).to_contain_text("Đã thu hồi")
    settings_page.screenshot(path=f"{SHOTS}/devices-list-revoked.png", full_page=True)
    leader.close()
    assert DeviceKey.objects.get().revoked_by.username == "quantri"

    page.context.set_offline(False)
    refused = page.get_by_test_id("device-refused")
    expect(refused).to_be_visible()
    expect(refused).to_contain_text("Khóa của thiết bị này đã bị thu hồi")
    page.reload()
    expect(refused).to_be_visible()
    expect(pending).to_have_text("2")
    page.screenshot(path=f"{SHOTS}/kiosk-revoked.png")
    assert Rating.objects.count() == 0

    pair_kiosk(page, live_server.url, logins["motcua"])  # paired again: the same queue goes out

    expect(pending).to_have_text("0")
    expect(refused).to_be_hidden()
    assert sorted(Rating.objects.values_list("level", flat=True)) == [2, 3]
    assert DeviceKey.objects.filter(revoked_at__isnull=True).count() == 1


def test_village_head_records_two_items_offline_and_each_arrives_once(live_server, page):
    demo_logins()
    village = Unit.objects.filter(level=Unit.Level.VILLAGE, parent__name="Xã Hoằng Cát").order_by("code")[0]
    head = User.objects.create_user(
        username="truongthon", password="Mật-khẩu-thôn-1", full_name="Lê Văn Thôn"
    )
    Membership.objects.create(user=head, unit=village, role=Role.VILLAGE_HEAD)
    today = timezone.localdate()
    make_campaign(village.parent, make_supervisor(village.parent, "mttq-thu"), starts_on=today, ends_on=today)
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    log_in(page, live_server.url, "truongthon", "Mật-khẩu-thôn-1")
    page.goto(live_server.url + "/devices/pair/village/")
    page.screenshot(path=f"{SHOTS}/village-phone-pair.png", full_page=True)
    page.get_by_test_id("pair-submit").click()
    expect(page.get_by_test_id("pair-done")).to_be_enabled()
    page.screenshot(path=f"{SHOTS}/village-phone-paired.png", full_page=True)
    page.get_by_test_id("pair-done").click()
    page.wait_for_url("**/village/")
    expect(page.get_by_test_id("village-name")).to_have_text(village.name)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    pending = page.get_by_test_id("village-pending")

    page.context.set_offline(True)
    page.reload()
    page.get_by_test_id("village-kind").select_option("recommendation")
    page.get_by_test_id("village-content").fill("Đề nghị sửa đoạn đường liên thôn bị sụt lún sau mưa lũ")
    page.get_by_test_id("village-name-input").fill("Nguyễn Thị Hoa")
    page.get_by_test_id("village-contact").fill("0912345678")
    page.get_by_test_id("village-save").click()
    expect(page.locator("[data-village-error]")).to_contain_text("đồng ý")  # no consent yet: kept back
    page.get_by_test_id("village-consent").check()
    page.get_by_test_id("village-save").click()
    expect(pending).to_have_text("1")
    page.get_by_test_id("village-kind").select_option("reflection")
    page.get_by_test_id("village-content").fill("Đèn đường ở ngõ 3 không sáng đã hai tuần")
    page.get_by_test_id("village-anonymous").check()
    page.get_by_test_id("village-save").click()
    expect(pending).to_have_text("2")
    # A survey slip copied from paper: nothing about the person, the village and the answers only.
    slip = page.locator("[data-village-slip]")
    slip.locator("[data-question='1']").get_by_label("Rất hài lòng").check()
    slip.locator("[data-question='5']").get_by_label("Thời gian chờ").check()
    page.get_by_test_id("village-slip-save").click()
    expect(pending).to_have_text("3")
    page.screenshot(path=f"{SHOTS}/village-phone-offline.png", full_page=True)
    assert FeedbackItem.objects.count() == 0 and SurveyResponse.objects.count() == 0

    page.reload()
    expect(pending).to_have_text("3")
    page.context.set_offline(False)

    expect(pending).to_have_text("0")
    expect(page.get_by_test_id("village-brought").locator("li")).to_have_count(2)
    items = FeedbackItem.objects.order_by("id")
    assert [(i.channel, i.village_id, i.received_by_id) for i in items] == [
        ("village_head", village.pk, head.pk)
    ] * 2
    named, anonymous = items
    assert (named.kind, named.is_anonymous, anonymous.kind, anonymous.is_anonymous) == (
        "recommendation",
        False,
        "reflection",
        True,
    )
    assert SenderIdentity.objects.filter(item=named).exists()
    assert not SenderIdentity.objects.filter(item=anonymous).exists()
    expect(page.get_by_test_id("brought-status").first).to_have_text("Đã tiếp nhận")
    page.screenshot(path=f"{SHOTS}/village-phone-sent.png", full_page=True)
    response = SurveyResponse.objects.get()
    assert (response.village, response.channel, response.answers.count()) == (village, "village", 2)
    page.reload()
    page.wait_for_load_state("networkidle")
    assert FeedbackItem.objects.count() == 2 and SurveyResponse.objects.count() == 1
