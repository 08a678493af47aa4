"""The pages through the test client: another commune's letters are 404, the leader signs, files download."""

import zipfile
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from django.utils import translation
from docx import Document
from pypdf import PdfReader

from conftest import make_person, make_unit
from thanthien.core.models import AuditEvent
from thanthien.dossiers import services as dossier_services
from thanthien.letters import rendering, services
from thanthien.letters.builder import build_template
from thanthien.letters.kinds import TemplateKind
from thanthien.letters.models import Letter, LetterTemplate, PrintJob
from thanthien.letters.tests.factories import (
    all_text,
    birth_procedure,
    cell_lines,
    read_docx,
    ready_dossier,
    thanks_draft,
)
from thanthien.units.models import Household, Role


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


# --- Scoping --------------------------------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize("name", ["letters:detail", "letters:download"])
def test_another_communes_letter_is_not_found(client, commune, outsider_officer, name):
    letter = thanks_draft(commune)
    client.force_login(outsider_officer)
    kwargs = {"pk": letter.pk, **({"extension": "docx"} if name == "letters:download" else {})}

    assert client.get(reverse(name, kwargs=kwargs)).status_code == 404


@pytest.mark.django_db
def test_a_batch_with_another_communes_letter_is_not_found_and_signs_nothing(
    client, commune, other_commune, leader
):
    mine, theirs = thanks_draft(commune, key="k:1"), thanks_draft(other_commune, key="k:2")
    client.force_login(leader)

    response = client.post(reverse("letters:issue"), {"letter": [mine.pk, theirs.pk]})
    printing = client.post(reverse("letters:print"), {"ids": f"{mine.pk},{theirs.pk}", "format": "zip"})

    assert (response.status_code, printing.status_code) == (404, 404)
    assert set(Letter.objects.values_list("status", flat=True)) == {"draft"}
    assert not PrintJob.objects.exists()


@pytest.mark.django_db
def test_the_queue_lists_only_the_users_communes_drafts(client, commune, other_commune, officer):
    thanks_draft(commune, key="k:1", name="Người xã mình")
    thanks_draft(other_commune, key="k:2", name="Người xã khác")
    client.force_login(officer)

    page = client.get(reverse("letters:queue")).content.decode()

    assert "Người xã mình" in page and "Người xã khác" not in page
    assert 'data-testid="issue-letters"' not in page  # a desk officer does not sign


@pytest.mark.django_db
def test_a_desk_officer_cannot_sign(client, commune, officer):
    draft = thanks_draft(commune)
    client.force_login(officer)

    assert client.post(reverse("letters:issue"), {"letter": [draft.pk]}).status_code == 403
    assert Letter.objects.get().status == "draft"


# --- Signing, downloading, the register -----------------------------------------------------------------
@pytest.mark.django_db
def test_the_leader_signs_a_batch_and_downloads_it_as_one_file_and_as_a_zip(client, commune, leader):
    drafts = [thanks_draft(commune, key=f"k:{n}", name=f"Người {n}") for n in range(3)]
    client.force_login(leader)

    response = client.post(
        reverse("letters:issue"), {"letter": [d.pk for d in drafts], "capacity": "chairman"}, follow=True
    )
    ids = ",".join(str(d.pk) for d in drafts)
    one, archive = (print_through_a_job(client, ids, extension) for extension in ("docx", "zip"))

    assert "Đã ký và vào số 3 thư." in response.content.decode()
    assert all_text(read_docx(one.content)).count("TM. ỦY BAN NHÂN DÂN") == 3
    with zipfile.ZipFile(BytesIO(archive.content)) as files:
        year = Letter.objects.get(pk=drafts[0].pk).year
        assert sorted(files.namelist()) == [f"thu-0{n}-{year}.docx" for n in (1, 2, 3)]
        assert cell_lines(read_docx(files.read(f"thu-02-{year}.docx")), 0, 1, 0) == ["Số: 02/TCO-UBND"]


capture_on_commit_callbacks = TestCase.captureOnCommitCallbacks


def print_through_a_job(client, ids: str, extension: str):
    """Ask for the file, follow to the job's page (the task runs at the commit), download the file."""
    with capture_on_commit_callbacks(execute=True):
        asked = client.post(reverse("letters:print"), {"ids": ids, "format": extension})
    assert asked.status_code == 302
    page = client.get(asked["Location"])
    assert 'data-status="done"' in page.content.decode()
    job = page.context["job"]
    return client.get(reverse("letters:print_file", args=[job.pk]))


