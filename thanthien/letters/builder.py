"""Build the default Word templates in the layout of Decree 30/2020/NĐ-CP, Appendix I (LAW.md §5).

`thanthien build_letter_templates` writes them to `letters/data/templates/`, where they ship as package
data; a commune may upload its own version of any of them. The Jinja placeholders ({{ … }}) are filled by
docxtpl when a letter is printed.

Layout: A4 portrait; margins top/bottom 20 mm, left 30 mm, right 15 mm; Times New Roman throughout. A
borderless table holds the head: the issuing body (upper case, bold) on the left over the number and
symbol, the national name (bold, 13) and the motto (bold, underlined, 14) on the right over the italic place
and date line. Then the title (bold, centred), the addressee, the body (14, justified, first line indented
1.27 cm, 6 pt after), and a second table: "Nơi nhận:" (bold italic 12, list 11) on the left, level with
the signature block (authority and title upper case bold, the signer's name bold) on the right.
"""

from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from thanthien.core.documents import FONT, MOTTO, NATIONAL_NAME, Line, add_line, fill_cell, head_table
from thanthien.letters.kinds import TemplateKind

TEMPLATES_DIR = Path(__file__).resolve().parent / "data" / "templates"
RECIPIENTS_HEADING = "Nơi nhận:"


@dataclass(frozen=True)
class Spec:
    title: str
    body: list[str]
    salutation: str = "Kính gửi: {{ honorific_title }} {{ recipient_name }}"
    subtitle: str = ""
    recipients: list[str] = field(default_factory=lambda: ["- {{ recipient_name }};", "- Lưu: VT."])
    is_form: bool = False
    signature_note: str = ""


LETTER_SIGNATURE = ["{{ signer_authority }}", "{{ signer_title }}"]

