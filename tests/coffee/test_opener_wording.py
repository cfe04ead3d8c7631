"""A suggested opener says when the round paired the two as it is true on the day it
is read, in the reader's own week: "this week" only in the round's week, then "last
week", then the round's date; and once the round's week is over, no hold on a
Thursday that has passed."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from rapport.coffee.models import Pairing
from rapport.coffee.openers import opener_as_read, paired_when
from rapport.coffee.services import coffee_opt_in, coffee_round_run
from tests.web.page_text import main_text

MONDAY = dt.date(2026, 11, 2)
ROUND_AT = dt.datetime(2026, 11, 2, 7, 0, tzinfo=dt.UTC)


def _paired(make_member, *, ana_zone: str = "UTC"):
    ana = make_member("Ana Ruiz", interests="accessibility", time_zone=ana_zone)
    lena = make_member("Lena Vogel", interests="accessibility")
    with time_machine.travel(ROUND_AT, tick=False):
        for member in (ana, lena):
            coffee_opt_in(member=member, frequency="weekly")
        coffee_round_run(held_on=MONDAY, now=ROUND_AT)
    return ana, lena, Pairing.objects.get()


def _anas_opener(api_as, ana, pairing, *, at: dt.datetime) -> str:
    with time_machine.travel(at, tick=False):
        return api_as(ana).get(f"/coffee/pairings/{pairing.pk}").json()["opener"]


@pytest.mark.parametrize(
    ("today", "said"),
    [
        (dt.date(2026, 11, 2), "this week"),  # the round's Monday
        (dt.date(2026, 11, 8), "this week"),  # its Sunday
        (dt.date(2026, 11, 9), "last week"),
        (dt.date(2026, 11, 15), "last week"),
        (dt.date(2026, 11, 16), "on 2 November"),
        (dt.date(2027, 1, 4), "on 2 November 2026"),
        # A reader whose day is still the Sunday before the round's Monday: the
        # round is of the week about to start, not of last week.
        (dt.date(2026, 11, 1), "this week"),
    ],
)
def test_when_the_round_paired_us_is_said_for_the_day_it_is_read(today, said):
    assert paired_when(MONDAY, today) == said


def test_the_stored_opener_is_reworded_only_past_the_rounds_week():
    stored = (
        "Hi Lena, the coffee round paired us this week. We both care about accessibility: "
        "how did you get into it? Would half an hour on Thursday suit you, or another day "
        "that week?"
    )

    assert opener_as_read(stored, held_on=MONDAY, today=dt.date(2026, 11, 8)) == stored
    assert opener_as_read(stored, held_on=MONDAY, today=dt.date(2026, 11, 18)) == (
        "Hi Lena, the coffee round paired us on 2 November. We both care about "
        "accessibility: how did you get into it? Would half an hour one day soon suit you?"
    )


def test_the_api_opener_says_this_week_then_last_week_then_the_date(make_member, api_as):
    ana, _lena, pairing = _paired(make_member)

    same_week = _anas_opener(api_as, ana, pairing, at=ROUND_AT + dt.timedelta(days=4))
    next_week = _anas_opener(api_as, ana, pairing, at=ROUND_AT + dt.timedelta(days=8))
    later = _anas_opener(api_as, ana, pairing, at=ROUND_AT + dt.timedelta(days=15))

    assert same_week.startswith("Hi Lena, the coffee round paired us this week.")
    assert "Would half an hour on Thursday suit you, or another day that week?" in same_week
    assert next_week.startswith("Hi Lena, the coffee round paired us last week.")
    assert later.startswith("Hi Lena, the coffee round paired us on 2 November.")
    for text in (next_week, later):
        assert "this week" not in text
        assert "on Thursday" not in text and "that week" not in text
        assert text.endswith("Would half an hour one day soon suit you?")


def test_this_week_is_the_readers_own_week(make_member, api_as):
    """Sunday 8 November, 16:00 UTC, is already Monday 9 November in Tokyo."""
    ana, lena, pairing = _paired(make_member, ana_zone="Asia/Tokyo")
    at = dt.datetime(2026, 11, 8, 16, 0, tzinfo=dt.UTC)

    in_tokyo = _anas_opener(api_as, ana, pairing, at=at)
    with time_machine.travel(at, tick=False):
        in_utc = api_as(lena).get(f"/coffee/pairings/{pairing.pk}").json()["opener"]

    assert in_tokyo.startswith("Hi Lena, the coffee round paired us last week.")
    assert in_utc.startswith("Hi Ana, the coffee round paired us this week.")


def test_the_pairing_page_offers_the_opener_as_true_today(make_member):
    ana, _lena, pairing = _paired(make_member)
    with time_machine.travel(ROUND_AT + dt.timedelta(days=16), tick=False):
        client = Client()
        client.force_login(ana)
        text = main_text(client.get(reverse("coffee_pairing", args=[pairing.pk])))

    assert "Hi Lena, the coffee round paired us on 2 November." in text
    assert "paired us this week" not in text
    # What was stored stays as the round wrote it: only its reading changes.
    pairing.refresh_from_db()
    assert "paired us this week" in pairing.opener_low
