"""In a real browser, for each demo role: the menu lists exactly the screens the role may open, on a desktop
and on a 390 px phone, where it folds behind its button (issue #18 item 2).

Screenshots: /tmp/menus-<login>-desktop.png, -phone-closed.png, -phone-open.png.
"""

import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from thanthien.browser import log_in, page_fixture  # noqa: F401  (the `page` fixture)
from thanthien.units.context_processors import SCREENS
from thanthien.units.tests.screens_demo import EXPECTED_MENUS, LANDINGS, MENU_PAGES, demo_people

SHOTS = Path(tempfile.gettempdir())  # the screenshots stay there, to be looked at
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
ROLES = ["chutich", "bithu", "mttq", "motcua", "quantri", "thamdinh"]


def menu_keys(page) -> list[str]:
    return page.locator("#site-menu nav a").evaluate_all("links => links.map(a => a.dataset.screen)")


def test_each_roles_menu_on_a_desktop_and_on_a_phone(live_server, page):
    logins = demo_people()
    every_key = {screen.key for screen in SCREENS}
    for username in ROLES:
        expected = EXPECTED_MENUS[username]
        page.set_viewport_size(DESKTOP)
        log_in(page, live_server.url, username, logins[username])
        page.wait_for_url(live_server.url + LANDINGS[username])
        assert page.url == live_server.url + MENU_PAGES[username]

        # Desktop: the menu is open, its button hidden; the items are those of the role, no other.
        expect(page.locator("[data-menu-toggle]")).to_be_hidden()
        expect(page.locator("#site-menu nav")).to_be_visible()
        assert menu_keys(page) == expected, username
        for key in every_key - set(expected):
            expect(page.locator(f'#site-menu [data-screen="{key}"]')).to_have_count(0)
        page.screenshot(path=str(SHOTS / f"menus-{username}-desktop.png"), full_page=True)

        # Every item opens for this user (200), followed as a person would, by its link.
        hrefs = page.locator("#site-menu nav a").evaluate_all("links => links.map(a => a.href)")
        for href in hrefs:
            response = page.request.get(href)
            assert response.status == 200, (username, href)

        # Phone: the menu is hidden until the button is pressed; the button says so (aria-expanded).
        page.set_viewport_size(PHONE)
        page.goto(live_server.url + MENU_PAGES[username])
        button = page.locator("[data-menu-toggle]")
        expect(button).to_be_visible()
        expect(button).to_have_attribute("aria-expanded", "false")
        expect(page.locator("#site-menu")).to_be_hidden()
        page.screenshot(path=str(SHOTS / f"menus-{username}-phone-closed.png"), full_page=True)
        button.click()
        expect(button).to_have_attribute("aria-expanded", "true")
        expect(page.locator("#site-menu nav")).to_be_visible()
        assert menu_keys(page) == expected, username
        for key in expected:
            expect(page.locator(f'#site-menu [data-screen="{key}"]')).to_be_visible()
        page.screenshot(path=str(SHOTS / f"menus-{username}-phone-open.png"), full_page=True)
        button.click()
        expect(page.locator("#site-menu")).to_be_hidden()
        page.context.clear_cookies()


def test_the_skip_link_comes_first_and_leads_to_the_page(live_server, page):
    logins = demo_people()
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, "chutich", logins["chutich"])
    page.wait_for_url(live_server.url + "/")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Bỏ qua menu")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.screenshot(path=str(SHOTS / "menus-skip-link.png"))
    page.keyboard.press("Enter")

    expect(page.locator("#main-content")).to_be_focused()
    expect(page.locator("#site-menu")).to_be_hidden()
    page.screenshot(path=str(SHOTS / "menus-chutich-today-phone.png"), full_page=True)
