"""A person's dates in a real chromium: the panel is used by keyboard, an error takes
focus beside its field, and the date pages pass the accessibility checks every demo
page passes (tests/web/test_accessibility_browser.py)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from rapport.keeper.models import PersonDate
from rapport.keeper.services import person_create
from tests.browser_fixtures import log_in, screenshot
from tests.web.test_accessibility_browser import page_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_date_is_added_with_htmx_and_an_error_takes_focus(new_page, make_member):
    ana = make_member("Ana Ruiz", username="ana")
    grace = person_create(owner=ana, name="Grace Mensah")
    page = new_page()
    log_in(page, "ana")
    page.goto(f"/keeper/people/{grace.pk}/")
    assert page_problems(page) == []

    when = page.get_by_label("Day and month")
    when.fill("31 April")
    page.get_by_role("button", name="Add the date").click()
    when = page.get_by_label("Day and month")
    expect(when).to_have_attribute("aria-invalid", "true")
    expect(when).to_be_focused()
    expect(page.locator("#dates")).to_contain_text("April has 30 days at most, not 31.")

    when.fill("12 April 1980")
    when.press("Enter")
    expect(page.locator("#dates [role=status]")).to_have_text("Added: Birthday, 12 April 1980.")
    assert "/dates/new/" not in page.url  # swapped in place: no page of its own
    assert page_problems(page) == []
    screenshot(page, "keeper-person-dates")

    page.get_by_role("link", name="Edit birthday of Grace Mensah").click()
    expect(page.get_by_label("Day and month")).to_have_value("12 April 1980")
    assert page_problems(page) == []

    page.goto(f"/keeper/people/{grace.pk}/")
    page.get_by_role("button", name="Remove birthday of Grace Mensah, 12 April 1980").click()
    expect(page.locator("#dates [role=status]")).to_have_text("Removed: Birthday, 12 April 1980.")
    assert not PersonDate.objects.filter(person=grace).exists()
