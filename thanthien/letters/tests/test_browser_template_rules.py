"""A leader uploads a template with code in it, in a real browser: the page names what is refused."""

import tempfile
from io import BytesIO
from pathlib import Path

import pytest
from django.utils import timezone
from docx import Document
from playwright.sync_api import expect

from thanthien.browser import demo_logins, log_in, page_fixture  # noqa: F401  (the `page` fixture)
from thanthien.letters.builder import build_template
from thanthien.letters.kinds import TemplateKind
from thanthien.letters.models import LetterTemplate
from thanthien.units.models import Unit

SHOTS = Path(tempfile.gettempdir())  # screenshots to look at
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_leader_sees_why_a_template_is_refused_and_a_stored_one_is_flagged(live_server, page, tmp_path):
    logins = demo_logins()
    commune = Unit.objects.get(slug="hoang-cat")
    document = Document(BytesIO(build_template(TemplateKind.THANKS)))
    document.add_paragraph("{{ lipsum.__globals__.os.popen('id').read() }} {{ recipient_name.__class__ }}")
    path = tmp_path / "mau-thu-cam-on.docx"
    document.save(path)
    stored = LetterTemplate.objects.create(
        kind=TemplateKind.THANKS,
        commune=commune,
        valid_from=timezone.localdate(),
        legal_basis="cũ",
        content=path.read_bytes(),
        file_name="mau-cu.docx",
    )
    log_in(page, live_server.url, "chutich", logins["chutich"])

    page.goto(f"{live_server.url}/letters/templates/upload/?commune={commune.pk}")
    page.select_option("#id_kind", TemplateKind.THANKS)
    page.set_input_files("#id_file", str(path))
    page.fill("#id_valid_from", "01/01/2099")
    page.fill("#id_legal_basis", "Quyết định 05/QĐ-UBND")
    page.get_by_role("button", name="Kiểm tra và lưu").click()

    expect(page.get_by_text("Không được gọi hàm", exact=False)).to_be_visible()
    page.screenshot(path=SHOTS / "templates_upload_refused.png", full_page=True)
    assert LetterTemplate.objects.filter(commune=commune).count() == 1
    page.goto(f"{live_server.url}/letters/templates/?commune={commune.pk}")
    expect(page.get_by_test_id("template-refused")).to_be_visible()
    page.screenshot(path=SHOTS / "templates_list_flagged.png", full_page=True)
    page.goto(f"{live_server.url}/letters/templates/{stored.pk}/preview.docx")
    expect(page.get_by_test_id("template-refused")).to_contain_text("recipient_name.__class__")
    page.screenshot(path=SHOTS / "templates_preview_refused.png", full_page=True)
