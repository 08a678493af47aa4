"""What every Word document in the layout of Decree 30/2020/NĐ-CP, Appendix I (LAW.md §5) shares.

The letters' templates (letters/builder.py), the dialogue minutes (reception/minutes.py) and the periodic
reports (reports/documents.py) build their head with `head_table`: a borderless table, the issuing body
and number on the left, the national name, the motto and the place and date line on the right, every
line centred in Times New Roman. Each caller keeps its own sizes; the lines are `Line`s.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from thanthien.core.validation import without_bad_characters

FONT = "Times New Roman"
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def new_a4_document(font_size: int = 13) -> Any:
    """A blank document with Decree 30's page (Appendix I: A4; margins top and bottom 20–25 mm, left 30–35
    mm, right 15–20 mm) and its font as the Normal style. Every Word document of the project starts here."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(font_size)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    return document


# Official names of a commune-level unit start with its kind; the place line names the place only.
UNIT_KIND_PREFIXES = ("Thị trấn ", "Phường ", "Đặc khu ", "Xã ")


def place_name(unit_name: str) -> str:
    """Return the place of the date line: "Xã Hoằng Cát" → "Hoằng Cát"."""
    name = " ".join(unit_name.split())
    for prefix in UNIT_KIND_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


@dataclass(frozen=True)
class Line:
    text: str
    size: int = 13
    bold: bool = False
    italic: bool = False
    underline: bool = False


def styled_run(
    paragraph: Paragraph,
    text: str,
    *,
    size: int = 13,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
) -> Any:
    """Add `text` to the paragraph in Times New Roman of `size` points; return the run."""
    run = paragraph.add_run(without_bad_characters(text))  # a control character stored long ago: not a 500
    run.font.name, run.font.size, run.bold, run.italic = FONT, Pt(size), bold, italic
    if underline:
        run.underline = True
    return run


def add_line(
    container: Any,
    text: str,
    *,
    size: int = 13,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    align: Any = WD_ALIGN_PARAGRAPH.CENTER,
) -> Paragraph:
    """Add a paragraph of one run to a document or a table cell (centred unless `align` says otherwise)."""
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    styled_run(paragraph, text, size=size, bold=bold, italic=italic, underline=underline)
    return paragraph


def fill_cell(cell: Any, lines: Sequence[Line]) -> None:
    """Write centred lines into a table cell, the first into the empty paragraph a new cell starts with."""
    for index, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        styled_run(
            paragraph, line.text, size=line.size, bold=line.bold, italic=line.italic, underline=line.underline
        )


def head_table(
    document: Any,
    rows: Sequence[tuple[Sequence[Line], Sequence[Line]]],
    widths: tuple[Length, Length] | None = None,
) -> Table:
    """The head of the document: a two-column table, one row per (left lines, right lines).

    With `widths`, the table is centred, keeps those column widths and does not fit itself to its text.
    """
    table = document.add_table(rows=len(rows), cols=2)
    if widths is not None:
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = width
    for row, (left, right) in zip(table.rows, rows, strict=True):
        fill_cell(row.cells[0], left)
        fill_cell(row.cells[1], right)
    return table


def decree_month(day: date) -> str:
    """Return the month as Decree 30/2020, Appendix I writes it: months 1 and 2 with a leading zero."""
    return f"{day.month:02d}" if day.month < 3 else str(day.month)


def date_line(place: str, day: date) -> str:
    """Return the place and date line: "Hoằng Cát, ngày 05 tháng 02 năm 2026", "…, ngày 15 tháng 6 năm 2026".

    Decree 30/2020, Appendix I: days below 10 and the months 1 and 2 get a leading zero.
    """
    return f"{place}, ngày {day.day:02d} tháng {decree_month(day)} năm {day.year}"
