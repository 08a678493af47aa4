"""Fast paper entry in a real browser: two slips typed with the keyboard only, the village's bar moves."""

import pytest
from playwright.sync_api import expect

from thanthien.browser import demo_logins, log_in, page_fixture  # noqa: F401  (the `page` fixture)
from thanthien.ratings import surveys
from thanthien.ratings.models import SurveyResponse
from thanthien.ratings.tests.factories import make_campaign
from thanthien.units import queries as unit_queries
from thanthien.units.models import Unit, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_an_officer_types_two_slips_with_the_keyboard_and_the_progress_bar_moves(live_server, page):
    logins = demo_logins()
    commune = Unit.objects.get(slug="hoang-cat")
    campaign = make_campaign(commune, User.objects.get(username="mttq"))
    surveys.set_quotas(
        campaign, targets=dict.fromkeys(unit_queries.villages(commune), 50), by=campaign.created_by
    )
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    log_in(page, live_server.url, "motcua", logins["motcua"])
    page.goto(f"{live_server.url}/ratings/surveys/{campaign.pk}/entry/")
    bar = page.get_by_test_id("progress-thon-2").locator("progress")
    expect(page.locator("#id_village")).to_be_focused()

    page.locator("#id_village").select_option(label="Thôn 2")
    page.keyboard.press("Tab")  # the slip number, already 1
    page.keyboard.press("Tab")
    page.keyboard.type("4")  # one key per answer: the cursor moves on by itself
    page.keyboard.type("3")
    page.keyboard.type("4")
    page.keyboard.type("2")
    page.keyboard.type("1 3")
    page.keyboard.press("Tab")
    page.keyboard.type("Cán bộ tận tình")
    page.keyboard.press("Enter")

    expect(bar).to_have_attribute("value", "1")
    expect(page.locator("#id_slip_number")).to_have_value("2")
    expect(page.locator("#id_village")).to_have_value(str(Unit.objects.get(name="Thôn 2", parent=commune).pk))
    expect(page.locator("#id_q1")).to_be_focused()

    page.keyboard.type("4")
    page.keyboard.type("4")
    page.keyboard.type("2")
    page.keyboard.type("1")
    page.keyboard.press("Enter")

    expect(bar).to_have_attribute("value", "2")
    expect(page.get_by_test_id("progress-thon-2").get_by_test_id("progress-count")).to_have_text("2")
    slips = SurveyResponse.objects.order_by("slip_number")
    assert [(s.slip_number, s.village.name, s.channel) for s in slips] == [
        (1, "Thôn 2", "paper"),
        (2, "Thôn 2", "paper"),
    ]
    first = {a.question.number: a for a in slips[0].answers.all()}
    assert (first[1].level, first[2].level, first[3].level, first[6].text) == (4, 3, 4, "Cán bộ tận tình")
    assert sorted(c.number for c in first[5].choices.all()) == [1, 3]
    assert slips[1].answers.get(question__number=3).level == 2
    assert not [line for line in console if "Content Security Policy" in line], console
