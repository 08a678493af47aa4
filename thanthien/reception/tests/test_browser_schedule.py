"""The reception schedule in a real browser: its forms show their dates and submit them.

A browser's date box shows nothing when the page gives it a day as dd/mm/yyyy: the pre-filled dates must
arrive as ISO (yyyy-mm-dd), and the hours and days must be labelled Từ giờ/Đến giờ, Từ ngày/Đến ngày.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from thanthien.browser import demo_logins, log_in, page_fixture  # noqa: F401  (the `page` fixture)
from thanthien.reception.models import ReceptionRule, ReceptionSession
from thanthien.units.models import Official

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_leader_adds_a_weekly_rule_and_generates_its_sessions(live_server, page, tmp_path):
    logins = demo_logins()
    chairman = Official.objects.select_related("unit").get(user__username="chutich")
    today = timezone.localdate()
    log_in(page, live_server.url, "chutich", logins["chutich"])
    page.goto(live_server.url + "/reception/")

    page.locator("summary", has_text="Thêm lịch định kỳ").click()
    rule_form = page.locator("form[action='/reception/rules/new/']")
    expect(rule_form.get_by_label("Từ giờ")).to_be_visible()
    expect(rule_form.get_by_label("Đến giờ")).to_be_visible()
    expect(rule_form.locator("#rule_valid_from")).to_have_value(today.isoformat())
    rule_form.locator("#rule_leader").select_option(str(chairman.pk))
    rule_form.locator("#rule_capacity").select_option("chairman")
    rule_form.locator("#rule_frequency").select_option("weekly")
    rule_form.get_by_label("Thứ Năm").check()
    rule_form.locator("#rule_place").fill("Phòng tiếp công dân UBND xã")
    rule_form.get_by_label("Từ giờ").fill("07:30")
    rule_form.get_by_label("Đến giờ").fill("11:00")
    page.screenshot(path=tmp_path / "reception_rule_form.png", full_page=True)
    rule_form.get_by_role("button", name="Thêm lịch").click()
    expect(page.locator(".messages")).to_contain_text("Đã thêm")

    page.locator("summary", has_text="Tạo các buổi tiếp của một khoảng thời gian").click()
    generate = page.locator("form[action='/reception/sessions/generate/']")
    expect(generate.get_by_label("Từ ngày")).to_have_value(today.isoformat())
    expect(generate.get_by_label("Đến ngày")).to_have_value((today + timedelta(days=90)).isoformat())
    page.screenshot(path=tmp_path / "reception_generate_form.png", full_page=True)
    page.get_by_test_id("generate-sessions").click()

    expect(page.get_by_test_id("upcoming-sessions")).to_contain_text("07:30–11:00")
    rule = ReceptionRule.objects.get(place="Phòng tiếp công dân UBND xã")
    assert (rule.valid_from, rule.starts_at.strftime("%H:%M"), rule.ends_at.strftime("%H:%M")) == (
        today,
        "07:30",
        "11:00",
    )
    sessions = ReceptionSession.objects.filter(rule=rule)
    assert sessions.count() >= 12  # every Thursday of the next 90 days
    assert all(session.held_on.isoweekday() == 4 for session in sessions)
    assert all(today <= session.held_on <= today + timedelta(days=90) for session in sessions)


def test_an_ad_hoc_session_keeps_the_day_the_form_offered(live_server, page):
    logins = demo_logins()
    chairman = Official.objects.get(user__username="chutich")
    today = timezone.localdate()
    log_in(page, live_server.url, "chutich", logins["chutich"])
    page.goto(live_server.url + "/reception/")

    page.locator("summary", has_text="Thêm buổi tiếp đột xuất").click()
    form = page.locator("form[action='/reception/sessions/new/']")
    expect(form.locator("#adhoc_held_on")).to_have_value(today.isoformat())
    form.locator("#adhoc_leader").select_option(str(chairman.pk))
    form.locator("#adhoc_capacity").select_option("chairman")
    form.get_by_label("Từ giờ").fill("14:00")
    form.get_by_label("Đến giờ").fill("16:30")
    form.locator("#adhoc_place").fill("Nhà văn hóa thôn Cát Lợi")
    page.get_by_test_id("add-session").click()

    session = ReceptionSession.objects.get(place="Nhà văn hóa thôn Cát Lợi")
    expect(page).to_have_url(f"{live_server.url}/reception/sessions/{session.pk}/")
    assert (session.held_on, session.starts_at.strftime("%H:%M"), session.ends_at.strftime("%H:%M")) == (
        today,
        "14:00",
        "16:30",
    )
