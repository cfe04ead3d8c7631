"""Changing a gathering: what a host changes is judged, what they left alone is not.

A link to join saved as http:// before https became required stays as it was; a
host who moves the time or fixes a typo in the title is not made to change it first.
A change that does not move the time does not send the day-before reminder again,
and closing a community gathering keeps on its list those who said they would come.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rapport.gatherings.forms import LOCAL_FORMAT
from rapport.gatherings.models import Gathering
from rapport.gatherings.services import gathering_create
from rapport.gatherings.tasks import send_gathering_reminders
from tests.conftest import pair_connect
from tests.web.page_text import main_text

NOW = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
START = NOW + dt.timedelta(days=3)
OLD_LINK = "http://meet.example.org/breakfast"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _host(member, **overrides) -> Gathering:
    fields = {
        "title": "Transit data breakfast",
        "starts_at": START,
        "ends_at": START + dt.timedelta(hours=2),
        "link": "https://meet.example.org/breakfast",
        "no_agenda": True,
        "visibility": "invite",
    }
    fields.update(overrides)
    return gathering_create(host=member, **fields)


def _saved_before_https_was_required(gathering: Gathering) -> Gathering:
    """The row as an older Rapport left it: an http:// link, which no check refuses
    in the database."""
    Gathering.objects.filter(pk=gathering.pk).update(link=OLD_LINK)
    gathering.refresh_from_db()
    return gathering


def _edit_form(gathering: Gathering, **overrides: str) -> dict[str, str]:
    """The change page's form as the host sends it back: every field, as shown."""
    form = {
        "title": gathering.title,
        "starts_at": timezone.localtime(gathering.starts_at).strftime(LOCAL_FORMAT),
        "ends_at": timezone.localtime(gathering.ends_at).strftime(LOCAL_FORMAT),
        "place": gathering.place,
        "link": gathering.link,
        "agenda": gathering.agenda,
        "visibility": gathering.visibility,
    }
    if gathering.no_agenda:
        form["no_agenda"] = "on"
    form.update(overrides)
    return form


