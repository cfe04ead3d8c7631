"""A gathering's time, typed in the host's zone and seen in each guest's: a host in New
York plans 18:30, a guest in Tokyo reads the next morning, both with the zone named;
the API wants an offset; mail is in its reader's zone; calendar files are in UTC."""

from __future__ import annotations

import datetime as dt
import re

import icalendar
import pytest
from django.test import Client
from django.urls import reverse

from rapport.gatherings.models import Gathering
from rapport.gatherings.services import gathering_rsvp
from rapport.gatherings.tasks import send_gathering_reminders
from tests.web.page_text import main_text

# New York is on winter time (EST, UTC-5) from 1 November 2026, on summer time (EDT,
# UTC-4) in June; Tokyo is UTC+9 all year.
WINTER = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
SUMMER = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)
DASH = "\N{EN DASH}"


def main_text_of(html: str) -> str:
    """An error list's words, as a reader hears them (tags gone, spaces as one)."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _signed_in(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


@pytest.fixture
def host(make_member):
    return make_member("Nia Brooks", email="nia@example.org", time_zone="America/New_York")


@pytest.fixture
def guest(make_member):
    return make_member("Kenji Sato", email="kenji@example.org", time_zone="Asia/Tokyo")


def _create_on_the_page(host, day: str) -> Gathering:
    response = _signed_in(host).post(
        reverse("gathering_new"),
        {
            "title": "Transit data supper",
            "starts_at": f"{day}T18:30",
            "ends_at": f"{day}T20:30",
            "place": "",
            "link": "https://meet.example.org/transit",
            "no_agenda": "on",
            "visibility": "community",
        },
    )
    assert response.status_code == 302, main_text(response)
    return Gathering.objects.get(title="Transit data supper")


@pytest.mark.parametrize(
    ("now", "day", "stored", "host_sees", "guest_sees", "guest_row"),
    [
        (
            WINTER,
            "2026-11-05",
            dt.datetime(2026, 11, 5, 23, 30, tzinfo=dt.UTC),
            f"Thursday 5 November 2026, 18:30 {DASH} 20:30 EST",
            f"Friday 6 November 2026, 08:30 {DASH} 10:30 JST",
            "Fri 6 Nov 2026, 08:30 JST",
        ),
        (
            SUMMER,
            "2026-06-04",
            dt.datetime(2026, 6, 4, 22, 30, tzinfo=dt.UTC),
            f"Thursday 4 June 2026, 18:30 {DASH} 20:30 EDT",
            f"Friday 5 June 2026, 07:30 {DASH} 09:30 JST",
            "Fri 5 Jun 2026, 07:30 JST",
        ),
    ],
    ids=["winter", "summer"],
)
def test_typed_in_new_york_and_read_in_tokyo(
    host, guest, time_machine, now, day, stored, host_sees, guest_sees, guest_row
):
    time_machine.move_to(now, tick=False)

    gathering = _create_on_the_page(host, day)

    assert gathering.starts_at == stored
    assert gathering.ends_at == stored + dt.timedelta(hours=2)
    page = main_text(_signed_in(host).get(reverse("gathering", args=[gathering.pk])))
    assert host_sees in page and "Your time, New York" in page
    as_guest = _signed_in(guest)
    page = main_text(as_guest.get(reverse("gathering", args=[gathering.pk])))
    assert guest_sees in page and "Your time, Tokyo" in page
    assert guest_row in main_text(as_guest.get(reverse("gatherings")))
    # The machine-readable time is the same instant for both, with its offset.
    html = as_guest.get(reverse("gathering", args=[gathering.pk])).content.decode()
    tokyo_start = stored.astimezone(dt.timezone(dt.timedelta(hours=9)))
    assert f'datetime="{tokyo_start.isoformat()}"' in html


def test_the_edit_form_shows_the_hosts_local_time_and_says_which_zone(host, time_machine):
    time_machine.move_to(WINTER, tick=False)
    gathering = _create_on_the_page(host, "2026-11-05")

    response = _signed_in(host).get(reverse("gathering_edit", args=[gathering.pk]))

    html = response.content.decode()
    assert 'value="2026-11-05T18:30"' in html and 'value="2026-11-05T20:30"' in html
    assert "with none chosen, in your own, New York: change it in your profile" in (
        main_text(response)
    )
    assert reverse("profile_edit") in html


def test_saving_the_edit_form_unchanged_keeps_the_time(host, time_machine):
    time_machine.move_to(WINTER, tick=False)
    gathering = _create_on_the_page(host, "2026-11-05")
    client = _signed_in(host)

    response = client.post(
        reverse("gathering_edit", args=[gathering.pk]),
        {
            "title": "Transit data supper",
            "starts_at": "2026-11-05T18:30",
            "ends_at": "2026-11-05T21:00",
            "link": "https://meet.example.org/transit",
            "no_agenda": "on",
            "visibility": "community",
        },
    )

    assert response.status_code == 302
    gathering.refresh_from_db()
    assert gathering.starts_at == dt.datetime(2026, 11, 5, 23, 30, tzinfo=dt.UTC)
    assert gathering.ends_at == dt.datetime(2026, 11, 6, 2, 0, tzinfo=dt.UTC)


def test_a_time_the_clocks_skip_is_refused_beside_its_field(host, time_machine):
    """2:30 on 14 March 2027 never happens in New York: the clocks go from 2:00 to 3:00."""
    time_machine.move_to(WINTER, tick=False)

    response = _signed_in(host).post(
        reverse("gathering_new"),
        {
            "title": "Night owls",
            "starts_at": "2027-03-14T02:30",
            "ends_at": "2027-03-14T04:30",
            "link": "https://meet.example.org/owls",
            "no_agenda": "on",
            "visibility": "community",
        },
    )

    assert response.status_code == 422
    html = response.content.decode()
    errors = re.search(r'id="id_starts_at_error">(.*?)</ul>', html, re.S)
    assert errors is not None and "America/New_York" in errors.group(1)
    assert not Gathering.objects.exists()


def test_the_api_refuses_a_time_without_an_offset_naming_the_field(host, api_as, time_machine):
    time_machine.move_to(WINTER, tick=False)
    body = {
        "title": "Transit data supper",
        "starts_at": "2026-11-05T23:30:00Z",
        "ends_at": "2026-11-06T01:30:00Z",
        "link": "https://meet.example.org/transit",
        "no_agenda": True,
    }
    api = api_as(host)

    for field, naive in (("starts_at", "2026-11-05T18:30:00"), ("ends_at", "2026-11-05T20:30")):
        refused = api.post("/gatherings", {**body, field: naive})
        assert refused.status_code == 422
        assert refused.json()["field"] == field
        assert "offset" in refused.json()["message"]
    assert not Gathering.objects.exists()

    created = api.post("/gatherings", {**body, "starts_at": "2026-11-05T18:30:00-05:00"})
    assert created.status_code == 201
    assert created.json()["starts_at"] == "2026-11-05T23:30:00Z"
    patched = api.patch(f"/gatherings/{created.json()['id']}", {"ends_at": "2026-11-05T21:00"})
    assert (patched.status_code, patched.json()["field"]) == (422, "ends_at")


def test_the_reminder_reads_in_each_guests_zone_and_the_calendar_file_in_utc(
    host, guest, time_machine, mailoutbox
):
    time_machine.move_to(WINTER, tick=False)
    gathering = _create_on_the_page(host, "2026-11-05")
    gathering_rsvp(member=guest, gathering_id=gathering.pk, answer="yes")

    time_machine.move_to(dt.datetime(2026, 11, 5, 0, 0, tzinfo=dt.UTC), tick=False)
    send_gathering_reminders.enqueue()

    sent = {message.to[0]: message for message in mailoutbox}
    assert set(sent) == {"nia@example.org", "kenji@example.org"}
    assert (
        "starts Thursday 5 November, 18:30 EST, your time (New York)."
        in sent["nia@example.org"].body
    )
    assert (
        "starts Friday 6 November, 08:30 JST, your time (Tokyo)." in sent["kenji@example.org"].body
    )
    for message in sent.values():
        _name, ics, _type = message.attachments[0]
        event = icalendar.Calendar.from_ical(ics).walk("VEVENT")[0]
        assert "DTSTART:20261105T233000Z" in ics
        assert event.decoded("dtstart") == dt.datetime(2026, 11, 5, 23, 30, tzinfo=dt.UTC)


def test_the_calendar_file_is_in_utc_whoever_downloads_it(host, guest, time_machine):
    time_machine.move_to(WINTER, tick=False)
    gathering = _create_on_the_page(host, "2026-11-05")

    for member in (host, guest):
        ics = _signed_in(member).get(reverse("gathering_ics", args=[gathering.pk])).content
        assert b"DTSTART:20261105T233000Z" in ics and b"DTEND:20261106T013000Z" in ics
        assert b"TZID" not in ics


@pytest.mark.parametrize(
    ("typed", "field", "said"),
    [
        (
            {"starts_at": "2026-03-29T01:30", "ends_at": "2026-03-29T03:00"},
            "starts_at",
            "The start time, 01:30 on Sunday 29 March 2026, does not exist in "
            "Europe/London: the clocks skip forward that night, from 01:00 straight to "
            "02:00. Pick a time before 01:00 or from 02:00.",
        ),
        (
            {"starts_at": "2026-10-24T23:00", "ends_at": "2026-10-25T01:30"},
            "ends_at",
            "The end time, 01:30 on Sunday 25 October 2026, happens twice in "
            "Europe/London: the clocks go back that night, from 02:00 to 01:00, and "
            "repeat 01:00 to 02:00. Pick a time before 01:00 or from 02:00.",
        ),
    ],
    ids=["skipped", "repeated"],
)
def test_a_time_the_clocks_skip_or_repeat_says_so_in_words(
    make_member, time_machine, typed, field, said
):
    """In London the clocks go from 01:00 to 02:00 on 29 March 2026 (02:30 exists),
    and back from 02:00 to 01:00 on 25 October 2026."""
    time_machine.move_to(dt.datetime(2026, 1, 10, 9, 0, tzinfo=dt.UTC), tick=False)
    host = make_member("Ada Lowe", time_zone="Europe/London")

    response = _signed_in(host).post(
        reverse("gathering_new"),
        {
            "title": "Night owls",
            "link": "https://meet.example.org/owls",
            "no_agenda": "on",
            "visibility": "community",
            **typed,
        },
    )

    assert response.status_code == 422
    errors = re.search(rf'id="id_{field}_error">(.*?)</ul>', response.content.decode(), re.S)
    assert errors is not None
    assert said in main_text_of(errors.group(1))
    assert not Gathering.objects.exists()


def test_saving_the_page_keeps_a_start_in_the_hour_the_clocks_repeat(
    make_member, api_as, time_machine
):
    """Set through the API with its offset, the second 01:30 of 25 October is no
    question of which: the page sends it back unchanged, and it stays."""
    time_machine.move_to(dt.datetime(2026, 10, 1, 9, 0, tzinfo=dt.UTC), tick=False)
    host = make_member("Ada Lowe", time_zone="Europe/London")
    created = api_as(host).post(
        "/gatherings",
        {
            "title": "Night owls",
            "starts_at": "2026-10-25T01:30:00+00:00",
            "ends_at": "2026-10-25T03:00:00+00:00",
            "link": "https://meet.example.org/owls",
            "no_agenda": True,
        },
    )
    gathering = Gathering.objects.get(pk=created.json()["id"])

    saved = _signed_in(host).post(
        reverse("gathering_edit", args=[gathering.pk]),
        {
            "title": "Night owls, the long hour",
            "starts_at": "2026-10-25T01:30",
            "ends_at": "2026-10-25T03:00",
            "link": "https://meet.example.org/owls",
            "no_agenda": "on",
            "visibility": "invite",
        },
    )

    assert saved.status_code == 302, main_text(saved)
    gathering.refresh_from_db()
    assert gathering.starts_at == dt.datetime(2026, 10, 25, 1, 30, tzinfo=dt.UTC)
