"""One table of the steps on a dossier (dossiers.workflow.STEPS): the page offers exactly the steps
`available_steps` gives each user, and the step API takes exactly those its status allows."""
# ruff: noqa: F811 — the fixtures of test_api are imported by name and taken as arguments

import re

import pytest

from thanthien.dossiers import steps, workflow
from thanthien.dossiers.models import Dossier
from thanthien.dossiers.tests.test_api import STEPS as PAYLOADS
from thanthien.dossiers.tests.test_api import _monday_morning, api, key, new_dossier, procedure  # noqa: F401

Status = Dossier.Status
pytestmark = pytest.mark.django_db


def test_the_api_knows_every_step_of_the_table_and_no_other():
    assert set(PAYLOADS) == set(workflow.STEPS)


def test_each_step_of_the_table_is_done_by_one_action_taking_exactly_its_api_fields():
    assert set(steps.ACTIONS) == set(workflow.STEPS)
    for kind, step in workflow.STEPS.items():
        assert set(steps.ACTIONS[kind].api_arguments) == set(step.fields), kind


# HandOverForm's `to` (an official or office from the commune's list) is cleaned into the receiver.
FORM_FIELD_GIVES = {"to": "receiver_office"}


@pytest.mark.parametrize("kind", [kind for kind, action in steps.ACTIONS.items() if action.form])
def test_the_page_form_of_a_step_requires_what_the_table_requires_of_the_api(kind):
    form = steps.ACTIONS[kind].form
    assert form is not None
    required = {
        FORM_FIELD_GIVES.get(name, name) for name, field in form.base_fields.items() if field.required
    }

    assert required == steps.service_arguments_required(kind)


def test_a_step_with_input_has_a_form_on_the_page_and_one_without_has_none():
    for kind, action in steps.ACTIONS.items():
        takes_input = bool(workflow.STEPS[kind].required)
        assert (action.form is not None) == takes_input, kind
        assert bool(action.form_name) == takes_input, kind


def test_each_step_that_moves_a_dossier_starts_only_where_the_status_graph_allows_the_move():
    for step in workflow.STEPS.values():
        if step.moves_to and step.kind != "hand_over":  # handing over again keeps it in progress
            assert all(workflow.can_move(status, step.moves_to) for status in step.statuses), step.kind


@pytest.mark.parametrize("status", list(Status))
def test_the_page_offers_exactly_the_available_steps_to_each_user(
    client, commune, officer, outsider_officer, status, api, procedure
):
    code = new_dossier(api, commune, procedure)["code"]
    Dossier.objects.filter(code=code).update(status=status)  # behind the services: only the page is asked
    dossier = Dossier.objects.get(code=code)
    for user in (officer, outsider_officer):
        client.force_login(user)
        response = client.get(f"/dossiers/{code}/")
        offered = (
            set(re.findall(r'data-step="(\w+)"', response.content.decode()))
            if response.status_code == 200
            else set()
        )
        assert offered == set(workflow.available_steps(dossier, user)), (status, user.username)
    assert workflow.available_steps(dossier, officer) == workflow.steps_in(status)


@pytest.mark.parametrize("status", [Status.RECEIVED, Status.AWAITING_SUPPLEMENT, Status.READY])
@pytest.mark.parametrize("kind", list(workflow.STEPS))
def test_the_api_takes_a_step_exactly_when_the_status_allows_it(api, commune, procedure, status, kind):
    code = new_dossier(api, commune, procedure)["code"]
    Dossier.objects.filter(code=code).update(status=status)

    response = api.post(f"/dossiers/{code}/events", {"kind": kind, **PAYLOADS[kind]})

    assert response.status_code == (200 if kind in workflow.steps_in(status) else 422), response.json()
