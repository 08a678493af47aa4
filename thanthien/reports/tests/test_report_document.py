"""The periodic report as the commune signs it: each check opens the real .docx back with python-docx."""

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from docx import Document
from docx.document import Document as WordDocument

from conftest import make_unit
from thanthien.reports import documents, services
from thanthien.reports.models import PeriodicReport
from thanthien.units.models import CommuneProfile, Official

pytestmark = pytest.mark.django_db
HEADINGS = (
    "ĐẶC ĐIỂM TÌNH HÌNH",
    "KẾT QUẢ THỰC HIỆN",
    "ĐÁNH GIÁ CHUNG",
    "NHIỆM VỤ, GIẢI PHÁP",
    "ĐỀ XUẤT, KIẾN NGHỊ",
)


def open_report(report: PeriodicReport) -> WordDocument:
    return Document(io.BytesIO(services.report_document(report)))


def paragraphs(document: WordDocument) -> list[str]:
    return [paragraph.text for paragraph in document.paragraphs if paragraph.text.strip()]


def part_headings(document: WordDocument) -> list[str]:
    return [text for text in paragraphs(document) if any(heading in text for heading in HEADINGS)]


def signature(document: WordDocument) -> tuple[list[str], list[str]]:
    left, right = document.tables[-1].rows[0].cells
    return [p.text for p in left.paragraphs if p.text], [p.text for p in right.paragraphs if p.text]


def test_section_one_is_filled_from_the_communes_profile(commune, leader):
    for number in range(1, 6):
        make_unit(f"38-hc-{number}", f"Thôn Cát {number}", "village", commune)
    CommuneProfile.objects.create(
        unit=commune, as_of=date(2026, 1, 1), households=1716, population=5856, party_cells=11
    )
    report = services.start_report(commune, kind="yearly", year=2026, by=leader)

    text = paragraphs(open_report(report))

    first = text.index("I. ĐẶC ĐIỂM TÌNH HÌNH")
    assert text[first + 1] == (
        "Xã Hoằng Cát có 5 thôn, tổ dân phố; tổng số 1.716 hộ với 5.856 nhân khẩu; 11 chi bộ Đảng "
        "(số liệu đến ngày 01/01/2026)."
    )


def test_an_empty_part_takes_the_last_periods_text(commune, leader):
    last = services.start_report(commune, kind="six_monthly", year=2026, by=leader)
    services.update_report(last, by=leader, strengths="Cán bộ một cửa tận tình, đúng hẹn.")
    report = services.start_report(commune, kind="yearly", year=2027, by=leader)
    report = services.update_report(report, by=leader, strengths="")

    text = paragraphs(open_report(report))

    assert report.strengths == ""
    assert text[text.index("1. Ưu điểm") + 1] == "Cán bộ một cửa tận tình, đúng hẹn."


def test_a_part_with_nothing_to_say_is_left_out_never_a_bare_heading(commune, leader):
    report = services.start_report(commune, kind="yearly", year=2026, by=leader)
    report = services.update_report(report, by=leader, tasks_ahead="Duy trì mô hình.", situation="")

    document = open_report(report)

    assert part_headings(document) == [
        "I. KẾT QUẢ THỰC HIỆN",
        "II. NHIỆM VỤ, GIẢI PHÁP TRONG THỜI GIAN TỚI",
    ]
    text = paragraphs(document)
    for heading in part_headings(document):
        following = text[text.index(heading) + 1]
        assert following not in part_headings(document), f"{heading} has nothing under it"
    assert text[-1] == "Duy trì mô hình."


def test_every_part_written_keeps_the_decree_order(commune, leader):
    report = services.start_report(commune, kind="yearly", year=2026, by=leader)
    report = services.update_report(
        report,
        by=leader,
        situation="Xã thuần nông.",
        strengths="Đúng hẹn.",
        shortcomings="Còn chậm.",
        tasks_ahead="Duy trì.",
        proposals="Cấp kinh phí.",
    )

    document = open_report(report)

    assert part_headings(document) == [
        "I. ĐẶC ĐIỂM TÌNH HÌNH",
        "II. KẾT QUẢ THỰC HIỆN",
        "III. ĐÁNH GIÁ CHUNG",
        "IV. NHIỆM VỤ, GIẢI PHÁP TRONG THỜI GIAN TỚI",
        "V. ĐỀ XUẤT, KIẾN NGHỊ",
    ]
    text = paragraphs(document)
    assert text[text.index("2. Khuyết điểm, hạn chế") + 1] == "Còn chậm."


