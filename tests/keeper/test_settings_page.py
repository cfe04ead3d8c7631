"""The keeper's settings: a private calendar link shown once, and the digest switch."""

import datetime as dt
import re

import icalendar
import pytest
import time_machine
from django.test import Client

from rapport.keeper.models import CalendarFeed, DigestPreference
from rapport.keeper.services import person_create

NOW = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def ana_client(make_member):
    ana = make_member("Ana Ruiz")
    client = Client()
    client.force_login(ana)
    return ana, client


def test_the_calendar_link_is_shown_once_and_serves_the_due_dates(ana_client):
    ana, client = ana_client
    with time_machine.travel(NOW, tick=False):
        person_create(owner=ana, name="Grace Mensah", circle="15")
        page = client.post("/keeper/settings/calendar/")
        url = re.search(r'value="(http://testserver/calendar/[^"]+\.ics)"', page.text).group(1)
        assert "Your calendar link" in page.text
        # Shown once: the settings page never prints it again.
        assert url not in client.get("/keeper/settings/").text
        feed = Client().get(url.removeprefix("http://testserver"))
    assert feed.status_code == 200
    calendar = icalendar.Calendar.from_ical(feed.content)
    summaries = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
    assert summaries == ["Reach out to Grace Mensah"]


def test_replacing_or_revoking_stops_the_old_link(ana_client):
    ana, client = ana_client
    first = re.search(r"/calendar/[^\"]+\.ics", client.post("/keeper/settings/calendar/").text)[0]
    second = re.search(r"/calendar/[^\"]+\.ics", client.post("/keeper/settings/calendar/").text)[0]
    assert Client().get(first).status_code == 404
    assert Client().get(second).status_code == 200
    client.post("/keeper/settings/calendar/revoke/")
    assert Client().get(second).status_code == 404
    assert not CalendarFeed.objects.filter(owner=ana).exists()


def test_the_digest_switch(ana_client):
    ana, client = ana_client
    assert "The digest is <strong>on</strong>" in client.get("/keeper/settings/").text
    assert not DigestPreference.objects.exists()  # reading the page wrote nothing
    client.post("/keeper/settings/digest/", {"enabled": "off"})
    assert DigestPreference.objects.get(owner=ana).enabled is False
    assert "The digest is <strong>off</strong>" in client.get("/keeper/settings/").text
    client.post("/keeper/settings/digest/", {"enabled": "on"})
    assert DigestPreference.objects.get(owner=ana).enabled is True


def test_settings_actions_are_post_only(ana_client):
    _ana, client = ana_client
    for path in (
        "/keeper/settings/calendar/",
        "/keeper/settings/calendar/revoke/",
        "/keeper/settings/digest/",
    ):
        assert client.get(path).status_code == 405


def test_without_an_email_the_digest_says_where_to_add_one(ana_client):
    ana, client = ana_client
    ana.email = ""
    ana.save(update_fields=["email"])
    text = client.get("/keeper/settings/").text
    assert "Your account has no email address, so no digest can be sent" in text
    assert 'href="/settings/account/"' in text
    ana.email = "ana@example.org"
    ana.save(update_fields=["email"])
    assert "no digest can be sent" not in client.get("/keeper/settings/").text
