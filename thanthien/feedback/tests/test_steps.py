"""One table of the steps on a feedback item (feedback.workflow.STEPS): the item's page offers exactly the
steps `available_steps` gives each user, the staff API takes only those, and the page's forms require at
least the input the table requires of the API."""

import re
from datetime import date
from typing import get_args

import pytest
import time_machine

from thanthien.feedback import services, steps, workflow
from thanthien.feedback.api import StepIn, StepName
from thanthien.feedback.models import FeedbackItem
from thanthien.feedback.tests.helpers import (
    accepted_and_assigned,
    official_for,
    receive,
    signed_complaint,
    signed_denunciation,
)
from thanthien.units.tokens import issue_api_token

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 20)


def test_the_api_and_the_page_know_every_step_of_the_table_and_no_other():
    assert set(get_args(StepName)) == set(workflow.API_STEPS)
    assert set(steps.ACTIONS) == set(workflow.STEPS)
    for name in workflow.API_STEPS:
        assert set(workflow.STEPS[name].fields) <= set(StepIn.model_fields), name


# AssignForm's `assignee` (an official from the commune's list) is the API's `assignee_id`.
FORM_FIELD_IS = {"assignee": "assignee_id"}


@pytest.mark.parametrize("name", [name for name, step in workflow.STEPS.items() if step.required])
def test_the_page_form_of_a_step_requires_what_the_table_requires_of_the_api(name):
    form = steps.ACTIONS[name].form
    assert form is not None
    required = {FORM_FIELD_IS.get(field, field) for field, spec in form.base_fields.items() if spec.required}

    assert {field for field, _message in workflow.STEPS[name].required} <= required


def _accepted(item, leader):
    return services.accept_feedback(item, by=leader, accepted_on=date(2026, 11, 3))


def _resolved(item, leader, officer, commune, **answer):
    item = accepted_and_assigned(item, leader, officer, commune)
    return services.resolve_feedback(item, by=leader, public_answer="Xã đã sửa đường.", **answer)


DECISION = {
    "decision_number": "15/QĐ-UBND",
    "decision_on": date(2026, 11, 18),
    "decision_content": "Giữ nguyên",
}


def _answered(off, lead, com, **answer):
    item = _resolved(receive(off, com, contact="0912 000 111"), lead, off, com, **answer)
    return services.send_answer(item, by=lead)


# Items in each status, of the kinds whose steps differ (a dialogue for a complaint, an initial handling
# extended for a denunciation, a decision received for a complaint), built by the services.
STATES = {
    "received reflection": lambda off, lead, com: receive(off, com),
    "received complaint": lambda off, lead, com: signed_complaint(off, com),
    "received denunciation": lambda off, lead, com: signed_denunciation(off, com),
    "received denunciation, initial handling extended": lambda off, lead, com: services.extend_limit(
        signed_denunciation(off, com), by=lead, reason="Xác minh ở nhiều nơi"
    ),
    "accepted reflection": lambda off, lead, com: _accepted(receive(off, com), lead),
    "accepted complaint": lambda off, lead, com: _accepted(signed_complaint(off, com), lead),
    "in progress reflection": lambda off, lead, com: accepted_and_assigned(receive(off, com), lead, off, com),
    "in progress complaint": lambda off, lead, com: accepted_and_assigned(
        signed_complaint(off, com), lead, off, com
    ),
    "in progress denunciation": lambda off, lead, com: accepted_and_assigned(
        signed_denunciation(off, com), lead, off, com
    ),
    "resolved reflection": lambda off, lead, com: _resolved(receive(off, com), lead, off, com),
    "resolved complaint, decision not yet received": lambda off, lead, com: _resolved(
        signed_complaint(off, com), lead, off, com, **DECISION
    ),
    "answered and published": lambda off, lead, com: _answered(off, lead, com, publish=True),
    "closed": lambda off, lead, com: services.close_feedback(_answered(off, lead, com), by=lead),
    "declined": lambda off, lead, com: services.decline_feedback(
        receive(off, com), by=lead, reason="Trùng", legal_basis="Điều 11"
    ),
    "transferred": lambda off, lead, com: services.transfer_feedback(
        receive(off, com),
        by=off,
        mode="guide",
        referral_body="UBND huyện",
        referral_on=date(2026, 11, 5),
    ),
    "received reflection, marked useful": lambda off, lead, com: services.mark_useful_contribution(
        receive(off, com), by=off
    ),
}


def _item_in(state, officer, leader, commune) -> FeedbackItem:
    with time_machine.travel(TODAY, tick=False):
        return STATES[state](officer, leader, commune)


def test_the_states_reach_every_status_and_every_step_is_offered_in_one_of_them(commune, officer, leader):
    items = [_item_in(state, officer, leader, commune) for state in STATES]

    assert {item.status for item in items} == set(FeedbackItem.Status.values)
    offered = {
        name for item in items for user in (officer, leader) for name in workflow.available_steps(item, user)
    }
    assert offered == set(workflow.STEPS)


