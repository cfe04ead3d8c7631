"""In a real chromium: a moderator dismisses a report with the button on its page.

The buttons stand inside the admin's own form but belong to a form of their own (the
HTML ``form`` attribute, as forms cannot nest), which only a browser resolves: the
test client posts straight to the address (tests/safety/test_moderation.py).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from rapport.safety.models import Report
from rapport.safety.services import moderator_appoint, report_create
from tests.browser_fixtures import log_in, screenshot
from tests.conftest import pair_connect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_moderator_dismisses_a_report_from_its_page(new_page, make_member):
    ana = make_member("Ana Ruiz", username="ana")
    ben = make_member("Ben Okafor", username="ben")
    pair_connect(ben, ana)
    report = report_create(reporter=ana, reported_id=ben.pk, reason="spam")
    moderator_appoint(member=make_member("Mo Moderator", username="mo"))
    page = new_page()
    log_in(page, "mo")

    page.goto(f"/admin/safety/report/{report.pk}/change/")
    expect(page.get_by_text("Request to connect (accepted")).to_be_visible()
    screenshot(page, "report-open")
    page.get_by_role("button", name="Dismiss as unfounded").click()

    expect(page.get_by_text("no longer counts toward their standing")).to_be_visible()
    expect(page.get_by_role("button", name="Uphold")).to_have_count(0)
    screenshot(page, "report-dismissed")
    assert Report.objects.get().outcome == "dismissed"
