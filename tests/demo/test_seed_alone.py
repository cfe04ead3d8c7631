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