SPECS: dict[str, Spec] = {
    TemplateKind.APOLOGY: Spec(
        title="THƯ XIN LỖI",
        subtitle="V/v giải quyết hồ sơ {{ dossier_code }} chậm so với hẹn",
        body=[
            "Ủy ban nhân dân {{ commune_name }} xin gửi tới {{ honorific }} {{ recipient_name }} lời chào "
            "trân trọng.",
            "Hồ sơ {{ dossier_code }} ({{ procedure_name }}) {{ honorific }} nộp ngày {{ received_on }} hẹn "
            "trả kết quả ngày {{ old_due_date }} nhưng chưa được giải quyết đúng hẹn. Lý do: {{ reason }}.",
            "Ủy ban nhân dân {{ commune_name }} thành thật xin lỗi {{ honorific }} vì sự chậm trễ này và hẹn "
            "trả kết quả vào ngày {{ new_due_date }}.",
            "Rất mong {{ honorific }} thông cảm.",
        ],
    ),
    TemplateKind.APOLOGY_OTHER: Spec(
        title="THƯ XIN LỖI",
        subtitle="V/v {{ subject }}",
        body=[
            "Ủy ban nhân dân {{ commune_name }} xin gửi tới {{ honorific }} {{ recipient_name }} lời chào "
            "trân trọng.",
            "Ủy ban nhân dân {{ commune_name }} thành thật xin lỗi {{ honorific }} vì {{ matter }}.",
            "Để khắc phục, {{ remedy }}.",
            "Rất mong {{ honorific }} thông cảm và tiếp tục đồng hành cùng chính quyền xã.",
        ],
    ),
    TemplateKind.THANKS: Spec(
        title="THƯ CẢM ƠN",
        body=[
            "Ủy ban nhân dân {{ commune_name }} chân thành cảm ơn {{ honorific }} {{ recipient_name }} đã "
            "{{ contribution }}.",
            "Những ý kiến, đóng góp của {{ honorific }} là nguồn động viên to lớn, giúp chính quyền xã xây "
            "dựng chính quyền thân thiện, vì Nhân dân phục vụ.",
            "Kính chúc {{ honorific }} và gia đình mạnh khỏe, hạnh phúc. Trân trọng cảm ơn!",
        ],
    ),
    TemplateKind.BIRTH: Spec(
        title="THƯ CHÚC MỪNG",
        subtitle="Nhân dịp gia đình đón thành viên mới",
        body=[
            "Ủy ban nhân dân {{ commune_name }} vui mừng được biết gia đình {{ honorific }} "
            "{{ recipient_name }} vừa đón thêm thành viên mới và đã đăng ký khai sinh ngày {{ event_date }}.",
            "Thay mặt chính quyền xã, xin gửi tới gia đình lời chúc mừng tốt đẹp nhất. Chúc cháu bé luôn "
            "khỏe mạnh, ngoan ngoãn; chúc gia đình hạnh phúc, nuôi dạy con thành người có ích.",
            "Trân trọng!",
        ],
    ),
    TemplateKind.MARRIAGE: Spec(
        title="THƯ CHÚC MỪNG",
        subtitle="Nhân dịp đăng ký kết hôn",
        body=[
            "Ủy ban nhân dân {{ commune_name }} vui mừng chúc mừng {{ honorific }} {{ recipient_name }} "
            "đã đăng ký kết hôn ngày {{ event_date }}.",
            "Chúc hai bạn trăm năm hạnh phúc, cùng nhau xây dựng gia đình no ấm, bình đẳng, tiến bộ và "
            "văn minh, góp phần xây dựng quê hương ngày càng giàu đẹp.",
            "Trân trọng!",
        ],
    ),
    TemplateKind.NEW_YEAR: Spec(
        title="THƯ CHÚC TẾT",
        subtitle="Xuân {{ lunar_year }} {{ year }}",
        salutation="Kính gửi: Gia đình {{ honorific }} {{ recipient_name }}",
        body=[
            "Nhân dịp đón Xuân {{ lunar_year }} {{ year }}, Ủy ban nhân dân {{ commune_name }} trân trọng "
            "gửi tới gia đình {{ honorific }} {{ recipient_name }} ({{ recipient_address }}) lời thăm hỏi "
            "ân cần và lời chúc mừng năm mới.",
            "Cảm ơn gia đình đã đồng hành cùng chính quyền xã trong năm qua. Kính chúc gia đình một năm "
            "mới an khang, thịnh vượng, vạn sự như ý.",
        ],
    ),
    TemplateKind.CONDOLENCE: Spec(
        title="THƯ CHIA BUỒN",
        salutation="Kính gửi: Gia đình {{ honorific }} {{ recipient_name }}",
        body=[
            "Ủy ban nhân dân {{ commune_name }} vô cùng thương tiếc được tin gia đình {{ honorific }} "
            "{{ recipient_name }} có người thân qua đời (đăng ký khai tử ngày {{ event_date }}).",
            "Thay mặt chính quyền xã, xin gửi tới gia đình lời chia buồn sâu sắc nhất. Mong gia đình "
            "vượt qua nỗi đau mất mát này và tổ chức việc tang theo nếp sống văn minh.",
            "Thành kính chia buồn!",
        ],
    ),
    TemplateKind.RECEIPT: Spec(
        title="GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        salutation="Mã hồ sơ: {{ dossier_code }}",
        body=[
            "Bộ phận Một cửa {{ commune_name }} đã tiếp nhận hồ sơ của {{ honorific }} {{ recipient_name }} "
            "(điện thoại {{ recipient_phone }}), địa chỉ {{ recipient_address }}.",
            "Thủ tục: {{ procedure_name }}.",
            "Thời gian tiếp nhận: {{ received_at }}.",
            "Thời gian trả kết quả: {{ due_date }}.",
            "Tra cứu hồ sơ: {{ lookup_url }}",
        ],
        recipients=["- {{ recipient_name }};", "- Lưu: Bộ phận Một cửa."],
        is_form=True,
        signature_note="NGƯỜI NỘP HỒ SƠ",
    ),
    TemplateKind.SUPPLEMENT: Spec(
        title="PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        salutation="Kính gửi: {{ honorific_title }} {{ recipient_name }}",
        body=[
            "Hồ sơ {{ dossier_code }} ({{ procedure_name }}) của {{ honorific }} cần bổ sung, hoàn thiện "
            "theo yêu cầu của {{ office }} ngày {{ requested_on }}:",
            "{{ missing_items }}",
            "Lý do: {{ reason }}.",
            "Mong {{ honorific }} bổ sung để hồ sơ được giải quyết đúng hạn.",
        ],
        recipients=["- {{ recipient_name }};", "- Lưu: Bộ phận Một cửa."],
        is_form=True,
    ),
    TemplateKind.REJECTION: Spec(
        title="PHIẾU TỪ CHỐI TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ",
        salutation="Kính gửi: {{ honorific_title }} {{ recipient_name }}",
        body=[
            "Hồ sơ {{ dossier_code }} ({{ procedure_name }}) không đủ điều kiện tiếp nhận, giải quyết "
            "(ngày {{ rejected_on }}) vì những lý do sau:",
            "{{ reasons }}",
            "Xin thông báo để {{ honorific }} biết.",
        ],
        recipients=["- {{ recipient_name }};", "- Lưu: Bộ phận Một cửa."],
        is_form=True,
    ),
    TemplateKind.POSTPONEMENT: Spec(
        title="PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
        salutation="Kính gửi: {{ honorific_title }} {{ recipient_name }}",
        body=[
            "Hồ sơ {{ dossier_code }} ({{ procedure_name }}) tiếp nhận ngày {{ received_on }}, hẹn trả "
            "kết quả ngày {{ old_due_date }}.",
            "Lý do chậm: {{ reason }}.",
            "Bộ phận Một cửa {{ commune_name }} thành thật xin lỗi {{ honorific }} và hẹn trả kết quả vào "
            "ngày {{ new_due_date }}.",
        ],
        recipients=["- {{ recipient_name }};", "- Lưu: Bộ phận Một cửa."],
        is_form=True,
    ),
}


