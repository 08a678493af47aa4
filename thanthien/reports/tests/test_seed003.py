"""Seed 003's year, recorded through the services, comes back exactly from the API and in the Word report."""

import io

import pytest
import time_machine
from docx import Document

from conftest import make_unit
from thanthien.reports import services
from thanthien.reports.tests import seed003
from thanthien.units.tokens import issue_api_token

pytestmark = pytest.mark.django_db


def test_the_year_of_seed_003_comes_back_from_the_api_and_in_the_word_report(
    client, commune, officer, leader
):
    villages = [make_unit(f"38-hc-{n}", f"Thôn Cát {n}", "village", commune) for n in range(1, 6)]
    seed003.record_year(commune, officer, leader, villages)
    key = issue_api_token(leader, name="Báo cáo", by=None)

    with time_machine.travel(seed003._at(seed003.YEAR_TO, 17), tick=False):
        response = client.get(
            "/api/v1/reports/figures",
            {"unit": commune.code, "from": "2023-01-01", "to": "2023-10-30"},
            headers={"Authorization": f"Bearer {key}"},
        )
        report = services.start_report(commune, kind="yearly", year=2023, by=leader)
        report = services.update_report(report, by=leader, period_end=seed003.YEAR_TO)
        document = Document(io.BytesIO(services.report_document(report)))

    assert response.status_code == 200
    body = response.json()
    for section, expected in seed003.EXPECTED.items():
        assert {key: body[section][key] for key in expected} == expected, section
    cells = {row.cells[0].text: row.cells[1].text for table in document.tables[1:] for row in table.rows}
    assert cells["Hồ sơ tiếp nhận"] == "903"
    assert cells["Trong đó: trực tuyến"] == "383"
    assert cells["Trả trước hạn và đúng hạn"] == "903/903 (100%)"
    assert cells["Giải quyết tại nhà"] == "8"
    assert cells["Đơn thư tiếp nhận"] == "5"
    assert cells["Đã giải quyết"] == "4"
    assert cells["Đang giải quyết"] == "1"
    assert cells["Rất hài lòng"] == "60"
    assert cells["Thư xin lỗi"] == "0"
    assert cells["Thư chúc mừng"] == "116"
    assert cells["Thư chia buồn"] == "36"
    assert cells["Thư cảm ơn"] == "9"
    assert cells["Hội nghị đối thoại cấp xã"] == "1"
    assert cells["Hội nghị đối thoại ở thôn"] == "5"
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "903 hồ sơ" in text and "383 hồ sơ" in text and "903/903 hồ sơ = 100%" in text
