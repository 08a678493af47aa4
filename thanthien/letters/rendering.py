"""Word output: the template in force, a letter's fields, .docx per letter, a batch, a zip, PDF if possible.

Rendering reads rows and writes nothing; the services decide what a letter says, this module prints it.
"""

import shutil
import subprocess
import tempfile
import zipfile
from copy import deepcopy
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml.ns import qn
from docxcompose.composer import Composer

from thanthien.core import templating
from thanthien.letters import documents
from thanthien.letters.builder import TEMPLATES_DIR
from thanthien.letters.kinds import allowed_fields, placeholder_problems
from thanthien.letters.models import Letter, LetterTemplate

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_TIMEOUT_SECONDS = 60
ISSUING_BODY = "ỦY BAN NHÂN DÂN"


# --- Templates ------------------------------------------------------------------------------------------
def template_in_force(commune: Any, kind: str, on: date) -> LetterTemplate:
    """Return the commune's own template of `kind` in force on `on`, else the default one in force."""
    candidates = LetterTemplate.objects.filter(kind=kind, valid_from__lte=on).filter(
        Q(commune=commune) | Q(commune__isnull=True)
    )
    # A stored template that may not be used (see `is_usable`) is passed over: the one before it is in force.
    own = (row for row in candidates.filter(commune=commune).order_by("-valid_from", "-id") if is_usable(row))
    default = candidates.filter(commune__isnull=True).order_by("-valid_from", "-id").first()
    template = next(own, None) or default
    if template is None:
        raise ValidationError(
            _("No template of this kind is in force on %(day)s.") % {"day": f"{on:%d/%m/%Y}"}
        )
    return template


def template_bytes(template: LetterTemplate) -> bytes:
    """Return the Word file of a template: the uploaded one, or the default shipped with the package."""
    if template.content:
        return bytes(template.content)
    return (TEMPLATES_DIR / f"{template.kind}.docx").read_bytes()


def used_placeholders(content: bytes, kind: str | None = None) -> set[str]:
    """Return the fields a Word template prints; raise ValidationError if it is not a valid template."""
    problems, names = templating.check_docx(content, allowed_fields(kind) if kind else set())
    if problems:
        raise ValidationError(problems)
    return names


def template_problems(kind: str, content: bytes) -> list[str]:
    """Return, in Vietnamese, all that is wrong with a Word template of `kind`: what it may not do (see
    core.templating), unknown fields and missing ones. Empty when the template may be used."""
    problems, names = templating.check_docx(content, allowed_fields(kind))
    unknown, missing = placeholder_problems(kind, names)
    if unknown:
        problems.append(
            _("Unknown fields (not filled for this kind of letter): %(fields)s")
            % {"fields": ", ".join("{{ %s }}" % name for name in unknown)}  # noqa: UP031
        )
    if missing:
        problems.append(
            _("Missing fields (every letter of this kind needs them): %(fields)s")
            % {"fields": ", ".join("{{ %s }}" % name for name in missing)}  # noqa: UP031
        )
    return problems


def check_template(kind: str, content: bytes) -> None:
    """Raise ValidationError naming everything a template of `kind` may not use, and missing fields."""
    problems = template_problems(kind, content)
    if problems:
        raise ValidationError(problems)


def refusal_reasons(template: LetterTemplate) -> list[str]:
    """Return why a stored template may not be used (it does what a template may not, or prints fields its
    kind does not have); empty when it may. A missing field does not stop a template stored before."""
    try:
        problems, names = templating.check_docx(template_bytes(template), allowed_fields(template.kind))
    except ValidationError as error:
        return list(error.messages)
    unknown, _missing = placeholder_problems(template.kind, names)
    if unknown:
        problems.append(_("Unknown fields: %(fields)s") % {"fields": ", ".join(unknown)})
    return problems


def is_usable(template: LetterTemplate) -> bool:
    """Return True unless the template does what a template may not (a stored one from before the check)."""
    return not refusal_reasons(template)


