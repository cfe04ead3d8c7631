"""The due list in a real chromium: acting on a row by keyboard leaves focus on what
happened, not on the page, so the next Tab goes on from that row."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from rapport.keeper.services import interaction_log, person_create
from tests.browser_fixtures import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_snoozing_by_keyboard_leaves_focus_on_the_rows_result(new_page, make_member):
    ana = make_member("Ana Ruiz", username="ana")
    grace = person_create(owner=ana, name="Grace Mensah", cadence_days=30)
    interaction_log(
        owner=ana,
        person_ids=[grace.pk],
        kind="coffee",
        occurred_at=timezone.now() - dt.timedelta(days=90),
    )
    page = new_page()
    log_in(page, "ana")
    page.goto("/keeper/due/")

    page.get_by_role("button", name="Reach out to Grace Mensah").focus()
    page.keyboard.press("Enter")

    result = page.locator(f"#due-{grace.pk}")
    expect(result).to_have_attribute("role", "status")
    expect(result).to_be_focused()
    expect(result).to_contain_text("Grace Mensah")
    screenshot(page, "keeper-due-reached-out")
