"""The one-stop desk's HTTP API (/api/v1/dossiers) and the API keys integrations call it with."""

import hashlib
from datetime import date, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone, translation

from conftest import make_person
from thanthien.core.models import AuditEvent
from thanthien.dossiers import workflow
from thanthien.dossiers.models import Dossier, DossierEvent
from thanthien.dossiers.tests.factories import local, make_procedure
from thanthien.procedures.models import CommuneProcedure, Procedure
from thanthien.units.models import ApiToken, Role
from thanthien.units.tokens import authenticate_api_token, forget_cached_keys, issue_api_token

Status = Dossier.Status
MONDAY = local(2026, 3, 2, 9)  # 3 working days → due Thursday 5/3/2026


@pytest.fixture(autouse=True)
def _monday_morning():
    with time_machine.travel(MONDAY, tick=False):
        yield


@pytest.fixture
def procedure(db):
    return make_procedure()


@pytest.fixture
def key(officer):
    return issue_api_token(officer, name="Hệ thống một cửa tỉnh", by=None)


@pytest.fixture
def api(client, key):
    """The test client, calling as the province's system with the desk officer's key."""

    class Caller:
        headers = {"Authorization": f"Bearer {key}"}

        def post(self, path, data, **headers):
            return client.post(
                f"/api/v1{path}", data, content_type="application/json", headers={**self.headers, **headers}
            )

        def get(self, path):
            return client.get(f"/api/v1{path}", headers=self.headers)

    return Caller()


def new_dossier(api, commune, procedure, **fields):
    body = {
        "commune_code": commune.code,
        "procedure_code": procedure.code,
        "applicant_name": "Nguyễn Thị Hoa",
        "applicant_phone": "0912 345 678",
        **fields,
    }
    response = api.post("/dossiers", body)
    assert response.status_code == 201, response.content
    return response.json()


# --- Receiving ------------------------------------------------------------------------------------------
def test_an_integration_receives_a_dossier_with_its_api_key(api, commune, procedure, officer):
    response = api.post(
        "/dossiers",
        {
            "commune_code": commune.code,
            "procedure_code": procedure.code,
            "applicant_name": "Nguyễn Thị Hoa",
            "applicant_phone": "+84 912 345 678",
            "channel": "online",
        },
    )

    assert response.status_code == 201
    body = response.json()
    assert body["code"].startswith(f"{commune.code}-260302-")
    assert (body["status"], body["due_date"], body["procedure_code"]) == ("received", "2026-03-05", "TEST-KS")
    dossier = Dossier.objects.get()
    assert (dossier.code, dossier.received_by, dossier.channel) == (body["code"], officer, "online")
    assert dossier.applicant_phone == "0912345678"


def test_received_at_without_an_offset_is_vietnam_time(api, commune, procedure):
    body = new_dossier(api, commune, procedure, received_at="2026-03-02T07:30:00")

    assert body["received_at"].startswith("2026-03-02T07:30:00+07:00")


def test_the_procedure_may_be_named_by_its_national_code(api, commune, procedure):
    Procedure.objects.filter(pk=procedure.pk).update(national_code="1.001193")

    body = new_dossier(api, commune, Procedure(code="1.001193"))

    assert body["procedure_code"] == "TEST-KS"


def test_a_procedure_the_commune_does_not_offer_is_refused(api, commune, procedure):
    CommuneProcedure.objects.create(
        commune=commune, procedure=procedure, offered=False, valid_from=date(2026, 1, 1), legal_basis="QĐ 1"
    )

    response = api.post(
        "/dossiers", {"commune_code": commune.code, "procedure_code": procedure.code, "applicant_name": "An"}
    )

    assert response.status_code == 422
    assert not Dossier.objects.exists()


def test_an_unknown_procedure_code_is_refused_in_words(api, commune):
    response = api.post(
        "/dossiers", {"commune_code": commune.code, "procedure_code": "KHÔNG-CÓ", "applicant_name": "An"}
    )

    assert response.status_code == 422
    assert "KHÔNG-CÓ" in response.json()["errors"][0]
    assert not Dossier.objects.exists()


