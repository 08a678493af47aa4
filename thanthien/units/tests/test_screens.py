"""Screens by role (issue #18 item 2): the menu shows what the role can use, and each role lands on its home.

The browser test (test_browser_menus.py) checks the same menus on a desktop and on a phone.
"""

import re

import pytest
from django.test import Client

from thanthien.assessment import permissions as assessment_permissions
from thanthien.disclosure import permissions as disclosure_permissions
from thanthien.dossiers import permissions as dossier_permissions
from thanthien.feedback import permissions as feedback_permissions
from thanthien.letters import permissions as letter_permissions
from thanthien.planning import permissions as planning_permissions
from thanthien.ratings import permissions as rating_permissions
from thanthien.reception import permissions as reception_permissions
from thanthien.reports import dashboard
from thanthien.reports import permissions as report_permissions
from thanthien.units import permissions
from thanthien.units.context_processors import SCREENS, menu_items
from thanthien.units.models import Role, User
from thanthien.units.tests.screens_demo import EXPECTED_MENUS, LANDINGS, MENU_PAGES, demo_people

pytestmark = pytest.mark.django_db
MENU_LINK = re.compile(r'<a href="([^"]+)" data-screen="([^"]+)"')


@pytest.fixture
def people(db):
    return demo_people()


def test_the_screens_follow_the_apps_own_permissions():
    roles = permissions.SCREEN_ROLES
    assert roles["desk"] == dossier_permissions.HANDLERS
    assert roles["feedback"] == feedback_permissions.READERS
    assert roles["letters"] == letter_permissions.DRAFTERS
    assert roles["surveys"] == rating_permissions.SLIP_ENTERERS
    assert roles["reception"] == reception_permissions.READERS
    assert roles["supervision"] == planning_permissions.SUPERVISORS
    assert roles["disclosure"] == disclosure_permissions.PUBLISHERS
    assert roles["ranking"] == report_permissions.RANKING_READERS
    assert roles["reports"] == report_permissions.REPORT_WRITERS | {Role.REVIEWER}
    assert roles["assessment"] == assessment_permissions.PREPARERS | assessment_permissions.APPRAISERS
    # decided by their own predicates (the national table's by reports, registered at start-up)
    others = {"today", "accounts", "approvals", "audit", "admin", "settings", "households", "national"}
    assert {screen.key for screen in SCREENS} == set(roles) | others


def test_each_role_sees_its_screens_and_every_one_opens(people):
    for username, expected in EXPECTED_MENUS.items():
        client = Client()
        client.force_login(User.objects.get(username=username))
        page = client.get(MENU_PAGES[username]).content.decode()
        links = MENU_LINK.findall(page)

        assert [key for _url, key in links] == expected, username
        for url, key in links:
            assert client.get(url).status_code == 200, (username, key, url)


def test_a_reviewer_has_no_desk_and_a_commune_has_no_ranking(people):
    reviewer = {item["key"] for item in menu_items(User.objects.get(username="thamdinh"))}
    chairman = {item["key"] for item in menu_items(User.objects.get(username="chutich"))}
    front = {item["key"] for item in menu_items(User.objects.get(username="mttq"))}

    assert "desk" not in reviewer and "ranking" in reviewer
    assert "ranking" not in chairman and "desk" in chairman
    assert "desk" not in front and "disclosure" not in front and "supervision" in front


def test_each_role_lands_on_its_own_home_after_login(people):
    for username, path in LANDINGS.items():
        client = Client()
        response = client.post(
            "/accounts/login/", {"username": username, "password": people[username]}, follow=True
        )
        assert response.redirect_chain[-1][0] == path, username
        assert response.status_code == 200


def test_the_desk_officer_lands_on_todays_work_at_the_desk(people):
    client = Client()
    client.force_login(User.objects.get(username="motcua"))

    page = client.get("/", follow=True)

    assert page.redirect_chain == [("/dossiers/", 302)]
    assert 'id="late" data-testid="section-late"' in page.content.decode()  # the to-do list links to #late
    assert 'aria-current="page"' in page.content.decode().split('data-screen="desk"')[1][:40]


def test_the_fronts_chair_lands_on_the_supervision_pages(people):
    client = Client()
    client.force_login(User.objects.get(username="mttq"))

    page = client.get("/", follow=True)

    assert page.redirect_chain == [("/planning/", 302)]
    assert page.context["can_supervise"] is True and page.context["supervision_first"] is True
    html = page.content.decode()
    assert html.index('data-testid="supervision-section"') < html.index("<h2>Kế hoạch</h2>")


def test_the_leader_reads_one_list_of_todays_work_with_no_line_twice(people):
    client = Client()
    client.force_login(User.objects.get(username="chutich"))

    response = client.get("/")
    page = response.content.decode()
    todo = response.context["todo"]

    keys = [item.key for item in todo]
    assert len(keys) == len(set(keys)) and "at_risk" in keys  # the demo desk has one at risk
    for testid in {item.testid for item in todo}:
        assert page.count(f'data-testid="{testid}"') == 1, testid
    order = {"bad": 0, "warn": 1, "info": 2}
    assert [order[item.level] for item in todo] == sorted(order[item.level] for item in todo)
    assert "Việc cần làm hôm nay" in page
    assert all(item.count > 0 for item in todo)


def test_the_trend_chart_starts_a_little_under_the_lowest_rate():
    assert dashboard.y_axis_floor([92.0, None, 100.0, 97.5]) == 85
    assert dashboard.y_axis_floor([90.0, 100.0]) == 85
    assert dashboard.y_axis_floor([3.0, 50.0]) == 0
    assert dashboard.y_axis_floor([None, None]) == 0


def test_the_leaders_chart_gets_its_axis_from_the_server(people):
    client = Client()
    client.force_login(User.objects.get(username="chutich"))

    data = client.get("/").context["trend_data"]

    assert data["y_max"] == 100 and 0 <= data["y_min"] < 100
    shown = [value for value in data["on_time"] + data["satisfaction"] if value is not None]
    assert not shown or data["y_min"] <= min(shown)


def test_the_list_sends_nobody_to_a_screen_not_in_their_menu(people):
    client = Client()
    client.force_login(User.objects.get(username="thamdinh"))

    todo = client.get("/").context["todo"]

    assert "at_risk" not in {item.key for item in todo}  # the demo desk has one, but a reviewer has no desk
    assert not any(item.url.startswith("/dossiers/") for item in todo)