@pytest.mark.django_db
def test_the_job_page_waits_then_the_file_is_the_askers_alone_and_its_download_is_audited(
    client, commune, leader
):
    letters = [services.issue_letter(thanks_draft(commune, key=f"k:{n}"), by=leader) for n in range(2)]
    ids = ",".join(str(letter.pk) for letter in letters)
    client.force_login(leader)
    asked = client.post(reverse("letters:print"), {"ids": ids, "format": "docx"})  # not committed: waits
    job = PrintJob.objects.get()

    waiting = client.get(asked["Location"]).content.decode()
    too_early = client.get(reverse("letters:print_file", args=[job.pk]))
    services.make_print_file(job.pk)
    ready = client.get(asked["Location"]).content.decode()
    client.force_login(make_person("pho-chu-tich", commune, Role.LEADER))
    others = [client.get(asked["Location"]), client.get(reverse("letters:print_file", args=[job.pk]))]
    client.force_login(leader)
    downloaded = client.get(reverse("letters:print_file", args=[job.pk]))

    assert 'http-equiv="refresh"' in waiting and 'data-status="queued"' in waiting
    assert too_early.status_code == 404
    assert 'data-status="done"' in ready and 'http-equiv="refresh"' not in ready
    assert [response.status_code for response in others] == [404, 404]
    assert all_text(read_docx(downloaded.content)).count("TM. ỦY BAN NHÂN DÂN") == 2
    assert AuditEvent.objects.filter(action="export", object_id=str(job.pk)).count() == 1


@pytest.mark.django_db
def test_an_unknown_format_is_refused_in_vietnamese_and_nothing_is_queued(client, commune, leader):
    letter = services.issue_letter(thanks_draft(commune), by=leader)
    client.force_login(leader)

    response = client.post(reverse("letters:print"), {"ids": str(letter.pk), "format": "exe"}, follow=True)

    assert "Định dạng tệp không hợp lệ." in response.content.decode()
    assert not PrintJob.objects.exists()


@pytest.mark.django_db
def test_the_letters_page_through_get_cannot_queue_a_job(client, commune, leader):
    letter = services.issue_letter(thanks_draft(commune), by=leader)
    client.force_login(leader)

    assert client.get(reverse("letters:print") + f"?ids={letter.pk}&format=docx").status_code == 405


@pytest.mark.django_db
def test_the_register_lists_issued_letters_and_counts_them_by_kind(client, commune, leader):
    services.issue_letter(
        thanks_draft(commune, key="k:1", name="Lê Văn Bảy"), by=leader, today=date(2026, 3, 2)
    )
    thanks_draft(commune, key="k:2", name="Chưa ký")
    client.force_login(leader)

    page = client.get(reverse("letters:register"), {"date_from": "01/01/2026", "date_to": "31/12/2026"})

    text = page.content.decode()
    assert "01/TCO-UBND" in text and "Lê Văn Bảy" in text and "Chưa ký" not in text
    assert page.context["counts"] == {
        "apology": 0,
        "congratulations": 0,
        "condolence": 0,
        "thanks": 1,
        "new_year": 0,
    }


@pytest.mark.django_db
def test_the_leader_cancels_a_draft_from_the_queue(client, commune, leader):
    draft = thanks_draft(commune)
    client.force_login(leader)

    client.post(reverse("letters:cancel"), {"letter": [draft.pk], "reason": "Gửi nhầm"})

    draft.refresh_from_db()
    assert (draft.status, draft.cancel_reason) == ("cancelled", "Gửi nhầm")


@pytest.mark.django_db
def test_new_year_letters_are_drafted_for_a_village_from_the_page(client, commune, officer):
    village = make_unit("38-hc-01", "Thôn 1", "village", commune)
    Household.objects.create(village=village, head_name="Nguyễn Văn Một")
    client.force_login(officer)

    client.post(reverse("letters:new_year"), {"village": village.pk, "year": 2027})

    assert Letter.objects.get().fields["lunar_year"] == "Đinh Mùi"