def test_an_unknown_commune_code_is_refused_in_words(api, procedure):
    response = api.post(
        "/dossiers", {"commune_code": "99999", "procedure_code": procedure.code, "applicant_name": "An"}
    )

    assert response.status_code == 422
    assert "99999" in response.json()["errors"][0]


def test_receiving_for_another_commune_is_forbidden_in_vietnamese(api, other_commune, procedure):
    response = api.post(
        "/dossiers",
        {"commune_code": other_commune.code, "procedure_code": procedure.code, "applicant_name": "An"},
    )

    assert response.status_code == 403
    assert response.json() == {"errors": ["Bạn không có quyền thực hiện việc này."]}
    assert response.headers["Content-Language"] == "vi"


def test_a_missing_field_is_named(api, commune):
    response = api.post("/dossiers", {"commune_code": commune.code, "applicant_name": "An"})

    assert response.status_code == 422
    assert any("procedure_code" in message for message in response.json()["errors"])


def test_a_retry_with_the_same_idempotency_key_returns_the_same_dossier(api, commune, procedure):
    body = {"commune_code": commune.code, "procedure_code": procedure.code, "applicant_name": "Lê Văn Tám"}

    first = api.post("/dossiers", body, **{"Idempotency-Key": "ht-tinh-000123"})
    again = api.post("/dossiers", body, **{"Idempotency-Key": "ht-tinh-000123"})

    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["code"] == again.json()["code"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert Dossier.objects.count() == 1


def test_an_idempotency_key_reused_for_another_dossier_is_refused(api, commune, procedure):
    body = {"commune_code": commune.code, "procedure_code": procedure.code, "applicant_name": "Lê Văn Tám"}
    api.post("/dossiers", body, **{"Idempotency-Key": "k-1"})

    response = api.post("/dossiers", {**body, "applicant_name": "Lê Thị Chín"}, **{"Idempotency-Key": "k-1"})

    assert response.status_code == 422
    assert Dossier.objects.count() == 1


def test_a_failed_attempt_does_not_use_up_its_idempotency_key(api, commune, procedure):
    body = {"commune_code": commune.code, "procedure_code": procedure.code, "applicant_name": "Lê Văn Tám"}

    refused = api.post("/dossiers", {**body, "applicant_phone": "12"}, **{"Idempotency-Key": "k-2"})
    corrected = api.post("/dossiers", body, **{"Idempotency-Key": "k-2"})

    assert (refused.status_code, corrected.status_code) == (422, 201)
    assert Dossier.objects.count() == 1


# --- Reading --------------------------------------------------------------------------------------------
def test_reading_a_dossier_returns_its_history(api, commune, procedure):
    code = new_dossier(api, commune, procedure)["code"]
    api.post(f"/dossiers/{code}/events", {"kind": "hand_over", "office": "Tư pháp – Hộ tịch"})

    response = api.get(f"/dossiers/{code}")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "in_progress"
    assert [event["kind"] for event in body["events"]] == ["received", "handed_over"]
    assert body["events"][1]["note"] == "Tư pháp – Hộ tịch"
    assert body["events"][1]["by"] == "Lê Thị Một Cửa"


def test_a_dossier_of_another_commune_is_not_found(client, api, commune, procedure, outsider_officer):
    code = new_dossier(api, commune, procedure)["code"]
    outsider_key = issue_api_token(outsider_officer, name="Xã khác", by=None)
    headers = {"Authorization": f"Bearer {outsider_key}"}

    read = client.get(f"/api/v1/dossiers/{code}", headers=headers)
    moved = client.post(
        f"/api/v1/dossiers/{code}/events", {"kind": "ready"}, content_type="application/json", headers=headers
    )

    assert (read.status_code, moved.status_code) == (404, 404)
    assert list(read.json()) == ["errors"]
    assert Dossier.objects.get().status == Status.RECEIVED


# --- Events ---------------------------------------------------------------------------------------------
STEPS = {
    "hand_over": {"office": "Địa chính"},
    "supplement": {"office": "Tư pháp", "missing_items": "Bản sao CCCD", "reason": "Bản cũ mờ"},
    "supplemented": {"note": "Đã nộp bản sao"},
    "reject": {"reason": "Không thuộc thẩm quyền của xã"},
    "ready": {},
    "return": {},
    "postpone": {"new_due_date": "2026-03-09", "reason": "Chờ xác minh của công an xã"},
}


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (["hand_over"], Status.IN_PROGRESS),
        (["supplement"], Status.AWAITING_SUPPLEMENT),
        (["supplement", "supplemented"], Status.IN_PROGRESS),
        (["reject"], Status.REJECTED),
        (["ready"], Status.READY),
        (["ready", "return"], Status.RETURNED),
        (["postpone"], Status.RECEIVED),
    ],
)
def test_each_event_kind_moves_the_dossier(api, commune, procedure, path, expected):
    code = new_dossier(api, commune, procedure)["code"]

    responses = [api.post(f"/dossiers/{code}/events", {"kind": kind, **STEPS[kind]}) for kind in path]

    assert [response.status_code for response in responses] == [200] * len(path)
    assert responses[-1].json()["status"] == expected
    assert Dossier.objects.get().status == expected


