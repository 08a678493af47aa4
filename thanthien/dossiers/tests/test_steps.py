"""One table of the steps on a dossier (dossiers.workflow.STEPS): the page offers exactly the steps
`available_steps` gives each user, and the step API takes exactly those its status allows."""
# ruff: noqa: F811 — the fixtures of test_api are imported by name and taken as arguments

import re

import pytest

from thanthien.dossiers import workflow
from thanthien.dossiers.models import Dossier
from thanthien.dossiers.tests.test_api import STEPS as PAYLOADS
from thanthien.dossiers.tests.test_api import _monday_morning, api, key, new_dossier, procedure  # noqa: F401

Status = Dossier.Status
pytestmark = pytest.mark.django_db


def test_the_api_knows_every_step_of_the_table_and_no_other():
    assert set(PAYLOADS) == set(workflow.STEPS)


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
