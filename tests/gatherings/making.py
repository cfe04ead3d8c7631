"""The gathering most tests here start from, and its clock: one place to change what a
"plain" gathering is, instead of each test module writing its own."""

from __future__ import annotations

import datetime as dt

from django.test import Client

from rapport.gatherings.models import Gathering
from rapport.gatherings.services import gathering_create

NOW = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
START = NOW + dt.timedelta(days=3)


def hosted(member, **overrides) -> Gathering:
    """A breakfast in three days, by invitation, hosted by ``member``."""
    fields = {
        "title": "Transit data breakfast",
        "starts_at": START,
        "ends_at": START + dt.timedelta(hours=2),
        "place": "The Anchor, Manchester",
        "no_agenda": True,
        "visibility": "invite",
    }
    fields.update(overrides)
    return gathering_create(host=member, **fields)


def signed_in(member) -> Client:
    client = Client()
    client.force_login(member)
    return client
