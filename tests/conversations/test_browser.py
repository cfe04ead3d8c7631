"""In a real chromium: the first message of an empty conversation, sent through htmx."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from rapport.coffee.models import Frequency, Pairing
from rapport.coffee.services import coffee_opt_in, coffee_round_run
from tests.browser_fixtures import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_first_message_takes_the_place_of_no_messages_yet(new_page, make_member):
    # A coffee round opens a conversation with nothing in it yet.
    ana = make_member("Ana Ruiz", username="ana", interests="accessibility")
    lena = make_member("Lena Vogel", username="lena", interests="accessibility")
    for member in (ana, lena):
        coffee_opt_in(member=member, frequency=Frequency.WEEKLY)
    today = timezone.localdate()
    coffee_round_run(held_on=today - dt.timedelta(days=today.weekday()))
    conversation = Pairing.objects.get().conversation

    page = new_page()
    log_in(page, "lena")
    page.goto(f"/conversations/{conversation.pk}/")
    empty = page.get_by_text("No messages yet.")
    expect(empty).to_be_visible()

    page.get_by_label(re.compile("^Your reply")).fill("Hello Ana, Thursday at ten suits me.")
    page.get_by_role("button", name="Send", exact=True).click()

    expect(page.locator("#messages > li")).to_have_count(1)
    expect(page.locator("#messages > li")).to_contain_text("Thursday at ten")
    expect(empty).to_be_hidden()


def test_deleting_asks_first_then_swaps_the_message_for_its_tombstone(
    new_page, make_member, connect
):
    from rapport.conversations.models import Message
    from rapport.conversations.selectors import conversation_with
    from rapport.conversations.services import message_send

    ana = make_member("Ana Ruiz", username="ana")
    ben = make_member("Ben Okafor", username="ben")
    connect(ana, ben)
    thread = conversation_with(member=ana, other_id=ben.pk)
    sent = message_send(sender=ana, conversation_id=thread.pk, body="Sent to the wrong thread.")

    page = new_page()
    log_in(page, "ana")
    page.goto(f"/conversations/{thread.pk}/")
    mine = page.locator(f"#message-{sent.pk}")
    confirm = mine.get_by_role("button", name="Yes, delete it")
    expect(confirm).to_be_hidden()  # the first press only asks
    mine.locator("summary", has_text="Delete").click()
    expect(mine.get_by_text("Delete this message?")).to_be_visible()
    url = page.url
    confirm.click()

    tombstone = page.locator(f"#message-{sent.pk}")
    expect(tombstone).to_have_text(re.compile("Message deleted"))
    expect(tombstone).not_to_contain_text("wrong thread")
    assert page.url == url  # swapped in place, not reloaded
    assert Message.objects.get(pk=sent.pk).body == ""
