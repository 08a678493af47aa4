"""In a real browser: an administrator asks for a leader account, the chairman approves it and hands over
the one-time password, and the new leader must choose his own before anything opens (issue #13)."""

import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from thanthien.browser import demo_logins, log_in, page_fixture  # noqa: F401  (the `page` fixture)

SHOTS = Path(tempfile.gettempdir())  # the screenshots stay there, to be looked at
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_leader_account_is_approved_by_the_chairman_and_its_password_changed_at_first_login(
    live_server, page
):
    logins = demo_logins()
    log_in(page, live_server.url, "quantri", logins["quantri"])
    page.goto(live_server.url + "/units/accounts/new/")
    page.fill("#id_username", "phochutich")
    page.fill("#id_full_name", "Đỗ Văn Hải")
    page.select_option("#id_unit", label="Xã Hoằng Cát")
    page.select_option("#id_role", value="leader")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_test_id("awaits-approval")).to_be_visible()
    expect(page.get_by_test_id("one-time-password")).to_have_count(0)
    page.screenshot(path=str(SHOTS / "accounts_awaits_approval.png"), full_page=True)
    page.context.clear_cookies()

    log_in(page, live_server.url, "chutich", logins["chutich"])
    expect(page.get_by_test_id("home-pending-approvals")).to_be_visible()
    page.get_by_test_id("home-pending-approvals").click()  # a line of "Việc cần làm hôm nay"
    expect(page.get_by_test_id("approval-row").first).to_contain_text("Đỗ Văn Hải")
    page.screenshot(path=str(SHOTS / "accounts_approval_list.png"), full_page=True)
    page.get_by_role("button", name="Phê duyệt").first.click()
    password = page.get_by_test_id("one-time-password").inner_text()
    page.screenshot(path=str(SHOTS / "accounts_approved.png"), full_page=True)
    page.context.clear_cookies()

    log_in(page, live_server.url, "phochutich", password)
    expect(page.get_by_test_id("must-change-password")).to_be_visible()
    page.goto(live_server.url + "/dossiers/")
    expect(page.get_by_test_id("must-change-password")).to_be_visible()
    page.screenshot(path=str(SHOTS / "accounts_must_change.png"), full_page=True)
    page.fill("#id_old_password", password)
    page.fill("#id_new_password1", "Hoằng-Cát-2026!")
    page.fill("#id_new_password2", "Hoằng-Cát-2026!")
    page.locator("main form button[type=submit]").click()
    page.goto(live_server.url + "/")
    expect(page.locator("h1")).to_contain_text("Đỗ Văn Hải")
