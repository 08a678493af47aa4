"""The province reviewer in a real browser: opens the ranking, sorts it, opens a commune, gets its report."""

import io
from pathlib import Path

import pytest
from django.utils import timezone
from docx import Document
from playwright.sync_api import expect

from conftest import make_person, make_unit
from thanthien.browser import log_in, page_fixture  # noqa: F401  (the `page` fixture)
from thanthien.ratings import services as rating_services
from thanthien.reports import services
from thanthien.units.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "mật-khẩu-thử-1"


def test_the_reviewer_sorts_the_ranking_opens_a_commune_and_downloads_its_report(live_server, page, tmp_path):
    province = make_unit("38", "Tỉnh Thanh Hóa", "province")
    hoang_cat = make_unit("38-hc", "Xã Hoằng Cát", "commune", province)
    an_binh = make_unit("38-ab", "Xã An Bình", "commune", province)
    make_person("noivu", province, Role.REVIEWER, "Đỗ Thị Nội Vụ")
    leader = make_person("chutich", hoang_cat, Role.LEADER, "Nguyễn Văn Chủ Tịch")
    for commune, levels in ((hoang_cat, (4, 4, 4)), (an_binh, (4, 2, 1))):
        for level in levels:
            rating_services.record_rating(commune, level=level, channel="kiosk", rated_at=timezone.now())
    report = services.start_report(hoang_cat, kind="yearly", year=timezone.localdate().year, by=leader)
    services.update_report(
        report, by=leader, situation="Xã thuần nông.", strengths="Đúng hạn.", tasks_ahead="Duy trì."
    )
    services.submit_report(report, by=leader)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    log_in(page, live_server.url, "noivu", PASSWORD)
    page.get_by_role("link", name="Xếp hạng", exact=True).click()
    rows = page.get_by_test_id("ranking-row")
    expect(rows.first).to_contain_text("Xã Hoằng Cát")  # best score first
    page.wait_for_load_state()  # the sorting script is in place (a loaded machine may show rows before)
    page.get_by_test_id("ranking").get_by_role("button", name="Xã, phường, đặc khu").click()
    expect(rows.first).to_contain_text("Xã An Bình")  # sorted by name
    page.get_by_role("link", name="Xã Hoằng Cát").click()
    expect(page.get_by_test_id("figures")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_test_id("report-download").first.click()
    saved = Path(tmp_path) / download_info.value.suggested_filename
    download_info.value.save_as(saved)

    document = Document(io.BytesIO(saved.read_bytes()))
    assert "XÃ HOẰNG CÁT" in document.tables[0].rows[0].cells[0].text
    assert any(paragraph.text == "Xã thuần nông." for paragraph in document.paragraphs)
    assert saved.suffix == ".docx" and errors == []
