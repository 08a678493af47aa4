"""Bad input is refused where it enters, with a Vietnamese message and nothing written; exports hold whatever
got in before (issue 13, items 7, 8, 10 and 12)."""

import csv
from io import BytesIO

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from thanthien.core.validation import COMMENT_MAX, CONTENT_MAX, NAME_MAX, bad_character
from thanthien.dossiers.links import rating_token
from thanthien.dossiers.models import Dossier
from thanthien.dossiers.tests.factories import make_procedure, receive_at
from thanthien.feedback.models import FeedbackItem
from thanthien.feedback.tests.helpers import receive
from thanthien.ratings.models import Rating
from thanthien.units.tokens import issue_api_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def bearer(officer):
    return {"Authorization": f"Bearer {issue_api_token(officer, name='Hệ thống', by=None)}"}


def post_json(client, path, body, **headers):
    return client.post(
        path, body, content_type="application/json", REMOTE_ADDR="203.0.113.9", headers=headers
    )


def sheet_cells(response):
    workbook = openpyxl.load_workbook(BytesIO(response.content))
    return [cell for row in workbook.active.iter_rows() for cell in row]


# --- 7 and 8: exports hold control characters and never run a formula ---------------------------------
def test_feedback_export_survives_a_control_character_and_writes_formulas_as_text(client, officer, commune):
    item = receive(officer, commune, content="ok")
    FeedbackItem.objects.filter(pk=item.pk).update(
        content='=HYPERLINK("http://x")\x0bA\x01', public_answer="@SUM(1)"
    )
    client.force_login(officer)

    response = client.get(reverse("feedback:list") + "?format=xlsx")

    assert response.status_code == 200
    cells = {cell.value: cell for cell in sheet_cells(response)}
    assert cells['=HYPERLINK("http://x")A'].data_type == "s"
    assert cells["@SUM(1)"].data_type == "s"


def test_dossier_book_export_survives_a_control_character_and_a_formula(client, officer, commune):
    dossier = receive_at(timezone.now(), commune, officer)
    Dossier.objects.filter(pk=dossier.pk).update(applicant_name="+1\x0b2", applicant_address="x")
    client.force_login(officer)

    response = client.get("/dossiers/book/?format=xlsx")

    assert response.status_code == 200
    cells = {cell.value: cell for cell in sheet_cells(response)}
    assert cells["+12"].data_type == "s"


def test_the_public_form_refuses_a_vertical_tab_in_vietnamese(client, commune):
    data = {"kind": "reflection", "topic": "other", "content": "Đèn\x0bhỏng", "client_key": "k1"}

    response = client.post(reverse("portal:feedback_form", args=[commune.slug]), data)

    assert response.status_code in (200, 400) and not FeedbackItem.objects.exists()
    assert "ký tự điều khiển" in response.content.decode()


@pytest.mark.parametrize("content", ["Đèn\x00hỏng", "Đèn\x0bhỏng", "Đèn\x1bhỏng"])
def test_the_public_api_refuses_control_characters(client, commune, content):
    response = post_json(
        client, "/api/v1/feedback", {"commune_code": commune.code, "kind": "reflection", "content": content}
    )

    assert response.status_code == 422 and not FeedbackItem.objects.exists()
    assert "ký tự điều khiển" in response.json()["errors"][0]


def test_line_breaks_and_tabs_stay_allowed():
    assert bad_character("Dòng 1\r\nDòng 2\tcột") is None


# --- 10: eleven ways to a 500 ------------------------------------------------------------------------------
def test_a_lone_surrogate_in_public_feedback_is_refused(client, commune):
    body = '{"commune_code": "' + commune.code + '", "kind": "reflection", "content": "a\\udc00b"}'

    response = post_json(client, "/api/v1/feedback", body)

    assert response.status_code == 422 and not FeedbackItem.objects.exists()


def test_a_rating_time_without_a_time_zone_is_refused(client, commune, bearer):
    body = {
        "commune_code": commune.code,
        "level": 4,
        "idempotency_key": "k",
        "rated_at": "2026-03-02T09:30:00",
    }

    response = post_json(client, "/api/v1/ratings", body, **bearer)

    assert response.status_code == 422 and not Rating.objects.exists()
    assert "múi giờ" in response.json()["errors"][0]