def test_a_postponement_gives_the_new_date_and_keeps_the_legal_one(api, commune, procedure):
    code = new_dossier(api, commune, procedure)["code"]

    body = api.post(f"/dossiers/{code}/events", {"kind": "postpone", **STEPS["postpone"]}).json()

    assert (body["due_date"], body["statutory_due_date"]) == ("2026-03-09", "2026-03-05")
    assert body["events"][-1]["kind"] == DossierEvent.Kind.POSTPONED


def test_ready_is_classified_early_on_time_or_late(api, commune, procedure):
    code = new_dossier(api, commune, procedure)["code"]

    body = api.post(f"/dossiers/{code}/events", {"kind": "ready"}).json()

    assert body["timeliness"] == "early"


def test_an_illegal_step_is_refused_with_the_services_message_in_vietnamese(api, commune, procedure):
    code = new_dossier(api, commune, procedure)["code"]

    response = api.post(f"/dossiers/{code}/events", {"kind": "return"})

    assert response.status_code == 422
    assert response.headers["Content-Language"] == "vi"
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        workflow.check_transition(Status.RECEIVED, Status.RETURNED)
    with translation.override("vi"):
        expected = refused.value.messages
    assert response.json() == {"errors": expected}
    assert "không thể" in expected[0]
    assert Dossier.objects.get().status == Status.RECEIVED


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"kind": "supplement", "office": "Tư pháp"}, ["missing_items", "reason"]),
        ({"kind": "reject"}, ["reason"]),
        ({"kind": "postpone", "reason": "Chờ xác minh"}, ["new_due_date"]),
        ({"kind": "hand_over"}, ["office"]),
        ({"kind": "ready", "new_due_date": "2026-03-09"}, ["new_due_date"]),
    ],
)
def test_an_event_without_what_its_kind_needs_is_refused_naming_the_fields(
    api, commune, procedure, body, fields
):
    code = new_dossier(api, commune, procedure)["code"]

    response = api.post(f"/dossiers/{code}/events", body)

    assert response.status_code == 422
    errors = response.json()["errors"]
    assert len(errors) == len(fields)
    assert all(field in message for field, message in zip(fields, errors, strict=True))


def test_an_unknown_event_kind_lists_the_known_ones(api, commune, procedure):
    code = new_dossier(api, commune, procedure)["code"]

    response = api.post(f"/dossiers/{code}/events", {"kind": "approve"})

    assert response.status_code == 422
    assert "postpone" in response.json()["errors"][0]


