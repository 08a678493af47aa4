"""The province chairman's recognition decision (Quyết định công nhận xã đạt chuẩn "Chính quyền thân thiện")
as a Word file in the layout of Decree 30/2020 (core.documents): the head, the legal grounds, the articles
with the list of communes recognised for the year and their appraised scores, the signature block.

The text is the document's own (a Vietnamese administrative document), like core.documents' national name.
"""

import io
from datetime import date

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from thanthien.assessment.models import SelfAssessment
from thanthien.core.documents import (
    MOTTO,
    NATIONAL_NAME,
    Line,
    add_line,
    date_line,
    head_table,
    new_a4_document,
    place_name,
)
from thanthien.units.models import Unit

WIDTHS = (Cm(6.5), Cm(9.5))


def recognised(province: Unit, year: int) -> list[SelfAssessment]:
    """The province's communes whose self-assessment of the year was approved as reaching the standard."""
    return list(
        SelfAssessment.objects.filter(
            commune__path__startswith=f"{province.path}/",
            year=year,
            status=SelfAssessment.Status.APPROVED,
            passed=True,
        )
        .select_related("commune", "criteria_set")
        .order_by("commune__name")
    )


def recognition_decision(province: Unit, year: int, *, day: date) -> bytes:
    """The decision recognising every commune of the province that reached the standard in `year`."""
    assessments = recognised(province, year)
    place = place_name(province.name.removeprefix("Tỉnh ").removeprefix("Thành phố "))
    document = new_a4_document()
    left = [Line("ỦY BAN NHÂN DÂN", bold=True), Line(province.name.upper(), bold=True), Line("Số: …/QĐ-UBND")]
    right = [
        Line(NATIONAL_NAME, size=12, bold=True),
        Line(MOTTO, bold=True),
        Line(date_line(place, day), italic=True),
    ]
    head_table(document, [(left, right)], widths=WIDTHS)
    add_line(document, "QUYẾT ĐỊNH", bold=True, size=14).paragraph_format.space_before = Pt(12)
    model = "“Chính quyền thân thiện, vì Nhân dân phục vụ”"
    add_line(document, f"Công nhận xã, phường đạt chuẩn {model} năm {year}", bold=True)
    add_line(document, f"CHỦ TỊCH ỦY BAN NHÂN DÂN {province.name.upper()}", bold=True)
    grounds = ["Căn cứ Luật Tổ chức chính quyền địa phương;"]
    for basis in sorted({a.criteria_set.legal_basis for a in assessments if a.criteria_set.legal_basis}):
        grounds.append(f"Căn cứ {basis};")
    grounds.append("Theo kết quả thẩm định hồ sơ tự đánh giá, chấm điểm của các xã, phường.")
    for ground in grounds:
        add_line(document, ground, italic=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    add_line(document, "QUYẾT ĐỊNH:", bold=True)
    article_1 = (
        f"Điều 1. Công nhận {len(assessments)} xã, phường đạt chuẩn {model} năm {year} (danh sách kèm theo)."
    )
    add_line(document, article_1, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("STT", "Đơn vị", "Điểm thẩm định"), strict=True):
        cell.text = text
    for number, assessment in enumerate(assessments, start=1):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = str(number), assessment.commune.name
        total = assessment.appraised_total
        cells[2].text = format(total.normalize(), "f").replace(".", ",")  # type: ignore[union-attr]  # appraised
    add_line(document, "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    article_3 = (
        "Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc Sở Nội vụ, Chủ tịch UBND các xã, phường "
        "có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này."
    )
    add_line(document, article_3, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    add_line(document, "CHỦ TỊCH", bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
