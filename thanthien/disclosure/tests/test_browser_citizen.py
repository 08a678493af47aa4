"""A citizen on a phone: the commune home, a dossier looked up from the first screen, a disclosure read,
its PDF opened, a question sent about it; the officer sees the question linked to the item."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from thanthien.browser import demo_logins, log_in, page_fixture  # noqa: F401  (the `page` fixture)
from thanthien.disclosure import services as disclosure_services
from thanthien.disclosure.models import ItemQuestion, Place
from thanthien.disclosure.tests.factories import item, pdf
from thanthien.dossiers import services as dossier_services
from thanthien.dossiers.tests.factories import make_procedure
from thanthien.units.models import Unit, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_citizen_on_a_phone_looks_up_reads_a_disclosure_opens_its_pdf_and_asks(live_server, page, tmp_path):
    logins = demo_logins()
    officer = User.objects.get(username="motcua")
    commune = Unit.objects.get(slug="hoang-cat")
    procedure = make_procedure("TEST-CTBS", "Chứng thực bản sao từ bản chính", "1")
    dossier = dossier_services.receive_dossier(
        commune, procedure=procedure, applicant_name="Nguyễn Văn An", applicant_phone="0912345678", by=officer
    )
    budget = item(commune, officer, title="Dự toán ngân sách xã năm 2026", files=[pdf("du-toan-2026.pdf")])
    disclosure_services.record_posting(
        budget, by=officer, place=Place.COMMUNE_OFFICE, posted_on=timezone.localdate()
    )
    page.set_viewport_size({"width": 360, "height": 740})

    page.goto(f"{live_server.url}/x/hoang-cat/")
    lookup = page.get_by_test_id("home-lookup")
    expect(lookup).to_be_in_viewport()  # on the first screen, no scrolling
    page.screenshot(path=tmp_path / "home-phone.png", full_page=True)
    lookup.locator("#ma").fill(dossier.code)
    lookup.locator("#so").fill("5678")
    lookup.get_by_test_id("home-lookup-submit").click()
    expect(page.get_by_test_id("lookup-status")).to_have_text("Đã tiếp nhận")

    page.goto(f"{live_server.url}/x/hoang-cat/")
    page.get_by_test_id("home-disclosures").get_by_text("Dự toán ngân sách xã năm 2026").click()
    expect(page.get_by_test_id("disclosure-title")).to_have_text("Dự toán ngân sách xã năm 2026")
    page.screenshot(path=tmp_path / "item-phone.png", full_page=True)
    with page.context.expect_page() as opened:
        page.get_by_test_id("disclosure-file").click()
    pdf_page = opened.value
    response = pdf_page.request.get(pdf_page.url)
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")
    pdf_page.close()

    page.fill("#id_question", "Khoản chi sửa đường thôn Đông là bao nhiêu?")
    page.get_by_test_id("ask-send").click()
    code = page.get_by_test_id("tracking-code").inner_text().strip()
    assert ItemQuestion.objects.get(item=budget).feedback.tracking_code == code

    staff = page.context.browser.new_context(locale="vi-VN").new_page()
    log_in(staff, live_server.url, "motcua", logins["motcua"])
    staff.goto(f"{live_server.url}/disclosure/{budget.pk}/")
    expect(staff.get_by_test_id("questions")).to_contain_text(code)
    expect(staff.get_by_test_id("questions")).to_contain_text("Khoản chi sửa đường thôn Đông")
    staff.screenshot(path=tmp_path / "staff-item.png", full_page=True)
    staff.context.close()

    tv = page.context.browser.new_context(locale="vi-VN", viewport={"width": 1920, "height": 1080}).new_page()
    tv.goto(f"{live_server.url}/x/hoang-cat/bang-tin/tv/")
    expect(tv.get_by_test_id("board")).to_contain_text("Hồ sơ tiếp nhận")
    expect(tv.locator("meta[http-equiv=refresh]")).to_have_attribute("content", "60")
    tv.screenshot(path=tmp_path / "tv.png")
    tv.context.close()