def build_template(kind: str) -> bytes:
    """Return the default Word template of `kind` as .docx bytes."""
    spec = SPECS[kind]
    document = Document()
    _page_and_font(document)
    _head(document, spec)
    _title(document, spec)
    for text in spec.body:
        _body_paragraph(document, text)
    _signature(document, spec)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def write_default_templates(directory: Path = TEMPLATES_DIR) -> list[Path]:
    """Write every default template into `directory`; return the files written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in SPECS:
        path = directory / f"{kind}.docx"
        path.write_bytes(build_template(kind))
        written.append(path)
    return written


def _page_and_font(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    style.paragraph_format.space_after = Pt(0)


def _head(document, spec: Spec) -> None:
    issuing_body = [Line("{{ issuing_body }}", bold=True), Line("{{ issuing_unit }}", bold=True)]
    if spec.is_form:
        issuing_body.append(Line("BỘ PHẬN MỘT CỬA", size=12, bold=True))
    nation = [Line(NATIONAL_NAME, size=12, bold=True), Line(MOTTO, bold=True, underline=True)]
    number_text = "Mã hồ sơ: {{ dossier_code }}" if spec.is_form else "Số: {{ number_symbol }}"
    rows = [(issuing_body, nation), ([Line(number_text)], [Line("{{ date_line }}", italic=True)])]
    head_table(document, rows, widths=(Cm(6.0), Cm(10.5)))


def _title(document, spec: Spec) -> None:
    title = add_line(document, spec.title, size=14, bold=True)
    title.paragraph_format.space_before = Pt(18)
    if spec.subtitle:
        add_line(document, spec.subtitle, size=14, bold=True)
    salutation = add_line(document, spec.salutation, size=14)
    salutation.paragraph_format.space_before = Pt(12)
    salutation.paragraph_format.space_after = Pt(12)


def _body_paragraph(document, text: str) -> None:
    paragraph = add_line(document, text, size=14, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    paragraph.paragraph_format.first_line_indent = Cm(1.27)
    paragraph.paragraph_format.space_after = Pt(6)
    paragraph.paragraph_format.line_spacing = 1.15


def _signature(document, spec: Spec) -> None:
    document.add_paragraph()
    table = document.add_table(rows=1, cols=2)
    table.autofit = False
    left, right = table.cell(0, 0), table.cell(0, 1)
    left.width, right.width = Cm(7.5), Cm(9.0)
    heading = left.paragraphs[0]
    run = heading.add_run(RECIPIENTS_HEADING)
    run.font.size, run.bold, run.italic, run.font.name = Pt(12), True, True, FONT
    for line in spec.recipients:
        add_line(left, line, size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    if spec.is_form:
        fill_cell(right, [Line("{{ signer_title }}", bold=True)])
        add_line(right, "(Ký, ghi rõ họ tên)", size=13, italic=True)
    else:
        fill_cell(right, [Line(LETTER_SIGNATURE[0], bold=True)])
        add_line(right, LETTER_SIGNATURE[1], size=13, bold=True)
    for _blank in range(3):
        add_line(right, "", size=13)
    add_line(right, "{{ signer_name }}", size=13, bold=True)
