"""Building blocks for letter tests: civil-status dossiers made ready, drafts, Word files read back."""

from io import BytesIO

from docx import Document

from thanthien.dossiers import services as dossier_services
from thanthien.dossiers.tests.factories import make_procedure
from thanthien.letters import services
from thanthien.letters.kinds import TemplateKind
from thanthien.procedures.models import Procedure


def birth_procedure() -> Procedure:
    return make_procedure("TEST-KS", "Đăng ký khai sinh", "1", result_kind=Procedure.ResultKind.BIRTH)


def ready_dossier(commune, officer, *, procedure=None, name="Nguyễn Thị Ánh"):
    """Receive a dossier and mark its result ready, which fires the letter trigger."""
    dossier = dossier_services.receive_dossier(
        commune,
        procedure=procedure or birth_procedure(),
        applicant_name=name,
        applicant_phone="0912 345 678",
        applicant_address="Thôn 2, xã Hoằng Cát",
        by=officer,
    )
    return dossier_services.mark_ready(dossier, by=officer)


def thanks_draft(commune, key="feedback:1:thanks", name="Lê Văn Bảy", **extra):
    return services.draft_letter(
        commune,
        kind=TemplateKind.THANKS,
        source_key=key,
        recipient_name=name,
        fields={"contribution": "góp ý về việc sửa đường liên thôn"},
        **extra,
    )


def read_docx(content: bytes):
    return Document(BytesIO(content))


def all_text(document) -> str:
    """Return every paragraph's text, those of table cells included, one per line."""
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                lines.extend(paragraph.text for paragraph in cell.paragraphs)
    return "\n".join(lines)


def cell_lines(document, table: int, row: int, column: int) -> list[str]:
    cell = document.tables[table].cell(row, column)
    return [paragraph.text for paragraph in cell.paragraphs if paragraph.text.strip()]