def render(content: bytes, context: dict[str, Any], *, kind: str) -> bytes:
    """Return the template filled with `context` as .docx bytes, in the sandbox with the fields of `kind`
    (values are escaped for Word's XML); a template that may not be used is refused, never executed."""
    return templating.render_docx(content, context, fields=allowed_fields(kind))


# --- A letter's fields ----------------------------------------------------------------------------------
def head_fields(commune: Any, day: date) -> dict[str, str]:
    """Return the fields of a document's head: issuing body, place and date line."""
    place = documents.place_name(commune.name)
    return {
        "issuing_body": ISSUING_BODY,
        "issuing_unit": documents.issuing_unit(commune.name),
        "commune_name": documents.in_sentence(commune.name),
        "place": place,
        "date_line": documents.date_line(place, day),
    }


def letter_context(
    letter: Letter, symbol: str, today: date, recipient: tuple[str, str] | None = None
) -> dict[str, Any]:
    """Return everything a letter's template is filled with; a draft shows today's date and no number.

    `recipient` (name, address) replaces the letter's own for an identity reader's copy of a letter to a
    petition's sender (letters.views.download).
    """
    name, address = recipient or (letter.recipient_name, letter.recipient_address)
    day = letter.issued_on or today
    block = documents.signature_block(letter.capacity or documents.CHAIRMAN)
    return {
        **documents.tidy_fields(letter.fields),
        **documents.honorific_fields(letter.fields.get("honorific", "")),
        **head_fields(letter.commune, day),
        "number_symbol": documents.number_symbol(letter.register_number, letter.symbol or symbol),
        "recipient_name": name,
        "recipient_address": address,
        "event_label": letter.event_label,
        "signer_authority": block.authority,
        "signer_title": block.title,
        "signer_name": letter.signer_name,
    }


def template_for(letter: Letter, today: date) -> LetterTemplate:
    """Return the template a letter prints with: the one it was issued with, or the one in force today."""
    return letter.template or template_in_force(letter.commune, letter.kind, letter.issued_on or today)


def render_letter(letter: Letter, today: date, recipient: tuple[str, str] | None = None) -> bytes:
    """Return a letter as .docx bytes, with the template it was issued with (or the one in force today)."""
    template = template_for(letter, today)
    context = letter_context(letter, template.symbol, today, recipient)
    return render(template_bytes(template), context, kind=template.kind)


def letter_paragraphs(letter: Letter, today: date) -> list[str]:
    """Return a letter's text as the Word file prints it, a line per paragraph in reading order (table
    cells row by row, left to right), so a leader reads on the page what they sign."""
    document = Document(BytesIO(render_letter(letter, today)))
    lines: list[str] = []
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            lines.append(_text_of(element))
        elif element.tag == qn("w:tbl"):
            lines.extend(_text_of(paragraph) for paragraph in element.iter(qn("w:p")))
    return [line for line in lines if line.strip()]


def _text_of(paragraph: Any) -> str:
    """Return a paragraph's text: its runs' text, tabs as spaces, line breaks kept."""
    parts = []
    for node in paragraph.iter(qn("w:t"), qn("w:tab"), qn("w:br")):
        if node.tag == qn("w:t"):
            parts.append(node.text or "")
        else:
            parts.append("\n" if node.tag == qn("w:br") else " ")
    return "".join(parts)


def share_styles(templates: list[LetterTemplate]) -> bool:
    """Return True when documents filled from these templates share every style: one uploaded template,
    or only the default ones (all built by builder.py)."""
    return len({"default" if template.is_default else template.pk for template in templates}) <= 1


def letter_file_name(letter: Letter, extension: str = "docx") -> str:
    """Return a file name without spaces or slashes: "thu-05-2026.docx", or "du-thao-12.docx" for a draft."""
    if letter.register_number is not None:
        return f"thu-{letter.register_number:02d}-{letter.year}.{extension}"
    return f"du-thao-{letter.pk}.{extension}"


