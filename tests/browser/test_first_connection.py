"""Two people sign up, one asks to connect with a note, the other accepts, they talk."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from rapport.conversations.models import Message
from rapport.network.models import Connection
from tests.browser_fixtures import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long and unusual passphrase"
NOTE = (
    "Ben, we built the sign-up form for the energy co-op together last spring. "
    "How did the new onboarding go? I'd love to hear what worked."
)


def sign_up(page, *, username: str, name: str) -> None:
    page.goto("/signup/")
    page.get_by_label(re.compile("^Username")).fill(username)
    page.get_by_label("Full name").fill(name)
    page.get_by_label(re.compile(r"^Password \(required\):?$")).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    # Signed in: the account menu carries the member's name and opens to "Log out".
    page.locator("summary", has_text=name).click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_request_accept_and_message(new_page):
    ana, ben = new_page(), new_page()
    sign_up(ana, username="ana", name="Ana Ruiz")
    sign_up(ben, username="ben", name="Ben Okafor")

    # Ana finds Ben and asks to connect, saying how she knows him.
    ana.goto("/search/?q=Okafor")
    ana.get_by_role("link", name="Ben Okafor").click()
    ana.get_by_role("link", name="Ask to connect").click()
    ana.get_by_label(re.compile("We worked together")).check()
    note = ana.get_by_label(re.compile("^Your note"))
    note.fill("Hi Ben")
    # The rules are checked as she types (htmx), before anything is sent.
    expect(ana.locator("#note-check")).to_contain_text("6 characters")
    note.fill(NOTE)
    expect(ana.locator("#note-check")).to_contain_text(f"{len(NOTE)} characters")
    screenshot(ana, "request-form")
    ana.get_by_role("button", name="Send request").click()
    expect(ana.get_by_text(re.compile("sent", re.I)).first).to_be_visible()

    # Ben sees how Ana knows him and her note, and accepts.
    ben.goto("/requests/")
    expect(ben.get_by_text("We worked together").first).to_be_visible()
    expect(ben.get_by_text(NOTE)).to_be_visible()
    screenshot(ben, "requests-inbox")
    ben.get_by_role("button", name=re.compile("^Accept")).click()
    expect(ben.get_by_text(re.compile("connected", re.I)).first).to_be_visible()
    assert Connection.objects.count() == 1

    # The note opened their conversation; Ben replies.
    ben.goto("/conversations/")
    ben.get_by_role("link", name="Ana Ruiz").click()
    expect(ben.get_by_text(NOTE)).to_be_visible()
    ben.get_by_label(re.compile("^Your reply")).fill("Coffee on Thursday? I owe you one.")
    ben.get_by_role("button", name="Send").click()
    expect(ben.get_by_text("Coffee on Thursday? I owe you one.")).to_be_visible()
    assert Message.objects.filter(body="Coffee on Thursday? I owe you one.").count() == 1

    # Ana sees it marked unread, opens it, and the mark goes away.
    ana.goto("/conversations/")
    unread = ana.locator(".conversation--unread")
    expect(unread).to_have_count(1)
    expect(unread).to_contain_text("Ben Okafor")
    expect(ana.locator("#nav-unread")).to_contain_text("1")
    screenshot(ana, "conversations-unread")
    unread.get_by_role("link", name="Ben Okafor").click()
    expect(ana.get_by_text("Coffee on Thursday? I owe you one.")).to_be_visible()
    screenshot(ana, "conversation")
    ana.goto("/conversations/")
    expect(ana.locator(".conversation--unread")).to_have_count(0)
    expect(ana.locator("#nav-unread")).to_have_count(0)
