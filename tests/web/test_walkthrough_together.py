"""What a walk through the demo's shared pages found: the notification settings told of
four kinds of mail when six are sent, and promised no mail about a blocked member that
the pages still show; an offer's owner was asked who helped them; an ask already closed
"can no longer be closed"; a conversation without messages was a bare name; and a
coming date's row on the keep-in-touch page spread its words apart."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from rapport.asks.services import ask_close, ask_post
from rapport.conversations.models import Conversation
from rapport.conversations.services import conversation_open
from rapport.keeper.services import person_create, person_date_add
from tests.web.page_text import main_text

pytestmark = pytest.mark.django_db

OFFER = {
    "kind": "offer",
    "title": "Happy to look at your sign-up flow",
    "detail": "Send a link or screenshots.",
}
ASK = {
    "kind": "ask",
    "title": "Advice on making accessibility audits stick",
    "detail": "Our last audit produced a fine report that nobody opened again.",
}


def test_notification_settings_name_every_kind_of_mail(make_member, signed_in):
    """The mail tells of invitations and coffee pairings too (notifications/selectors.py)."""
    text = main_text(signed_in(make_member("Ana Ruiz")).get(reverse("notification_settings")))

    assert "Invitations to gatherings you have not answered" in text
    assert "Coffee pairings" in text
    # An introduction or an invitation from before a block is still mailed, as the
    # pages still show it: "never" was untrue.
    assert "Nothing is ever mailed about someone you blocked" not in text
    assert "an introduction they made, or their invitation to a gathering" in text


def test_the_account_page_names_every_kind_of_mail(make_member, signed_in):
    text = main_text(signed_in(make_member("Ana Ruiz")).get(reverse("account_settings")))

    assert (
        "How often you are mailed about what waits for you (messages, requests, "
        "introductions, invitations, coffee pairings): notification settings" in text
    )


def test_an_offer_is_closed_saying_whom_you_helped(make_member, signed_in):
    """Its close page said "whom you helped" while the button that leads there said "who
    helped", as for an ask."""
    ana = make_member("Ana Ruiz")
    offer = ask_post(poster=ana, **OFFER)
    ask = ask_post(poster=ana, **ASK)
    client = signed_in(ana)

    offer_page = main_text(client.get(reverse("ask", args=[offer.pk])))
    ask_page = main_text(client.get(reverse("ask", args=[ask.pk])))

    assert "Close it and say whom you helped" in offer_page
    assert "who helped" not in offer_page
    assert "Close it and say who helped" in ask_page


def test_the_close_page_of_a_closed_ask_says_so_once(make_member, signed_in):
    ana = make_member("Ana Ruiz")
    ask = ask_post(poster=ana, **ASK)
    ask_close(poster=ana, ask_id=ask.pk, favour="advice")

    text = main_text(signed_in(ana).get(reverse("ask_close", args=[ask.pk])))

    assert "This ask is already closed. Back to it" in text
    assert "no longer be closed" not in text


def test_a_conversation_without_messages_says_so_in_the_list(make_member, signed_in):
    """A coffee pairing opens a conversation before anyone writes: its row had a name
    and nothing else, where every other row has a date."""
    ana, wei = make_member("Ana Ruiz"), make_member("Wei Chen")
    conversation_open(a=ana.pk, b=wei.pk, origin=Conversation.Origin.COFFEE)

    text = main_text(signed_in(ana).get(reverse("conversations")))

    assert "Wei Chen No messages yet" in text


def test_the_home_page_says_so_too(make_member, signed_in):
    ana, wei = make_member("Ana Ruiz"), make_member("Wei Chen")
    conversation_open(a=ana.pk, b=wei.pk, origin=Conversation.Origin.COFFEE)

    text = main_text(signed_in(ana).get(reverse("home")))

    assert "Wei Chen No messages yet" in text


def test_a_coming_date_on_the_keep_in_touch_page_reads_as_one_sentence(make_member, signed_in):
    """Its name, "· Birthday" and "· Wednesday 9 December" were three flex items, so
    the row's gap stood before each "·" and not after it (as on the home page's rows,
    the words go in one ``list__text``)."""
    ana = make_member("Ana Ruiz")
    tomas = person_create(owner=ana, name="Tomás Ruiz")
    with time_machine.travel(dt.datetime(2026, 12, 5, 9, 0, tzinfo=dt.UTC), tick=False):
        person_date_add(owner=ana, person_id=tomas.pk, kind="birthday", month=12, day=9)
        html = signed_in(ana).get(reverse("keeper_due")).content.decode()

    [row] = re.findall(r'<ul class="list coming-up">(.*?)</ul>', html, re.S)
    assert re.fullmatch(
        r'<li class="list__item"><span class="list__text">.*</span></li>', row, re.S
    )
    assert "Tomás Ruiz" in row and "Birthday" in row
