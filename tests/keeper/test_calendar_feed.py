"""The private iCalendar feed: calendar apps subscribe with a secret URL, no login."""

from __future__ import annotations

import datetime as dt
import hashlib

import icalendar
import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from rapport.keeper.calendar_feed import calendar_feed_create, calendar_feed_revoke
from rapport.keeper.models import CalendarFeed
from rapport.keeper.services import interaction_log, person_create, person_snooze

TODAY = dt.datetime(2026, 6, 1, 8, 0, tzinfo=dt.UTC)


def _known(owner, name: str, *, circle: str, days_ago: int | None, **fields):
    with time_machine.travel(TODAY - dt.timedelta(days=400), tick=False):
        person = person_create(owner=owner, name=name, circle=circle, **fields)
    if days_ago is not None:
        with time_machine.travel(TODAY - dt.timedelta(days=days_ago), tick=False):
            interaction_log(owner=owner, person_ids=[person.pk], kind="call")
    return person


@pytest.fixture
def ana(make_member):
    ana = make_member("Ana Ruiz")
    _known(ana, "Grace Mensah", circle="5", days_ago=10)  # 3 days overdue
    _known(ana, "Kai Tanaka", circle="15", days_ago=26)  # due in 4 days
    _known(ana, "Lou Perez", circle="50", days_ago=20)  # due in 70 days
    _known(ana, "Mo Farah", circle="150", days_ago=200)  # due in 165 days: beyond 90
    _known(ana, "Pat Acquaintance", circle="acquaintance", days_ago=None)  # no cadence
    with time_machine.travel(TODAY, tick=False):
        snoozed = _known(ana, "Sam Snoozed", circle="5", days_ago=30)
        person_snooze(owner=ana, person_id=snoozed.pk, until=dt.date(2026, 6, 20))
    return ana


def _feed(client: Client, token: str, *, at: dt.datetime = TODAY):
    with time_machine.travel(at, tick=False):
        return client.get(reverse("keeper_calendar_feed", kwargs={"token": token}))


def _events(response) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


def test_the_feed_holds_an_all_day_event_per_person_due_in_the_next_90_days(ana, client):
    token = calendar_feed_create(owner=ana)
    response = _feed(client, token)  # no login: the token is the credential

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "private" in response["Cache-Control"]
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["prodid"]) == "-//Rapport//Keeper keep-in-touch feed//EN"
    assert str(calendar["version"]) == "2.0"
    events = _events(response)
    assert set(events) == {
        "Reach out to Grace Mensah",
        "Reach out to Kai Tanaka",
        "Reach out to Lou Perez",
        "Reach out to Sam Snoozed",
    }
    starts = {summary: event.decoded("dtstart") for summary, event in events.items()}
    assert starts == {
        # Overdue: on today, where it cannot be missed.
        "Reach out to Grace Mensah": dt.date(2026, 6, 1),
        "Reach out to Kai Tanaka": dt.date(2026, 6, 5),
        "Reach out to Lou Perez": dt.date(2026, 8, 10),
        "Reach out to Sam Snoozed": dt.date(2026, 6, 20),
    }
    grace = events["Reach out to Grace Mensah"]
    assert grace.decoded("dtend") == dt.date(2026, 6, 2)
    assert grace.decoded("dtstamp") == TODAY
    assert str(grace["description"]) == (
        "Overdue since 2026-05-29. Last contact 10 days ago; your cadence for the 5 is 7 days."
    )
    assert str(events["Reach out to Sam Snoozed"]["description"]).startswith(
        "Snoozed until 20 June 2026"
    )


def test_each_person_keeps_one_uid_as_their_date_moves(ana, client):
    token = calendar_feed_create(owner=ana)
    before = _events(_feed(client, token))
    kai = ana.keeper_people.get(name="Kai Tanaka")
    with time_machine.travel(TODAY, tick=False):
        interaction_log(owner=ana, person_ids=[kai.pk], kind="coffee")
    after = _events(_feed(client, token, at=TODAY + dt.timedelta(hours=1)))

    uids = {summary: str(event["uid"]) for summary, event in before.items()}
    assert {summary: str(event["uid"]) for summary, event in after.items()} == uids
    assert len(set(uids.values())) == len(uids)
    assert after["Reach out to Kai Tanaka"].decoded("dtstart") == dt.date(2026, 7, 1)


def test_only_the_digest_of_the_token_is_stored_and_a_new_token_revokes_the_old(ana, client):
    first = calendar_feed_create(owner=ana)
    assert CalendarFeed.objects.get(owner=ana).digest == hashlib.sha256(first.encode()).hexdigest()
    assert first not in CalendarFeed.objects.values_list("digest", flat=True)

    second = calendar_feed_create(owner=ana)
    assert _feed(client, first).status_code == 404
    assert _feed(client, second).status_code == 200

    calendar_feed_revoke(owner=ana)
    assert _feed(client, second).status_code == 404
    assert not CalendarFeed.objects.filter(owner=ana).exists()


def test_an_unknown_token_is_not_found_and_a_feed_shows_only_its_owners_people(
    ana, make_member, client
):
    assert _feed(client, "not-a-real-token").status_code == 404
    ben = make_member("Ben Okafor")
    _known(ben, "Zoë Ødegård", circle="5", days_ago=8)
    events = _events(_feed(client, calendar_feed_create(owner=ben)))
    assert set(events) == {"Reach out to Zoë Ødegård"}


def test_the_feed_answers_get_only(ana, client):
    token = calendar_feed_create(owner=ana)
    url = reverse("keeper_calendar_feed", kwargs={"token": token})
    assert client.post(url).status_code == 405
