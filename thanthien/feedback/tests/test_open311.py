"""Open311 GeoReport v2 under /open311/v2/ (issue #20 item 3): the four endpoints against the spec's examples,
its error format, and no personal data in any answer."""

import json
from datetime import date, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.utils import timezone

from thanthien.feedback import services
from thanthien.feedback.models import FeedbackItem
from thanthien.feedback.tests.helpers import accepted_and_assigned
from thanthien.units.tokens import issue_api_token

pytestmark = pytest.mark.django_db

BASE = "/open311/v2"
IP = {"REMOTE_ADDR": "203.0.113.31"}
# Distinctive: none of these occurs anywhere else in the project.
SENDER = {
    "first_name": "Thị Quyến",
    "last_name": "Đàm",
    "phone": "0966 321 778",
    "email": "dam.quyen@example.vn",
}
SENDER_FORMS = ["Quyến", "Dam Thi Quyen", "0966 321 778", "0966321778", "dam.quyen"]


@pytest.fixture
def api_key(officer):
    return issue_api_token(officer, name="Ứng dụng phản ánh", by=None)


def post(client, body, **extra):
    return client.post(f"{BASE}/requests.json", body, **IP, **extra)


def spec_post(commune, api_key, **fields):
    """The spec's example POST: service_code, lat/long, description, api_key, jurisdiction_id."""
    return {
        "api_key": api_key,
        "jurisdiction_id": commune.code,
        "service_code": "reflection",
        "lat": "19.806692",
        "long": "105.785182",
        "description": "Cống thoát nước đầu xóm bị tắc, nước tràn ra đường.",
        **fields,
    }


def assert_spec_error(response, status):
    assert response.status_code == status, response.content
    body = response.json()
    assert isinstance(body, list) and len(body) == 1
    assert body[0]["code"] == status and body[0]["description"]


def assert_no_personal_data(response):
    text = response.content.decode()
    text += json.dumps(response.json(), ensure_ascii=False)
    assert [form for form in SENDER_FORMS if form in text] == []


# --- GET services.json --------------------------------------------------------------------------------------
def test_services_are_the_kinds_a_citizen_can_send(client, commune):
    response = client.get(f"{BASE}/services.json", {"jurisdiction_id": commune.code})

    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    services_ = {service["service_code"]: service for service in response.json()}
    assert set(services_) == set(FeedbackItem.Kind.values)
    reflection = services_["reflection"]
    assert set(reflection) == {
        "service_code",
        "service_name",
        "description",
        "metadata",
        "type",
        "keywords",
        "group",
    }
    assert (reflection["service_name"], reflection["metadata"], reflection["type"]) == (
        "Phản ánh",
        False,
        "realtime",
    )
    assert reflection["description"] and reflection["group"] and reflection["keywords"]


def test_services_of_an_unknown_jurisdiction_or_in_xml_are_refused_in_the_spec_format(client):
    assert_spec_error(client.get(f"{BASE}/services.json", {"jurisdiction_id": "99-khong-co"}), 404)
    assert_spec_error(client.get(f"{BASE}/services.xml"), 400)


# --- POST requests.json -------------------------------------------------------------------------------------
def test_the_spec_example_post_is_received_as_a_web_form_item(client, commune, api_key):
    response = post(client, spec_post(commune, api_key))

    assert response.status_code == 201, response.content
    [answer] = response.json()
    item = FeedbackItem.objects.get(public_id=answer["service_request_id"])
    assert (item.unit, item.kind, item.channel, item.is_anonymous) == (
        commune,
        "reflection",
        "web_form",
        True,
    )
    assert item.content.startswith("Cống thoát nước") and "19.806692, 105.785182" in item.content
    # The tracking code goes to the sender only, here, and is not the public number.
    assert item.tracking_code in answer["service_notice"] and item.tracking_code != item.public_id
    assert f"/gop-y/{item.tracking_code}/" in answer["service_notice"]


def test_an_address_string_is_enough_and_json_is_accepted_too(client, commune, api_key):
    body = spec_post(commune, api_key, lat="", long="", address_string="Ngã ba chợ Cát, thôn 4")

    response = client.post(f"{BASE}/requests.json", body, content_type="application/json", **IP)

    assert response.status_code == 201, response.content
    item = FeedbackItem.objects.get(public_id=response.json()[0]["service_request_id"])
    assert "Ngã ba chợ Cát, thôn 4" in item.content