# --- Batches and PDF ------------------------------------------------------------------------------------
def batch_file(letters: list[Letter], extension: str, today: date) -> bytes:
    """Return the letters, in the order given, as one file: a .docx with a page per letter, a zip of
    .docx files, or one PDF (LibreOffice)."""
    files = [(letter_file_name(letter), render_letter(letter, today)) for letter in letters]
    if extension == "zip":
        return zip_of(files)
    same_styles = share_styles([template_for(letter, today) for letter in letters])
    combined = combine([content for _name, content in files], same_template=same_styles)
    return pdf_of(combined) if extension == "pdf" else combined


def combine(documents_bytes: list[bytes], *, same_template: bool = False) -> bytes:
    """Return one .docx holding every document in order, each starting on a new page.

    Letters filled from one template whose body refers to no other part (no image, link or list) share
    every style, so their paragraphs and tables are copied straight into the first one (measured: 200
    letters in well under a second). Otherwise docxcompose merges styles, numbering and images (about
    0.3 s a letter).
    """
    if not documents_bytes:
        raise ValidationError(_("No letters chosen."))
    documents = [Document(BytesIO(content)) for content in documents_bytes]
    master = documents[0]
    if same_template and not any(_refers_to_other_parts(document) for document in documents):
        for document in documents[1:]:
            master.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            _copy_body(document, into=master)
        buffer = BytesIO()
        master.save(buffer)
        return buffer.getvalue()
    composer = Composer(master)
    for document in documents[1:]:
        master.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        composer.append(document)
    buffer = BytesIO()
    composer.save(buffer)
    return buffer.getvalue()


def _copy_body(document: Any, *, into: Any) -> None:
    """Append copies of a document's paragraphs and tables to `into`, before its page settings."""
    body = into.element.body
    settings_element = body.sectPr
    for element in document.element.body:
        if element.tag == qn("w:sectPr"):
            continue
        if settings_element is not None:
            settings_element.addprevious(deepcopy(element))
        else:
            body.append(deepcopy(element))


def _refers_to_other_parts(document: Any) -> bool:
    body = document.element.body
    return bool(body.xpath(".//@r:id | .//@r:embed | .//@r:link | .//w:numPr"))


def zip_of(files: list[tuple[str, bytes]]) -> bytes:
    """Return a zip archive of (name, content) pairs."""
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files:
            archive.writestr(name, content)
    return buffer.getvalue()


def soffice_path() -> str | None:
    """Return LibreOffice's `soffice` if it is installed; PDF output is offered only then."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_of(content: bytes) -> bytes:
    """Convert a .docx to PDF with LibreOffice; raise ValidationError when it is missing or fails."""
    soffice = soffice_path()
    if soffice is None:
        raise ValidationError(_("PDF needs LibreOffice, which is not installed on the server."))
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "letter.docx"
        source.write_bytes(content)
        # A profile of its own: two conversions at once would otherwise share (and lock) one in $HOME,
        # and the server's user may have no writable home at all.
        profile = f"-env:UserInstallation={(Path(folder) / 'profile').as_uri()}"
        try:
            subprocess.run(  # noqa: S603 - fixed arguments, our own temporary file
                [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", folder, str(source)],
                check=True,
                capture_output=True,
                timeout=PDF_TIMEOUT_SECONDS,
            )
        except (subprocess.SubprocessError, OSError) as error:
            raise ValidationError(_("LibreOffice could not make the PDF.")) from error
        return (Path(folder) / "letter.pdf").read_bytes()


def preview_context(template: LetterTemplate, commune: Any, today: date) -> dict[str, Any]:
    """Return fields for previewing a template: the commune's real head, and [name] where each field goes."""
    block = documents.signature_block(documents.CHAIRMAN)
    return {
        **{name: f"[{name}]" for name in allowed_fields(template.kind)},
        **head_fields(commune, today),
        "number_symbol": documents.number_symbol(1, template.symbol),
        "signer_authority": block.authority,
        "signer_title": block.title,
    }