# --- Templates ------------------------------------------------------------------------------------------
def _docx_with(*texts: str) -> bytes:
    document = Document()
    for text in texts:
        document.add_paragraph(text)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _upload(client, commune, content: bytes, kind: str = "thanks"):
    return client.post(
        reverse("letters:template_upload") + f"?commune={commune.pk}",
        {
            "commune": commune.pk,
            "kind": kind,
            "file": SimpleUploadedFile("mau.docx", content),
            "valid_from": "01/01/2026",
            "legal_basis": "Quyết định 05/QĐ-UBND",
            "symbol": "TCO-UBND",
        },
    )


@pytest.mark.django_db
def test_an_uploaded_template_with_unknown_and_missing_fields_is_refused_in_vietnamese(
    client, commune, leader
):
    client.force_login(leader)
    content = _docx_with("{{ recipient_name }} {{ so_tai_khoan }}", "{{ contribution }}")

    page = _upload(client, commune, content).content.decode()

    assert "Trường không có trong mẫu thư loại này: {{ so_tai_khoan }}" in page
    assert "Thiếu trường bắt buộc" in page and "{{ signer_name }}" in page and "{{ date_line }}" in page
    assert not LetterTemplate.objects.filter(commune=commune).exists()


@pytest.mark.django_db
def test_an_uploaded_file_that_is_not_word_is_refused(client, commune, leader):
    client.force_login(leader)

    page = _upload(client, commune, b"PK\x03\x04 not really a docx").content.decode()

    assert "Tệp không phải văn bản Word (.docx)." in page
    assert not LetterTemplate.objects.filter(commune=commune).exists()


@pytest.mark.django_db
def test_a_broken_placeholder_is_refused(client, commune, leader):
    client.force_login(leader)

    page = _upload(client, commune, _docx_with("{{ recipient_name }")).content.decode()

    assert "viết sai" in page


@pytest.mark.django_db
def test_a_correct_template_is_saved_and_previewed(client, commune, leader):
    client.force_login(leader)

    response = _upload(client, commune, build_template(TemplateKind.THANKS))
    template = LetterTemplate.objects.get(commune=commune)
    preview = client.get(reverse("letters:template_preview", args=[template.pk]))

    assert response.status_code == 302
    document = read_docx(preview.content)
    assert cell_lines(document, 0, 0, 0) == ["ỦY BAN NHÂN DÂN", "XÃ HOẰNG CÁT"]
    assert "[contribution]" in all_text(document)


@pytest.mark.django_db
def test_a_desk_officer_may_not_upload_templates(client, commune, officer):
    client.force_login(officer)

    assert _upload(client, commune, build_template(TemplateKind.THANKS)).status_code == 404


# --- The one-stop desk's forms --------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_receipt_and_the_rejection_slip_download_in_word(client, commune, officer):
    dossier = dossier_services.receive_dossier(
        commune, procedure=birth_procedure(), applicant_name="Phạm Thị Mai", by=officer
    )
    dossier_services.reject_dossier(dossier, by=officer, reasons="Thiếu tờ khai")
    client.force_login(officer)

    receipt = read_docx(client.get(reverse("letters:receipt_docx", args=[dossier.code])).content)
    rejection = read_docx(client.get(reverse("letters:rejection_docx", args=[dossier.code])).content)

    assert cell_lines(receipt, 0, 1, 0) == [f"Mã hồ sơ: {dossier.code}"]
    assert "Phạm Thị Mai" in all_text(receipt) and "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in all_text(
        receipt
    )
    assert "Thiếu tờ khai" in all_text(rejection)
    assert cell_lines(rejection, 1, 0, 1)[-1] == "Lê Thị Một Cửa"


@pytest.mark.django_db
def test_another_communes_dossier_forms_are_not_found(client, commune, officer, outsider_officer):
    dossier = dossier_services.receive_dossier(
        commune, procedure=birth_procedure(), applicant_name="Phạm Thị Mai", by=officer
    )
    client.force_login(outsider_officer)

    assert client.get(reverse("letters:receipt_docx", args=[dossier.code])).status_code == 404