def test_a_named_complaint_keeps_the_sender_in_the_encrypted_store_and_out_of_every_answer(
    client, commune, api_key, leader
):
    response = post(client, spec_post(commune, api_key, service_code="complaint", **SENDER))

    assert response.status_code == 201, response.content
    item = FeedbackItem.objects.get(public_id=response.json()[0]["service_request_id"])
    identity = services.reveal_identity(leader, item)
    assert (identity.name, identity.contact) == ("Đàm Thị Quyến", "0966 321 778")
    assert_no_personal_data(response)
    for url in (f"{BASE}/requests.json", f"{BASE}/requests/{item.public_id}.json", f"{BASE}/services.json"):
        answer = client.get(url, {"jurisdiction_id": commune.code})
        assert answer.status_code == 200
        assert_no_personal_data(answer)


def test_an_anonymous_complaint_is_refused_with_the_reason(client, commune, api_key):
    response = post(client, spec_post(commune, api_key, service_code="complaint"))

    assert_spec_error(response, 400)
    assert not FeedbackItem.objects.exists()


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"api_key": ""}, 403),
        ({"api_key": "deadbeef.khong-dung"}, 403),
        ({"jurisdiction_id": ""}, 400),
        ({"jurisdiction_id": "99-khong-co"}, 404),
        ({"service_code": ""}, 400),
        ({"service_code": "pothole"}, 404),
        ({"description": ""}, 400),
        ({"lat": "", "long": ""}, 400),
        ({"lat": "abc"}, 400),
        ({"lat": "91"}, 400),
        ({"description": "x" * 5001}, 400),
        ({"description": "bad\x00char"}, 400),
    ],
)
def test_bad_posts_get_the_spec_error_format_and_keep_nothing(client, commune, api_key, change, status):
    assert_spec_error(post(client, {**spec_post(commune, api_key), **change}), status)
    assert not FeedbackItem.objects.exists()


def test_a_withdrawn_key_is_refused(client, commune, api_key, officer):
    officer.api_tokens.update(is_active=False)

    assert_spec_error(post(client, spec_post(commune, api_key)), 403)


def test_an_integration_posts_without_a_session_or_a_csrf_token(commune, api_key):
    response = post(Client(enforce_csrf_checks=True), spec_post(commune, api_key))

    assert response.status_code == 201, response.content


def test_the_key_may_come_as_a_bearer_header(client, commune, api_key):
    body = spec_post(commune, "")

    response = post(client, body, headers={"Authorization": f"Bearer {api_key}"})

    assert response.status_code == 201


def test_a_resend_with_the_same_client_key_gives_the_same_request(client, commune, api_key):
    body = spec_post(commune, api_key, client_key="app-42")

    first, second = post(client, body), post(client, body)
    by_header = post(client, spec_post(commune, api_key), headers={"Idempotency-Key": "app-43"})
    again = post(client, spec_post(commune, api_key), headers={"Idempotency-Key": "app-43"})

    assert first.json() == second.json()
    assert by_header.json() == again.json()
    assert FeedbackItem.objects.count() == 2


def test_posting_is_rate_limited_like_the_public_forms(client, commune, api_key, settings):
    settings.FEEDBACK_SUBMISSIONS_PER_WINDOW = 2

    answers = [post(client, spec_post(commune, api_key)).status_code for _ in range(3)]

    assert answers == [201, 201, 429]
    assert_spec_error(post(client, spec_post(commune, api_key)), 429)


def test_other_methods_are_refused_in_the_spec_format(client):
    assert_spec_error(client.put(f"{BASE}/requests.json"), 405)
    assert_spec_error(client.post(f"{BASE}/services.json"), 405)


# --- GET requests.json and requests/{id}.json -------------------------------------------------------------
@pytest.fixture
def requests_(client, commune, api_key, officer, leader):
    """Three posted requests: one open reflection, one question answered and published, one denunciation."""
    ids = {}
    for kind in ("reflection", "question", "denunciation"):
        response = post(
            client, spec_post(commune, api_key, service_code=kind, description=f"Nội dung {kind}")
        )
        ids[kind] = response.json()[0]["service_request_id"]
    question = FeedbackItem.objects.get(public_id=ids["question"])
    question = accepted_and_assigned(question, leader, officer, commune, accepted_on=timezone.localdate())
    services.resolve_feedback(question, by=officer, public_answer="Họp thôn vào tối thứ Sáu.", publish=True)
    return ids


def get_requests(client, commune, **params):
    response = client.get(f"{BASE}/requests.json", {"jurisdiction_id": commune.code, **params}, **IP)
    assert response.status_code == 200, response.content
    return response.json()


