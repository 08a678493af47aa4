"""A letter's PDF is set in the one font its Word file names, every Vietnamese letter included.

The letters name Times New Roman (Decree 30/2020). Where it is not installed LibreOffice takes a font with the
same metrics: Liberation Serif 2.x (Debian's `fonts-liberation2`) covers Vietnamese, but Liberation 1.x
(`fonts-liberation`) does not, and then "Ủ", "Ộ", "ệ" … come from another font and the letter prints in
mixed faces. The check reads the PDF's text run by run with the font each run is drawn in.
"""

import re
import unicodedata
import zipfile
from datetime import date
from io import BytesIO

import pytest
from pypdf import PdfReader

from thanthien.core.documents import FONT
from thanthien.letters import rendering, services
from thanthien.letters.kinds import TemplateKind

pytestmark = pytest.mark.skipif(
    rendering.soffice_path() is None,
    reason="LibreOffice not installed (apt-get install libreoffice-writer-nogui fonts-liberation2)",
)

# Times New Roman and the fonts made with its metrics, which LibreOffice (fontconfig) puts in its place.
TIMES_METRIC_FAMILIES = {"TimesNewRoman", "LiberationSerif", "Tinos"}
STYLE_SUFFIX = re.compile(r"(,|-)(Bold|Italic|BoldItalic|Regular|Roman|PSMT|MT)*$")

VOWELS = "aăâeêioôơuưy"
TONES = ("\u0300", "\u0301", "\u0303", "\u0309", "\u0323")  # huyền, sắc, ngã, hỏi, nặng


def vietnamese_letters() -> str:
    """Every letter of the Vietnamese alphabet, each vowel with each tone, in small and capital letters."""
    words = ["đ"] + [
        "".join(unicodedata.normalize("NFC", vowel + tone) for tone in ("", *TONES)) for vowel in VOWELS
    ]
    small = " ".join(words)
    return f"{small} {small.upper()}"


def named_fonts(docx: bytes) -> set[str]:
    """Return the fonts the document's text names (its runs' w:rFonts)."""
    with zipfile.ZipFile(BytesIO(docx)) as archive:
        body = archive.read("word/document.xml").decode()
    return set(re.findall(r'w:(?:ascii|hAnsi|cs|eastAsia)="([^"]+)"', body))


def text_by_font(pdf: bytes) -> dict[str, str]:
    """Return the PDF's text grouped by the family of the font each piece is drawn in."""
    pieces: dict[str, list[str]] = {}

    def collect(text, _cm, _tm, font, _size):
        if text.strip():
            base = str(font["/BaseFont"]) if font else "(none)"
            family = STYLE_SUFFIX.sub("", base.lstrip("/").split("+", 1)[-1])
            pieces.setdefault(family, []).append(text)

    for page in PdfReader(BytesIO(pdf)).pages:
        page.extract_text(visitor_text=collect)
    return {family: " ".join(texts) for family, texts in pieces.items()}


@pytest.mark.django_db
def test_every_glyph_of_a_letters_pdf_comes_from_the_one_font_it_names(commune):
    alphabet = vietnamese_letters()
    letter = services.draft_letter(
        commune,
        kind=TemplateKind.THANKS,
        source_key="feedback:1:thanks",
        recipient_name="Nguyễn Thị Ửng Hoằng",
        fields={"contribution": f"góp ý viết bằng đủ chữ cái: {alphabet}"},
    )
    docx = rendering.render_letter(letter, date(2026, 3, 2))

    by_font = text_by_font(rendering.pdf_of(docx))

    assert named_fonts(docx) == {FONT}
    assert len(by_font) == 1, {family: text[:80] for family, text in by_font.items()}
    ((family, text),) = by_font.items()
    assert family in TIMES_METRIC_FAMILIES
    assert "ỦY BAN NHÂN DÂN" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in " ".join(text.split())
    assert "Nguyễn Thị Ửng Hoằng" in text and "".join(alphabet.split()) in "".join(text.split())