# --- PDF, only with LibreOffice -------------------------------------------------------------------------
@pytest.mark.django_db
def test_without_libreoffice_no_pdf_is_offered(client, commune, leader, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH with no soffice on it
    letter = thanks_draft(commune)
    client.force_login(leader)

    page = client.get(reverse("letters:detail", args=[letter.pk])).content.decode()
    pdf = client.get(reverse("letters:download", args=[letter.pk, "pdf"]))

    assert "letter.pdf" not in page and pdf.status_code == 404


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


@pytest.fixture
def libreoffice():
    if rendering.soffice_path() is None:
        pytest.skip("LibreOffice not installed (apt-get install libreoffice-writer-nogui)")


@pytest.mark.django_db
def test_libreoffice_turns_the_letter_into_a_pdf_with_its_vietnamese_text(
    client, commune, leader, libreoffice
):
    letter = thanks_draft(commune)
    client.force_login(leader)

    response = client.get(reverse("letters:download", args=[letter.pk, "pdf"]))

    assert response["Content-Type"] == "application/pdf"
    assert 'filename="du-thao-' in response["Content-Disposition"]
    text = " ".join(pdf_text(response.content).split())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert letter.recipient_name in text and "THƯ CẢM ƠN" in text.upper()


@pytest.mark.django_db
def test_two_conversions_at_once_each_get_their_own_pdf(commune, libreoffice):
    names = ("Lê Văn Hiến", "Phạm Thị Mai")
    letters = [
        thanks_draft(commune, key=f"feedback:{number}:thanks", name=name) for number, name in enumerate(names)
    ]
    contents = [rendering.render_letter(letter, date(2026, 3, 2)) for letter in letters]

    with ThreadPoolExecutor(max_workers=2) as pool:
        pdfs = list(pool.map(rendering.pdf_of, contents))

    assert ["Lê Văn Hiến" in pdf_text(pdfs[0]), "Phạm Thị Mai" in pdf_text(pdfs[1])] == [True, True]


@pytest.mark.django_db
def test_a_conversion_that_fails_is_said_in_vietnamese(commune, monkeypatch, tmp_path):
    broken = tmp_path / "soffice"
    broken.write_text("#!/bin/sh\nexit 1\n")
    broken.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))

    with pytest.raises(ValidationError, match="LibreOffice không tạo được tệp PDF"):
        rendering.pdf_of(rendering.render_letter(thanks_draft(commune), date(2026, 3, 2)))


@pytest.mark.django_db
def test_the_templates_page_shows_the_template_in_force_for_every_kind(client, commune, leader):
    client.force_login(leader)

    response = client.get(reverse("letters:template_list"))

    assert [kind for kind, _template in response.context["rows"]] == list(TemplateKind)
    assert all(template.is_default for _kind, template in response.context["rows"])


@pytest.mark.django_db
def test_the_dossier_page_links_its_letter_and_the_word_receipt(client, commune, officer):
    dossier = ready_dossier(commune, officer)
    client.force_login(officer)

    page = client.get(reverse("dossiers:detail", args=[dossier.code])).content.decode()

    assert reverse("letters:receipt_docx", args=[dossier.code]) in page
    assert reverse("letters:detail", args=[dossier.letters.get().pk]) in page


@pytest.mark.django_db
def test_the_desk_officer_corrects_a_draft_on_its_page(client, commune, officer):
    draft = thanks_draft(commune)
    client.force_login(officer)
    url = reverse("letters:detail", args=[draft.pk])

    refused = client.post(url, {"recipient_name": "Lê Văn Bảy", "has_sms_consent": "on"})
    saved = client.post(
        url, {"recipient_name": "Lê Văn Bảy", "recipient_phone": "0912000666", "has_sms_consent": "on"}
    )

    assert (
        refused.status_code == 400
        and "Đồng ý nhận tin nhắn thì phải có số điện thoại." in refused.content.decode()
    )
    assert saved.status_code == 302
    draft.refresh_from_db()
    assert (draft.recipient_phone, draft.has_sms_consent) == ("0912000666", True)


# --- Reading a letter before signing it -----------------------------------------------------------------
@pytest.mark.django_db
def test_a_letters_page_shows_its_text_as_the_word_file_prints_it(client, commune, leader):
    letter = thanks_draft(commune, name="Phạm Thị Đào")
    client.force_login(leader)

    response = client.get(reverse("letters:detail", kwargs={"pk": letter.pk}))

    lines = response.context["text"]
    assert "THƯ CẢM ƠN" in lines
    assert "Kính gửi: Ông/Bà Phạm Thị Đào" in lines
    assert any("góp ý về việc sửa đường liên thôn" in line for line in lines)
    assert any(line.startswith("Số: ……/") for line in lines)  # a draft has no number yet
    assert 'data-testid="letter-text"' in response.content.decode()


