"""Letters and slips read as a person writes them: "ông" or "bà" from the gender the desk recorded ("ông/bà"
only when it did not), no doubled punctuation after text staff typed, "trân trọng" once at most."""

import re
from datetime import date

import pytest

from thanthien.dossiers.models import Dossier
from thanthien.letters import documents, dossier_forms, rendering, services
from thanthien.letters.kinds import (
    LETTER_KINDS,
    LETTER_OPTIONAL,
    LETTER_REQUIRED,
    TemplateKind,
    allowed_fields,
)
from thanthien.letters.tests.factories import all_text, birth_procedure, read_docx, ready_dossier

TODAY = date(2026, 12, 4)
# What staff type often ends with its own full stop; the templates add theirs.
TYPED = {
    "reason": "Chờ xác minh tại nơi cư trú trước đây.",
    "contribution": "góp ý về việc sửa đường liên thôn.",
    "procedure_name": "Đăng ký khai sinh.",
}


def _problems(text: str) -> list[str]:
    problems = []
    if re.search(r"(?<!\.)\.\.(?!\.)|,,|;;|::|!!|\s[.,;:!]", text):
        problems.append("doubled or loose punctuation")
    if len(re.findall("trân trọng", text, flags=re.IGNORECASE)) > 1:
        problems.append("'trân trọng' more than once")
    return problems


@pytest.mark.django_db
@pytest.mark.parametrize("kind", LETTER_KINDS)
@pytest.mark.parametrize(("gender", "word"), [("female", "bà"), ("male", "ông"), ("", "ông/bà")])
def test_every_default_letter_reads_as_a_person_writes_it(commune, kind, gender, word):
    own = allowed_fields(kind) - LETTER_REQUIRED - LETTER_OPTIONAL
    fields = {name: TYPED.get(name, "mẫu") for name in own}
    fields["honorific"] = documents.honorific(gender)
    letter = services.draft_letter(
        commune, kind=kind, source_key=f"t:{kind}:{gender}", recipient_name="Phạm Thị Đào", fields=fields
    )

    text = "\n".join(rendering.letter_paragraphs(letter, TODAY))

    assert _problems(text) == []
    if word != "ông/bà":
        assert "ông/bà" not in text.lower()
    assert re.search(rf"\b{re.escape(word)} Phạm Thị Đào", text, flags=re.IGNORECASE)


@pytest.mark.django_db
def test_a_letter_from_a_dossier_addresses_the_applicant_as_recorded(commune, officer):
    dossier = ready_dossier(commune, officer, procedure=birth_procedure(), name="Phạm Thị Đào")
    Dossier.objects.filter(pk=dossier.pk).update(applicant_gender=Dossier.Gender.FEMALE)
    dossier.refresh_from_db()
    letter = services.draft_letter_for_dossier(dossier)
    letter.delete()
    letter = services.draft_letter_for_dossier(dossier)

    text = "\n".join(rendering.letter_paragraphs(letter, TODAY))

    assert letter.fields["honorific"] == "bà"
    assert "Kính gửi: Bà Phạm Thị Đào" in text and "gia đình bà Phạm Thị Đào" in text
    assert "ông/bà" not in text.lower()


@pytest.mark.django_db
def test_the_desks_slips_address_the_applicant_and_trim_typed_reasons(commune, officer):
    from thanthien.dossiers import services as dossier_services

    dossier = dossier_services.receive_dossier(
        commune,
        procedure=birth_procedure(),
        applicant_name="Lê Văn Tám",
        applicant_gender=Dossier.Gender.MALE,
        by=officer,
    )
    supplement = dossier_services.request_supplement(
        dossier,
        by=officer,
        office="Tư pháp",
        missing_items="Bản sao giấy chứng sinh",
        reason="Thiếu giấy tờ.",
    )

    content = dossier_forms.render_form(
        TemplateKind.SUPPLEMENT, dossier, dossier_forms.supplement_context(dossier, supplement), TODAY
    )
    text = all_text(read_docx(content))

    assert "Kính gửi: Ông Lê Văn Tám" in text and "của ông cần bổ sung" in text
    assert "Lý do: Thiếu giấy tờ." in text
    assert _problems(text) == []


def test_clause_drops_only_the_closing_punctuation():
    assert documents.clause(" Chờ xác minh.. ") == "Chờ xác minh"
    assert documents.clause("Đường 1.5 km") == "Đường 1.5 km"
    assert documents.honorific_fields("bà") == {"honorific": "bà", "honorific_title": "Bà"}
    assert documents.honorific_fields("") == {"honorific": "ông/bà", "honorific_title": "Ông/Bà"}