def test_the_list_holds_only_publishable_kinds_and_their_text_only_once_published(client, commune, requests_):
    answers = {answer["service_code"]: answer for answer in get_requests(client, commune)}

    assert set(answers) == {"reflection", "question"}  # a denunciation is never listed
    question, reflection = answers["question"], answers["reflection"]
    assert question["status"] == "closed" and question["description"].startswith("Nội dung question\n")
    assert question["status_notes"] == "Họp thôn vào tối thứ Sáu."
    assert question["service_request_id"] == requests_["question"]
    assert (reflection["status"], reflection["description"]) == ("open", "")
    assert reflection["status_notes"] == "Đã tiếp nhận" and reflection["expected_datetime"].endswith("+07:00")
    assert reflection["agency_responsible"] == commune.name
    for field in ("requested_datetime", "updated_datetime"):
        assert reflection[field].endswith("+07:00")
    assert not any(
        code in json.dumps(answers) for code in FeedbackItem.objects.values_list("tracking_code", flat=True)
    )


def test_the_list_filters_as_the_spec_says(client, commune, requests_):
    def ids(**params):
        return sorted(answer["service_request_id"] for answer in get_requests(client, commune, **params))

    both = sorted([requests_["reflection"], requests_["question"]])
    assert ids(status="open") == [requests_["reflection"]]
    assert ids(status="closed") == [requests_["question"]]
    assert ids(status="open,closed") == both
    assert ids(service_code="question") == [requests_["question"]]
    assert ids(service_code="question,reflection") == both
    assert ids(service_request_id=requests_["reflection"]) == [requests_["reflection"]]
    # The ids override every other filter; a denunciation's number finds nothing.
    assert ids(service_request_id=f"{requests_['question']},{requests_['denunciation']}", status="open") == [
        requests_["question"]
    ]
    now = timezone.now()
    assert ids(start_date=(now - timedelta(hours=1)).isoformat()) == both
    assert ids(start_date=(now + timedelta(hours=1)).isoformat()) == []
    assert ids(end_date=(now - timedelta(hours=1)).isoformat()) == []
    assert ids(start_date=(now - timedelta(days=1)).date().isoformat(), end_date=now.isoformat()) == both


def test_the_default_list_is_the_last_90_days(client, commune, requests_):
    FeedbackItem.objects.filter(public_id=requests_["reflection"]).update(
        created_at=timezone.now() - timedelta(days=91)
    )

    assert [answer["service_code"] for answer in get_requests(client, commune)] == ["question"]


def test_the_list_needs_a_known_jurisdiction_and_valid_filters(client, commune):
    assert_spec_error(client.get(f"{BASE}/requests.json"), 400)
    assert_spec_error(client.get(f"{BASE}/requests.json", {"jurisdiction_id": "99-khong-co"}), 404)
    for params in ({"status": "pending"}, {"service_code": "pothole"}, {"start_date": "hôm qua"}):
        response = client.get(f"{BASE}/requests.json", {"jurisdiction_id": commune.code, **params})
        assert_spec_error(response, 400)


def test_one_request_by_its_number(client, commune, other_commune, requests_):
    url = f"{BASE}/requests/{requests_['question']}.json"

    [answer] = client.get(url, {"jurisdiction_id": commune.code}).json()
    assert answer["service_request_id"] == requests_["question"] and answer["status"] == "closed"
    assert client.get(url).status_code == 200
    assert_spec_error(client.get(url, {"jurisdiction_id": other_commune.code}), 404)
    assert_spec_error(client.get(f"{BASE}/requests/{requests_['denunciation']}.json"), 404)
    assert_spec_error(client.get(f"{BASE}/requests/khongco.json"), 404)


# --- The migration that numbers the existing cases ---------------------------------------------------------
def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_gives_every_existing_case_its_own_public_number(commune):
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    old = _migrate([("feedback", "0009_public_feedback_attachments")])
    try:
        item_model = old.get_model("feedback", "FeedbackItem")
        fields = {"unit_id": commune.pk, "channel": "desk", "kind": "reflection", "content": "x"}
        pks = [
            item_model.objects.create(
                tracking_code=f"MIGR{n:04d}", received_on=date(2026, 11, 2), **fields
            ).pk
            for n in range(3)
        ]

        new = _migrate([("feedback", "0011_feedbackitem_public_id_required")])

        numbers = list(
            new.get_model("feedback", "FeedbackItem")
            .objects.filter(pk__in=pks)
            .values_list("public_id", flat=True)
        )
        assert len(set(numbers)) == 3 and all(len(number) == 12 for number in numbers)
    finally:
        _migrate(latest)
