"""The phone form of a campaign: no login, a link per village, open in its period, robots and floods kept out,
a resent form counted once."""

import pytest
import time_machine

from thanthien.ratings import survey_public, surveys
from thanthien.ratings.models import SurveyResponse
from thanthien.ratings.survey_links import survey_token, survey_url
from thanthien.ratings.tests.factories import make_campaign, make_villages

pytestmark = pytest.mark.django_db
IN_THE_PERIOD = "2026-03-10 09:00 +07:00"


@pytest.fixture
def link(commune, leader):
    village = make_villages(commune, 1)[0]
    campaign = make_campaign(commune, leader)
    surveys.set_quotas(campaign, targets={village: 50}, by=leader)
    return campaign, village, survey_url(campaign, village, base="")


def _answers(page, **extra):
    key = page.context["form"].initial["idempotency_key"]
    return {"idempotency_key": key, "website": "", "q1": "4", "q2": "3", "q5": ["1", "3"], **extra}


@time_machine.travel(IN_THE_PERIOD)
def test_a_citizen_answers_from_the_village_link_without_logging_in(client, link):
    _campaign, village, path = link

    page = client.get(path)
    sent = client.post(path, _answers(page, q6="Cán bộ nhiệt tình"))

    assert path.startswith("/x/hoang-cat/khao-sat/")
    assert page.status_code == 200 and 'type="radio"' in page.content.decode()
    assert sent.status_code == 200 and 'data-testid="phone-thanks"' in sent.content.decode()
    response = SurveyResponse.objects.get()
    assert (response.village, response.channel, response.entered_by) == (village, "phone", None)
    assert sorted(response.answers.values_list("question__number", flat=True)) == [1, 2, 5, 6]


@time_machine.travel(IN_THE_PERIOD)
def test_a_resent_phone_form_is_counted_once(client, link):
    _campaign, _village, path = link
    answers = _answers(client.get(path))

    client.post(path, answers)
    again = client.post(path, answers)

    assert again.status_code == 200
    assert SurveyResponse.objects.count() == 1


@time_machine.travel(IN_THE_PERIOD)
def test_a_robot_filling_the_hidden_field_is_thanked_and_ignored(client, link):
    _campaign, _village, path = link

    response = client.post(path, _answers(client.get(path), website="http://spam.example"))

    assert response.status_code == 200
    assert not SurveyResponse.objects.exists()


@time_machine.travel(IN_THE_PERIOD)
def test_too_many_answers_from_one_address_are_refused(client, link, monkeypatch):
    monkeypatch.setattr(survey_public, "SLIPS_PER_WINDOW", 2)
    _campaign, _village, path = link
    page = client.get(path)

    statuses = [client.post(path, _answers(page, idempotency_key=f"k{n}")).status_code for n in range(3)]

    assert statuses == [200, 200, 429]
    assert SurveyResponse.objects.count() == 2


@pytest.mark.parametrize("moment", ["2026-02-28 09:00 +07:00", "2026-04-01 08:00 +07:00"])
def test_the_form_is_closed_outside_the_campaign_period(client, link, moment):
    _campaign, _village, path = link

    with time_machine.travel(moment):
        page = client.get(path)
        sent = client.post(path, {"idempotency_key": "k", "q1": "4"})

    assert page.status_code == sent.status_code == 410
    assert 'data-testid="phone-closed"' in page.content.decode()
    assert not SurveyResponse.objects.exists()


@time_machine.travel(IN_THE_PERIOD)
def test_a_closed_campaign_closes_its_phone_form(client, link, leader):
    campaign, _village, path = link
    campaign.status = "closed"
    campaign.save(update_fields=["status"])

    assert client.get(path).status_code == 410


@time_machine.travel(IN_THE_PERIOD)
def test_a_forged_or_foreign_link_is_not_found(client, link, other_commune, leader):
    campaign, _village, path = link
    foreign_village = make_villages(other_commune, 1)[0]

    assert client.get(path[:-4] + "xyz/").status_code == 404
    assert client.get(path.replace("/hoang-cat/", "/hoang-xuan/")).status_code == 404
    forged = f"/x/hoang-cat/khao-sat/{survey_token(campaign, foreign_village)}/"
    assert client.get(forged).status_code == 404


@time_machine.travel(IN_THE_PERIOD)
def test_an_answer_off_the_scale_is_shown_and_not_counted(client, link):
    _campaign, _village, path = link

    response = client.post(path, _answers(client.get(path), q1="9"))

    assert response.status_code == 400
    assert not SurveyResponse.objects.exists()
