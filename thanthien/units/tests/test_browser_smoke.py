"""Smoke tests in a real browser: Debian's Chromium against the live server, through Playwright."""

import pytest
from playwright.sync_api import expect

from thanthien.browser import demo_logins, log_in, page_fixture  # noqa: F401  (the `page` fixture)

# serialized_rollback: a browser test commits for real and the database is emptied after it; the rows the
# migrations put in (calendar swaps, rule sets, the starter catalogue) are put back for the tests after it.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_chairman_logs_in_and_sees_his_commune_on_the_home_page(live_server, page, tmp_path):
    password = demo_logins()["chutich"]

    log_in(page, live_server.url, "chutich", password)

    expect(page.locator("h1")).to_contain_text("Lê Văn Thành")
    expect(page.locator("main, body").first).to_contain_text("Xã Hoằng Cát")
    screenshot = tmp_path / "home.png"
    page.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.stat().st_size > 0
    assert screenshot.read_bytes().startswith(PNG_SIGNATURE)


def test_public_page_on_a_phone_shows_leaders_phones_but_not_unpublished_ones(live_server, page):
    demo_logins()
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto(live_server.url + "/x/hoang-cat/")

    body = page.locator("body")
    expect(body).to_contain_text("Xã Hoằng Cát")
    expect(body).to_contain_text("Lê Văn Thành")
    expect(body).to_contain_text("Nguyễn Thị Hương")
    expect(page.locator('a[href="tel:0912000101"]')).to_be_visible()
    expect(body).to_contain_text("0912000101")
    expect(body).not_to_contain_text("0912000104")