def test_recipients_keep_their_dashes_and_end_with_the_archive_copy(commune, leader):
    report = services.start_report(commune, kind="yearly", year=2026, by=leader)
    report = services.update_report(
        report, by=leader, recipients="- Lưu: VT.\nUBND tỉnh (b/c);\n- Đảng ủy xã;\n  \n- Các thôn;"
    )

    recipients, _signer = signature(open_report(report))

    assert recipients == ["Nơi nhận:", "- UBND tỉnh (b/c);", "- Đảng ủy xã;", "- Các thôn;", "- Lưu: VT."]


def test_recipients_left_empty_still_name_the_archive_copy(commune, leader):
    report = services.start_report(commune, kind="yearly", year=2026, by=leader)

    recipients, _signer = signature(open_report(report))

    assert recipients == ["Nơi nhận:", "- Lưu: VT."]


def test_the_chairman_signs_when_no_signer_was_written(commune, leader):
    Official.objects.create(unit=commune, full_name="Lê Văn Phó", title="Phó Chủ tịch UBND xã", sort_order=1)
    Official.objects.create(unit=commune, full_name="Nguyễn Thị Mặt Trận", title="Chủ tịch Ủy ban MTTQ xã")
    Official.objects.create(unit=commune, full_name="Trịnh Văn Hòa", title="Chủ tịch UBND xã", is_leader=True)
    report = services.start_report(commune, kind="yearly", year=2026, by=leader)
    PeriodicReport.objects.filter(pk=report.pk).update(signer_name="")  # as a report started before
    report.refresh_from_db()

    _recipients, signer = signature(open_report(report))

    next_one = services.start_report(commune, kind="six_monthly", year=2027, by=leader)
    assert next_one.signer_name == "Trịnh Văn Hòa"
    assert signer[-1] == "Trịnh Văn Hòa" and signer[:2] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]


def test_a_written_signer_is_kept(commune, leader):
    Official.objects.create(unit=commune, full_name="Trịnh Văn Hòa", title="Chủ tịch UBND xã")
    report = services.start_report(commune, kind="yearly", year=2026, by=leader)
    report = services.update_report(report, by=leader, signer_title="KT. Chủ tịch", signer_name="Lê Văn Phó")

    _recipients, signer = signature(open_report(report))

    assert signer[-1] == "Lê Văn Phó"


def test_an_empty_survey_side_writes_no_zero_slips_sentence(commune, leader, monkeypatch):
    real = documents.figures

    def with_baseline_only(*args, **kwargs):
        counted = real(*args, **kwargs)
        empty = {"campaigns": 0, "slips": 0, "very_satisfied_rate": None}
        counted["surveys"] = {
            "campaigns": 1,
            "baseline": {"campaigns": 1, "slips": 120, "very_satisfied_rate": Decimal("62.5")},
            "endline": empty,
        }
        return counted

    monkeypatch.setattr(documents, "figures", with_baseline_only)
    report = services.start_report(commune, kind="yearly", year=2026, by=leader)

    text = "\n".join(paragraphs(open_report(report)))

    assert "Khảo sát sự hài lòng đầu kỳ: 120 phiếu, 62,5% rất hài lòng." in text
    assert "cuối kỳ" not in text.lower()
    assert not re.search(r"\b0 phiếu", text) and "= –" not in text and "–." not in text


def test_a_period_without_dossiers_or_ratings_writes_no_dash_rates(commune, leader):
    report = services.start_report(commune, kind="yearly", year=2026, by=leader)

    text = "\n".join(paragraphs(open_report(report)))

    assert "= –" not in text and "tỷ lệ hài lòng –" not in text
    assert "Trong kỳ chưa có lượt đánh giá sự hài lòng nào." in text
