"""The staff endpoints of the feedback lifecycle: an API key or a signed-in official; errors in Vietnamese."""

import pytest

from thanthien.feedback.models import FeedbackItem
from thanthien.feedback.tests.helpers import official_for, receive
from thanthien.units.tokens import issue_api_token

pytestmark = pytest.mark.django_db


def call(client, method, path, key=None, **body):
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return getattr(client, method)(
        f"/api/v1/feedback/staff{path}", body or None, content_type="application/json", headers=headers
    )


def test_without_a_key_the_staff_endpoints_answer_401_in_vietnamese(client, officer, commune):
    item = receive(officer, commune)

    response = call(client, "get", f"/cases/{item.tracking_code}")

    assert response.status_code == 401
    assert response.json()["errors"] == ["Hãy gửi khóa API hợp lệ (Authorization: Bearer …) hoặc đăng nhập."]


def test_a_leaders_key_takes_a_case_through_its_steps(client, officer, leader, commune):
    item = receive(officer, commune, contact="0912 000 111", identity=None, is_anonymous=False)
    key = issue_api_token(leader, name="Hệ thống tỉnh", by=None)
    handler = official_for(officer, commune)
    code = item.tracking_code

    steps = [
        {"step": "classify", "kind": "recommendation", "topic": "environment"},
        {"step": "accept"},
        {"step": "assign", "assignee_id": handler.pk},
        {"step": "resolve", "public_answer": "Xã đã bố trí thêm thùng rác.", "publish": True},
        {"step": "send"},
        {"step": "close"},
    ]
    answers = [call(client, "post", f"/cases/{code}/steps", key, **step) for step in steps]

    assert [answer.status_code for answer in answers] == [200] * 6
    final = answers[-1].json()
    assert (final["status"], final["kind"], final["is_published"]) == ("closed", "recommendation", True)
    assert [event["kind"] for event in final["events"]][-3:] == ["resolved", "answer_sent", "closed"]
    assert FeedbackItem.objects.get().answer_sent_via == "outbox"


def test_a_refused_step_is_422_with_the_reason_in_vietnamese_and_changes_nothing(client, officer, commune):
    item = receive(officer, commune)
    key = issue_api_token(officer, name="Hệ thống tỉnh", by=None)

    response = call(
        client, "post", f"/cases/{item.tracking_code}/steps", key, step="decline", reason="Trùng đơn"
    )

    assert response.status_code == 422
    assert response.json()["errors"] == ["Hãy nêu lý do và căn cứ pháp lý của việc không thụ lý."]
    item.refresh_from_db()
    assert item.status == "received"


def test_an_officer_may_not_assign_and_another_commune_sees_nothing(
    client, officer, outsider_officer, commune
):
    item = receive(officer, commune)
    own = issue_api_token(officer, name="Một cửa", by=None)
    other = issue_api_token(outsider_officer, name="Xã khác", by=None)
    call(client, "post", f"/cases/{item.tracking_code}/steps", own, step="accept")

    colleague = official_for(officer, commune)  # a real official of the commune: only the right is missing
    refused = call(
        client, "post", f"/cases/{item.tracking_code}/steps", own, step="assign", assignee_id=colleague.pk
    )
    hidden = call(client, "get", f"/cases/{item.tracking_code}", other)
    listing = call(client, "get", "/cases", other)

    assert refused.status_code == 403
    assert hidden.status_code == 404 and listing.json() == []