def _signed_in(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def test_an_old_http_link_does_not_block_changing_the_title_on_the_page(ana):
    gathering = _saved_before_https_was_required(_host(ana))
    client = _signed_in(ana)

    page = client.get(reverse("gathering_edit", args=[gathering.pk]))
    saved = client.post(
        reverse("gathering_edit", args=[gathering.pk]),
        _edit_form(gathering, title="Transit data breakfast, second edition"),
    )

    # The host is told, beside the link, why they may want to change it.
    assert "starts with http://" in main_text(page)
    assert saved.status_code == 302
    gathering.refresh_from_db()
    assert (gathering.title, gathering.link) == ("Transit data breakfast, second edition", OLD_LINK)


def test_an_old_http_link_does_not_block_a_change_over_the_api(ana, api_as):
    gathering = _saved_before_https_was_required(_host(ana))
    later = (START + dt.timedelta(hours=1)).isoformat()

    moved = api_as(ana).patch(
        f"/gatherings/{gathering.pk}",
        {"starts_at": later, "ends_at": (START + dt.timedelta(hours=3)).isoformat()},
    )
    sent_back = api_as(ana).patch(f"/gatherings/{gathering.pk}", {"link": OLD_LINK, "title": "T"})
    # Only the link left as it was is kept: another http:// one is refused, by name.
    another = api_as(ana).patch(
        f"/gatherings/{gathering.pk}", {"link": "http://meet.example.org/other"}
    )
    fresh = _host(ana, title="Another")
    copied = api_as(ana).patch(f"/gatherings/{fresh.pk}", {"link": OLD_LINK})

    assert moved.status_code == 200, moved.json()
    assert moved.json()["link"] == OLD_LINK
    assert sent_back.status_code == 200, sent_back.json()
    assert another.status_code == copied.status_code == 422
    assert another.json()["field"] == "link"
    assert "must start with https://" in another.json()["message"]
    gathering.refresh_from_db()
    assert gathering.link == OLD_LINK


def test_changing_the_title_on_the_page_does_not_send_the_reminder_again_moving_the_time_does(
    ana, ben, api_as, _frozen, mailoutbox
):
    gathering = _host(ana)
    pair_connect(ana, ben)
    api_as(ana).post(f"/gatherings/{gathering.pk}/invitations", {"member_ids": [ben.pk]})
    api_as(ben).post(f"/gatherings/{gathering.pk}/rsvp", {"answer": "yes"})
    _frozen.move_to(START - dt.timedelta(hours=20))
    send_gathering_reminders.enqueue()
    assert len(mailoutbox) == 2

    gathering.refresh_from_db()
    saved = _signed_in(ana).post(
        reverse("gathering_edit", args=[gathering.pk]),
        _edit_form(gathering, title="Transit data breakfast (room 2)"),
    )
    send_gathering_reminders.enqueue()

    assert saved.status_code == 302
    assert len(mailoutbox) == 2

    # A new time deserves a reminder of its own.
    gathering.refresh_from_db()
    later = gathering.starts_at + dt.timedelta(hours=2)
    moved = _signed_in(ana).post(
        reverse("gathering_edit", args=[gathering.pk]),
        _edit_form(
            gathering,
            starts_at=timezone.localtime(later).strftime(LOCAL_FORMAT),
            ends_at=timezone.localtime(later + dt.timedelta(hours=2)).strftime(LOCAL_FORMAT),
        ),
    )
    send_gathering_reminders.enqueue()

    assert moved.status_code == 302
    assert len(mailoutbox) == 4


def test_closing_a_community_gathering_keeps_those_who_said_they_would_come(
    ana, ben, make_member, api_as
):
    """Ben said yes while it was open to everyone; closing it to invited members must
    not make it "not found" to him while the host still sees him coming."""
    cy = make_member("Cy Tran")
    gathering = _host(ana, visibility="community")
    api_as(ben).post(f"/gatherings/{gathering.pk}/rsvp", {"answer": "yes"})
    api_as(cy).post(f"/gatherings/{gathering.pk}/rsvp", {"answer": "no"})

    closed = api_as(ana).patch(f"/gatherings/{gathering.pk}", {"visibility": "invite"})

    assert closed.status_code == 200
    seen = api_as(ben).get(f"/gatherings/{gathering.pk}")
    assert seen.status_code == 200
    assert seen.json()["your_answer"] == "yes"
    page = _signed_in(ben).get(reverse("gathering", args=[gathering.pk]))
    assert page.status_code == 200
    assert gathering.pk in [g["id"] for g in api_as(ben).get("/gatherings").json()["upcoming"]]
    # Who said no is not on the list of an invite-only gathering.
    assert api_as(cy).get(f"/gatherings/{gathering.pk}").status_code == 404


def test_saving_the_page_keeps_a_start_set_to_the_second_through_the_api(
    ana, ben, api_as, _frozen, mailoutbox
):
    """The form shows minutes only: sending back the same minute is no move, so the
    start keeps its seconds and the reminder already sent is not sent again."""
    gathering = _host(ana)
    api = api_as(ana)
    on_the_second = START + dt.timedelta(minutes=30, seconds=45)
    api.patch(
        f"/gatherings/{gathering.pk}",
        {
            "starts_at": on_the_second.isoformat(),
            "ends_at": (on_the_second + dt.timedelta(hours=1, seconds=5)).isoformat(),
        },
    )
    _frozen.move_to(START - dt.timedelta(hours=20))
    send_gathering_reminders.enqueue()
    gathering.refresh_from_db()
    reminded = gathering.reminded_at
    assert reminded is not None

    saved = _signed_in(ana).post(
        reverse("gathering_edit", args=[gathering.pk]),
        _edit_form(gathering, title="Transit data breakfast (room 2)"),
    )

    assert saved.status_code == 302
    gathering.refresh_from_db()
    assert gathering.title == "Transit data breakfast (room 2)"
    assert gathering.starts_at == on_the_second
    assert gathering.ends_at == on_the_second + dt.timedelta(hours=1, seconds=5)
    assert gathering.reminded_at == reminded
