"""The plan, the commitment and the supervision minutes as Word files in the Decree 30/2020 layout.

A4, margins 20/20/30/15 mm, Times New Roman; the issuing body and number top left, the national name,
motto and the place and date line top right (core.documents.head_table); the type of document upper case,
bold and centred; the body justified; the signature block at the bottom right.
"""

from collections.abc import Sequence
from datetime import date
from io import BytesIO
from typing import Any

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
from thanthien.planning.models import Commitment, Plan, SupervisionVisit


def _start(unit_name: str, body: Sequence[Line], number: str, day: date) -> Any:
    document = new_a4_document()
    left = [*body, Line(f"Số: {number}", size=13)] if number else list(body)
    right = [
        Line(NATIONAL_NAME, size=12, bold=True),
        Line(MOTTO, size=14, bold=True, underline=True),
        Line(date_line(place_name(unit_name), day), size=14, italic=True),
    ]
    head_table(document, [(left, right)])
    return document


def _para(document: Any, text: str, *, bold: bool = False) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = Mm(10)
    paragraph.paragraph_format.space_after = Pt(6)
    styled_run(paragraph, text, size=14, bold=bold)


def _signature(document: Any, role: str, name: str) -> None:
    for text, bold, italic in (
        (role, True, False),
        ("(Ký, ghi rõ họ tên)", False, True),
        ("", False, False),
        ("", False, False),
        (name, True, False),
    ):
        add_line(document, text, size=14, bold=bold, italic=italic, align=WD_ALIGN_PARAGRAPH.RIGHT)


def _bytes(document: Any) -> bytes:
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _people_committee(unit_name: str) -> list[Line]:
    return [Line("ỦY BAN NHÂN DÂN", bold=True), Line(unit_name.upper(), bold=True)]


def plan_docx(plan: Plan) -> bytes:
    """Return the plan (kế hoạch): legal basis, targets, steps with dates, the steering committee."""
    unit = plan.unit
    document = _start(unit.name, _people_committee(unit.name), plan.number, plan.issued_on)
    add_line(document, "KẾ HOẠCH", size=14, bold=True)
    add_line(document, plan.title, size=14, bold=True)
    _para(document, f"Căn cứ {plan.legal_basis}")
    _para(document, "I. MỤC ĐÍCH, YÊU CẦU, CHỈ TIÊU", bold=True)
    for target in plan.targets.all():
        _para(document, f"- {target.label}.")
    _para(document, "II. CÁC BƯỚC THỰC HIỆN", bold=True)
    for step in plan.steps.select_related("office"):
        who = f" Đơn vị chủ trì: {step.office}." if step.office else ""
        _para(
            document,
            f"{step.order}. {step.title}: từ {step.starts_on:%d/%m/%Y} đến {step.ends_on:%d/%m/%Y}.{who}",
        )
    members = list(plan.committee.all())
    if members or plan.committee_decision:
        _para(document, "III. BAN CHỈ ĐẠO", bold=True)
        if plan.committee_decision:
            _para(document, f"Thành lập theo {plan.committee_decision}.")
        for member in members:
            _para(document, f"- {member.full_name}, {member.position}: {member.committee_role}.")
    _para(document, f"Thời gian thực hiện: từ {plan.starts_on:%d/%m/%Y} đến {plan.ends_on:%d/%m/%Y}.")
    _signature(document, "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH", "")
    return _bytes(document)


def commitment_docx(commitment: Commitment) -> bytes:
    """Return the official's signed commitment to the conduct code for the year (bản cam kết)."""
    official = commitment.official
    unit = official.unit
    document = _start(unit.name, _people_committee(unit.name), "", commitment.signed_on)
    add_line(document, "BẢN CAM KẾT", size=14, bold=True)
    add_line(
        document,
        f"Thực hiện quy tắc ứng xử \u201c{commitment.code.name}\u201d năm {commitment.year}",
        size=14,
        bold=True,
    )
    _para(document, f"Tôi là: {official.full_name}. Chức vụ: {official.title}.")
    if official.badge_number:
        _para(document, f"Số thẻ công chức: {official.badge_number}.")
    _para(document, "Tôi xin cam kết thực hiện nghiêm các quy tắc sau:")
    group = None
    for rule in commitment.code.rules.all():
        if rule.group != group:
            group = rule.group
            _para(document, f"\u201c{group}\u201d:", bold=True)
        _para(document, f"- {rule.text}.")
    _para(document, "Nếu vi phạm, tôi xin chịu trách nhiệm và chịu xử lý theo quy định.")
    _signature(document, "NGƯỜI CAM KẾT", official.full_name)
    return _bytes(document)


def minutes_docx(visit: SupervisionVisit) -> bytes:
    """Return the minutes of a supervision visit: subject, members, findings and recommendations."""
    body = [Line(visit.body.name.upper(), bold=True)]
    document = _start(visit.commune.name, body, "", visit.visited_on)
    add_line(document, "BIÊN BẢN GIÁM SÁT", size=14, bold=True)
    add_line(document, visit.subject, size=14, bold=True)
    _para(document, f"Thành phần đoàn giám sát: {visit.members}")
    _para(document, "I. KẾT QUẢ GIÁM SÁT", bold=True)
    _para(document, visit.findings)
    _para(document, "II. KIẾN NGHỊ", bold=True)
    for number, recommendation in enumerate(visit.recommendations.select_related("task"), start=1):
        _para(
            document,
            f"{number}. {recommendation.text} (thời hạn trả lời: {recommendation.task.due_on:%d/%m/%Y}).",
        )
    _signature(document, "TRƯỞNG ĐOÀN GIÁM SÁT", "")
    return _bytes(document)
