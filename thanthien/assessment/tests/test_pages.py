"""The pages: evidence checked and served only to those who may read the self-assessment (404 otherwise,
the direct URL included); the recognition decision read back with python-docx."""

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from docx import Document

from conftest import make_person
from thanthien.assessment import evidence, services
from thanthien.assessment.models import Evidence, SelfAssessment
from thanthien.assessment.tests.year import YEAR, at, set_file
from thanthien.units.models import Role

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def assessment(province, commune, leader):
    services.import_criteria_set(set_file(), by=None, province=province)
    with time_machine.travel(at(date(2024, 1, 8), 9), tick=False):
        return services.start_self_assessment(commune, YEAR, by=leader)


def test_evidence_is_checked_by_type_content_and_size(assessment, leader):
    for name, content, why in [
        ("bien-ban.exe", b"MZ", "PDF"),
        ("bien-ban.pdf", b"<html>", "không khớp"),
        ("bien-ban.pdf", b"%PDF-" + b"0" * evidence.max_evidence_bytes(), "MB"),
    ]:
        with pytest.raises(ValidationError) as refused, translation.override("vi"):
            evidence.add_evidence(assessment, "IV.1", SimpleUploadedFile(name, content), by=leader)
        assert why in " ".join(refused.value.messages)
    assert not Evidence.objects.exists()


def test_another_communes_staff_cannot_read_the_assessment_nor_its_evidence(
    client, province, assessment, leader, other_commune
):
    added = evidence.add_evidence(assessment, "IV.1", SimpleUploadedFile("bien-ban.pdf", PDF), by=leader)
    outsider = make_person("xakhac", other_commune, Role.LEADER, "Người xã khác")
    reviewer = make_person("noivu", province, Role.REVIEWER, "Đỗ Thị Nội Vụ")
    detail = reverse("assessment:detail", args=[assessment.pk])
    file_url = reverse("assessment:evidence", args=[added.pk])

    client.force_login(outsider)
    assert client.get(detail).status_code == 404
    assert client.get(file_url).status_code == 404
    assert client.post(reverse("assessment:submit", args=[assessment.pk])).status_code == 404
    client.force_login(reviewer)
    assert client.get(file_url).content == PDF
    client.force_login(leader)
    assert client.get(detail).status_code == 200
    assert b"bien-ban.pdf" in client.get(detail).content


def test_the_recognition_decision_lists_the_communes_that_reached_the_standard(
    client, province, commune, assessment, leader
):
    reviewer = make_person("noivu", province, Role.REVIEWER, "Đỗ Thị Nội Vụ")
    with time_machine.travel(at(date(2024, 1, 8), 9), tick=False):
        services.fill_criterion(assessment, "IV.1", by=leader, points=Decimal(5))
        services.submit_self_assessment(assessment, by=leader)
        # Nothing was recorded this year (1 point: no late dossier); the reviewer credits three criteria.
        for code, points in (("I.1", 5), ("I.2", 4), ("II.1", 5)):
            services.appraise_criterion(
                assessment, code, by=reviewer, points=Decimal(points), reason="Đủ hồ sơ."
            )
        services.approve_self_assessment(assessment, by=reviewer)

    client.force_login(reviewer)
    response = client.get(reverse("assessment:decision", args=[province.code, YEAR]))
    client.force_login(leader)
    refused = client.get(reverse("assessment:decision", args=[province.code, YEAR]))

    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    table = Document(io.BytesIO(response.content)).tables[-1]
    assert "QUYẾT ĐỊNH" in text and f"năm {YEAR}" in text
    assessment.refresh_from_db()
    assert (assessment.status, assessment.appraised_total, assessment.passed) == ("approved", 20, True)
    assert "Điều 1. Công nhận 1 xã" in text, text
    assert [cell.text for cell in table.rows[1].cells] == ["1", commune.name, "20"]
    assert refused.status_code == 404


