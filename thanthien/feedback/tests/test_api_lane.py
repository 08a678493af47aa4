"""Issue #19: a citizen's feedback posted as JSON is answered before the middleware stack
(thanthien.api_lane) with the very status, body and headers the API gives through the whole stack; what the
lane does not answer, the stack answers, nothing is left of a refused attempt, and the address's rate limit
counts each request once, whichever of the two answers it."""

import pytest
from django.conf import settings

from thanthien.core.models import AuditEvent
from thanthien.core.tests.lane_world import alike, answered_by_lane, post_through, stack_without_lane
from thanthien.feedback.models import FeedbackItem, SenderIdentity

pytestmark = pytest.mark.django_db
URL = "/api/v1/feedback"
ADDRESS = {"REMOTE_ADDR": "203.0.113.9"}


def post(middleware, body, **options):
    return post_through(middleware, URL, body, **ADDRESS, **options)


def both_paths(body, **options):
    """The lane's answer, then the stack's alone to the same request with its own client key."""
    lane = post(settings.MIDDLEWARE, body, **options)
    if isinstance(body, dict) and body.get("client_key"):
        body = {**body, "client_key": body["client_key"] + "-stack"}
    return lane, post(stack_without_lane(), body, **options)


def test_named_feedback_is_answered_by_the_lane_as_by_the_stack(commune):
    body = {
        "commune_code": commune.code,
        "kind": "reflection",
        "content": "Đèn đường thôn 3 hỏng",
        "is_anonymous": False,
        "name": "Nguyễn Văn An",
        "contact": "0912345678",
        "client_key": "k-1",
    }

    lane, stack = both_paths(body)

    alike(lane, stack, own="tracking_code")
    assert lane.status_code == 201 and answered_by_lane(lane) and not answered_by_lane(stack)
    assert lane["Content-Language"] == "vi" and "Content-Security-Policy" in lane
    item = FeedbackItem.objects.get(tracking_code=lane.json()["tracking_code"])
    assert SenderIdentity.objects.filter(item=item).count() == 1
    assert AuditEvent.objects.filter(object_type="feedback.FeedbackItem", object_id=str(item.pk)).count() == 1
    assert FeedbackItem.objects.count() == 2


REFUSED = {
    "unknown commune": ({"commune_code": "khong-co"}, 404),
    "unknown kind": ({"kind": "thu-khac"}, 422),
    "no content": ({"content": None}, 422),
    "anonymous complaint": ({"kind": "complaint"}, 422),
    "control character": ({"content": "a\x00b"}, 422),
}


@pytest.mark.parametrize("case", REFUSED)
def test_refused_feedback_is_answered_by_the_stack_and_leaves_nothing(commune, case):
    change, status = REFUSED[case]
    body = {"commune_code": commune.code, "kind": "reflection", "content": "Đường hỏng", "client_key": case}
    body.update(change)
    body = {name: value for name, value in body.items() if value is not None}

    lane, stack = both_paths(body)

    alike(lane, stack, own="tracking_code")
    assert lane.status_code == status and not answered_by_lane(lane)
    assert not FeedbackItem.objects.exists()


def test_a_request_left_to_the_stack_is_counted_once_by_the_rate_limit(commune, settings):
    settings.FEEDBACK_SUBMISSIONS_PER_WINDOW = 2
    body = {"commune_code": commune.code, "kind": "praise", "content": "Cảm ơn"}

    refused = post(settings.MIDDLEWARE, {**body, "commune_code": "khong-co"})  # the lane, then the stack
    sent = post(settings.MIDDLEWARE, body)
    stopped = post(settings.MIDDLEWARE, body)

    assert (refused.status_code, sent.status_code, stopped.status_code) == (404, 201, 429)
    assert not answered_by_lane(refused) and answered_by_lane(sent) and not answered_by_lane(stopped)
    assert "Quá nhiều yêu cầu" in str(stopped.json())
    assert FeedbackItem.objects.count() == 1


def test_feedback_with_a_cookie_goes_down_the_stack_in_its_language(commune):
    body = {"commune_code": commune.code, "kind": "thu-khac", "content": "Đường hỏng"}

    response = post(settings.MIDDLEWARE, body, HTTP_COOKIE=f"{settings.LANGUAGE_COOKIE_NAME}=en")

    assert response.status_code == 422 and not answered_by_lane(response)
    assert response["Content-Language"] == "en"
