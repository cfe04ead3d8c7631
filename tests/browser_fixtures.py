"""A real chromium (Debian's package) driven by Playwright, against a live server.

Loaded for the whole suite as a plugin (tests/conftest.py), so every feature's
browser tests share one browser per session; modules import only ``screenshot``.

The browser is never downloaded: we launch the system chromium, with the flags
that keep it from reaching the network. Screenshots go to test-artifacts/ for a
human to look at.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import PASSWORD, chromium_path

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser(django_db_setup):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread, which makes Django
    # refuse ORM calls here; the test's own database checks are synchronous and safe.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            launched = playwright.chromium.launch(
                executable_path=chromium_path(), args=CHROMIUM_FLAGS
            )
            yield launched
            launched.close()


@pytest.fixture
def new_page(browser, live_server):
    """Each call opens a fresh browser context: a separate person with their own cookies.
    Playwright's context options pass through: ``new_page(timezone_id="Asia/Tokyo")``."""
    contexts = []

    def open_page(**options):
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 1100, "height": 800}, **options
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def log_in(page, username: str, password: str = PASSWORD) -> None:
    """Through the login page, as a person does; returns once signed in."""
    from playwright.sync_api import expect

    page.goto("/login/")
    page.get_by_label(re.compile("^Username")).fill(username)
    page.get_by_label(re.compile("^Password")).fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Log in")).to_have_count(0)
