"""What a newcomer signed in as Ana finds of gatherings and coffee rounds in the demo."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from rapport.coffee.selectors import pairings_of
from rapport.demo.seed import demo_community_seed
from rapport.gatherings.models import Gathering
from rapport.gatherings.selectors import attendees_for, gatherings_of
from rapport.members.models import Member
from rapport.network.selectors import pending_between
from rapport.network.services import connection_request_send
from tests.conftest import GOOD_NOTE
from tests.web.page_text import main_text


@pytest.fixture
def ana(db) -> Member:
    demo_community_seed()
    return Member.objects.get(username="ana")


def test_ana_met_people_at_a_past_gathering_and_can_answer_upcoming_ones(ana):
    from django.utils import timezone

    lists = gatherings_of(member=ana, now=timezone.now())
    (zines,) = lists.past
    attendees = attendees_for(member=ana, gathering=zines)
    strangers = [a.member for a in attendees if not a.connected]
    # Someone she met there and has no request with yet (Daniel has already asked her).
    new = next(m for m in strangers if pending_between(a=ana.pk, b=m.pk) is None)
    sent = connection_request_send(
        sender=ana,
        recipient_id=new.pk,
        context="gathering",
        context_detail=zines.title,
        note=GOOD_NOTE.format(name=new.name.split()[0]),
    )

    assert zines.state == "confirmed"
    assert len(strangers) >= 2
    assert sent.verified == f"Met at {zines.title}"
    assert len(lists.upcoming) >= 2
    page = Client()
    page.force_login(ana)
    walk = Gathering.objects.get(visibility="community", state="upcoming")
    assert "Will you come?" in page.get(reverse("gathering", args=[walk.pk])).content.decode()


def test_ana_is_in_the_coffee_rounds_with_a_pairing_she_met_and_a_fresh_one(ana):
    latest, earlier = pairings_of(member=ana)[:2]

    assert earlier.met and not latest.met
    assert latest.pairing.conversation.last_message_at is not None
    page = Client()
    page.force_login(ana)
    home = page.get(reverse("coffee")).content.decode()
    assert "Your next round" in home and latest.other.name in home


def test_bens_call_is_kept_in_toronto_time_and_ana_sees_hers_beside_it(ana):
    """Ana lives in Manchester, Ben works from Toronto and keeps his call's time there:
    everyone reads noon Toronto time, and Ana her evening beside it."""
    ben = Member.objects.get(username="ben")
    call = Gathering.objects.get(host=ben)
    toronto = call.starts_at.astimezone(ZoneInfo("America/Toronto"))
    london = call.starts_at.astimezone(ZoneInfo("Europe/London"))

    assert (ana.time_zone, ben.time_zone, call.time_zone) == (
        "Europe/London",
        "America/Toronto",
        "America/Toronto",
    )
    assert toronto.hour == 12 and london.hour in {16, 17}
    pages = {}
    for member in (ben, ana):
        client = Client()
        client.force_login(member)
        pages[member.username] = main_text(client.get(reverse("gathering", args=[call.pk])))
    at_the_place = f"{toronto:%H:%M} \N{EN DASH} 13:00 Toronto time"
    assert at_the_place in pages["ben"] and "your time" not in pages["ben"]
    assert at_the_place in pages["ana"]
    assert f"{london:%H:%M} \N{EN DASH} {london.hour + 1}:00 your time, London" in pages["ana"]


def test_anas_breakfast_moved_after_grace_said_yes_and_her_list_says_so(ana):
    """The demo shows a move: Ana's list marks Grace's yes as given for the old time."""
    breakfast = Gathering.objects.get(host=ana)
    assert breakfast.moved_at is not None
    page = Client()
    page.force_login(ana)

    html = page.get(reverse("gathering", args=[breakfast.pk])).content.decode()

    assert "said before you moved it" in html


def test_ben_in_toronto_reads_the_manchester_zines_evening_at_both_clocks(ana):
    """The gatherings held in Manchester keep their times there: Ben, in Toronto, reads
    the community's zine evening at Manchester's clock first, then at his own."""
    ben = Member.objects.get(username="ben")
    zines = Gathering.objects.get(title="Zines and natter at Doyle & Daughter")
    manchester = zines.starts_at.astimezone(ZoneInfo("Europe/London"))
    toronto = zines.starts_at.astimezone(ZoneInfo("America/Toronto"))
    client = Client()
    client.force_login(ben)

    page = main_text(client.get(reverse("gathering", args=[zines.pk])))

    assert zines.time_zone == "Europe/London"
    assert f"{manchester:%H:%M} \N{EN DASH}" in page and "London time" in page
    assert f"{toronto:%H:%M} \N{EN DASH}" in page and "your time, Toronto" in page
    assert page.index("London time") < page.index("your time, Toronto")
