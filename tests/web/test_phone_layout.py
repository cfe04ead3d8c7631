"""On a phone (390 px), no page of the demo scrolls sideways and nothing hangs below
the footer: wide tables scroll in their own box, long words wrap."""

from __future__ import annotations

import pytest

from rapport.demo.seed import DEMO_PASSWORD, demo_community_seed
from tests.browser_fixtures import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/",
    "/insights/",
    "/audit/",
    "/keeper/",
    "/keeper/due/",
    "/connections/",
    "/requests/",
    "/conversations/",
    "/gatherings/",
    "/asks/",
    "/coffee/",
    "/import/",
    "/me/",
    "/search/?q=" + "a" * 300,
    "/no-such-page/",
]


def test_no_demo_page_is_wider_than_a_phone(browser, live_server):
    demo_community_seed()
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 800})
    page = context.new_page()
    log_in(page, "ana", DEMO_PASSWORD)

    measured = {}
    for path in PAGES:
        page.goto(path)
        measured[path[:40]] = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.scrollHeight,"
            " Math.round(document.querySelector('footer').getBoundingClientRect().bottom"
            " + window.scrollY)]"
        )
    screenshot(page, "phone-search-long-word")
    context.close()

    too_wide = {path: width for path, (width, _, _) in measured.items() if width > 390}
    below_footer = {
        path: height - footer
        for path, (_, height, footer) in measured.items()
        if height - footer > 1
    }
    assert too_wide == {}
    assert below_footer == {}
