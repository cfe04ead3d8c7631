"""The keeper's days are its owner's: "today", due dates, snoozes and "met on" turn at
the owner's own midnight, on the pages, through the API, in the weekly digest and in
the calendar feed.

At 16:00 UTC on Monday 8 June 2026 it is already 01:00 on Tuesday 9 June in Tokyo.
Someone in the 5 (every 7 days) last seen at 10:00 UTC on 1 June, 19:00 in Tokyo, is
due on 8 June either way: for an owner in Tokyo that was yesterday, one day overdue;
for an owner in UTC it is today.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from rapport.keeper.calendar_feed import calendar_feed_create
from rapport.keeper.models import DigestPreference, Interaction
from rapport.keeper.services import interaction_log, person_create
from rapport.keeper.tasks import send_keeper_digests
from tests.web.page_text import main_text

NOW = dt.datetime(2026, 6, 8, 16, 0, tzinfo=dt.UTC)
LAST_SEEN = dt.datetime(2026, 6, 1, 10, 0, tzinfo=dt.UTC)


def _grace_in_the_keeper_of(owner) -> int:
    person = person_create(owner=owner, name="Grace Mensah", circle="5")
    interaction_log(owner=owner, person_ids=[person.pk], kind="coffee", occurred_at=LAST_SEEN)
    return person.pk


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def tokyo(make_member):
    owner = make_member("Kenji Sato", email="kenji@example.org", time_zone="Asia/Tokyo")
    owner.grace_id = _grace_in_the_keeper_of(owner)
    return owner


@pytest.fixture
def utc(make_member):
    owner = make_member("Ana Ruiz", email="ana@example.org")
    owner.grace_id = _grace_in_the_keeper_of(owner)
    return owner


def _signed_in(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def test_the_due_list_turns_at_the_owners_midnight(tokyo, utc, api_as):
    due = api_as(tokyo).get("/keeper/due").json()
    assert [(i["due_on"], i["days_overdue"]) for i in due["overdue"]] == [("2026-06-08", 1)]
    due = api_as(utc).get("/keeper/due").json()
    assert due["overdue"] == []
    assert [(i["due_on"], i["days_overdue"]) for i in due["due_soon"]] == [("2026-06-08", 0)]

    assert "1 day overdue" in main_text(_signed_in(tokyo).get(reverse("keeper_due")))
    assert "due today" in main_text(_signed_in(utc).get(reverse("keeper_due")))
    person = main_text(_signed_in(tokyo).get(reverse("keeper_person", args=[tokyo.grace_id])))
    assert "Overdue since 8 June 2026" in person


def test_a_last_contact_counts_on_the_day_it_was_for_the_owner(tokyo, api_as):
    """20:00 UTC on 1 June was 05:00 on 2 June in Tokyo: due a week after 2 June."""
    hiro = person_create(owner=tokyo, name="Hiro Tanaka", circle="5")
    late = dt.datetime(2026, 6, 1, 20, 0, tzinfo=dt.UTC)
    interaction_log(owner=tokyo, person_ids=[hiro.pk], kind="coffee", occurred_at=late)

    assert api_as(tokyo).get(f"/keeper/people/{hiro.pk}").json()["due_on"] == "2026-06-09"
    page = main_text(_signed_in(tokyo).get(reverse("keeper_person", args=[hiro.pk])))
    assert "Next: 9 June 2026" in page and "Overdue" not in page


def test_a_snooze_starts_after_the_owners_today(tokyo, utc, api_as):
    # 9 June is today in Tokyo: it would snooze nothing.
    refused = api_as(tokyo).post(f"/keeper/people/{tokyo.grace_id}/snooze", {"until": "2026-06-09"})
    assert (refused.status_code, refused.json()["field"]) == (422, "until")
    snoozed = api_as(tokyo).post(f"/keeper/people/{tokyo.grace_id}/snooze", {"until": "2026-06-10"})
    assert snoozed.status_code == 200
    # In UTC, 9 June is still tomorrow.
    snoozed = api_as(utc).post(f"/keeper/people/{utc.grace_id}/snooze", {"until": "2026-06-09"})
    assert snoozed.status_code == 200


def test_met_on_may_be_the_owners_today_and_no_later(tokyo, utc, api_as):
    person = {"name": "Hiro Tanaka", "met_on": "2026-06-09"}

    assert api_as(tokyo).post("/keeper/people", person).status_code == 201
    refused = api_as(utc).post("/keeper/people", person)
    assert (refused.status_code, refused.json()["field"]) == (422, "met_on")


def test_the_weekly_digest_is_written_in_each_owners_zone(tokyo, utc, mailoutbox):
    send_keeper_digests.enqueue()

    sent = {message.to[0]: message.body for message in mailoutbox}
    assert "Your keep-in-touch list for the week of 9 June 2026." in sent["kenji@example.org"]
    assert "Grace Mensah: due 8 June, 1 day ago." in sent["kenji@example.org"]
    assert "Your keep-in-touch list for the week of 8 June 2026." in sent["ana@example.org"]
    assert "Grace Mensah: due today." in sent["ana@example.org"]


def test_a_week_between_digests_is_seven_of_the_owners_days(make_member, mailoutbox):
    """Kiritimati is UTC+14: at 16:00 UTC on 8 June it is 06:00 on 9 June there. A digest
    sent at 05:00 UTC on 2 June (19:00 on 2 June there) was seven of their days ago, and
    the next one is due, though 2 June began less than seven UTC days ago; one sent a
    day later was six of their days ago."""
    due, waiting = (
        make_member(name, email=f"{name.split()[0].lower()}@example.org", time_zone=zone)
        for name, zone in (
            ("Teuea Toatu", "Pacific/Kiritimati"),
            ("Bwena Iotua", "Pacific/Kiritimati"),
        )
    )
    for owner, sent_at in ((due, "2026-06-02T05:00Z"), (waiting, "2026-06-03T05:00Z")):
        _grace_in_the_keeper_of(owner)
        DigestPreference.objects.create(
            owner=owner, last_sent_at=dt.datetime.fromisoformat(sent_at)
        )

    send_keeper_digests.enqueue()

    assert [message.to for message in mailoutbox] == [["teuea@example.org"]]
    assert "the week of 9 June 2026" in mailoutbox[0].body


def test_the_calendar_feed_counts_the_owners_days(tokyo, utc):
    for owner, today in ((tokyo, "20260609"), (utc, "20260608")):
        token = calendar_feed_create(owner=owner)
        feed = Client().get(reverse("keeper_calendar_feed", args=[token])).content.decode()
        assert f"DTSTART;VALUE=DATE:{today}" in feed, owner
        assert "Reach out to Grace Mensah" in feed


def test_an_interaction_sent_without_an_offset_is_refused_naming_the_field(tokyo, api_as):
    body = {"person_ids": [tokyo.grace_id], "kind": "coffee"}
    api = api_as(tokyo)

    refused = api.post("/keeper/interactions", {**body, "occurred_at": "2026-06-08T09:00"})
    assert (refused.status_code, refused.json()["field"]) == (422, "occurred_at")

    logged = api.post("/keeper/interactions", {**body, "occurred_at": "2026-06-08T09:00+09:00"})
    assert logged.status_code == 201
    assert logged.json()["occurred_at"] == "2026-06-08T00:00:00Z"


def test_a_past_day_logged_on_the_page_stays_that_day_east_of_utc_plus_12(make_member):
    """At 16:00 UTC on 8 June it is 04:00 on 9 June in Auckland (UTC+12). Noon UTC on
    2 June would be midnight at the start of 3 June there: 2 June is logged at noon in
    the owner's zone, and the page lists it on 2 June."""
    owner = make_member("Aroha Ngata", email="aroha@example.org", time_zone="Pacific/Auckland")
    _grace_in_the_keeper_of(owner)
    client = _signed_in(owner)

    logged = client.post(
        reverse("keeper_interaction_new"),
        {
            "people": "Grace Mensah",
            "kind": "call",
            "direction": "mutual",
            "occurred_on": "2026-06-02",
        },
    )

    assert logged.status_code == 302
    interaction = Interaction.objects.get(owner=owner, kind="call")
    assert interaction.occurred_at == dt.datetime(2026, 6, 2, 0, 0, tzinfo=dt.UTC)
    home = main_text(client.get(reverse("keeper")))
    assert "2 Jun 2026 Call" in home and "3 Jun 2026" not in home
