"""Guests who said they would come are told when the host moves or cancels.

Before, a guest who answered "yes" learned of a new time or a cancellation only by
opening the page again: the .ics in their calendar kept the old time, and the
day-before reminder never came for a cancelled gathering. Now each guest who said
yes or maybe gets one mail, in their own time zone, with the .ics (same UID, so
their calendar moves or drops the event). A title fixed, or a guest who said no,
gets nothing.
"""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
import time_machine
from django.urls import reverse

from tests.conftest import pair_connect
from tests.gatherings.making import NOW, START, hosted, signed_in


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def answered(ana, ben, cy, make_member, api_as):
    """Ana's breakfast: Ben (in Toronto) said yes, Cy maybe, Dee no."""
    dee = make_member("Dee Park", email="dee@example.org")
    ben.time_zone = "America/Toronto"
    ben.save(update_fields=["time_zone"])
    gathering = hosted(ana)
    for guest in (ben, cy, dee):
        pair_connect(ana, guest)
    api_as(ana).post(
        f"/gatherings/{gathering.pk}/invitations", {"member_ids": [ben.pk, cy.pk, dee.pk]}
    )
    for guest, answer in ((ben, "yes"), (cy, "maybe"), (dee, "no")):
        api_as(guest).post(f"/gatherings/{gathering.pk}/rsvp", {"answer": answer})
    return gathering


def _event(message) -> icalendar.Event:
    ((name, content, kind),) = message.attachments
    assert (name, kind) == ("gathering.ics", "text/calendar")
    return icalendar.Calendar.from_ical(content).walk("VEVENT")[0]


def test_moving_the_time_tells_those_coming_in_their_own_zone(
    answered, api_as, mailoutbox, django_capture_on_commit_callbacks
):
    later = START + dt.timedelta(days=1, hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        moved = api_as(answered.host).patch(
            f"/gatherings/{answered.pk}",
            {
                "starts_at": later.isoformat(),
                "ends_at": (later + dt.timedelta(hours=2)).isoformat(),
            },
        )

    assert moved.status_code == 200
    assert sorted(m.to[0] for m in mailoutbox) == ["ben@example.org", "cy@example.org"]
    to_ben = next(m for m in mailoutbox if m.to == ["ben@example.org"])
    assert to_ben.subject == "New time: Transit data breakfast"
    # 11:00 UTC on Friday 6 November is 06:00 in Toronto.
    assert "When: Friday 6 November, 06:00 EST, your time" in to_ben.body
    assert reverse("gathering", args=[answered.pk]) in to_ben.body
    event = _event(to_ben)
    assert event.decoded("dtstart") == later
    assert str(event["status"]) == "CONFIRMED"


def test_a_title_with_an_ampersand_and_quotes_reads_as_written(
    answered, api_as, mailoutbox, django_capture_on_commit_callbacks
):
    later = START + dt.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        api_as(answered.host).patch(
            f"/gatherings/{answered.pk}",
            {
                "title": 'Tea & "transit" <data>',
                "starts_at": later.isoformat(),
                "ends_at": (later + dt.timedelta(hours=2)).isoformat(),
            },
        )

    to_ben = next(m for m in mailoutbox if m.to == ["ben@example.org"])
    assert to_ben.subject == 'New time: Tea & "transit" <data>'
    assert 'Ana Ruiz changed Tea & "transit" <data>, which' in to_ben.body


def test_fixing_the_title_tells_nobody(
    answered, api_as, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        api_as(answered.host).patch(f"/gatherings/{answered.pk}", {"title": "Transit breakfast"})

    assert mailoutbox == []


def test_moving_the_place_tells_those_coming(
    answered, api_as, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        api_as(answered.host).patch(f"/gatherings/{answered.pk}", {"place": "The Crown, Salford"})

    assert len(mailoutbox) == 2
    assert "Where: The Crown, Salford" in mailoutbox[0].body


def test_cancelling_on_the_page_tells_those_coming(
    answered, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(answered.host).post(reverse("gathering_cancel", args=[answered.pk]))

    assert response.status_code == 302
    assert sorted(m.to[0] for m in mailoutbox) == ["ben@example.org", "cy@example.org"]
    assert mailoutbox[0].subject == "Cancelled: Transit data breakfast"
    assert "Ana Ruiz cancelled Transit data breakfast" in mailoutbox[0].body
    assert str(_event(mailoutbox[0])["status"]) == "CANCELLED"
