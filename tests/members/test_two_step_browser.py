"""In a real chromium: Ana turns two-step sign-in on from the Account page, reading the
key off the page as a person types it into an app, then logs in elsewhere with her
password and a code."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from rapport.members.models import TwoStep
from rapport.members.two_step_codes import code_at, time_step
from tests.browser_fixtures import log_in, screenshot
from tests.conftest import PASSWORD
from tests.web.test_accessibility_browser import page_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _code(key: str, *, ahead: int = 0) -> str:
    """What an app shows for ``key`` now, or ``ahead`` time steps on (one step of a
    phone's clock running fast is accepted, and is later than a code just used)."""
    return code_at(key, time_step(timezone.now()) + ahead)


def test_turning_it_on_and_logging_in_with_a_code(new_page, make_member):
    make_member("Ana Ruiz", username="ana")
    laptop = new_page()
    log_in(laptop, "ana")

    laptop.goto("/settings/account/")
    laptop.get_by_role("button", name="Set up two-step sign-in").click()
    expect(
        laptop.get_by_role("img", name="QR code of the key, for your authenticator app")
    ).to_be_visible()
    key = laptop.locator("figcaption code").inner_text().replace(" ", "")
    screenshot(laptop, "two-step-setup")
    # Each state of the page passes the accessibility walk's checks (docs/accessibility.md).
    assert page_problems(laptop) == []
    section = laptop.locator("#two-step")
    section.get_by_label(re.compile("^Code")).fill(_code(key))
    section.get_by_label(re.compile("^Your password")).fill(PASSWORD)
    section.get_by_role("button", name="Turn on two-step sign-in").click()
    expect(laptop.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    expect(laptop.locator("#recovery-codes code")).to_have_count(10)
    screenshot(laptop, "two-step-recovery-codes")
    assert page_problems(laptop) == []
    assert TwoStep.objects.get(member__username="ana").is_on

    phone = new_page()
    phone.goto("/login/")
    phone.get_by_label(re.compile("^Username")).fill("ana")
    phone.get_by_label(re.compile("^Password")).fill(PASSWORD)
    phone.get_by_role("button", name="Log in").click()
    expect(phone.get_by_role("heading", name="Your code")).to_be_visible()
    field = phone.get_by_label(re.compile("^Code"))
    expect(field).to_have_attribute("autocomplete", "one-time-code")
    expect(field).to_have_attribute("inputmode", "numeric")
    # A wrong code is named beside the field, which says so to a screen reader.
    field.fill("000000" if _code(key, ahead=1) != "000000" else "111111")
    phone.get_by_role("button", name="Log in").click()
    expect(phone.get_by_text(re.compile("^That code is not right"))).to_be_visible()
    expect(phone.get_by_label(re.compile("^Code"))).to_have_attribute("aria-invalid", "true")
    screenshot(phone, "two-step-wrong-code")
    assert page_problems(phone) == []
    phone.get_by_label(re.compile("^Code")).fill(_code(key, ahead=1))
    phone.get_by_role("button", name="Log in").click()
    expect(phone.get_by_role("link", name="Log in")).to_have_count(0)
    phone.goto("/settings/account/")
    expect(phone.get_by_text(re.compile("^On since"))).to_be_visible()
