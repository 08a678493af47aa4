"""Issue #19: a dossier posted by a one-stop system with an API key is answered before the middleware stack
(thanthien.api_lane) with the very status, body and headers the API gives through the whole stack: a new
dossier, a replay of its Idempotency-Key; whatever the lane does not answer, the stack answers, and a
refused attempt leaves nothing behind."""

import pytest
import time_machine
from django.conf import settings

from thanthien.core.models import AuditEvent, IdempotencyRecord
from thanthien.core.tests.lane_world import alike, answered_by_lane, post_through, stack_without_lane
from thanthien.dossiers.models import Dossier, DossierEvent
from thanthien.dossiers.tests.factories import local, make_procedure
from thanthien.notifications.models import Notification
from thanthien.units.tokens import issue_api_token

pytestmark = pytest.mark.django_db
URL = "/api/v1/dossiers"


@pytest.fixture(autouse=True)
def _monday_morning():
    with time_machine.travel(local(2026, 3, 2, 9), tick=False):  # both answers at the same time
        yield


@pytest.fixture
def key(officer):
    return issue_api_token(officer, name="Hệ thống một cửa tỉnh", by=None)


@pytest.fixture
def body(commune):
    procedure = make_procedure()
    return {
        "commune_code": commune.code,
        "procedure_code": procedure.code,
        "applicant_name": "Nguyễn Thị Hoa",
        "applicant_phone": "0912345678",
    }


def post(middleware, body, *, idempotency_key=None, **options):
    if idempotency_key is not None:
        options["HTTP_IDEMPOTENCY_KEY"] = idempotency_key
    return post_through(middleware, URL, body, **options)


def test_a_new_dossier_is_answered_by_the_lane_as_by_the_stack(body, key, officer):
    lane = post(settings.MIDDLEWARE, body, key=key, idempotency_key="k-1")
    stack = post(stack_without_lane(), body, key=key, idempotency_key="k-1-stack")

    alike(lane, stack, own="code")
    assert lane.status_code == 201 and answered_by_lane(lane) and not answered_by_lane(stack)
    assert lane["Content-Language"] == "vi" and "Idempotent-Replayed" not in lane
    assert [(e["kind"], e["by"]) for e in lane.json()["events"]] == [("received", str(officer))]
    dossier = Dossier.objects.get(code=lane.json()["code"])
    assert DossierEvent.objects.filter(dossier=dossier).count() == 1
    assert AuditEvent.objects.filter(object_type="dossiers.Dossier", object_id=str(dossier.pk)).count() == 1
    assert Notification.objects.filter(dedupe_key=f"dossier:{dossier.pk}:received").count() == 1


def test_a_replay_is_answered_by_the_lane_as_by_the_stack_with_its_header(body, key):
    first = post(settings.MIDDLEWARE, body, key=key, idempotency_key="k-again")

    lane = post(settings.MIDDLEWARE, body, key=key, idempotency_key="k-again")
    stack = post(stack_without_lane(), body, key=key, idempotency_key="k-again")

    assert (first.status_code, lane.status_code) == (201, 200) and answered_by_lane(lane)
    alike(lane, stack, own="")
    assert lane["Idempotent-Replayed"] == "true"
    assert lane.json() == first.json()
    assert Dossier.objects.count() == 1 and Notification.objects.count() == 1


REFUSED = {
    "unknown commune": ({"commune_code": "khong-co"}, {}, 422),
    "unknown procedure": ({"procedure_code": "KHONG-CO"}, {}, 422),
    "no name": ({"applicant_name": " "}, {}, 422),
    "unknown channel": ({"channel": "fax"}, {}, 422),
    "blank idempotency key": ({}, {"idempotency_key": ""}, 422),
    "wrong key": ({}, {"key": "tt_khong.hople"}, 401),
    "not JSON": ("{not json", {}, 400),
}


@pytest.mark.parametrize("case", REFUSED)
def test_what_the_lane_refuses_the_stack_answers_and_nothing_is_left(body, key, case):
    change, options, status = REFUSED[case]
    sent = change if isinstance(change, str) else {**body, **change}
    options = {"key": key, **options}

    lane = post(settings.MIDDLEWARE, sent, **options)
    stack = post(stack_without_lane(), sent, **options)

    alike(lane, stack, own="")
    assert lane.status_code == status and not answered_by_lane(lane)
    assert not Dossier.objects.exists() and not IdempotencyRecord.objects.exists()
    assert not Notification.objects.exists()


def test_the_same_key_for_another_dossier_is_refused_by_the_stack(body, key):
    post(settings.MIDDLEWARE, body, key=key, idempotency_key="k")
    another = {**body, "applicant_name": "Trần Văn Khác"}

    other = post(settings.MIDDLEWARE, another, key=key, idempotency_key="k")

    assert other.status_code == 422 and not answered_by_lane(other)
    assert Dossier.objects.count() == 1
