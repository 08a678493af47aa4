"""The catalogue pages: look up, detail, export, import for administrators, and the pick endpoint."""

from decimal import Decimal
from io import BytesIO

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thanthien.procedures.models import Procedure, ProcedureForm
from thanthien.procedures.tests.factories import make_administrator, make_procedure, upload

HEADER = ("Mã", "Tên thủ tục", "Lĩnh vực", "Thời hạn")


@pytest.mark.django_db
def test_officer_searches_the_catalogue_without_diacritics(client, officer):
    client.force_login(officer)

    response = client.get(reverse("procedures:list"), {"q": "dang ky ket hon"})

    assert response.status_code == 200
    codes = [procedure.code for procedure in response.context["page"]]
    assert "XA-HT-02" in codes
    assert "XA-HT-01" not in codes


@pytest.mark.django_db
def test_the_list_filters_by_field(client, officer):
    client.force_login(officer)

    response = client.get(reverse("procedures:list"), {"field": "Chứng thực"})

    assert {procedure.field for procedure in response.context["page"]} == {"Chứng thực"}
    assert "Chứng thực" in response.context["fields"]


@pytest.mark.django_db
def test_the_list_hides_retired_procedures_from_an_officer(client, officer):
    make_procedure("TEST-OLD", "Thủ tục cũ đã bãi bỏ", is_active=False)
    client.force_login(officer)

    response = client.get(reverse("procedures:list"), {"q": "thu tuc cu"})

    assert list(response.context["page"]) == []


@pytest.mark.django_db
def test_the_detail_page_shows_papers_fees_and_time_limit(client, officer):
    procedure = make_procedure(
        "TEST-01",
        "Chứng thực bản sao thử",
        time_limit_days=Decimal("0.5"),
        fee=2000,
        charge=0,
        required_papers="Bản chính giấy tờ\nBản sao cần chứng thực",
    )
    client.force_login(officer)

    response = client.get(reverse("procedures:detail", args=[procedure.pk]))

    assert response.status_code == 200
    content = response.content.decode()
    assert "2.000 đ" in content
    assert "<li>Bản sao cần chứng thực</li>" in content
    assert response.context["procedure"] == procedure


@pytest.mark.django_db
def test_a_retired_procedure_is_not_found_by_an_officer(client, officer):
    procedure = make_procedure(is_active=False)
    client.force_login(officer)

    response = client.get(reverse("procedures:detail", args=[procedure.pk]))

    assert response.status_code == 404


@pytest.mark.django_db
def test_the_pages_need_a_login(client):
    response = client.get(reverse("procedures:list"))

    assert response.status_code == 302


@pytest.mark.django_db
def test_an_officer_exports_the_catalogue_as_xlsx(client, officer):
    client.force_login(officer)

    response = client.get(reverse("procedures:export"), {"q": "khai sinh"})

    assert response.status_code == 200
    sheet = openpyxl.load_workbook(BytesIO(response.content)).active
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "Đăng ký khai sinh" in names
    assert all("khai sinh" in name.lower() for name in names)


@pytest.mark.django_db
def test_anyone_logged_in_downloads_the_blank_sheet(client, officer):
    client.force_login(officer)

    response = client.get(reverse("procedures:template"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.django_db
def test_a_desk_officer_may_not_open_the_import_page(client, officer):
    client.force_login(officer)

    assert client.get(reverse("procedures:import")).status_code == 403
    response = client.post(
        reverse("procedures:import"), {"file": upload(HEADER, ("TEST-01", "Thử", "Hộ tịch", 1))}
    )
    assert response.status_code == 403
    assert not Procedure.objects.filter(code="TEST-01").exists()


@pytest.mark.django_db
def test_administrator_imports_a_good_file_and_returns_to_the_list(client, commune):
    client.force_login(make_administrator(commune))

    response = client.post(
        reverse("procedures:import"), {"file": upload(HEADER, ("TEST-01", "Thử", "Hộ tịch", 1))}
    )

    assert response.status_code == 302
    assert response.url == reverse("procedures:list")
    assert Procedure.objects.get(code="TEST-01").name == "Thử"


@pytest.mark.django_db
def test_a_bad_upload_shows_each_bad_row_and_writes_nothing(client, commune):
    client.force_login(make_administrator(commune))
    rows = [HEADER, ("TEST-01", "Thử", "Hộ tịch", 1), ("TEST-02", "Thử", "Hộ tịch", -2)]

    response = client.post(reverse("procedures:import"), {"file": upload(*rows)})

    assert response.status_code == 200
    assert response.context["report"].errors[0][0] == 3
    assert b"<td>3</td>" in response.content
    assert not Procedure.objects.filter(code__startswith="TEST-").exists()


@pytest.mark.django_db
def test_a_file_that_is_not_a_workbook_is_refused_on_the_form(client, commune):
    client.force_login(make_administrator(commune))

    response = client.post(
        reverse("procedures:import"), {"file": SimpleUploadedFile("a.xlsx", b"khong phai")}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["file"]


@pytest.mark.django_db
def test_the_pick_endpoint_offers_matching_procedures_quickly(client, officer, django_assert_max_num_queries):
    client.force_login(officer)
    client.get(reverse("procedures:pick"))  # the session and user are loaded once per request anyway

    with django_assert_max_num_queries(4):  # session, user, roles, and one query for the options
        response = client.get(reverse("procedures:pick"), {"q": "khai sinh"})

    content = response.content.decode()
    assert response.status_code == 200
    assert 'data-procedure-id="' in content
    assert "Đăng ký khai sinh" in content
    assert "Đăng ký kết hôn" not in content
    assert len(response.context["procedures"]) <= 20


@pytest.mark.django_db
def test_the_pick_endpoint_never_offers_a_retired_procedure(client, commune):
    make_procedure("TEST-OLD", "Thủ tục cũ đã bãi bỏ", is_active=False)
    client.force_login(make_administrator(commune))

    response = client.get(reverse("procedures:pick"), {"q": "thu tuc cu da bai bo"})

    assert response.context["procedures"] == []


@pytest.mark.django_db
def test_the_pick_endpoint_returns_nothing_for_an_empty_query(client, officer):
    client.force_login(officer)

    response = client.get(reverse("procedures:pick"), {"q": "  "})

    assert response.context["procedures"] == []
    assert b"data-procedure-id" not in response.content


@pytest.mark.django_db
def test_a_blank_form_of_a_procedure_in_use_downloads_without_login(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    procedure = make_procedure()
    form = ProcedureForm(procedure=procedure, title="Tờ khai đăng ký kết hôn")
    form.file.save("to-khai.docx", ContentFile(b"noi dung"), save=True)

    response = client.get(reverse("procedures:form_download", args=[form.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"noi dung"
    assert "attachment" in response["Content-Disposition"]


@pytest.mark.django_db
def test_a_form_of_a_retired_procedure_is_not_served(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    form = ProcedureForm(procedure=make_procedure(is_active=False), title="Tờ khai cũ")
    form.file.save("cu.docx", ContentFile(b"cu"), save=True)

    assert client.get(reverse("procedures:form_download", args=[form.pk])).status_code == 404
