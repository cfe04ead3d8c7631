"""Seeding the demo where it must not go, or at another moment: tests that need an
instance without the demo community, so apart from test_seed.py, whose tests share one
seeded community (tests/demo/conftest.py)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db.models import Max
from django.utils import timezone

from rapport.conversations.models import Message
from rapport.demo.seed import demo_community_seed
from rapport.errors import Conflict
from rapport.members.models import Member
from rapport.members.selectors import two_step_required
from rapport.network.models import Connection, ConnectionRequest
from rapport.network.selectors import requests_incoming


def _member(username: str) -> Member:
    return Member.objects.get(username=username)


def test_seed_leaves_an_instance_with_real_members_alone(make_member):
    make_member("Real Person", username="real")

    with pytest.raises(Conflict) as caught:
        demo_community_seed()

    assert caught.value.code == "instance_not_empty"
    assert list(Member.objects.values_list("username", flat=True)) == ["real"]
    assert not ConnectionRequest.objects.exists()


def test_whenever_it_is_seeded_the_open_requests_are_fresh(db):
    # The history is written relative to the moment of seeding, so a demo started
    # years after this code was written still greets Ana with open requests.
    with time_machine.travel(dt.datetime(2031, 6, 1, 9, 30, tzinfo=dt.UTC), tick=True):
        demo_community_seed()
        ana = _member("ana")

        assert len(requests_incoming(member=ana)) == 3  # the two leaflets were refused
        assert Connection.objects.aggregate(last=Max("created_at"))["last"] < timezone.now()
        assert Message.objects.aggregate(last=Max("created_at"))["last"].year == 2031


def test_seeding_mails_nobody(db, django_capture_on_commit_callbacks, mailoutbox):
    """The demo replays a month of a community's life; none of it is news to anyone. Its
    mail printed on the console as `rapport demo` starts was Priya's "two-step sign-in
    is on" notice, for a setup the seed made a month ago (a member's own setup still
    mails it: tests/members/test_two_step.py). Every task seeding enqueues runs here
    at once (the immediate backend), so a mail from any of them would be in the outbox."""
    with django_capture_on_commit_callbacks(execute=True) as enqueued:
        demo_community_seed()

    assert enqueued  # the seed's tasks did run (the audit's, at least)
    assert two_step_required(member_id=_member("priya").pk)
    assert mailoutbox == []
