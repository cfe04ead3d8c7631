"""A coffee pairing's page says where the conversation stands, once, in each state.

Nobody wrote: the suggested opener. Then one line saying who wrote (you, they, both)
and the way to the conversation; never the heading said again, nor a reply offered
to a message that is one's own.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from rapport.coffee.models import Pairing
from rapport.coffee.services import coffee_opt_in, coffee_round_run

NOW = dt.datetime(2026, 11, 2, 7, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def paired(make_member):
    ana = make_member("Ana Ruiz", organisation="Fieldnote Health", interests="accessibility")
    lena = make_member("Lena Vogel", organisation="Kontur Mobility", interests="accessibility")
    for member in (ana, lena):
        coffee_opt_in(member=member, frequency="weekly")
    coffee_round_run(held_on=NOW.date(), now=NOW)
    return ana, lena, Pairing.objects.get()


def _client(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def _write(member, pairing, body: str) -> None:
    thread = reverse("conversation", args=[pairing.conversation_id])
    assert _client(member).post(thread, {"body": body}).status_code == 302


def _conversation_panel(member, pairing) -> tuple[str, str]:
    """The panel about the conversation: its heading, and its words without the heading."""
    html = _client(member).get(reverse("coffee_pairing", args=[pairing.pk])).content.decode()
    panel = re.search(r'<section[^>]*aria-labelledby="opener-title">(.*?)</section>', html, re.S)
    assert panel, "no conversation panel"
    heading = re.search(r"<h2[^>]*>(.*?)</h2>", panel.group(1), re.S)
    assert heading
    rest = panel.group(1).replace(heading.group(0), "")
    return heading.group(1).strip(), " ".join(re.sub(r"<[^>]+>", " ", rest).split())


def _one_line(words: str) -> None:
    """One sentence, with its link: nothing said twice."""
    assert words.count(".") == 1, words
    assert "conversation has started" not in words, words


def test_nobody_wrote_the_page_offers_the_opener(paired):
    ana, _lena, pairing = paired
    heading, words = _conversation_panel(ana, pairing)
    assert heading == "Say hello"
    assert "A suggested first message" in words
    assert pairing.opener_low.split(",")[0] in words


def test_you_wrote_the_page_says_so_and_offers_no_reply(paired):
    ana, _lena, pairing = paired
    _write(ana, pairing, pairing.opener_low)

    heading, words = _conversation_panel(ana, pairing)

    assert heading == "Your conversation"
    assert words == "You wrote first; Lena Vogel has not written back yet: see what you wrote ."
    _one_line(words)
    assert "reply" not in words


def test_the_partner_wrote_first_the_page_says_who_and_offers_the_reply_once(paired):
    ana, lena, pairing = paired
    _write(lena, pairing, pairing.opener_high)

    heading, words = _conversation_panel(ana, pairing)

    assert heading == "Your conversation"
    assert words == "Lena Vogel wrote first: read it and reply ."
    _one_line(words)
    assert "suggested" not in words.lower() and "Say hello" not in words


def test_both_wrote_the_page_says_it_once(paired):
    ana, lena, pairing = paired
    _write(lena, pairing, pairing.opener_high)
    _write(ana, pairing, "Thursday suits me, Lena. Shall we say ten, on a call?")

    for member in (ana, lena):
        heading, words = _conversation_panel(member, pairing)
        assert heading == "Your conversation"
        assert words == "You have both written: carry on where you left off ."
        _one_line(words)
