"""The periodic report pages: start, write, submit, download; another commune's report is not found."""

import io
import re

import pytest
from docx import Document

from conftest import make_person
from thanthien.reports.models import PeriodicReport
from thanthien.units.models import Role

pytestmark = pytest.mark.django_db
TEXTS = {
    "title": "Báo cáo kết quả năm 2026",
    "period_start": "01/01/2026",
    "period_end": "15/12/2026",
    "situation": "Xã thuần nông, 5 thôn.",
    "strengths": "Trả hồ sơ đúng hạn.",
    "shortcomings": "",
    "tasks_ahead": "Duy trì tỷ lệ đúng hạn 100%.",
    "proposals": "",
    "recipients": "- UBND tỉnh;",
    "signer_title": "Chủ tịch",
    "signer_name": "Nguyễn Văn Chủ Tịch",
    "number": "15/BC-UBND",
}


def test_a_leader_starts_writes_submits_and_downloads_the_report(client, commune, leader):
    client.force_login(leader)

    started = client.post("/reports/periodic/start/", {"commune": commune.pk, "kind": "yearly", "year": 2026})
    report = PeriodicReport.objects.get()
    saved = client.post(f"/reports/periodic/{report.pk}/", {**TEXTS, "submit": "1"})
    document = client.get(f"/reports/periodic/{report.pk}/document.docx")

    assert started.status_code == 302 and saved.status_code == 302
    report.refresh_from_db()
    assert report.status == PeriodicReport.Status.SUBMITTED and report.submitted_by == leader
    paragraphs = [paragraph.text for paragraph in Document(io.BytesIO(document.content)).paragraphs]
    assert "Xã thuần nông, 5 thôn." in paragraphs and "Báo cáo kết quả năm 2026" in paragraphs


def test_the_province_reviewer_reads_the_report_but_cannot_change_it(client, province, commune, leader):
    client.force_login(leader)
    client.post("/reports/periodic/start/", {"commune": commune.pk, "kind": "six_monthly", "year": 2026})
    report = PeriodicReport.objects.get()
    client.force_login(make_person("noivu", province, Role.REVIEWER, "Đỗ Thị Nội Vụ"))

    listing = client.get("/reports/periodic/")
    client.post(f"/reports/periodic/{report.pk}/", {**TEXTS, "situation": "Sửa của tỉnh"})

    assert report.title in listing.content.decode()
    report.refresh_from_db()
    assert report.situation == ""


def test_another_communes_official_gets_not_found(client, commune, leader, outsider_officer):
    client.force_login(leader)
    client.post("/reports/periodic/start/", {"commune": commune.pk, "kind": "yearly", "year": 2026})
    report = PeriodicReport.objects.get()
    client.force_login(outsider_officer)

    assert client.get(f"/reports/periodic/{report.pk}/").status_code == 404
    assert client.get(f"/reports/periodic/{report.pk}/document.docx").status_code == 404
    assert client.get(f"/reports/communes/{commune.code}/").status_code == 404


def test_every_figure_on_the_report_page_carries_its_label(client, commune, leader):
    client.force_login(leader)
    client.post("/reports/periodic/start/", {"commune": commune.pk, "kind": "yearly", "year": 2026})
    report = PeriodicReport.objects.get()

    page = client.get(f"/reports/periodic/{report.pk}/").content.decode()

    figures = page.split('data-testid="figures"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", figures, re.S)
    assert rows and all(row.count("<th>") == row.count("<td") for row in rows)
    for label in (
        "Thư chúc mừng",
        "Thư chia buồn",
        "Thư cảm ơn",
        "Thư xin lỗi",
        "Buổi tiếp công dân",
        "Số công dân được tiếp",
    ):
        assert f"<th>{label}</th>" in figures
