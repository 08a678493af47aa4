"""The kiosk in a real browser: rate, reset, rate offline, come back online; each rating counted once."""

import pytest
from playwright.sync_api import expect

from thanthien.browser import demo_logins, log_in, page_fixture  # noqa: F401  (the `page` fixture)
from thanthien.ratings.models import Rating

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_kiosk_rates_resets_keeps_a_rating_offline_and_sends_each_once(live_server, page):
    logins = demo_logins()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    log_in(page, live_server.url, "motcua", logins["motcua"])
    page.goto(live_server.url + "/ratings/kiosk/")
    pending = page.get_by_test_id("kiosk-pending")
    thanks = page.get_by_test_id("kiosk-thanks")
    expect(page.get_by_test_id("kiosk-official")).to_have_text("Phạm Thị Lan")

    page.get_by_role("button", name="Rất hài lòng").click()
    page.locator("input[name=reasons][value=quick]").check()
    page.get_by_test_id("kiosk-send").click()

    expect(thanks).to_be_visible()
    expect(thanks).to_be_hidden()
    expect(page.get_by_role("button", name="Rất hài lòng")).to_have_attribute("aria-pressed", "false")
    expect(page.locator("input[name=reasons][value=quick]")).not_to_be_checked()
    expect(pending).to_have_text("0")
    first = Rating.objects.get()
    assert (first.level, first.channel, first.reasons) == (4, "kiosk", ["quick"])
    assert first.official.full_name == "Phạm Thị Lan"

    page.context.set_offline(True)
    page.get_by_role("button", name="Không hài lòng").click()
    page.get_by_test_id("kiosk-comment").fill("Phải chờ hơi lâu ở quầy tiếp nhận")
    page.get_by_test_id("kiosk-send").click()

    expect(thanks).to_be_visible()
    expect(pending).to_have_text("1")
    expect(page.get_by_test_id("kiosk-comment")).to_have_value("")
    assert Rating.objects.count() == 1

    page.context.set_offline(False)

    expect(pending).to_have_text("0")
    assert sorted(Rating.objects.values_list("level", flat=True)) == [1, 4]
    assert Rating.objects.get(level=1).comment == "Phải chờ hơi lâu ở quầy tiếp nhận"

    page.reload()

    expect(pending).to_have_text("0")
    page.wait_for_load_state("networkidle")
    assert Rating.objects.count() == 2
    assert not [line for line in console if "Content Security Policy" in line or "Kiosk:" in line], console