# --- A thank-you letter staff write themselves ----------------------------------------------------------
@pytest.mark.django_db
def test_the_desk_writes_a_thank_you_letter_to_a_benefactor_for_the_leader_to_sign(client, commune, officer):
    client.force_login(officer)

    response = client.post(
        reverse("letters:write", args=["thanks"]),
        {
            "commune": commune.pk,
            "recipient_name": "Trịnh Văn Hảo",
            "recipient_gender": "male",
            "recipient_address": "Thôn 3",
            "contribution": "ủng hộ 50 triệu đồng xây dựng nhà văn hóa thôn 3.",
            "event_label": "",
            "submission_key": "a" * 32,
        },
    )

    letter = Letter.objects.get()
    assert response.status_code == 302 and response.url == reverse("letters:detail", kwargs={"pk": letter.pk})
    assert (letter.kind, letter.status) == (TemplateKind.THANKS, Letter.Status.DRAFT)
    assert letter.drafted_by == officer
    text = "\n".join(rendering.letter_paragraphs(letter, date(2026, 12, 4)))
    assert "Kính gửi: Ông Trịnh Văn Hảo" in text
    assert "cảm ơn ông Trịnh Văn Hảo đã ủng hộ 50 triệu đồng xây dựng nhà văn hóa thôn 3." in text


@pytest.mark.django_db
def test_only_those_who_draft_letters_write_one_and_only_for_their_commune(
    client, commune, other_commune, officer, reviewer
):
    client.force_login(reviewer)
    assert client.get(reverse("letters:write", args=["thanks"])).status_code == 403

    client.force_login(officer)
    response = client.post(
        reverse("letters:write", args=["thanks"]),
        {
            "commune": other_commune.pk,
            "recipient_name": "A",
            "contribution": "giúp đỡ",
            "submission_key": "b" * 32,
        },
    )
    assert response.status_code == 200 and not Letter.objects.exists()


@pytest.mark.django_db
def test_the_desk_writes_an_apology_for_another_matter_than_a_late_dossier(client, commune, officer):
    client.force_login(officer)

    client.post(
        reverse("letters:write", args=["apology"]),
        {
            "commune": commune.pk,
            "recipient_name": "Đỗ Thị Mai",
            "recipient_gender": "female",
            "subject": "thái độ tiếp dân chưa đúng mực",
            "matter": "cán bộ tiếp nhận đã trả lời thiếu tôn trọng khi bà đến hỏi thủ tục.",
            "remedy": "Ủy ban đã nhắc nhở cán bộ và phân công người khác hướng dẫn bà",
            "submission_key": "c" * 32,
        },
    )

    letter = Letter.objects.get()
    assert (letter.kind, letter.status) == (TemplateKind.APOLOGY_OTHER, Letter.Status.DRAFT)
    text = "\n".join(rendering.letter_paragraphs(letter, date(2026, 12, 4)))
    assert "V/v thái độ tiếp dân chưa đúng mực" in text
    assert "Kính gửi: Bà Đỗ Thị Mai" in text
    assert "xin lỗi bà vì cán bộ tiếp nhận đã trả lời thiếu tôn trọng khi bà đến hỏi thủ tục." in text
    assert "Để khắc phục, Ủy ban đã nhắc nhở cán bộ và phân công người khác hướng dẫn bà." in text
    assert client.get(reverse("letters:write", args=["other"])).status_code == 404


@pytest.mark.django_db
def test_a_written_letter_sent_twice_is_drafted_once(client, commune, officer):
    client.force_login(officer)
    form = client.get(reverse("letters:write", args=["thanks"])).context["form"]
    key = form["submission_key"].value()
    assert len(key) == 32
    data = {
        "commune": commune.pk,
        "recipient_name": "Lê Văn Hậu",
        "contribution": "tặng 100 suất quà Tết.",
        "submission_key": key,
    }

    first = client.post(reverse("letters:write", args=["thanks"]), data)
    again = client.post(reverse("letters:write", args=["thanks"]), data)

    letter = Letter.objects.get()
    assert first.url == again.url == reverse("letters:detail", kwargs={"pk": letter.pk})
