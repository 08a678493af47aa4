"""In a real browser: the chairman makes the year's plan from a shipped template and sees its targets."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from thanthien.browser import demo_logins, log_in, page_fixture  # noqa: F401  (the `page` fixture)
from thanthien.planning.models import Plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_chairman_makes_a_plan_from_a_template_and_sees_its_targets(live_server, page):
    logins = demo_logins()
    year = timezone.localdate().year
    log_in(page, live_server.url, "chutich", logins["chutich"])

    page.goto(live_server.url + "/planning/")
    page.get_by_role("link", name="Lập kế hoạch theo mẫu").click()
    page.locator("#id_template").select_option(
        label="Kế hoạch xây dựng chính quyền thân thiện giai đoạn 2023-2025 (theo mẫu UBND xã)"
    )
    page.locator("#id_number").fill(f"07/KH-UBND-{year}")
    page.locator("#id_title").fill(f"Kế hoạch xây dựng chính quyền thân thiện năm {year}")
    page.locator("#id_issued_on").fill(f"{year}-01-10")
    page.locator("#id_starts_on").fill(f"{year}-01-15")
    page.locator("#id_ends_on").fill(f"{year}-12-31")
    page.locator("#id_committee_decision").fill(f"Quyết định số 12/QĐ-UBND ngày 05/01/{year}")
    page.get_by_test_id("plan-save").click()

    expect(page.get_by_test_id("target-row")).to_have_count(4)
    page.screenshot(path="/tmp/planning_plan_detail.png", full_page=True)  # noqa: S108
    plan = Plan.objects.get()
    assert plan.steps.count() == 5 and plan.committee_decision.startswith("Quyết định số 12")
    page.goto(live_server.url + "/planning/conduct/")
    page.screenshot(path="/tmp/planning_conduct.png", full_page=True)  # noqa: S108
    page.goto(live_server.url + "/dossiers/")
    page.screenshot(path="/tmp/planning_desk.png", full_page=True)  # noqa: S108
