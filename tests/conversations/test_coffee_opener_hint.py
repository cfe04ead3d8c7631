"""A conversation a coffee round opened points to the pairing's suggested first
message where the two write, while neither has written since the pairing: each sees
their own, not prefilled, with the way to the pairing's page; nothing across a block.
"""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rapport.coffee.models import Pairing
from rapport.coffee.services import coffee_opt_in, coffee_round_run
from rapport.conversations.selectors import conversation_with
from rapport.conversations.services import message_send
from rapport.network.services import connection_end
from rapport.safety.services import block_create

MONDAY = dt.date(2026, 11, 2)
ROUND_AT = dt.datetime(2026, 11, 2, 7, 0, tzinfo=dt.UTC)
LATER = ROUND_AT + dt.timedelta(hours=3)
# A coffee pair's thread page, with the hint: the session, the thread with everything
# the page shows but its messages, the messages, whether a registered feature keeps
# the thread open for a pair not connected (the introduction's rule, then the coffee
# pairing's and a block either way), and the pairing's suggestion (one query).
COFFEE_THREAD_QUERIES = 7


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(LATER, tick=False) as traveller:
        yield traveller


def _round(*members) -> Pairing:
    for member in members:
        coffee_opt_in(member=member, frequency="weekly", now=ROUND_AT)
    coffee_round_run(held_on=MONDAY, now=ROUND_AT)
    return Pairing.objects.get()


@pytest.fixture
def paired(make_member):
    ana = make_member("Ana Ruiz", organisation="Fieldnote Health", interests="accessibility")
    lena = make_member("Lena Vogel", organisation="Kontur Mobility", interests="accessibility")
    return ana, lena, _round(ana, lena)


def _client(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def _thread(member, pairing):
    return _client(member).get(reverse("conversation", args=[pairing.conversation_id]))


def _hint(response) -> str:
    """The words of the hint above the reply box, or "" when there is none."""
    html = response.content.decode()
    start = html.find("first-message-hint")
    if start < 0:
        return ""
    words = re.sub(r"<[^>]+>", " ", html[html.index(">", start) + 1 : html.index("</div>", start)])
    return " ".join(unescape(words).split())


def test_each_sees_their_own_opener_and_the_way_to_the_pairing(paired):
    ana, lena, pairing = paired

    anas, lenas = _thread(ana, pairing), _thread(lena, pairing)

    assert pairing.opener_low.startswith(("Hi Lena", "Hi Ana"))
    mine = pairing.opener_low if pairing.member_low_id == ana.pk else pairing.opener_high
    theirs = pairing.opener_high if pairing.member_low_id == ana.pk else pairing.opener_low
    assert mine in _hint(anas) and theirs not in anas.content.decode()
    assert theirs in _hint(lenas) and mine not in lenas.content.decode()
    pairing_page = reverse("coffee_pairing", args=[pairing.pk])
    assert f'href="{pairing_page}#opener-title"' in anas.content.decode()
    assert _hint(anas).startswith(
        "The coffee round of 2 November 2026 paired you, with a suggested first message:"
    )


def test_the_reply_box_is_not_filled_in(paired):
    ana, _lena, pairing = paired

    html = _thread(ana, pairing).content.decode()

    box = html[html.index("<textarea") : html.index("</textarea>")]
    assert box[box.index(">") + 1 :].strip() == "", "the reply box holds text"


@pytest.mark.parametrize("writer", ["ana", "lena"])
def test_once_either_has_written_neither_sees_it(paired, writer):
    ana, lena, pairing = paired
    sender = ana if writer == "ana" else lena
    body = pairing.opener_low if pairing.member_low_id == sender.pk else pairing.opener_high
    message_send(sender=sender, conversation_id=pairing.conversation_id, body=body)

    for member in (ana, lena):
        assert _hint(_thread(member, pairing)) == ""


def test_the_opener_reads_as_true_weeks_later(paired, _frozen):
    ana, _lena, pairing = paired
    _frozen.move_to(ROUND_AT + dt.timedelta(days=16))

    hint = _hint(_thread(ana, pairing))

    assert "paired us on 2 November." in hint
    assert "this week" not in hint


@pytest.mark.parametrize("blocker", ["ana", "lena"])
def test_a_block_either_way_hides_it(paired, blocker):
    ana, lena, pairing = paired
    blocker, blocked = (ana, lena) if blocker == "ana" else (lena, ana)
    block_create(blocker=blocker, blocked_id=blocked.pk)

    for member in (ana, lena):
        page = _thread(member, pairing).content.decode()
        assert pairing.opener_low not in page and pairing.opener_high not in page
        assert "first-message-hint" not in page


def test_a_thread_from_before_the_pairing_shows_it_until_one_writes_again(
    make_member, connect, _frozen
):
    """They were connected once and wrote then; the round paired them later, in the
    thread they had. What they wrote before the pairing is not an answer to it."""
    _frozen.move_to(ROUND_AT - dt.timedelta(days=60))
    ana = make_member("Ana Ruiz", interests="accessibility")
    lena = make_member("Lena Vogel", interests="accessibility")
    connect(ana, lena)
    old = conversation_with(member=ana, other_id=lena.pk)
    message_send(sender=ana, conversation_id=old.pk, body="Thanks for the talk, Lena.")
    connection_end(member=ana, other_id=lena.pk)
    _frozen.move_to(LATER)
    pairing = _round(ana, lena)
    assert pairing.conversation_id == old.pk

    assert "paired us this week" in _hint(_thread(lena, pairing))

    message_send(sender=lena, conversation_id=old.pk, body="Ana! Paired again, it seems.")
    assert _hint(_thread(ana, pairing)) == ""


def test_a_thread_no_round_opened_has_no_hint(make_member, connect):
    ana, lena = make_member("Ana Ruiz"), make_member("Lena Vogel")
    connect(ana, lena)
    thread = conversation_with(member=ana, other_id=lena.pk)
    page = _client(ana).get(reverse("conversation", args=[thread.pk])).content.decode()

    assert "first-message-hint" not in page


def test_the_hint_costs_one_query(paired):
    ana, _lena, pairing = paired
    client = _client(ana)
    url = reverse("conversation", args=[pairing.conversation_id])

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)

    assert _hint(response)
    assert len(captured) == COFFEE_THREAD_QUERIES, [q["sql"][:80] for q in captured]


def test_with_htmx_a_sent_first_message_takes_it_away_and_a_refused_one_keeps_it(paired):
    ana, _lena, pairing = paired
    client = _client(ana)
    url = reverse("conversation", args=[pairing.conversation_id])
    leaflet = (
        "I am a growth consultant with twenty years of experience. If you need my services, "
        "or know anyone who does, I would appreciate a referral. Let's connect!"
    )

    refused = client.post(url, {"body": leaflet}, headers={"HX-Request": "true"})
    sent = client.post(
        url, {"body": "Lena, how did you get into accessibility?"}, headers={"HX-Request": "true"}
    )

    assert refused.status_code == 422
    assert "paired us this week" in _hint(refused)
    assert sent.status_code == 200 and 'id="reply"' in sent.content.decode()
    assert _hint(sent) == ""
