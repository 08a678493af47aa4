"""The planning keys of GET /api/v1/reports/figures and of the periodic report."""

import io
from datetime import date

import pytest
from docx import Document

from thanthien.planning import services
from thanthien.planning.models import ConductCode
from thanthien.planning.tests.helpers import front_chair, front_of, official_with_login
from thanthien.reports import services as report_services
from thanthien.units.tokens import issue_api_token

pytestmark = pytest.mark.django_db


def _record_a_year(commune, leader):
    official = official_with_login(commune, "canbo31", "Lâm Thị Ba Mốt")
    services.adopt_conduct_code(
        commune, code=ConductCode.objects.first(), effective_from=date(2026, 1, 1), by=leader
    )
    services.sign_commitment(official, year=2026, signed_on=date(2026, 1, 6), by=leader)
    visit = services.record_visit(
        commune,
        body=front_of(commune),
        visited_on=date(2026, 5, 4),
        subject="Giám sát tiếp công dân",
        members="Đoàn MTTQ",
        findings="Sổ tiếp dân ghi chưa đủ",
        by=front_chair(commune),
        recommendations=[("Ghi sổ đầy đủ", date(2026, 5, 29)), ("Niêm yết lịch tiếp dân", date(2026, 5, 29))],
    )
    first = visit.recommendations.order_by("id").first().task
    services.complete_task(first, on=date(2026, 5, 20), by=leader)


def test_the_api_returns_tasks_supervision_and_conduct_as_recorded(client, commune, leader):
    _record_a_year(commune, leader)
    key = issue_api_token(leader, name="Báo cáo", by=None)

    response = client.get(
        "/api/v1/reports/figures",
        {"unit": commune.code, "from": "2026-01-01", "to": "2026-06-30"},
        headers={"Authorization": f"Bearer {key}"},
    )

    body = response.json()
    assert response.status_code == 200
    assert body["supervision"] == {"visits": 1, "recommendations": 2, "answered": 1, "answered_on_time": 1}
    assert body["tasks"]["total"] == 2 and body["tasks"]["done"] == 1 and body["tasks"]["done_on_time"] == 1
    assert body["conduct"] == {"commitments_signed": 1, "officials": 1, "violations": 0, "disciplined": 0}


def test_the_periodic_report_speaks_of_commitments_and_supervision(commune, leader):
    _record_a_year(commune, leader)
    report = report_services.start_report(commune, kind="yearly", year=2026, by=leader)

    document = Document(io.BytesIO(report_services.report_document(report)))

    texts = "\n".join(p.text for p in document.paragraphs)
    assert "1 trên 1 cán bộ, công chức đã ký cam kết" in texts
    assert "1 cuộc giám sát, 2 kiến nghị, 1 đã trả lời (1 đúng hạn)" in texts