@pytest.mark.parametrize("state", list(STATES))
def test_the_page_offers_exactly_the_available_steps_to_each_user(
    client, commune, officer, leader, outsider_officer, state
):
    item = _item_in(state, officer, leader, commune)
    for user in (officer, leader, outsider_officer):
        client.force_login(user)
        response = client.get(f"/feedback/{item.tracking_code}/")
        page = response.content.decode() if response.status_code == 200 else ""
        offered = set(re.findall(r'data-step="(\w+)"', page))

        assert offered == set(workflow.available_steps(item, user)), (state, user.username)
    assert workflow.available_steps(item, outsider_officer) == []


def _full_payload(name: str, assignee_id: int) -> dict:
    """Every field a step could take, filled: a refusal then comes from the step, not from missing input."""
    return {
        "step": name,
        "reason": "Lý do",
        "legal_basis": "Điều 11 Luật Khiếu nại",
        "assignee_id": assignee_id,
        "verified_on": "2026-11-10",
        "result": "Đúng một phần",
        "notice_on": "2026-11-04",
        "held_on": "2026-11-16",
        "minutes": "Biên bản đối thoại",
        "is_minutes_signed": True,
        "public_answer": "Trả lời",
        "decision_number": "16/QĐ-UBND",
        "decision_on": "2026-11-19",
        "decision_content": "Công nhận một phần",
        "mode": "transfer",
        "referral_body": "UBND huyện",
        "referral_number": "12/CV",
        "referral_on": "2026-11-10",
    }


def _state_of(item: FeedbackItem) -> tuple[object, int]:
    return FeedbackItem.objects.values().get(pk=item.pk), item.events.count()


def _post_step(client, item, user, name, assignee_id):
    key = issue_api_token(user, name="Hệ thống tỉnh", by=None)
    with time_machine.travel(TODAY, tick=False):
        return client.post(
            f"/api/v1/feedback/staff/cases/{item.tracking_code}/steps",
            _full_payload(name, assignee_id),
            content_type="application/json",
            headers={"Authorization": f"Bearer {key}"},
        )


@pytest.mark.parametrize("state", list(STATES))
def test_the_api_refuses_every_step_the_table_does_not_offer_and_changes_nothing(
    client, commune, officer, leader, state
):
    item = _item_in(state, officer, leader, commune)
    assignee = official_for(officer, commune)
    for user in (officer, leader):
        for name in set(workflow.API_STEPS) - set(workflow.available_steps(item, user)):
            before = _state_of(item)

            response = _post_step(client, item, user, name, assignee.pk)

            # 403 to whoever may not take the step, 422 where the item's state does not allow it.
            expected = 403 if not workflow.STEPS[name].who(user, item) else 422
            assert response.status_code == expected, (state, user.username, name, response.json())
            assert _state_of(item) == before, (state, user.username, name)


@pytest.mark.parametrize("state", list(STATES))
def test_the_api_takes_every_step_the_table_offers(client, commune, officer, leader, state):
    for user in (officer, leader):
        offered = set(workflow.available_steps(_item_in(state, officer, leader, commune), user))
        for name in offered & set(workflow.API_STEPS):
            item = _item_in(state, officer, leader, commune)  # each step on an item of its own
            before = _state_of(item)

            response = _post_step(client, item, user, name, official_for(officer, commune).pk)

            assert response.status_code == 200, (state, user.username, name, response.json())
            assert _state_of(item) != before, (state, user.username, name)


@pytest.mark.parametrize("state", list(STATES))
def test_the_page_refuses_a_step_it_does_not_offer_and_changes_nothing(
    client, commune, officer, leader, state
):
    item = _item_in(state, officer, leader, commune)
    client.force_login(officer)
    for name in set(workflow.STEPS) - set(workflow.available_steps(item, officer)):
        before = _state_of(item)

        response = client.post(f"/feedback/{item.tracking_code}/{name}/", {})

        expected = 403 if not workflow.STEPS[name].who(officer, item) else 409
        assert response.status_code == expected, (state, name)
        assert _state_of(item) == before, (state, name)


def test_a_step_the_api_lacks_input_for_is_422_with_the_tables_message(client, commune, officer, leader):
    item = _item_in("accepted complaint", officer, leader, commune)
    key = issue_api_token(leader, name="Hệ thống tỉnh", by=None)

    response = client.post(
        f"/api/v1/feedback/staff/cases/{item.tracking_code}/steps",
        {"step": "verify", "result": "Đúng"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )

    assert response.status_code == 422
    assert response.json()["errors"] == ["Hãy nhập ngày xác minh (verified_on)."]