def test_the_leaders_dashboard_the_public_site_the_ranking_and_the_766_table(
    client, province, commune, other_commune, assessment, leader
):
    reviewer = make_person("noivu", province, Role.REVIEWER, "Đỗ Thị Nội Vụ")
    with open(Path(__file__).resolve().parents[1] / "data" / "decision_766.xlsx", "rb") as file:
        services.import_criteria_set(file, by=None)
    with time_machine.travel(at(date(2024, 1, 8), 9), tick=False):
        services.fill_criterion(assessment, "IV.1", by=leader, points=Decimal(5))
        services.submit_self_assessment(assessment, by=leader)
        for code, points in (("I.1", 5), ("I.2", 4), ("II.1", 5)):
            services.appraise_criterion(assessment, code, by=reviewer, points=Decimal(points), reason="Đủ.")
        services.approve_self_assessment(assessment, by=reviewer)

    public = client.get(reverse("portal:commune_home", args=[commune.slug]))
    client.force_login(reviewer)
    ranking = client.get(reverse("assessment:ranking", args=[province.code, YEAR]))
    table = client.get(reverse("assessment:index_766", args=[province.code]), {"sort": "name"})
    sheet = client.get(reverse("assessment:index_766", args=[province.code]), {"format": "xlsx"})
    client.force_login(leader)
    refused = client.get(reverse("assessment:ranking", args=[province.code, YEAR]))

    assert b'data-testid="recognised-years">2023<' in public.content
    assert "Xã Hoằng Cát" in ranking.content.decode() and "<td>20</td>" in ranking.content.decode()
    assert table.content.decode().index("Xã Hoằng Cát") < table.content.decode().index("Xã Hoằng Xuân")
    assert sheet["Content-Type"].startswith("application/vnd.openxmlformats")
    assert refused.status_code == 404


def test_the_leaders_dashboard_shows_the_live_score_and_the_criteria_losing_most(
    client, province, commune, leader
):
    loaded = services.import_criteria_set(set_file(), by=None, province=province)
    loaded.valid_to = None
    loaded.save()

    client.force_login(leader)
    page = client.get(reverse("home")).content.decode()

    widget = page[page.index('data-testid="assessment-live-score"') :]
    assert "1 / 18" in widget  # no late dossier: 1 point; pass mark 18
    # The three criteria losing most: the 5-point ones, in the set's order.
    assert widget.index("I.1.") < widget.index("II.1.") < widget.index("II.2.") and "IV.1." not in widget


def test_the_periodic_report_gains_the_self_assessment_section(client, commune, assessment, leader):
    from thanthien.reports import services as report_services

    report = report_services.start_report(commune, kind="yearly", year=YEAR, by=leader)
    client.force_login(leader)

    page = client.get(reverse("reports:report_edit", args=[report.pk])).content.decode()

    section = page[page.index('data-testid="report-assessment"') :]
    assert "Bộ tiêu chí thử năm 2023" in section and "1 / 18" in section


def test_the_province_ranking_can_rank_by_the_appraised_score(
    client, province, commune, other_commune, assessment, leader
):
    reviewer = make_person("noivu", province, Role.REVIEWER, "Đỗ Thị Nội Vụ")
    with time_machine.travel(at(date(2024, 1, 8), 9), tick=False):
        services.fill_criterion(assessment, "IV.1", by=leader, points=Decimal(5))
        services.submit_self_assessment(assessment, by=leader)
        services.approve_self_assessment(assessment, by=reviewer)
    query = {"unit": province.pk, "date_from": "2023-01-01", "date_to": "2023-12-31"}
    client.force_login(reviewer)

    with translation.override("vi"):
        by_score = client.get(reverse("reports:ranking"), {**query, "by": "appraised"})
        composite = client.get(reverse("reports:ranking"), query)
        sheet = client.get(reverse("reports:ranking_export"), {**query, "by": "appraised"})

    rows = by_score.context["rollup"].rows
    assert [(row.commune.name, row.rank, row.score) for row in rows] == [
        ("Xã Hoằng Cát", 1, SelfAssessment.objects.get().appraised_total),
        ("Xã Hoằng Xuân", None, None),
    ]
    assert (
        by_score.context["rollup"].weights is None and 'data-testid="ranking-by"' in by_score.content.decode()
    )
    assert (
        composite.context["rollup"].ranked_by == "composite"
        and composite.context["rollup"].weights is not None
    )
    assert sheet.status_code == 200
