"""What members write reads in its own direction: Arabic or Hebrew right to left.

The pages are English, left to right; a message or a note in Arabic must still start
at the right and keep its full stop at its end (``dir="auto"``), or it reads garbled.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from rapport.asks.services import ask_answer, ask_post
from rapport.conversations.selectors import conversation_with
from rapport.conversations.services import message_send
from tests.browser_fixtures import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARABIC = "مرحبا يا آنا، كيف حالك؟ هل نلتقي يوم الخميس؟"
HEBREW = "שלום אנה! אשמח לעזור עם הטופס."


def _direction(locator) -> str:
    return locator.evaluate("element => getComputedStyle(element).direction")


def test_a_message_and_an_answer_in_arabic_or_hebrew_read_right_to_left(
    new_page, make_member, connect
):
    ana = make_member("Ana Ruiz", username="ana")
    noor = make_member("Noor Haddad", username="noor")
    connect(noor, ana)
    conversation = conversation_with(member=ana, other_id=noor.pk)
    message_send(sender=noor, conversation_id=conversation.pk, body=ARABIC)
    message_send(sender=ana, conversation_id=conversation.pk, body="Thursday suits me.")
    ask = ask_post(poster=ana, kind="ask", title="Advice on a sign-up form for older users")
    ask_answer(author=noor, ask_id=ask.pk, body=HEBREW)

    page = new_page()
    log_in(page, "ana")
    page.goto(f"/conversations/{conversation.pk}/")
    arabic = page.locator(".message__body", has_text="مرحبا")
    expect(arabic).to_be_visible()
    assert _direction(arabic) == "rtl"
    assert _direction(page.locator(".message__body", has_text="Thursday")) == "ltr"
    screenshot(page, "text-direction-conversation")

    page.goto(f"/asks/{ask.pk}/")
    hebrew = page.get_by_text("שלום אנה")
    expect(hebrew).to_be_visible()
    assert _direction(hebrew) == "rtl"


def test_a_request_note_in_arabic_reads_right_to_left(new_page, make_member, send_request):
    ana = make_member("Ana Ruiz", username="ana")
    noor = make_member("Noor Haddad", username="noor")
    send_request(noor, ana, note=ARABIC + " " + ARABIC)

    page = new_page()
    log_in(page, "ana")
    page.goto("/requests/")
    note = page.get_by_text("كيف حالك").first
    expect(note).to_be_visible()
    assert _direction(note) == "rtl"
