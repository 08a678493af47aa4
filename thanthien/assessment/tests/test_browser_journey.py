"""The journey in a real browser: the commune submits with one evidence file, the reviewer adjusts a
criterion and returns it, the commune adds evidence and submits again, the reviewer approves, and the
recognition decision downloads as a Word file."""

import io
import os
from pathlib import Path

import pytest
from django.utils import timezone
from docx import Document
from playwright.sync_api import expect

from conftest import make_person, make_unit
from thanthien.assessment import services
from thanthien.assessment.tests.year import SET, set_file
from thanthien.browser import log_in, page_fixture  # noqa: F401  (the `page` fixture)
from thanthien.units.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "mật-khẩu-thử-1"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_submit_adjust_return_add_evidence_approve_and_download_the_decision(live_server, page, tmp_path):
    province = make_unit("38", "Tỉnh Thanh Hóa", "province")
    commune = make_unit("38-hc", "Xã Hoằng Cát", "commune", province)
    make_person("chutich", commune, Role.LEADER, "Nguyễn Văn Chủ Tịch")
    make_person("noivu", province, Role.REVIEWER, "Đỗ Thị Nội Vụ")
    # Nothing recorded: 1 point from the records (no late dossier); pass mark 10 for this journey.
    services.import_criteria_set(
        set_file(set_fields=SET | {"valid_to": "", "pass_total": 10}), by=None, province=province
    )
    first, second = Path(tmp_path) / "bien-ban-kiem-tra.pdf", Path(tmp_path) / "ke-hoach.pdf"
    first.write_bytes(PDF)
    second.write_bytes(PDF.replace(b"1.4", b"1.5"))
    shots = Path(os.environ.get("SCREENSHOT_DIR", tmp_path))  # to look at the pages
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    log_in(page, live_server.url, "chutich", PASSWORD)
    page.goto(f"{live_server.url}/assessment/")
    page.get_by_test_id("start-assessment").click()
    row = page.get_by_test_id("criterion-IV.1")
    row.get_by_label("Điểm tự chấm").fill("5")
    row.get_by_label("Ghi chú").fill("Có kế hoạch kiểm tra công vụ")
    row.get_by_label("Tệp minh chứng").set_input_files(str(first))
    row.get_by_role("button", name="Lưu").click()
    expect(page.get_by_test_id("criterion-IV.1")).to_contain_text("bien-ban-kiem-tra.pdf")
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("status")).to_have_text("đã nộp")
    page.screenshot(path=shots / "commune_submitted.png", full_page=True)
    detail_url = page.url

    page.context.clear_cookies()
    log_in(page, live_server.url, "noivu", PASSWORD)
    page.goto(detail_url)
    row = page.get_by_test_id("criterion-I.1")
    row.locator("select[name=verdict]").select_option("adjusted")
    row.get_by_label("Điểm", exact=True).fill("5")
    row.get_by_label("Lý do").fill("Xã có báo cáo giải quyết hồ sơ đúng hạn trên hệ thống tỉnh")
    row.get_by_role("button", name="Lưu").click()
    expect(page.get_by_test_id("reason-I.1")).to_contain_text("đúng hạn trên hệ thống tỉnh")
    page.get_by_label("Cần bổ sung minh chứng gì").fill("Bổ sung kế hoạch năm")
    page.get_by_test_id("return").click()
    expect(page.get_by_test_id("status")).to_have_text("trả lại để bổ sung minh chứng")
    page.screenshot(path=shots / "reviewer_returned.png", full_page=True)

    page.context.clear_cookies()
    log_in(page, live_server.url, "chutich", PASSWORD)
    page.goto(detail_url)
    expect(page.get_by_test_id("return-note")).to_contain_text("Bổ sung kế hoạch năm")
    expect(page.get_by_test_id("reason-I.1")).to_be_visible()  # the commune sees the reviewer's reason
    row = page.get_by_test_id("criterion-IV.1")
    row.get_by_label("Tệp minh chứng").set_input_files(str(second))
    row.get_by_role("button", name="Lưu").click()
    expect(page.get_by_test_id("criterion-IV.1")).to_contain_text("ke-hoach.pdf")
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("status")).to_have_text("đã nộp")

    page.context.clear_cookies()
    log_in(page, live_server.url, "noivu", PASSWORD)
    page.goto(detail_url)
    page.get_by_test_id("approve").click()
    expect(page.get_by_test_id("status")).to_have_text("đã phê duyệt")
    expect(page.get_by_test_id("appraised-total")).to_have_text("11")
    page.screenshot(path=shots / "reviewer_approved.png", full_page=True)
    page.goto(f"{live_server.url}/assessment/")
    with page.expect_download() as download_info:
        page.get_by_test_id("decision-38").click()
    saved = Path(tmp_path) / download_info.value.suggested_filename
    download_info.value.save_as(saved)

    document = Document(io.BytesIO(saved.read_bytes()))
    assert saved.suffix == ".docx"
    assert [cell.text for cell in document.tables[-1].rows[1].cells] == ["1", "Xã Hoằng Cát", "11"]
    assert timezone.localdate().year >= 2026 and errors == []
