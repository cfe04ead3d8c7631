"""Members in three time zones, a clock to move, and the five-minute job to run."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from rapport.conversations.selectors import conversation_with
from rapport.conversations.services import message_send
from rapport.notifications.tasks import send_notifications
from tests.api.conftest import api_as  # noqa: F401  (the fixture, for the API tests)

# Monday 1 June 2026, 10:00 UTC: 11:00 in London, 06:00 (night) in Toronto.
NOW = dt.datetime(2026, 6, 1, 10, 0, tzinfo=dt.UTC)
SITE = "https://rapport.example.org"


def minutes(n: float) -> dt.timedelta:
    return dt.timedelta(minutes=n)


@pytest.fixture(autouse=True)
def _site(settings):
    settings.RAPPORT_SITE_URL = SITE


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def ana(clock, make_member):
    return make_member("Ana Ruiz", email="ana@example.org", time_zone="Europe/London")


@pytest.fixture
def ben(clock, make_member, ana, connect):
    ben = make_member("Ben Okafor", email="ben@example.org", time_zone="America/Toronto")
    connect(ben, ana)
    return ben


def write(sender, to, body: str = "Are you free for coffee on Thursday?"):
    conversation = conversation_with(member=sender, other_id=to.pk)
    return message_send(sender=sender, conversation_id=conversation.pk, body=body)


def run() -> int:
    """The five-minute job, as the worker runs it; how many mails it sent."""
    return send_notifications.enqueue().return_value
