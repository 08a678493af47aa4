"""Issue #19: a rating posted with an API key is answered before the middleware stack (thanthien.api_lane)
with the very status, body and headers the API gives through the whole stack; whatever the lane does not
answer, the stack answers, and a refused attempt leaves nothing behind."""

import pytest
from django.conf import settings

from thanthien.core.models import IdempotencyRecord
from thanthien.core.tests.lane_world import alike as alike_but
from thanthien.core.tests.lane_world import answered_by_lane, post_through, stack_without_lane
from thanthien.ratings.models import Rating
from thanthien.units.models import Official
from thanthien.units.tokens import issue_api_token

URL = "/api/v1/ratings"


@pytest.fixture
def key(officer):
    return issue_api_token(officer, name="Máy đánh giá quầy 1", by=None)


def post(middleware, body, **options):
    return post_through(middleware, URL, body, **options)


def both_paths(body, **options):
    """The answer with the lane, then the answer of the stack alone to the same request with its own
    idempotency key (when it has one): the two must be alike but for the new rating's id."""
    stack = stack_without_lane()
    lane = post(settings.MIDDLEWARE, body, **options)
    if isinstance(body, dict) and body.get("idempotency_key", "").strip():
        body = {**body, "idempotency_key": body["idempotency_key"] + "-stack"}
    return lane, post(stack, body, **options)


def alike(lane, stack) -> None:
    alike_but(lane, stack, own="id")


@pytest.mark.django_db
def test_a_new_rating_is_answered_by_the_lane_as_by_the_stack(commune, key):
    official = Official.objects.create(unit=commune, full_name="Trần Thị Một Cửa", title="Công chức")
    body = {"commune_code": commune.code, "level": 4, "channel": "kiosk", "official_id": official.pk}

    lane, stack = both_paths({**body, "idempotency_key": "k-1"}, key=key)

    alike(lane, stack)
    assert lane.status_code == 201 and lane.json()["sentiment"] == "satisfied"
    assert answered_by_lane(lane) and not answered_by_lane(stack)
    assert lane["Content-Language"] == "vi" and "Content-Security-Policy" in lane
    assert Rating.objects.filter(official=official).count() == 2


@pytest.mark.django_db
def test_a_resend_is_replayed_by_the_lane_with_the_first_id(commune, key):
    body = {"commune_code": commune.code, "level": 2, "idempotency_key": "k-resend"}
    first = post(settings.MIDDLEWARE, body, key=key)

    again = post(settings.MIDDLEWARE, body, key=key)

    assert (first.status_code, again.status_code) == (201, 200) and answered_by_lane(again)
    assert again.json() == {**first.json(), "replayed": True}
    assert Rating.objects.count() == 1


REFUSED = {
    "off the scale": ({"level": 9}, 422),
    "unknown commune": ({"commune_code": "khong-co"}, 422),
    "official of another commune": ({"official_id": "stranger"}, 422),
    "no idempotency key": ({"idempotency_key": None}, 422),
    "blank idempotency key": ({"idempotency_key": " "}, 422),
    "level missing": ({"level": None}, 422),
    "level not a number": ({"level": "bốn"}, 422),
    "control character": ({"comment": "a\x00b"}, 422),
    "unknown channel": ({"channel": "fax"}, 422),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", REFUSED)
def test_a_refused_rating_is_answered_by_the_stack_and_leaves_nothing(commune, other_commune, key, case):
    stranger = Official.objects.create(unit=other_commune, full_name="Trần Văn Khác", title="Công chức")
    change, status = REFUSED[case]
    body = {"commune_code": commune.code, "level": 4, "idempotency_key": f"k-{case}"}
    body.update({name: stranger.pk if value == "stranger" else value for name, value in change.items()})
    body = {name: value for name, value in body.items() if value is not None}

    lane, stack = both_paths(body, key=key)

    alike(lane, stack)
    assert lane.status_code == status and lane.json()["errors"]
    assert not answered_by_lane(lane)
    assert not Rating.objects.exists() and not IdempotencyRecord.objects.exists()


@pytest.mark.django_db
def test_the_same_key_with_another_rating_is_refused_by_the_stack(commune, key):
    post(settings.MIDDLEWARE, {"commune_code": commune.code, "level": 4, "idempotency_key": "k"}, key=key)

    other = post(
        settings.MIDDLEWARE, {"commune_code": commune.code, "level": 1, "idempotency_key": "k"}, key=key
    )

    assert other.status_code == 422 and not answered_by_lane(other)
    assert Rating.objects.count() == 1 and IdempotencyRecord.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("case", "status"),
    [("wrong key", 401), ("no key", 401), ("not JSON", 400), ("form body", 400), ("other commune", 403)],
)
def test_what_the_lane_does_not_take_the_stack_answers(
    commune, other_commune, key, outsider_officer, case, status
):
    body = {"commune_code": commune.code, "level": 4, "idempotency_key": f"k-{case}"}
    options = {
        "wrong key": {"key": key[:-3] + "xyz"},
        "no key": {"key": ""},
        "not JSON": {"key": key, "body": "{not json"},
        "form body": {"key": key, "content_type": "application/x-www-form-urlencoded", "body": "level=4"},
        "other commune": {"key": issue_api_token(outsider_officer, name="Quầy xã khác", by=None)},
    }[case]
    sent = options.pop("body", body)

    lane, stack = both_paths(sent, **options)

    alike(lane, stack)
    assert lane.status_code == status and not answered_by_lane(lane)
    assert not Rating.objects.exists()


@pytest.mark.django_db
def test_a_request_with_a_cookie_goes_down_the_stack_in_its_language(commune, key):
    body = {"commune_code": commune.code, "level": 9, "idempotency_key": "k-cookie"}

    response = post(settings.MIDDLEWARE, body, key=key, HTTP_COOKIE=f"{settings.LANGUAGE_COOKIE_NAME}=en")

    assert response.status_code == 422 and not answered_by_lane(response)
    assert response["Content-Language"] == "en" and "is not on the scale" in response.json()["errors"][0]