def test_a_body_over_the_limit_is_refused_with_the_limit(client, commune, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    body = {"commune_code": commune.code, "kind": "reflection", "content": "x" * 20_000}

    response = post_json(client, "/api/v1/feedback", body)

    assert response.status_code == 413 and not FeedbackItem.objects.exists()
    assert "10.000 byte" in response.json()["errors"][0]


@pytest.mark.parametrize("param", ["offset=9223372036854775808", "limit=9223372036854775808"])
def test_a_huge_offset_on_the_case_list_is_refused(client, bearer, param):
    response = client.get(f"/api/v1/feedback/staff/cases?{param}", headers=bearer)

    assert response.status_code == 422


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_far_dates_on_the_figures_api_are_refused(client, officer, commune, day):
    client.force_login(officer)

    response = client.get(f"/api/v1/reports/figures?unit={commune.code}&from=2026-01-01&to={day}")

    assert response.status_code == 422
    assert "01/01/1900" in response.json()["errors"][0]


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_far_dates_on_the_report_pages_are_no_error(client, leader, commune, day):
    client.force_login(leader)

    satisfaction = client.get(f"/reports/satisfaction/?unit={commune.pk}&date_from=2026-01-01&date_to={day}")
    overview = client.get(f"/reports/communes/{commune.code}/?from={day}&to={day}")

    assert satisfaction.status_code == 200 and overview.status_code == 200


def test_a_huge_letter_id_is_not_found(client, leader):
    client.force_login(leader)

    response = client.get("/letters/batch/?ids=99999999999999999999999")

    assert response.status_code == 404


def test_a_level_that_is_not_a_number_on_the_rating_link_is_refused(client, officer, commune):
    dossier = receive_at(timezone.now(), commune, officer)
    url = reverse("portal:rate", args=[commune.slug, rating_token(dossier)])

    response = client.post(url, {"level": "abc"})

    assert response.status_code == 400 and not Rating.objects.exists()


def test_a_huge_csv_field_in_the_first_lines_is_refused_in_vietnamese(officer, commune):
    from django.core.exceptions import ValidationError

    from thanthien.dossiers.importing import _rows_of

    data = ("Mã hồ sơ;Họ tên\n" + "A;" + "x" * (csv.field_size_limit() + 10) + "\n").encode()
    with pytest.raises(ValidationError) as error, _rows_of(BytesIO(data), "so.csv") as rows:
        list(rows)

    assert "dài hơn" in error.value.messages[0]


def test_a_postponement_to_year_9999_is_refused_on_the_form_and_the_api(client, officer, commune, bearer):
    dossier = receive_at(timezone.now(), commune, officer)
    client.force_login(officer)

    form = client.post(
        f"/dossiers/{dossier.code}/postpone/",
        {"postpone-reason": "Chờ", "postpone-new_due_date": "31/12/9999"},
    )
    body = {"kind": "postpone", "reason": "Chờ", "new_due_date": "9999-12-31"}
    api = post_json(client, f"/api/v1/dossiers/{dossier.code}/events", body, **bearer)

    dossier.refresh_from_db()
    assert form.status_code in (200, 400) and api.status_code == 422
    assert dossier.due_on.year < 9999


def test_a_report_period_ending_in_9999_is_refused():
    from thanthien.reports.forms import ReportTextForm

    form = ReportTextForm({"title": "Báo cáo", "period_start": "01/01/2026", "period_end": "31/12/9999"})

    assert not form.is_valid() and "period_end" in form.errors


# --- 12: one length limit per field, on every path ---------------------------------------------------------
@pytest.mark.parametrize(
    "field, length", [("content", CONTENT_MAX + 1), ("name", NAME_MAX + 1), ("address", 100_000)]
)
def test_the_public_api_refuses_text_over_the_forms_limit(client, commune, field, length):
    body = {
        "commune_code": commune.code,
        "kind": "complaint",
        "is_anonymous": False,
        "name": "Nguyễn Văn A",
        "content": "Khiếu nại",
        field: "x" * length,
    }

    response = post_json(client, "/api/v1/feedback", body)

    assert response.status_code == 422 and not FeedbackItem.objects.exists()
    assert field in response.json()["errors"][0]


def test_a_rating_comment_over_the_limit_is_refused_on_the_api_and_the_link(client, officer, commune, bearer):
    dossier = receive_at(timezone.now(), commune, officer)
    body = {
        "commune_code": commune.code,
        "level": 4,
        "idempotency_key": "k",
        "comment": "x" * (COMMENT_MAX + 1),
    }

    api = post_json(client, "/api/v1/ratings", body, **bearer)
    link = client.post(
        reverse("portal:rate", args=[commune.slug, rating_token(dossier)]),
        {"level": "4", "comment": "x" * (COMMENT_MAX + 1)},
    )

    assert api.status_code == 422 and link.status_code == 400
    assert not Rating.objects.exists()


def test_the_dossier_api_uses_the_same_name_limit_as_the_form(client, commune, bearer):
    make_procedure()
    body = {"commune_code": commune.code, "procedure_code": "TEST-KS", "applicant_name": "x" * (NAME_MAX + 1)}

    response = post_json(client, "/api/v1/dossiers", body, **bearer)

    assert response.status_code == 422 and not Dossier.objects.exists()


def test_a_web_form_body_over_the_limit_gets_a_vietnamese_page(client, commune, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    data = {"kind": "reflection", "topic": "other", "content": "x" * 20_000, "client_key": "k1"}

    response = client.post(reverse("portal:feedback_form", args=[commune.slug]), data)

    assert response.status_code == 400 and not FeedbackItem.objects.exists()
    assert "quá lớn" in response.content.decode()


def test_a_word_document_holds_text_stored_with_a_control_character():
    from docx import Document

    from thanthien.core.documents import add_line

    document = Document()
    add_line(document, "Ủy ban\x0b nhân dân\x00 xã\udc00")

    assert document.paragraphs[-1].text == "Ủy ban nhân dân xã"
