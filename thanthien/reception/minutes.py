"""The minutes of a dialogue conference as a Word file, laid out after Decree 30/2020/NĐ-CP (LAW.md §5).

Times New Roman; the issuing body top left and the national name and motto top right; the place and date in
italics; the type "BIÊN BẢN" upper case, bold, centred; the body justified; the signature block.
"""

from io import BytesIO

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from thanthien.core.documents import (
    MOTTO,
    NATIONAL_NAME,
    Line,
    add_line,
    date_line,
    head_table,
    new_a4_document,
    place_name,
    styled_run,
)
from thanthien.reception.models import Dialogue

TITLE = "BIÊN BẢN HỘI NGHỊ ĐỐI THOẠI"


def _body(document, text: str, *, bold: bool = False) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = Mm(10)
    paragraph.paragraph_format.space_after = Pt(6)
    styled_run(paragraph, text, size=14, bold=bold)


def minutes_docx(dialogue: Dialogue) -> bytes:
    """Return the minutes of the conference as the bytes of a .docx file."""
    commune = dialogue.commune
    document = new_a4_document()

    issuing_body = [Line("ỦY BAN NHÂN DÂN", bold=True), Line(commune.name.upper(), bold=True)]
    nation = [
        Line(NATIONAL_NAME, size=12, bold=True),
        Line(MOTTO, size=14, bold=True, underline=True),
        Line(date_line(place_name(commune.name), dialogue.day), size=14, italic=True),
    ]
    head_table(document, [(issuing_body, nation)])

    add_line(document, TITLE, size=14, bold=True)
    add_line(document, dialogue.title, size=14, bold=True)

    level = "cấp xã" if dialogue.level == Dialogue.Level.COMMUNE else f"tại {dialogue.village}"
    _body(document, f"Hội nghị đối thoại {level} giữa chính quyền với Nhân dân.")
    _body(document, f"Thời gian: {dialogue.day:%d/%m/%Y}. Địa điểm: {dialogue.place}.")
    _body(document, f"Chủ trì: {dialogue.chaired_by.full_name}, {dialogue.chaired_by.title}.")
    offices = ", ".join(office.name for office in dialogue.offices.all())
    villages = ", ".join(village.name for village in dialogue.villages.all())
    participants = "; ".join(part for part in (offices, villages, dialogue.other_participants) if part)
    if participants:
        _body(document, f"Thành phần tham dự: {participants}.")
    if dialogue.attendance:
        _body(document, f"Số người tham dự: {dialogue.attendance}.")
    if dialogue.summary:
        _body(document, dialogue.summary)

    _body(document, "I. Ý KIẾN, KIẾN NGHỊ CỦA NHÂN DÂN VÀ TRẢ LỜI", bold=True)
    for number, issue in enumerate(dialogue.issues.select_related("answered_by"), start=1):
        _body(document, f"{number}. {issue.raised_by}: {issue.content}")
        if issue.answer:
            by = f" ({issue.answered_by.full_name})" if issue.answered_by else ""
            _body(document, f"Trả lời{by}: {issue.answer}")

    _body(document, "II. NỘI DUNG TIẾP THU, CAM KẾT GIẢI QUYẾT", bold=True)
    commitments = list(dialogue.commitments.select_related("owner"))
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, heading in zip(
        table.rows[0].cells, ("TT", "Nội dung", "Người chịu trách nhiệm", "Thời hạn"), strict=True
    ):
        styled_run(cell.paragraphs[0], heading, bold=True)
    for number, commitment in enumerate(commitments, start=1):
        cells = table.add_row().cells
        values = (
            str(number),
            commitment.content,
            commitment.owner.full_name,
            f"{commitment.due_on:%d/%m/%Y}",
        )
        for cell, value in zip(cells, values, strict=True):
            styled_run(cell.paragraphs[0], value)

    _body(document, "Biên bản được lập và thông qua tại hội nghị.")
    signatures = document.add_table(rows=1, cols=2)
    for cell, (role, name) in zip(
        signatures.rows[0].cells,
        (("THƯ KÝ", ""), ("CHỦ TRÌ HỘI NGHỊ", dialogue.chaired_by.full_name)),
        strict=True,
    ):
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        styled_run(cell.paragraphs[0], role, bold=True)
        add_line(cell, "(Ký, ghi rõ họ tên)", italic=True)
        add_line(cell, "\n\n" + name, bold=True)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
