"""Word files opened back with python-docx: the Decree 30/2020 head, number, date, recipients, signature."""

from datetime import date

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH

from thanthien.letters import builder, rendering, services
from thanthien.letters.kinds import (
    FORM_KINDS,
    LETTER_KINDS,
    TemplateKind,
    allowed_fields,
    placeholder_problems,
)
from thanthien.letters.models import LetterTemplate
from thanthien.letters.tests.factories import all_text, cell_lines, read_docx, thanks_draft

ISSUE_DAY = date(2026, 12, 1)


def sample_context(kind: str) -> dict[str, str]:
    """Fill every field of the kind with a recognisable value, and the head as a letter of Hoằng Cát."""
    return {
        **{name: f"«{name}»" for name in allowed_fields(kind)},
        "issuing_body": "ỦY BAN NHÂN DÂN",
        "issuing_unit": "XÃ HOẰNG CÁT",
        "date_line": "Hoằng Cát, ngày 01 tháng 12 năm 2026",
        "number_symbol": "07/TCM-UBND",
        "signer_authority": "TM. ỦY BAN NHÂN DÂN",
        "signer_title": "CHỦ TỊCH",
        "signer_name": "Lê Văn Thành",
        "recipient_name": "Nguyễn Thị Ánh & <con>",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [kind.value for kind in TemplateKind])
def test_every_default_template_renders_with_its_fields_in_place(kind):
    template = LetterTemplate.objects.get(kind=kind, commune=None)

    content = rendering.render(rendering.template_bytes(template), sample_context(kind), kind=kind)
    document = read_docx(content)

    text = all_text(document)
    assert "{{" not in text and "}}" not in text and "{%" not in text
    assert cell_lines(document, 0, 0, 0)[:2] == ["ỦY BAN NHÂN DÂN", "XÃ HOẰNG CÁT"]
    assert cell_lines(document, 0, 0, 1) == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    assert cell_lines(document, 0, 1, 1) == ["Hoằng Cát, ngày 01 tháng 12 năm 2026"]
    assert "Nguyễn Thị Ánh & <con>" in text  # escaped for Word's XML, read back as typed
    recipients = cell_lines(document, 1, 0, 0)
    assert recipients[0] == "Nơi nhận:" and recipients[1] == "- Nguyễn Thị Ánh & <con>;"
    assert cell_lines(document, 1, 0, 1)[-1] == "Lê Văn Thành"
    for name in allowed_fields(kind) - set(sample_context(kind)) - {"commune_name", "place"}:
        assert f"«{name}»" in text, name


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [kind.value for kind in LETTER_KINDS])
def test_a_letter_has_its_number_and_the_signature_block_with_tm(kind):
    template = LetterTemplate.objects.get(kind=kind, commune=None)

    content = rendering.render(rendering.template_bytes(template), sample_context(kind), kind=kind)
    document = read_docx(content)

    assert cell_lines(document, 0, 1, 0) == ["Số: 07/TCM-UBND"]
    assert cell_lines(document, 1, 0, 1) == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Lê Văn Thành"]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [kind.value for kind in FORM_KINDS])
def test_a_form_carries_the_dossier_code_where_a_letter_has_its_number(kind):
    template = LetterTemplate.objects.get(kind=kind, commune=None)

    content = rendering.render(rendering.template_bytes(template), sample_context(kind), kind=kind)
    document = read_docx(content)

    assert cell_lines(document, 0, 1, 0) == ["Mã hồ sơ: «dossier_code»"]
    assert cell_lines(document, 0, 0, 0)[2] == "BỘ PHẬN MỘT CỬA"


@pytest.mark.parametrize("kind", [kind.value for kind in TemplateKind])
def test_the_shipped_template_is_what_the_builder_makes_and_uses_exactly_its_fields(kind):
    shipped = (builder.TEMPLATES_DIR / f"{kind}.docx").read_bytes()

    assert all_text(read_docx(shipped)) == all_text(read_docx(builder.build_template(kind)))
    assert placeholder_problems(kind, rendering.used_placeholders(shipped)) == ([], [])


def test_the_page_is_a4_with_the_decree_margins_in_times_new_roman():
    document = read_docx(builder.build_template(TemplateKind.BIRTH))

    section = document.sections[0]
    sizes = [
        section.page_width,
        section.page_height,
        section.left_margin,
        section.right_margin,
        section.top_margin,
    ]
    assert [round(size.mm) for size in sizes] == [210, 297, 30, 15, 20]
    assert document.styles["Normal"].font.name == "Times New Roman"
    runs = [run for paragraph in document.paragraphs for run in paragraph.runs if run.text.strip()]
    assert runs and all(run.font.name == "Times New Roman" for run in runs)
    title = next(p for p in document.paragraphs if p.text == "THƯ CHÚC MỪNG")
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER and title.runs[0].bold
    motto_run = document.tables[0].cell(0, 1).paragraphs[1].runs[0]
    assert motto_run.bold and motto_run.underline


@pytest.mark.django_db
def test_an_issued_letter_prints_its_register_number_date_and_signer(commune, leader):
    draft = thanks_draft(commune)
    letter = services.issue_letter(draft, by=leader, capacity="vice_chairman", today=date(2026, 2, 3))

    document = read_docx(rendering.render_letter(letter, today=date(2026, 3, 1)))

    assert cell_lines(document, 0, 1, 0) == ["Số: 01/TCO-UBND"]
    assert cell_lines(document, 0, 1, 1) == ["Hoằng Cát, ngày 03 tháng 02 năm 2026"]
    assert cell_lines(document, 1, 0, 1) == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn Chủ Tịch"]
    assert "góp ý về việc sửa đường liên thôn" in all_text(document)


@pytest.mark.django_db
def test_a_draft_prints_without_a_number(commune):
    document = read_docx(rendering.render_letter(thanks_draft(commune), today=date(2026, 3, 1)))

    assert cell_lines(document, 0, 1, 0) == ["Số: ……/TCO-UBND"]


@pytest.mark.django_db
@pytest.mark.parametrize("same_template", [True, False], ids=["copied", "composed"])
def test_a_batch_is_one_document_with_a_page_break_between_letters(commune, leader, same_template):
    letters = [thanks_draft(commune, key=f"feedback:{n}:thanks", name=f"Người {n}") for n in range(3)]
    issued = services.issue_letters(letters, by=leader, today=ISSUE_DAY)

    contents = [rendering.render_letter(letter, ISSUE_DAY) for letter in issued]
    combined = read_docx(rendering.combine(contents, same_template=same_template))

    numbers = [cell_lines(combined, index * 2, 1, 0)[0] for index in range(3)]
    assert numbers == ["Số: 01/TCO-UBND", "Số: 02/TCO-UBND", "Số: 03/TCO-UBND"]
    breaks = combined.element.body.xpath(".//w:br[@w:type='page']")
    assert len(breaks) == 2
    assert len(combined.element.body.xpath("./w:sectPr")) == 1  # one page setup, at the end
    assert all_text(combined).count("Người 1") == 3  # salutation, body and "Nơi nhận" of the second letter
