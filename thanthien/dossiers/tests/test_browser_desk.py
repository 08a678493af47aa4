"""The one-stop desk in a real browser: receive, print, look up by the QR link, return; the sweep's slip."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from thanthien.browser import demo_logins, log_in, page_fixture  # noqa: F401  (the `page` fixture)
from thanthien.core.calendars import default_calendar
from thanthien.dossiers import services
from thanthien.dossiers.models import Dossier
from thanthien.dossiers.tests.factories import make_procedure
from thanthien.units.models import Unit, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_officer_receives_prints_citizen_looks_up_officer_returns(live_server, page, tmp_path, settings):
    settings.SITE_URL = live_server.url  # as run.py sets it: the address the server answers at
    logins = demo_logins()
    make_procedure("TEST-CTBS", "Chứng thực bản sao từ bản chính", "1", field="Chứng thực")
    log_in(page, live_server.url, "motcua", logins["motcua"])

    page.goto(live_server.url + "/dossiers/receive/")
    page.locator("#procedure-search").press_sequentially("chung thuc ban sao", delay=20)  # as a person types
    page.locator("[data-procedure-id]").filter(has_text="Chứng thực bản sao").first.click()
    page.fill("#id_applicant_name", "Nguyễn Văn An")
    page.fill("#id_applicant_phone", "0912 345 678")
    page.keyboard.press("Enter")

    expect(page.get_by_test_id("receipt")).to_be_visible()
    code = page.get_by_test_id("dossier-code").inner_text().strip()
    page.emulate_media(media="print")
    pdf = page.pdf(format="A5")
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000
    page.emulate_media(media="screen")
    lookup_url = page.get_by_test_id("lookup-link").get_attribute("href")
    assert lookup_url.startswith(f"{live_server.url}/x/hoang-cat/tra-cuu/?ma=")
    assert Dossier.objects.get(code=code).applicant_phone == "0912345678"

    citizen = page.context.browser.new_context(locale="vi-VN").new_page()
    citizen.goto(lookup_url)
    citizen.fill("#so", "5678")
    citizen.click("button[type=submit]")
    expect(citizen.get_by_test_id("lookup-status")).to_have_text("Đã tiếp nhận")
    expect(citizen.get_by_test_id("lookup-result")).not_to_contain_text("Nguyễn Văn An")

    page.goto(live_server.url + f"/dossiers/{code}/")
    page.get_by_test_id("mark-ready").click()
    page.get_by_test_id("return-result").click()
    expect(page.get_by_test_id("status")).to_have_text("Đã trả kết quả")

    citizen.reload()
    expect(citizen.get_by_test_id("lookup-status")).to_have_text("Đã trả kết quả")
    citizen.context.close()


def test_the_sweep_drafts_an_apology_slip_the_officer_issues(live_server, page):
    logins = demo_logins()
    officer = User.objects.get(username="motcua")
    commune = Unit.objects.get(slug="hoang-cat")
    procedure = make_procedure("TEST-XN", "Xác nhận tình trạng hôn nhân", "3")
    dossier = services.receive_dossier(
        commune, procedure=procedure, applicant_name="Lê Thị Hoa", applicant_phone="0987000111", by=officer
    )
    tomorrow = default_calendar().add_working_days(timezone.localdate(), 1)
    Dossier.objects.filter(pk=dossier.pk).update(due_on=tomorrow, statutory_due_on=tomorrow)  # almost due

    drafted = services.sweep_at_risk_dossiers()

    assert [p.dossier_id for p in drafted] == [dossier.pk]
    log_in(page, live_server.url, "motcua", logins["motcua"])
    page.goto(live_server.url + "/dossiers/")
    expect(page.get_by_test_id("section-at_risk")).to_contain_text(dossier.code)
    page.get_by_test_id("section-at_risk").get_by_text(dossier.code).click()
    page.fill("#id_postpone-reason", "Cần xác minh thêm thông tin tại nơi cư trú trước đây")
    page.get_by_test_id("issue-apology").click()
    expect(page.locator(".messages")).to_contain_text("Đã phát hành phiếu xin lỗi")
    dossier.refresh_from_db()
    assert dossier.postponement_count == 1 and dossier.due_on > tomorrow


def test_the_officer_picks_the_procedure_with_the_keyboard_then_hands_the_dossier_over(live_server, page):
    logins = demo_logins()
    make_procedure("TEST-KT1", "Thủ tục kiểm thử bàn phím một", "1", field="Kiểm thử")
    make_procedure("TEST-KT2", "Thủ tục kiểm thử bàn phím hai", "1", field="Kiểm thử")
    log_in(page, live_server.url, "motcua", logins["motcua"])

    page.goto(live_server.url + "/dossiers/receive/")
    search = page.locator("#procedure-search")
    search.press_sequentially("kiem thu ban phim", delay=20)
    options = page.locator("#procedure-options [data-procedure-id]")
    expect(options).to_have_count(2)
    page.wait_for_load_state("networkidle")  # the last keystroke's search has answered: the list stays
    search.press("ArrowDown")
    search.press("ArrowDown")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    second = options.nth(1).get_attribute("data-procedure-id")
    search.press("Enter")  # picks the highlighted option; does not send the form
    expect(page.locator("#id_procedure")).to_have_value(second)
    expect(page).to_have_url(live_server.url + "/dossiers/receive/")
    page.fill("#id_applicant_name", "Nguyễn Văn An")
    page.keyboard.press("Enter")

    page.get_by_test_id("go-hand-over").click()
    handover = page.get_by_test_id("handover-form")
    handover.locator("select").select_option(index=1)  # the first official of the commune's list
    handover.get_by_test_id("hand-over").click()
    expect(page.get_by_test_id("status")).to_have_text("Đang giải quyết")
    dossier = Dossier.objects.get()
    assert str(dossier.procedure_id) == second
    assert dossier.handovers.get().receiver_office
