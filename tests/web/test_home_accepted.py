"""The home page says when someone accepted the member's request to connect, with a
link to write to them, until the member has written to them since or for 14 days;
never a declined or unanswered request, nothing across a block, and for the home
page's same two queries, kept between visits (rapport/web/accepted_requests.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from rapport.conversations.selectors import conversation_with
from rapport.conversations.services import message_send
from rapport.members.models import Member
from rapport.members.services import member_update_profile
from rapport.network.services import (
    connection_end,
    connection_request_accept,
    connection_request_decline,
    connection_request_withdraw,
)
from rapport.safety.services import block_create, block_delete
from rapport.web.accepted_requests import SHOWN_FOR
from rapport.web.views import HOME_WAITING
from tests.demo.conftest import community, community_rows  # noqa: F401  (the fixtures)
from tests.web.test_home_waiting import HOME_KEPT_QUERIES, HOME_QUERIES, NOW, _main, _reads

ACCEPTED = "Ben Okafor accepted your request"


def _section(page: str) -> str:
    if 'id="accepted-title"' not in page:
        return ""
    start = page.index('id="accepted-title"')
    return page[start : page.index("</section>", start)]


@pytest.fixture
def world(make_member, send_request, signed_in, time_machine):
    """Ana asked Ben to connect; he accepted an hour later. Her page is kept when the
    fixture hands it over."""
    time_machine.move_to(NOW, tick=False)
    ana, ben = make_member("Ana Lima"), make_member("Ben Okafor")
    request = send_request(ana, ben)
    client = signed_in(ana)
    assert ACCEPTED not in _main(client)
    time_machine.shift(dt.timedelta(hours=1))
    connection_request_accept(member=ben, request_id=request.pk)
    conversation = conversation_with(member=ana, other_id=ben.pk)
    assert conversation is not None
    page = _main(client)  # the acceptance moved her kept page
    assert _reads(client) == HOME_KEPT_QUERIES
    return {
        "ana": ana,
        "ben": ben,
        "client": client,
        "conversation": conversation,
        "page": page,
        "time": time_machine,
        "signed_in": signed_in,
    }


def test_the_sender_is_told_with_a_link_to_write_to_them(world):
    section = _section(world["page"])
    # Headed by what it is; the line says who and what, once.
    assert section.startswith('id="accepted-title">New connections</h2>')
    assert ACCEPTED in section
    assert reverse("conversation", args=[world["conversation"].pk]) in section
    # Each "·" held to the word before it, as in the home's other lists.
    assert section.count("·") == section.count("&nbsp;·") == 2


def test_the_one_who_accepted_is_not_told_of_their_own_yes(world):
    page = _main(world["signed_in"](world["ben"]))
    assert _section(page) == ""
    assert "accepted your request" not in page


def test_it_goes_once_the_sender_has_written_to_them(world):
    client, conversation = world["client"], world["conversation"]
    # Ben writing first does not end it: Ana has not written since.
    message_send(sender=world["ben"], conversation_id=conversation.pk, body="Glad you asked!")
    assert ACCEPTED in _section(_main(client))
    message_send(sender=world["ana"], conversation_id=conversation.pk, body="Coffee on Friday?")
    page = _main(client)
    assert ACCEPTED not in page
    assert _reads(client) == HOME_KEPT_QUERIES


def test_it_lapses_after_its_days_without_a_write(world):
    world["time"].shift(SHOWN_FOR - dt.timedelta(minutes=1))
    client = world["signed_in"](world["ana"])  # a new day's session
    assert ACCEPTED in _section(_main(client))
    assert _reads(client) == HOME_KEPT_QUERIES
    world["time"].shift(dt.timedelta(minutes=1, seconds=1))
    assert ACCEPTED not in _main(client)


ENDED = {
    "Ana blocks Ben": ("ana", "ben", True),
    "Ben blocks Ana": ("ben", "ana", True),
    "Ana ends the connection": ("ana", "ben", False),
    "Ben ends the connection": ("ben", "ana", False),
}


@pytest.mark.parametrize(("who", "other", "block"), ENDED.values(), ids=ENDED.keys())
def test_a_block_or_an_ended_connection_takes_it_away_for_good(world, who, other, block):
    client = world["client"]
    if block:
        block_create(blocker=world[who], blocked_id=world[other].pk)
    else:
        connection_end(member=world[who], other_id=world[other].pk)
    assert "accepted your request" not in _main(client)
    if block:  # unblocking restores nothing that ended, as everywhere
        block_delete(blocker=world[who], blocked_id=world[other].pk)
        assert "accepted your request" not in _main(client)


def test_a_new_name_shows_on_the_next_visit(world):
    member_update_profile(member=world["ben"], name="Benjamin Okafor")
    assert "Benjamin Okafor accepted your request" in _section(_main(world["client"]))


def test_only_accepted_requests_are_told(world, make_member, send_request):
    """A decline is silent, and a request unanswered, withdrawn or accepted by the
    member themselves is no news of this kind."""
    ana = world["ana"]
    declined = send_request(ana, make_member("Dee Decliner"))
    connection_request_decline(member=declined.recipient, request_id=declined.pk)
    send_request(ana, make_member("Una Unanswered"))
    withdrawn = send_request(ana, make_member("Wil Withdrawn"))
    connection_request_withdraw(member=ana, request_id=withdrawn.pk)
    theirs = send_request(make_member("Cy Asker"), ana)
    connection_request_accept(member=ana, request_id=theirs.pk)
    section = _section(_main(world["client"]))
    assert section.count("accepted your request") == 1
    for name in ("Dee", "Una", "Wil", "Cy"):
        assert name not in section


def test_a_few_newest_first_and_a_link_for_the_same_queries(world, make_member, send_request):
    ana, client = world["ana"], world["client"]
    names = [f"Accepter {n}" for n in range(HOME_WAITING + 2)]
    for name in names:
        world["time"].shift(dt.timedelta(seconds=5))
        request = send_request(ana, make_member(name))
        connection_request_accept(member=request.recipient, request_id=request.pk)
    assert _reads(client) == HOME_QUERIES
    assert _reads(client) == HOME_KEPT_QUERIES
    section = _section(_main(client))
    assert section.count("accepted your request") == HOME_WAITING
    shown = [name for name in reversed(names) if name in section]
    assert shown == list(reversed(names))[:HOME_WAITING]
    assert reverse("connections") in section


def test_the_demo_shows_ana_a_request_accepted_lately(community, client):  # noqa: F811
    ana = Member.objects.get(username="ana")
    client.force_login(ana)
    section = _section(_main(client))
    assert section.count("accepted your request") == 1
    assert "Siobhan Gallagher accepted your request" in section
