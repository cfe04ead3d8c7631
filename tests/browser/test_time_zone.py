"""In a real chromium set to a time zone: signing up keeps the browser's zone (rapport.js
fills a hidden field), and the profile points out a device in another zone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from rapport.members.models import Member
from tests.browser_fixtures import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long and unusual passphrase"


def test_signing_up_keeps_the_browsers_time_zone(new_page):
    page = new_page(timezone_id="Asia/Tokyo")

    page.goto("/signup/")
    expect(page.locator("input[name=time_zone]")).to_have_value("Asia/Tokyo")
    page.get_by_label(re.compile("^Username")).fill("kenji")
    page.get_by_label("Full name").fill("Kenji Sato")
    page.get_by_label(re.compile(r"^Password \(required\):?$")).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()

    # Welcomed on the profile, where the zone is already the browser's.
    expect(page.get_by_label("Your time zone")).to_have_value("Asia/Tokyo")
    expect(
        page.get_by_text(re.compile(r"Times on Rapport are in your time zone, Tokyo,"))
    ).to_be_visible()
    expect(page.locator("[data-browser-time-zone-hint]")).to_be_hidden()
    assert Member.objects.get(username="kenji").time_zone == "Asia/Tokyo"


def test_the_profile_offers_this_devices_zone_and_saves_it_when_asked(new_page, make_member):
    make_member("Nia Brooks", username="nia")
    page = new_page(timezone_id="America/New_York")
    log_in(page, "nia")

    page.goto("/me/")
    select = page.get_by_label("Your time zone")
    expect(select).to_have_value("UTC")  # never changed unasked
    hint = page.locator("[data-browser-time-zone-hint]")
    expect(hint).to_contain_text("This device is set to New York.")
    screenshot(page, "profile-time-zone-hint")
    hint.get_by_role("button", name="Use New York").click()
    expect(select).to_have_value("America/New_York")
    expect(hint).to_be_hidden()
    page.get_by_role("button", name="Save profile").click()

    expect(page.get_by_text("Your profile is saved.")).to_be_visible()
    expect(
        page.get_by_text(re.compile(r"Times on Rapport are in your time zone, New York,"))
    ).to_be_visible()
    assert Member.objects.get(username="nia").time_zone == "America/New_York"
