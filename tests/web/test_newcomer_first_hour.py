"""A new member's first hour, third walk through the demo, on a phone: an invitation
on the home page whose time did not say which zone it was in (every gathering page
does), and a refused leaflet whose advice was printed twice, once as a wall of red
above the note and again under it."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from rapport.gatherings.services import gathering_create, gathering_invite
from tests.web.page_text import main_text

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 12, 4, 17, 30, tzinfo=dt.UTC)
LEAFLET = (
    "I am a product designer with 10 years of experience. I offer design services, "
    "check out my portfolio and hire me! Let's connect and grow our networks."
)


def _signed_in(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


@time_machine.travel(NOW, tick=False)
def test_an_invitation_on_the_home_page_names_the_zone_of_its_time(make_member, connect):
    host = make_member("Ana Ruiz", time_zone="Europe/London")
    nell = make_member("Nell Ewcomer", time_zone="Europe/Berlin")
    connect(host, nell)
    starts = dt.datetime(2026, 12, 16, 8, 30, tzinfo=dt.UTC)
    gathering = gathering_create(
        host=host,
        title="Small screens, big text",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
        place="Fig + Sparrow",
        no_agenda=True,
    )
    gathering_invite(host=host, gathering_id=gathering.pk, member_ids=[nell.pk])

    text = main_text(_signed_in(nell).get(reverse("home")))

    # 09:30 in Berlin, named as the gathering's own page names it.
    assert "Ana Ruiz invited you · 16 Dec 2026, 09:30 CET" in text


def test_a_refused_leaflet_says_its_advice_once(make_member):
    nell, ana = make_member("Nell Ewcomer"), make_member("Ana Ruiz")

    response = _signed_in(nell).post(
        reverse("request_new", args=[ana.pk]),
        {"recipient_id": ana.pk, "context": "worked_together", "note": LEAFLET},
    )

    assert response.status_code == 422
    text = main_text(response)
    assert "It reads like a leaflet" in text
    # The advice is listed under the note, where it changes as the note is rewritten.
    assert text.count("Keep one line about yourself and spend the rest on Ana.") == 1
    assert "How to turn it into a note about them:" in text
