"""In a real browser: a province's administrator changes a legal time limit from a later date on the
settings pages (Cài đặt), sees it scheduled beside the limit in force, and finds the change in the history."""

import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import make_person
from thanthien.browser import demo_logins, log_in, page_fixture  # noqa: F401  (the `page` fixture)
from thanthien.feedback.models import LegalTimeLimit
from thanthien.feedback.services import limits_on
from thanthien.units.models import Role, Unit

SHOTS = Path(tempfile.gettempdir())
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_province_administrator_changes_a_legal_time_limit_from_a_later_date(live_server, page):
    demo_logins()
    make_person("quantri_tinh", Unit.objects.get(code="38"), Role.ADMINISTRATOR, "Đặng Quản Trị Tỉnh")
    start = timezone.localdate() + timedelta(days=40)
    limit = LegalTimeLimit.objects.get(case_kind="complaint", step="resolve", instance="first", area="normal")

    log_in(page, live_server.url, "quantri_tinh", "mật-khẩu-thử-1")
    page.get_by_role("link", name="Cài đặt").click()
    page.get_by_role("link", name="Thời hạn theo luật").click()
    row = page.get_by_test_id("section-in_force").locator(f'[data-pk="{limit.pk}"]')
    expect(row).to_contain_text("Khiếu nại")
    row.get_by_test_id("new-version").click()
    expect(page.locator("#id_days")).to_have_value("30")
    page.fill("#id_days", "25")
    page.fill("#id_legal_basis", "Nghị định 999/2026/NĐ-CP, điều 5")
    page.fill("#id_valid_from", start.isoformat())
    page.screenshot(path=str(SHOTS / "settings_new_version.png"), full_page=True)
    page.locator("main form button[type=submit]").click()

    expect(page.locator(".messages")).to_contain_text(start.strftime("%d/%m/%Y"))
    scheduled = page.get_by_test_id("section-future").get_by_test_id("setting-row")
    expect(scheduled).to_have_count(1)
    expect(scheduled).to_contain_text("Nghị định 999/2026/NĐ-CP")
    expect(scheduled).to_contain_text("từ " + start.strftime("%d/%m/%Y"))
    until = (start - timedelta(days=1)).strftime("%d/%m/%Y")
    expect(page.get_by_test_id("section-in_force")).to_contain_text("đến hết " + until)
    expect(page.get_by_test_id("history-row").first).to_contain_text("Đặng Quản Trị Tỉnh")
    expect(page.get_by_test_id("history-row").first).to_contain_text("30 → 25")
    page.screenshot(path=str(SHOTS / "settings_legal_time_limits.png"), full_page=True)
    assert limits_on(start - timedelta(days=1)).get("complaint", "resolve", "first").days == 30
    assert limits_on(start).get("complaint", "resolve", "first").days == 25
    limit.refresh_from_db()
    assert limit.days == 30


def test_a_commune_administrator_sees_the_shared_limits_without_a_way_to_change_them(live_server, page):
    logins = demo_logins()

    log_in(page, live_server.url, "quantri", logins["quantri"])
    page.get_by_role("link", name="Cài đặt").click()
    page.get_by_role("link", name="Thời hạn theo luật").click()

    expect(page.get_by_test_id("setting-row").first).to_be_visible()
    expect(page.get_by_test_id("new-version")).to_have_count(0)
    expect(page.get_by_test_id("setting-add")).to_have_count(0)
