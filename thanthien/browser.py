"""Real-browser tests: Debian's Chromium driven by Playwright, headless. Never a browser Playwright downloads.

A test module imports the fixture, which pytest knows as `page`:

    from thanthien.browser import page_fixture  # noqa: F401

(The function has another name so that a test's `page` argument does not shadow the import: ruff F811.)
"""

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page

CHROMIUM = Path("/usr/bin/chromium")
# As root in a container Chromium needs --no-sandbox; the network flags stop its calls home, which a closed
# network refuses (slowly, many at a time).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEFAULT_TIMEOUT_MS = 15_000


@pytest.fixture(name="page")
def page_fixture() -> Iterator["Page"]:
    """A fresh page in a fresh Chromium, in Vietnamese and Vietnam's time zone; skipped without Chromium."""
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium not installed (apt-get install chromium)")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread, and Django refuses database calls
    # from a thread with a running loop. The test's own ORM calls are synchronous, so allow them here.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
            context.set_default_timeout(DEFAULT_TIMEOUT_MS)
            try:
                yield context.new_page()
            finally:
                context.close()
                browser.close()
                # While the loop runs, Django keeps this thread's connections apart (in a context
                # variable), so pytest-django never closes the ones the test opened: close them here, or
                # PostgreSQL refuses to drop the test database ("being accessed by other users").
                connections.close_all()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def demo_logins() -> dict[str, str]:
    """Create the demo commune (with its province) and return {username: password} of its logins."""
    from thanthien.units.demo import create_demo
    from thanthien.units.models import Unit

    Unit.objects.get_or_create(
        code="38", defaults={"level": "province", "name": "Tỉnh Thanh Hóa", "path": "38", "kind": "province"}
    )
    return {username: password for username, password, _title in create_demo().logins}


def log_in(page: "Page", base_url: str, username: str, password: str) -> None:
    """Log in through the login form, as a person would."""
    page.goto(base_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("main form button[type=submit]").click()
