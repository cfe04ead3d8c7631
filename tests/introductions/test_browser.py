"""In a real chromium: Ana introduces Ben and Cy; each says yes without knowing the other."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from rapport.conversations.models import Conversation
from tests.browser_fixtures import log_in, screenshot
from tests.introductions.conftest import WHY_BEN, WHY_CY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_introduce_two_connections_who_both_say_yes(new_page, make_member, connect):
    ana = make_member("Ana Ruiz", username="ana")
    ben = make_member("Ben Okafor", username="ben")
    cy = make_member("Cy Tran", username="cy")
    connect(ana, ben)
    connect(cy, ana)
    as_ana, as_ben, as_cy = new_page(), new_page(), new_page()
    for page, username in ((as_ana, "ana"), (as_ben, "ben"), (as_cy, "cy")):
        log_in(page, username)

    as_ana.goto("/introductions/new/")
    as_ana.get_by_label(re.compile("^First person")).select_option(label="Ben Okafor")
    as_ana.get_by_label(re.compile("^Second person")).select_option(label="Cy Tran")
    why_ben = as_ana.get_by_label(re.compile("for the first person"))
    why_ben.fill("You should meet Cy, she runs a tenants' group.")
    # Checked as she types: the sentence must not name the other person.
    expect(as_ana.locator("#why-first-check")).to_contain_text("Not met: does not name Cy Tran")
    why_ben.fill(WHY_BEN)
    expect(as_ana.locator("#why-first-check")).to_contain_text("Met: does not name Cy Tran")
    as_ana.get_by_label(re.compile("for the second person")).fill(WHY_CY)
    expect(as_ana.locator("#why-second-check")).to_contain_text(f"{len(WHY_CY)} characters")
    screenshot(as_ana, "introduction-form")
    as_ana.get_by_role("button", name="Ask them both").click()
    expect(as_ana.get_by_text("Neither learns who the other is")).to_be_visible()

    as_ben.goto("/introductions/")
    expect(as_ben.get_by_text("Ana Ruiz would like to introduce you to someone")).to_be_visible()
    expect(as_ben.get_by_text("Cy Tran")).to_have_count(0)
    screenshot(as_ben, "introductions-to-answer")
    as_ben.get_by_role("button", name=re.compile("^Yes, introduce us")).click()
    expect(as_ben.get_by_text("You said yes; waiting for the other person").first).to_be_visible()

    as_cy.goto("/introductions/")
    as_cy.get_by_role("button", name=re.compile("^Yes, introduce us")).click()
    expect(as_cy.get_by_role("link", name="Open your conversation with Ben Okafor")).to_be_visible()
    screenshot(as_cy, "introductions-accepted")

    as_ana.goto("/introductions/")
    expect(as_ana.get_by_text(re.compile("Accepted by both"))).to_be_visible()
    screenshot(as_ana, "introductions-made")
    as_cy.get_by_role("link", name="Open your conversation with Ben Okafor").click()
    expect(as_cy.get_by_text(WHY_CY)).to_be_visible()
    screenshot(as_cy, "introduction-conversation")
    assert Conversation.objects.filter(origin="introduction").count() == 1
