"""A Word template may print its fields and nothing else: code in a template is refused on upload, passed
over and refused again if it was stored before the rules, and rendering happens in a sandbox anyway."""

from io import BytesIO, StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone, translation
from docx import Document
from jinja2.exceptions import SecurityError

from thanthien.core import templating
from thanthien.letters import rendering, services
from thanthien.letters.builder import TEMPLATES_DIR, build_template
from thanthien.letters.kinds import TemplateKind
from thanthien.letters.models import LetterTemplate
from thanthien.letters.tests.factories import all_text, read_docx, thanks_draft

PAYLOAD = "{{ lipsum.__globals__.os.popen('id').read() }}"
ATTRIBUTE_WALKS = [
    "{{ letter.__class__.__mro__ }}",
    "{{ recipient_name.__class__ }}",
    "{{ ''.__class__ }}",
    "{{ recipient_name['__class__'] }}",
    "{{ recipient_name|attr('__class__') }}",
]
GLOBALS = [
    "{{ cycler('a', 'b').next() }}",
    "{{ joiner(',') }}",
    "{% set ns = namespace(x=1) %}{{ ns.x }}",
    "{% for i in range(3) %}{{ i }}{% endfor %}",
    "{{ cycler }}",
]


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


def thanks_with(*texts: str, title: str = "") -> bytes:
    """The default thank-you template (every field in place) with extra paragraphs."""
    document = Document(BytesIO(build_template(TemplateKind.THANKS)))
    for text in texts:
        document.add_paragraph(text)
    if title:
        document.core_properties.title = title
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def upload(client, commune, content: bytes):
    return client.post(
        reverse("letters:template_upload") + f"?commune={commune.pk}",
        {
            "commune": commune.pk,
            "kind": TemplateKind.THANKS,
            "file": SimpleUploadedFile("mau.docx", content),
            "valid_from": "01/01/2099",
            "legal_basis": "Quyết định 05/QĐ-UBND",
        },
    )


def store_behind_the_rules(commune, content: bytes) -> LetterTemplate:
    """A template stored before the rules existed (as the old upload check let it through)."""
    return LetterTemplate.objects.create(
        kind=TemplateKind.THANKS,
        commune=commune,
        valid_from=timezone.localdate(),
        legal_basis="x",
        content=content,
    )


def side_effect_payload(path) -> str:
    return "{{ lipsum.__globals__.os.popen('touch %s').read() }}" % path  # noqa: UP031


# --- Upload ---------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_payload_is_refused_on_upload_in_vietnamese_and_nothing_is_saved(client, commune, leader):
    client.force_login(leader)

    response = upload(client, commune, thanks_with(PAYLOAD))

    page = response.content.decode()
    assert response.status_code == 200  # the form again, with its errors
    assert "Không được gọi hàm: {{ lipsum.__globals__.os.popen(…).read(…) }}" in page
    assert "Không được dùng hàm riêng của Jinja: lipsum" in page
    assert "uid=" not in page
    assert not LetterTemplate.objects.filter(commune=commune).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "named"),
    [(text, "Không được đọc thuộc tính") for text in ATTRIBUTE_WALKS[:4]]
    + [(ATTRIBUTE_WALKS[4], "Không được dùng bộ lọc này: attr")]
    + [(text, "Không được dùng hàm riêng của Jinja") for text in GLOBALS]
    + [
        ("{{ recipient_name|replace('a', contribution)|replace('a', contribution) }}", "bộ lọc này: replace"),
        ("{{ recipient_name|default(contribution) }}", "Tham số của bộ lọc hoặc phép thử chỉ được là chữ"),
        ("{{ 9 ** 9 ** 9 }}", "Không được dùng biểu thức này trong mẫu: **"),
    ],
)
def test_walking_attributes_and_jinjas_globals_are_refused_on_upload(client, commune, leader, text, named):
    client.force_login(leader)

    page = upload(client, commune, thanks_with(text)).content.decode()

    assert named in page
    assert not LetterTemplate.objects.filter(commune=commune).exists()


@pytest.mark.django_db
def test_code_hidden_in_the_documents_title_is_refused_too(client, commune, leader):
    client.force_login(leader)

    page = upload(client, commune, thanks_with(title=PAYLOAD)).content.decode()

    assert "lipsum" in page
    assert not LetterTemplate.objects.filter(commune=commune).exists()


@pytest.mark.django_db
def test_an_unknown_filter_is_refused_with_the_allowed_ones(client, commune, leader):
    client.force_login(leader)

    page = upload(client, commune, thanks_with("{{ recipient_name|safe }}")).content.decode()

    assert "Không được dùng bộ lọc này: safe" in page and "upper, lower" in page
    assert not LetterTemplate.objects.filter(commune=commune).exists()


