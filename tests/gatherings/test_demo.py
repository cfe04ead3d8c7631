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


def test_ana_and_ben_see_bens_call_at_their_own_local_times(ana):
    """Ana lives in Manchester, Ben works from Toronto: his call at noon is her evening."""
    ben = Member.objects.get(username="ben")
    call = Gathering.objects.get(host=ben)

    assert (ana.time_zone, ben.time_zone) == ("Europe/London", "America/Toronto")
    for member, hours in ((ben, {12}), (ana, {16, 17})):
        local = call.starts_at.astimezone(ZoneInfo(member.time_zone))
        assert local.hour in hours
        page = Client()
        page.force_login(member)
        html = page.get(reverse("gathering", args=[call.pk])).content.decode()
        assert f"{local:%H:%M}</time>" in html
        ends = call.ends_at.astimezone(ZoneInfo(member.time_zone))
        assert f"{ends:%H:%M} {ends.tzname()}</time>" in html


def test_anas_breakfast_moved_after_grace_said_yes_and_her_list_says_so(ana):
    """The demo shows a move: Ana's list marks Grace's yes as given for the old time."""
    breakfast = Gathering.objects.get(host=ana)
    assert breakfast.moved_at is not None
    page = Client()
    page.force_login(ana)

    html = page.get(reverse("gathering", args=[breakfast.pk])).content.decode()

    assert "said before you moved it" in html
