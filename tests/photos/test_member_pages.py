"""Faces beyond the lists: a conversation's page, gatherings, introductions, asks and
coffee show each member's photo (or initials) beside their name, to a viewer who may
see it, and for the queries the page cost before photos."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from rapport.asks.services import ask_answer, ask_post
from rapport.coffee.models import Pairing
from rapport.coffee.services import coffee_opt_in, coffee_round_run
from rapport.conversations.selectors import conversation_with
from rapport.conversations.services import message_send
from rapport.gatherings.services import (
    gathering_confirm_attendance,
    gathering_create,
    gathering_invite,
    gathering_rsvp,
)
from rapport.introductions.models import Introduction
from rapport.introductions.services import introduction_accept, introduction_make
from rapport.photos.models import Photo
from rapport.photos.services import photo_set
from rapport.safety.services import block_create
from tests.conftest import built_once, new_member, pair_connect
from tests.introductions.conftest import WHY_BEN, WHY_CY
from tests.photos.images import png
from tests.web.page_queries import page_queries


def _photo(member, side: int) -> str:
    return photo_set(member=member, data=png(side, side)).content_hash


def _build() -> dict:
    """Ana, who looks. Ben (photo) and Cy (none) are her connections, who wrote to her,
    came to her gathering and answered her ask, and whom she introduced. Hal (photo)
    hosted a gathering all three came to; Ivy (photo) introduced her to Jo (photo), and
    to Lu (photo), who has not answered; a coffee round paired her with Kim (photo)."""
    ana, ben, cy = new_member("Ana Ruiz"), new_member("Ben Okafor"), new_member("Cy Tran")
    hal, ivy, jo = new_member("Hal Berg"), new_member("Ivy Nkemelu"), new_member("Jo Sato")
    kim, lu = new_member("Kim Ahn"), new_member("Lu Ferro")
    for friend in (ben, cy, hal, ivy):
        pair_connect(ana, friend)
    pair_connect(ivy, jo)
    pair_connect(ivy, lu)
    threads = {}
    for friend in (ben, cy):
        thread = conversation_with(member=ana, other_id=friend.pk)
        message_send(sender=friend, conversation_id=thread.pk, body="Coffee soon?")
        threads[friend.name] = thread.pk

    # Two gatherings that ended yesterday: Hal's (all three came), and Ana's own.
    before = timezone.now() - dt.timedelta(days=3)
    starts = before + dt.timedelta(days=1)
    times = {
        "starts_at": starts,
        "ends_at": starts + dt.timedelta(hours=2),
        "now": before,
        "no_agenda": True,
    }
    hals = gathering_create(host=hal, title="Harbour walk", place="The quay", **times)
    for guest in (ben, cy):  # a host invites their connections
        pair_connect(hal, guest)
    gathering_invite(host=hal, gathering_id=hals.pk, member_ids=[ana.pk, ben.pk, cy.pk], now=before)
    anas = gathering_create(host=ana, title="Map breakfast", place="The Anchor", **times)
    gathering_invite(host=ana, gathering_id=anas.pk, member_ids=[ben.pk, cy.pk], now=before)
    for guest in (ben, cy):
        gathering_rsvp(member=guest, gathering_id=anas.pk, answer="yes", now=before)
    gathering_confirm_attendance(
        host=hal, gathering_id=hals.pk, attended_ids=[ana.pk, ben.pk, cy.pk]
    )

    why = {"why_first": WHY_BEN, "why_second": WHY_CY}
    introduction_make(introducer=ana, first_id=ben.pk, second_id=cy.pk, **why)
    met = introduction_make(introducer=ivy, first_id=ana.pk, second_id=jo.pk, **why)
    introduction_accept(member=ana, introduction_id=met.pk)
    introduction_accept(member=jo, introduction_id=met.pk)
    introduction_make(introducer=ivy, first_id=ana.pk, second_id=lu.pk, **why)

    anas_ask = ask_post(poster=ana, kind="ask", title="Advice on moving into product")
    for helper in (ben, cy):
        ask_answer(author=helper, ask_id=anas_ask.pk, body="Glad to talk it through.")
    bens_ask = ask_post(poster=ben, kind="offer", title="Happy to review CVs")

    for member in (ana, kim):
        coffee_opt_in(member=member, frequency="weekly")
    coffee_round_run()
    pairing = Pairing.objects.get()

    photos = {
        member.name: _photo(member, side)
        for side, member in enumerate((ben, hal, ivy, jo, kim, lu), start=100)
    }
    people = {m.name.split()[0].lower(): m for m in (ana, ben, cy, hal, ivy, jo, kim, lu)}
    return {
        **people,
        "photos": photos,
        "urls": {
            "thread": reverse("conversation", args=[threads["Ben Okafor"]]),
            "gathering": reverse("gathering", args=[hals.pk]),
            "hosted": reverse("gathering", args=[anas.pk]),
            "attendance": reverse("gathering_attendance", args=[anas.pk]),
            "introductions": reverse("introductions"),
            "ask": reverse("ask", args=[anas_ask.pk]),
            "their_ask": reverse("ask", args=[bens_ask.pk]),
            "asks": reverse("asks"),
            "coffee": reverse("coffee"),
            "pairing": reverse("coffee_pairing", args=[pairing.pk]),
            "request_new": reverse("request_new", args=[kim.pk]),
        },
    }


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    yield from built_once(django_db_blocker, _build)


@pytest.fixture
def ana_sees(world, db, signed_in):
    client = signed_in(world["ana"])
    return lambda page: client.get(world["urls"][page]).content.decode()


def _small(world, name: str) -> str:
    member = world[name]
    return f'src="/members/{member.pk}/photo/{world["photos"][member.name]}-64.webp"'


def _initials(member) -> str:
    return "".join(word[0] for word in member.name.split())


# Page -> the members whose photo it shows Ana, and those it shows by their initials.
SHOWN = {
    "thread": (["ben"], []),
    "gathering": (["hal", "ben"], ["cy"]),
    "hosted": (["ben"], ["cy"]),
    "attendance": (["ben"], ["cy"]),
    "introductions": (["ben", "jo", "ivy"], ["cy"]),
    "ask": (["ben"], ["cy"]),
    "their_ask": (["ben"], []),
    "asks": (["ben"], []),
    "coffee": (["kim"], []),
    "pairing": (["kim"], []),
    "request_new": (["kim"], []),
}


@pytest.mark.parametrize("page", list(SHOWN))
def test_each_page_shows_a_members_photo_or_their_initials(world, ana_sees, page):
    html = ana_sees(page)
    with_photos, without = SHOWN[page]
    for name in with_photos:
        assert _small(world, name) in html, name
    for name in without:
        member = world[name]
        assert f'aria-hidden="true">{_initials(member)}</span>' in html, name
        assert f"/members/{member.pk}/photo/" not in html, name
    # Beside a visible name: the photo is not read out a second time.
    tags = re.findall(r"<img[^>]*>", html)
    assert tags and all('alt=""' in tag for tag in tags)


# Page -> who blocks Ana: the page still names them, and shows their initials.
BLOCKED = {
    "thread": "ben",
    "gathering": "hal",
    "hosted": "ben",
    "attendance": "ben",
    "introductions": "ivy",
    "ask": "ben",
    "coffee": "kim",
    "pairing": "kim",
}


@pytest.mark.parametrize("page", list(BLOCKED))
def test_a_member_who_blocked_the_viewer_shows_their_initials(world, ana_sees, page):
    blocker = world[BLOCKED[page]]
    assert f"/members/{blocker.pk}/photo/" in ana_sees(page)
    block_create(blocker=blocker, blocked_id=world["ana"].pk)
    html = ana_sees(page)
    assert blocker.name in html
    assert f'aria-hidden="true">{_initials(blocker)}</span>' in html
    assert f"/members/{blocker.pk}/photo/" not in html


def test_an_introduction_made_shows_both_people_and_hides_a_blockers_face(world, ana_sees):
    """Ana's introduction of Ben (photo) and Cy (none) shows both faces; Ben blocking
    her leaves his name in it, as she wrote it, without his face."""
    ben, cy = world["ben"], world["cy"]
    both = f'>{ben.name}</a> and <a class="person__name" href="/members/{cy.pk}/">{cy.name}</a>'
    html = ana_sees("introductions")
    row = html[html.index('<ul class="list">', html.index('id="made-title"')) :]
    assert _small(world, "ben") in row and 'aria-hidden="true">CT</span>' in row
    block_create(blocker=ben, blocked_id=world["ana"].pk)
    html = ana_sees("introductions")
    assert both in html and f"/members/{ben.pk}/photo/" not in html


def test_an_introduction_not_yet_accepted_shows_the_introducer_never_the_other(world, ana_sees):
    """Until both say yes, neither learns who the other is: not by name, nor by face."""
    lu = world["lu"]
    html = ana_sees("introductions")
    assert "Ivy Nkemelu</a> would like to introduce you to someone" in html
    assert _small(world, "ivy") in html
    assert f"/members/{lu.pk}/" not in html and lu.name not in html


def test_saying_yes_with_htmx_brings_the_other_persons_face_into_the_row(world, db, signed_in):
    """The row htmx swaps in after the second yes names the other person, face and all."""
    lu = world["lu"]
    waiting = Introduction.objects.get(introducer=world["ivy"], second=lu)
    introduction_accept(member=lu, introduction_id=waiting.pk)
    row = (
        signed_in(world["ana"])
        .post(reverse("introduction_accept", args=[waiting.pk]), HTTP_HX_REQUEST="true")
        .content.decode()
    )
    assert f">{lu.name}</a>, introduced by" in row and _small(world, "lu") in row


def test_those_who_blocked_the_viewer_leave_the_attendees_and_the_board(world, ana_sees):
    """Where a block takes the member off the page (the others who came to a gathering,
    the asks of connections), their face goes with them."""
    ben = world["ben"]
    block_create(blocker=ben, blocked_id=world["ana"].pk)
    for page in ("gathering", "asks"):
        html = ana_sees(page)
        assert f"/members/{ben.pk}/photo/" not in html and "Ben Okafor" not in html, page


# What each page cost before photos: they come inside the page's own queries.
QUERIES = {
    "thread": 3,
    "gathering": 6,
    "hosted": 4,
    "attendance": 4,
    "introductions": 4,
    "ask": 4,
    "their_ask": 4,
    "asks": 4,
    "coffee": 5,
    "pairing": 3,
    "request_new": 5,  # + whether a request is possible now (the budget, read before a note is written)
}


def test_pages_cost_what_they_did_before_photos(world, db, signed_in):
    client = signed_in(world["ana"])
    urls = world["urls"]
    with_photos = {page: page_queries(client, urls[page]) for page in QUERIES}
    Photo.objects.all().delete()
    without = {page: page_queries(client, urls[page]) for page in QUERIES}
    assert with_photos == without == QUERIES