# --- Who may call ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("header", ["Bearer nope", "Bearer abcdefgh.wrong-secret", "Token x.y", None])
def test_a_call_without_a_valid_key_is_unauthorised(client, commune, procedure, key, header):
    headers = {"Authorization": header} if header else {}

    response = client.post(
        "/api/v1/dossiers",
        {"commune_code": commune.code, "procedure_code": procedure.code, "applicant_name": "An"},
        content_type="application/json",
        headers=headers,
    )

    assert response.status_code == 401
    assert list(response.json()) == ["errors"]
    assert not Dossier.objects.exists()


def test_a_withdrawn_key_or_a_locked_account_is_refused(key, officer):
    assert authenticate_api_token(key) == officer
    ApiToken.objects.update(is_active=False)  # no signal: what another web process would see
    forget_cached_keys()
    assert authenticate_api_token(key) is None

    ApiToken.objects.update(is_active=True)
    forget_cached_keys()
    officer.is_active = False
    officer.save()
    assert authenticate_api_token(key) is None


def test_a_key_with_the_right_prefix_and_a_wrong_secret_is_refused(key):
    prefix, _secret = key.split(".")

    assert authenticate_api_token(f"{prefix}.{'x' * 43}") is None


def test_only_a_hash_of_the_secret_is_kept_and_the_issue_is_audited(key, officer):
    prefix, secret = key.split(".")

    token = ApiToken.objects.get()
    assert (token.prefix, token.user, len(prefix)) == (prefix, officer, 8)
    assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(AuditEvent.objects.get(object_type="units.ApiToken").changes)


def test_last_use_is_written_at_most_once_a_minute(key, django_assert_num_queries):
    authenticate_api_token(key)
    first = ApiToken.objects.get().last_used_at

    with django_assert_num_queries(0):  # the key is kept in the process, its last use too
        authenticate_api_token(key)
    with time_machine.travel(timezone.now() + timedelta(seconds=61), tick=False):
        authenticate_api_token(key)

    assert first == MONDAY
    assert ApiToken.objects.get().last_used_at == MONDAY + timedelta(seconds=61)


def test_an_administrator_of_the_users_commune_issues_keys_and_a_desk_officer_does_not(
    commune, officer, leader
):
    administrator = make_person("quantri", commune, Role.ADMINISTRATOR)

    assert issue_api_token(officer, name="Kiosk đánh giá", by=administrator).count(".") == 1
    with pytest.raises(PermissionDenied):
        issue_api_token(leader, name="Kiosk", by=officer)


def test_the_command_prints_a_working_key_once(officer):
    out, err = StringIO(), StringIO()

    call_command("api_token", "canbo", "--name", "Hệ thống một cửa tỉnh", stdout=out, stderr=err)

    assert authenticate_api_token(out.getvalue().strip()) == officer
    assert ApiToken.objects.get().name == "Hệ thống một cửa tỉnh"


def test_a_signed_in_official_reads_with_the_browser_session(client, api, commune, procedure, officer):
    code = new_dossier(api, commune, procedure)["code"]
    client.force_login(officer)

    assert client.get(f"/api/v1/dossiers/{code}").status_code == 200


def test_a_browser_session_writes_only_with_the_csrf_token(commune, procedure, officer):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(officer)

    response = browser.post(
        "/api/v1/dossiers",
        {"commune_code": commune.code, "procedure_code": procedure.code, "applicant_name": "An"},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert not Dossier.objects.exists()


def test_a_leader_who_has_not_passed_two_factor_cannot_use_the_session(client, settings, leader):
    settings.OTP_REQUIRED = True
    client.force_login(leader)

    assert client.get("/api/v1/dossiers/38-hc-260302-XXXX").status_code == 401


# --- Documentation --------------------------------------------------------------------------------------
def test_the_openapi_document_lists_the_three_operations(client):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/api/v1/dossiers", "/api/v1/dossiers/{code}", "/api/v1/dossiers/{code}/events"} <= set(paths)
    assert "post" in paths["/api/v1/dossiers"]
    assert "post" in paths["/api/v1/dossiers/{code}/events"]