@pytest.mark.django_db
def test_documented_filters_and_conditions_are_accepted_and_work(client, commune, leader):
    client.force_login(leader)
    text = "{{ recipient_name|upper }}{% if recipient_address %} — {{ recipient_address|trim }}{% endif %}"

    response = upload(client, commune, thanks_with(text))
    template = LetterTemplate.objects.get(commune=commune)
    preview = read_docx(client.get(reverse("letters:template_preview", args=[template.pk])).content)

    assert response.status_code == 302
    assert "[RECIPIENT_NAME] — [recipient_address]" in all_text(preview)


# --- Stored before the rules ----------------------------------------------------------------------------
@pytest.mark.django_db
def test_previewing_a_stored_malicious_template_is_refused_and_not_run(client, commune, leader, tmp_path):
    marker = tmp_path / "executed"
    template = store_behind_the_rules(commune, thanks_with(side_effect_payload(marker)))
    client.force_login(leader)

    response = client.get(reverse("letters:template_preview", args=[template.pk]))

    assert response.status_code == 400
    assert "Mẫu này bị từ chối và không được dùng." in response.content.decode()
    assert not marker.exists()


@pytest.mark.django_db
def test_a_letter_issued_with_a_malicious_template_is_not_printed_and_the_code_not_run(
    client, commune, leader, tmp_path
):
    marker = tmp_path / "executed"
    template = store_behind_the_rules(commune, thanks_with(side_effect_payload(marker)))
    letter = thanks_draft(commune)
    letter.template = template
    letter.save(update_fields=["template"])
    client.force_login(leader)

    response = client.get(reverse("letters:download", kwargs={"pk": letter.pk, "extension": "docx"}))

    assert response.status_code == 400
    assert "lipsum" in response.content.decode()
    assert not marker.exists()


@pytest.mark.django_db
def test_a_stored_malicious_template_is_passed_over_for_the_one_before_it(client, commune, leader, tmp_path):
    marker = tmp_path / "executed"
    store_behind_the_rules(commune, thanks_with(side_effect_payload(marker)))

    in_force = rendering.template_in_force(commune, TemplateKind.THANKS, timezone.localdate())
    content = rendering.render_letter(thanks_draft(commune), timezone.localdate())

    assert in_force.is_default
    assert "Lê Văn Bảy" in all_text(read_docx(content))
    assert not marker.exists()
    client.force_login(leader)
    page = client.get(reverse("letters:template_list") + f"?commune={commune.pk}").content.decode()
    assert "Bị từ chối theo quy tắc mẫu: không được dùng" in page


@pytest.mark.django_db
def test_the_check_command_lists_stored_templates_that_are_refused(commune):
    bad = store_behind_the_rules(commune, thanks_with("{{ recipient_name.__class__ }}"))
    out = StringIO()

    with pytest.raises(CommandError):
        call_command("check_templates", stdout=out)

    report = out.getvalue()
    assert f"#{bad.pk}" in report and "recipient_name.__class__" in report
    assert "bị từ chối: 1" in report


@pytest.mark.django_db
def test_the_check_command_passes_the_shipped_templates():
    out = StringIO()

    call_command("check_templates", stdout=out)

    assert "bị từ chối: 0" in out.getvalue()


# --- The shipped templates and the sandbox --------------------------------------------------------------
@pytest.mark.parametrize("kind", [kind.value for kind in TemplateKind])
def test_every_shipped_template_passes_the_rules_and_renders(kind):
    shipped = (TEMPLATES_DIR / f"{kind}.docx").read_bytes()
    context = {name: f"«{name}»" for name in rendering.allowed_fields(kind)}

    assert rendering.template_problems(kind, shipped) == []
    assert "«signer_name»" in all_text(read_docx(rendering.render(shipped, context, kind=kind)))


def test_the_sandbox_refuses_attribute_walks_even_without_the_check():
    environment = templating.sandbox()

    assert environment.from_string("{{ name.__class__ }}").render(name="x") == ""
    with pytest.raises(SecurityError):
        environment.from_string("{{ ''.__class__.__mro__ }}").render()


def test_the_sandbox_has_no_globals_and_only_the_allowed_filters():
    environment = templating.sandbox()

    assert environment.globals == {}
    assert set(environment.filters) == set(templating.ALLOWED_FILTERS)
    assert environment.from_string("{{ lipsum }}{{ cycler }}").render() == ""


@pytest.mark.django_db
def test_a_print_job_with_a_malicious_template_fails_with_the_reasons_and_runs_nothing(
    commune, leader, tmp_path
):
    marker = tmp_path / "executed"
    letter = thanks_draft(commune)
    letter.template = store_behind_the_rules(commune, thanks_with(side_effect_payload(marker)))
    letter.save(update_fields=["template"])
    job = services.request_print([letter], "zip", by=leader)

    services.make_print_file(job.pk)

    job.refresh_from_db()
    assert job.status == job.Status.FAILED and "lipsum" in job.error
    assert not marker.exists()
