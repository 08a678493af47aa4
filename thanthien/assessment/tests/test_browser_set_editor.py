"""A province administrator writes a criteria set on the page in Chromium: an error is listed with its row
and nothing is saved; corrected, the set is saved and listed."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import make_person, make_unit
from thanthien.assessment.models import CriteriaSet
from thanthien.browser import log_in, page_fixture  # noqa: F401  (the `page` fixture)
from thanthien.units.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "mật-khẩu-thử-1"


def fill_row(page, number, values):
    row = page.locator("[data-testid=set-rows] tbody tr").nth(number - 1)
    for name, value in values.items():
        if name == "method":
            row.locator("select[name=method]").select_option(value)
        else:
            row.locator(f"input[name={name}]").fill(value)


def test_an_administrator_writes_a_set_on_the_page(live_server, page, tmp_path):
    province = make_unit("38", "Tỉnh Thanh Hóa", "province")
    make_person("qtv_tinh", province, Role.ADMINISTRATOR, "Vũ Văn Quản Trị")
    shots = Path(os.environ.get("SCREENSHOT_DIR", tmp_path))
    log_in(page, live_server.url, "qtv_tinh", PASSWORD)

    page.goto(live_server.url + "/assessment/sets/")
    page.get_by_test_id("set-new").click()
    page.fill("input[name=code]", "TH-2026")
    page.fill("input[name=name]", "Bộ tiêu chí xã thân thiện tỉnh Thanh Hóa năm 2026")
    page.fill("input[name=valid_from]", "01/01/2026")
    page.fill("input[name=pass_total]", "8")
    group = {"group_code": "1", "group_name": "Một cửa", "group_points": "10"}
    on_time = {
        "criterion_code": "1.1",
        "criterion_name": "Hồ sơ đúng hạn",
        "points": "6",
        "method": "indicator",
    }
    fill_row(page, 1, group | on_time | {"indicator": "on_time_rate", "rule": ">=95: 6; else 0"})
    posted = {
        "criterion_code": "1.2",
        "criterion_name": "Niêm yết thủ tục",
        "points": "3",
        "method": "manual",
    }
    fill_row(page, 2, group | posted | {"evidence": "Ảnh chụp bảng niêm yết"})
    page.locator("[data-testid=set-editor] button[type=submit]").click()

    errors = page.get_by_test_id("set-errors")
    expect(errors).to_contain_text("Nhóm 1: các tiêu chí cộng lại được 9 điểm, không bằng 10 điểm của nhóm.")
    page.screenshot(path=str(shots / "set-editor-error.png"), full_page=True)
    assert not CriteriaSet.objects.exists()

    fill_row(page, 2, {"points": "4"})
    page.locator("[data-testid=set-editor] button[type=submit]").click()

    expect(page.get_by_test_id("criteria-sets")).to_contain_text("TH-2026")
    page.screenshot(path=str(shots / "set-editor-saved.png"), full_page=True)
    saved = CriteriaSet.objects.get(code="TH-2026")
    assert saved.province == province
    assert [c.code for g in saved.groups.all() for c in g.criteria.all()] == ["1.1", "1.2"]
