"""Marking a commitment done goes back to the page it came from, never to another site (issue #13, 11)."""

from datetime import date

import pytest
from django.urls import reverse

from thanthien.reception import services as reception_services
from thanthien.reception.tests.conftest import plan_dialogue


@pytest.fixture
def commitment(commune, leader, chairman):
    dialogue = plan_dialogue(
        commune, leader, chairman, title="Đối thoại", planned_on=date(2026, 9, 1), place="Hội trường"
    )
    return reception_services.add_dialogue_commitment(
        dialogue, by=leader, content="Sửa cầu", owner=chairman, due_on=date(2026, 9, 10)
    )


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example"])
def test_marking_a_commitment_done_never_goes_to_another_site(client, leader, commitment, target):
    client.force_login(leader)

    response = client.post(
        reverse("reception:commitment_done", args=[commitment.pk]), {"result": "Đã sửa", "next": target}
    )

    assert response.status_code == 302
    assert response.url == reverse("reception:dialogue_detail", args=[commitment.dialogue_id])


@pytest.mark.django_db
def test_marking_a_commitment_done_goes_back_to_the_list_it_came_from(client, leader, commitment):
    client.force_login(leader)
    back = reverse("reception:commitment_list") + "?status=open"

    response = client.post(
        reverse("reception:commitment_done", args=[commitment.pk]), {"result": "Đã sửa", "next": back}
    )

    assert response.url == back
