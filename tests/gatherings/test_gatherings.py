"""Gatherings through the API and the pages: host, invite, answer, confirm who came,
and "met at" as a verified context afterwards."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.urls import reverse

from rapport.gatherings.models import Attendance, Gathering
from rapport.gatherings.tasks import advance_gatherings, send_gathering_reminders
from rapport.network.services import connection_request_send
from rapport.safety.services import block_create
from tests.api.public_shape import NO_PHOTO, assert_no_private_keys
from tests.conftest import GOOD_NOTE, pair_connect
from tests.gatherings.making import NOW, START, signed_in
from tests.gatherings.making import hosted as _host
from tests.web.page_text import main_text


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _page_form(**overrides: str) -> dict[str, str]:
    """The new-gathering page's form, as a member fills it: no place or link yet."""
    return {
        "title": "Walk and talk",
        "starts_at": "2026-11-07T10:00",
        "ends_at": "2026-11-07T11:00",
        "place": "",
        "link": "",
        "visibility": "community",
        "no_agenda": "on",
        **overrides,
    }


def _body(**overrides) -> dict:
    body = {
        "title": "Transit data breakfast",
        "starts_at": START.isoformat(),
        "ends_at": (START + dt.timedelta(hours=2)).isoformat(),
        "place": "The Anchor, Manchester",
        "agenda": "Ten-minute show and tell, then coffee.",
        "visibility": "invite",
    }
    body.update(overrides)
    return body


# --- creating -----------------------------------------------------------------------


def test_a_host_creates_a_gathering_and_is_its_first_guest(ana, api_as):
    response = api_as(ana).post("/gatherings", _body())

    assert response.status_code == 201
    body = response.json()
    assert (body["title"], body["state"], body["you_host"], body["your_answer"]) == (
        "Transit data breakfast",
        "upcoming",
        True,
        "yes",
    )
    assert body["ics_url"] == reverse("gathering_ics", args=[body["id"]])
    # The gathering's own zone is one its host chose to show (none here: the host's own
    # stays theirs, test_time_at_the_place.py); no member's zone is in any other key.
    assert body["time_zone"] == ""
    assert_no_private_keys({key: value for key, value in body.items() if key != "time_zone"})


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"agenda": ""}, "agenda"),
        ({"no_agenda": True}, "agenda"),
        ({"place": "", "link": ""}, "place"),
        ({"link": "not a link"}, "link"),
        ({"ends_at": START.isoformat()}, "ends_at"),
        ({"starts_at": (NOW - dt.timedelta(hours=1)).isoformat()}, "starts_at"),
        (
            {"starts_at": "9999-12-31T09:00:00Z", "ends_at": "9999-12-31T11:00:00Z"},
            "starts_at",
        ),
        ({"title": "  "}, "title"),
        ({"visibility": "everyone"}, "visibility"),
    ],
)
def test_each_rule_names_its_field(ana, api_as, overrides, field):
    response = api_as(ana).post("/gatherings", _body(**overrides))

    assert response.status_code == 422
    assert response.json()["field"] == field
    assert not Gathering.objects.exists()


def test_a_link_to_join_is_https_as_the_form_says(ana, api_as):
    """Members follow the link to join: a plain http one is refused, by the field's name."""
    client = signed_in(ana)
    form = _page_form(link="http://meet.example.org/walk")

    by_api = api_as(ana).post("/gatherings", _body(link="http://meet.example.org/x"))
    page = client.get(reverse("gathering_new")).content.decode()
    by_page = client.post(reverse("gathering_new"), form)

    assert by_api.status_code == 422
    assert by_api.json()["field"] == "link"
    assert "must start with https://" in by_api.json()["message"]
    assert "An https:// address." in page
    assert by_page.status_code == 422
    invalid = by_page.content.decode().split('class="field field--invalid"')
    assert len(invalid) == 2
    link_group = invalid[1].split("</fieldset>")[0]
    assert 'name="link"' in link_group
    assert "must start with https://" in link_group
    assert not Gathering.objects.exists()


def test_no_agenda_just_conversation_is_said_outright(ana, api_as):
    response = api_as(ana).post(
        "/gatherings", _body(agenda="", no_agenda=True, place="", link="https://meet.example.org/x")
    )

    assert response.status_code == 201
    assert (response.json()["no_agenda"], response.json()["agenda"]) == (True, "")


def test_the_database_refuses_an_agenda_and_no_agenda_at_once(ana):
    gathering = _host(ana)

    with pytest.raises(IntegrityError), transaction.atomic():
        Gathering.objects.filter(pk=gathering.pk).update(agenda="Talks")
    with pytest.raises(IntegrityError), transaction.atomic():
        Gathering.objects.filter(pk=gathering.pk).update(ends_at=gathering.starts_at)


def test_the_page_form_creates_it_and_shows_errors_beside_the_field(ana):
    client = signed_in(ana)
    form = _page_form()

    refused = client.post(reverse("gathering_new"), form)
    created = client.post(reverse("gathering_new"), {**form, "place": "Platt Fields Park"})

    assert refused.status_code == 422
    assert "Say where" in refused.content.decode()
    gathering = Gathering.objects.get()
    assert created.status_code == 302
    assert created["Location"] == reverse("gathering", args=[gathering.pk])
    assert (gathering.place, gathering.no_agenda, gathering.visibility) == (
        "Platt Fields Park",
        True,
        "community",
    )


def test_the_page_says_the_title_limit_and_refuses_a_longer_one_by_it(ana):
    client = signed_in(ana)
    page = client.get(reverse("gathering_new")).content.decode()
    form = {
        "title": "A walk " * 25,  # 175 characters, fewer than the form once allowed
        "starts_at": "2026-11-07T10:00",
        "ends_at": "2026-11-07T11:00",
        "place": "Platt Fields Park",
        "link": "",
        "visibility": "community",
        "no_agenda": "on",
    }

    refused = client.post(reverse("gathering_new"), form)

    assert "Up to 120 characters." in page
    assert refused.status_code == 422
    assert "120" in refused.content.decode()
    assert not Gathering.objects.exists()


# --- who sees it, invitations, answers ----------------------------------------------


def test_an_invite_only_gathering_is_not_found_until_you_are_invited(ana, ben, cy, api_as):
    gathering = _host(ana)

    assert api_as(ben).get(f"/gatherings/{gathering.pk}").status_code == 404
    assert api_as(ben).get("/gatherings").json()["upcoming"] == []
    pair_connect(ana, ben)

    invited = api_as(ana).post(f"/gatherings/{gathering.pk}/invitations", {"member_ids": [ben.pk]})

    assert invited.status_code == 200
    assert [guest["name"] for guest in invited.json()] == ["Ben Okafor"]
    seen = api_as(ben).get(f"/gatherings/{gathering.pk}").json()
    assert (seen["you_are_invited"], seen["your_answer"]) == (True, "")
    assert api_as(cy).get(f"/gatherings/{gathering.pk}").status_code == 404


def test_a_community_gathering_is_open_to_every_member(ana, cy, api_as):
    gathering = _host(ana, visibility="community")

    listed = api_as(cy).get("/gatherings").json()["upcoming"]
    answered = api_as(cy).post(f"/gatherings/{gathering.pk}/rsvp", {"answer": "maybe"})

    assert [g["id"] for g in listed] == [gathering.pk]
    assert answered.status_code == 200
    assert answered.json()["your_answer"] == "maybe"


def test_a_community_gathering_is_not_found_across_a_block(ana, cy, api_as):
    gathering = _host(ana, visibility="community")
    block_create(blocker=ana, blocked_id=cy.pk)

    listed = api_as(cy).get("/gatherings").json()["upcoming"]
    opened = api_as(cy).get(f"/gatherings/{gathering.pk}")

    assert listed == []
    assert opened.status_code == 404


def test_answers_change_until_it_starts_then_close(ana, ben, api_as, _frozen):
    gathering = _host(ana, visibility="community")
    api = api_as(ben)

    api.post(f"/gatherings/{gathering.pk}/rsvp", {"answer": "yes"})
    api.post(f"/gatherings/{gathering.pk}/rsvp", {"answer": "no"})
    assert Attendance.objects.get(gathering=gathering, member=ben).rsvp == "no"

    _frozen.move_to(START + dt.timedelta(minutes=1))
    late = api.post(f"/gatherings/{gathering.pk}/rsvp", {"answer": "yes"})

    assert (late.status_code, late.json()["code"]) == (409, "started")


def test_the_answer_given_is_said_above_the_choices_not_in_their_legend(ana, ben, api_as):
    """A legend that long wrapped across the fieldset's border on a 390 px phone."""
    gathering = _host(ana, visibility="community")
    api_as(ben).post(f"/gatherings/{gathering.pk}/rsvp", {"answer": "maybe"})

    page = signed_in(ben).get(reverse("gathering", args=[gathering.pk])).content.decode()

    form = page[page.index('class="form rsvp-form"') :].split("</form>", 1)[0]
    before, fieldset = form.split("<fieldset", 1)
    assert "You answered “Maybe”." in before
    assert "<legend>Change your answer</legend>" in fieldset
    assert 'aria-describedby="rsvp-answered"' in fieldset.split(">", 1)[0]


def test_only_the_host_sees_the_guests_and_their_answers(ana, ben, api_as):
    gathering = _host(ana)
    pair_connect(ana, ben)
    api_as(ana).post(f"/gatherings/{gathering.pk}/invitations", {"member_ids": [ben.pk]})
    api_as(ben).post(f"/gatherings/{gathering.pk}/rsvp", {"answer": "yes"})

    guests = api_as(ana).get(f"/gatherings/{gathering.pk}/guests")

    assert guests.json() == [
        {
            "id": ben.pk,
            "name": "Ben Okafor",
            "invited": True,
            "answer": "yes",
            "answered_before_change": False,
            "attended": False,
            **NO_PHOTO,
        }
    ]
    refused = api_as(ben).get(f"/gatherings/{gathering.pk}/guests")
    assert (refused.status_code, refused.json()["message"]) == (
        403,
        "Only the host sees who was invited and their answers.",
    )
    assert (
        api_as(ben).patch(f"/gatherings/{gathering.pk}", {"title": "Mine now"}).status_code == 403
    )


def test_a_cancelled_gathering_says_so_in_its_calendar_file(ana, ben, api_as):
    gathering = _host(ana)
    pair_connect(ana, ben)
    api_as(ana).post(f"/gatherings/{gathering.pk}/invitations", {"member_ids": [ben.pk]})

    cancelled = api_as(ana).post(f"/gatherings/{gathering.pk}/cancel")
    ics = signed_in(ben).get(reverse("gathering_ics", args=[gathering.pk]))

    assert cancelled.json()["state"] == "cancelled"
    assert ics["Content-Type"] == "text/calendar; charset=utf-8"
    event = icalendar.Calendar.from_ical(ics.content).walk("VEVENT")[0]
    assert str(event["status"]) == "CANCELLED"
    assert (
        api_as(ben).post(f"/gatherings/{gathering.pk}/rsvp", {"answer": "yes"}).status_code == 409
    )


# --- too late to change ---------------------------------------------------------------


def _started(gathering, frozen) -> None:
    frozen.move_to(START + dt.timedelta(minutes=30))


def _ended(gathering, frozen) -> None:
    frozen.move_to(START + dt.timedelta(hours=3))


def _cancelled(gathering, frozen) -> None:
    gathering.state = "cancelled"
    gathering.save(update_fields=["state"])


@pytest.mark.parametrize(
    ("become", "code", "said"),
    [
        (_started, "started", "This gathering has started"),
        (_ended, "invalid_transition", "This gathering has ended"),
        (_cancelled, "invalid_transition", "This gathering was cancelled"),
    ],
    ids=["started", "ended", "cancelled"],
)
def test_a_gathering_too_late_to_change_says_so_and_why_on_the_page_and_in_the_api(
    ana, api_as, _frozen, become, code, said
):
    gathering = _host(ana)
    become(gathering, _frozen)
    refusal = f"{said}, so it can no longer be changed."
    page = signed_in(ana)
    url = reverse("gathering_edit", args=[gathering.pk])

    by_api = api_as(ana).patch(f"/gatherings/{gathering.pk}", {"title": "Renamed"})
    shown = page.get(url)
    posted = page.post(url, _page_form(title="Renamed", place="The Anchor"))

    assert (by_api.status_code, by_api.json()) == (
        409,
        {"code": code, "message": refusal, "field": None},
    )
    # The page says it before anything is typed, in place of a form that would fail.
    assert shown.status_code == 200
    assert refusal in main_text(shown)
    assert 'name="title"' not in shown.content.decode()
    assert posted.status_code == 409
    assert refusal in main_text(posted)
    gathering.refresh_from_db()
    assert gathering.title == "Transit data breakfast"


def test_cancelling_or_inviting_too_late_says_why(ana, ben, api_as, _frozen):
    cancelled, started = _host(ana), _host(ana, title="Second breakfast")
    api = api_as(ana)
    api.post(f"/gatherings/{cancelled.pk}/cancel")
    _started(started, _frozen)

    again = api.post(f"/gatherings/{cancelled.pk}/cancel")
    late_cancel = api.post(f"/gatherings/{started.pk}/cancel")
    late_invite = api.post(f"/gatherings/{started.pk}/invitations", {"member_ids": [ben.pk]})

    assert (again.status_code, again.json()["message"]) == (
        409,
        "This gathering is already cancelled.",
    )
    assert late_cancel.json()["message"] == (
        "This gathering has started, so it can no longer be cancelled."
    )
    assert late_invite.json()["message"] == (
        "This gathering has started, so it is too late to invite anyone."
    )


def test_an_agenda_counts_runs_of_spaces_as_one_on_the_page_and_in_the_api(ana, api_as):
    """The agenda keeps its paragraphs; its limit counts each run of spaces or line
    breaks as one, as the API announces, so the page and the API take the same text."""
    words = " ".join(["w" * 9] * 200) + "w"  # 2,000 characters on one line
    # Typed with paragraphs a blank line apart (as a browser sends them) and runs of spaces.
    typed = "  " + words.replace(" ", "\r\n\r\n", 10).replace(" ", "   ", 50) + "\r\n"
    assert len(" ".join(typed.split())) == 2000 < len(typed)
    too_long = typed.rstrip() + "w"  # one more letter to its last word
    form = _page_form(place="Platt Fields Park", no_agenda="", agenda=typed)

    by_page = signed_in(ana).post(reverse("gathering_new"), form)
    by_api = api_as(ana).post("/gatherings", _body(agenda=typed))
    refused = signed_in(ana).post(reverse("gathering_new"), {**form, "agenda": too_long})
    refused_by_api = api_as(ana).post("/gatherings", _body(agenda=too_long))

    assert (by_page.status_code, by_api.status_code) == (302, 201)
    first, second = Gathering.objects.order_by("pk")
    assert first.agenda == second.agenda == by_api.json()["agenda"]
    assert "\n\n" in first.agenda and "\r" not in first.agenda and "  " not in first.agenda
    assert refused.status_code == 422
    assert "The agenda is 2,001 characters; the limit is 2,000." in main_text(refused)
    assert (refused_by_api.status_code, refused_by_api.json()["message"]) == (
        422,
        "agenda is 2,001 characters; the limit is 2,000.",
    )
    assert Gathering.objects.count() == 2


def test_the_calendar_file_carries_time_place_and_agenda(ana):
    gathering = _host(
        ana, no_agenda=False, agenda="Show and tell.", link="https://meet.example.org/t"
    )

    response = signed_in(ana).get(reverse("gathering_ics", args=[gathering.pk]))

    event = icalendar.Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(event["uid"]) == f"gathering-{gathering.pk}@rapport"
    assert event.decoded("dtstart") == START
    assert str(event["summary"]) == "Transit data breakfast"
    assert str(event["location"]) == "The Anchor, Manchester"
    assert str(event["url"]) == "https://meet.example.org/t"
    assert str(event["description"]).startswith("Show and tell.")


# --- afterwards ---------------------------------------------------------------------


def _held(ana, ben, cy, api_as, _frozen) -> Gathering:
    """Ana's open breakfast, which Ben and Cy (not her connections) found and answered."""
    gathering = _host(ana, visibility="community")
    api_as(ben).post(f"/gatherings/{gathering.pk}/rsvp", {"answer": "yes"})
    api_as(cy).post(f"/gatherings/{gathering.pk}/rsvp", {"answer": "maybe"})
    _frozen.move_to(START + dt.timedelta(hours=3))
    return gathering


def test_the_host_confirms_who_came_after_it_ends(ana, ben, cy, api_as, _frozen):
    gathering = _host(ana)
    pair_connect(ana, ben)
    api_as(ana).post(f"/gatherings/{gathering.pk}/invitations", {"member_ids": [ben.pk]})
    too_early = api_as(ana).post(
        f"/gatherings/{gathering.pk}/attendance", {"attended_ids": [ben.pk]}
    )
    _frozen.move_to(START + dt.timedelta(hours=3))
    stranger = api_as(ana).post(f"/gatherings/{gathering.pk}/attendance", {"attended_ids": [cy.pk]})
    confirmed = api_as(ana).post(
        f"/gatherings/{gathering.pk}/attendance", {"attended_ids": [ben.pk]}
    )

    assert (too_early.status_code, too_early.json()["code"]) == (409, "not_ended")
    assert (stranger.status_code, stranger.json()["field"]) == (422, "attended_ids")
    assert confirmed.json()["state"] == "confirmed"
    assert set(
        Attendance.objects.filter(gathering=gathering, attended=True).values_list(
            "member", flat=True
        )
    ) == {ana.pk, ben.pk}


def test_attendees_see_one_another_and_nobody_else_does(ana, ben, cy, api_as, _frozen):
    gathering = _held(ana, ben, cy, api_as, _frozen)
    assert api_as(ben).get(f"/gatherings/{gathering.pk}/attendees").status_code == 404

    api_as(ana).post(f"/gatherings/{gathering.pk}/attendance", {"attended_ids": [ben.pk]})

    seen_by_ben = api_as(ben).get(f"/gatherings/{gathering.pk}/attendees").json()
    assert [(a["name"], a["connected"]) for a in seen_by_ben] == [("Ana Ruiz", False)]
    assert api_as(cy).get(f"/gatherings/{gathering.pk}/attendees").status_code == 404
    page = signed_in(ben).get(reverse("gathering", args=[gathering.pk])).content.decode()
    assert "Who came" in page and "Ask to connect" in page
    assert (
        "Who came"
        not in signed_in(cy).get(reverse("gathering", args=[gathering.pk])).content.decode()
    )


def test_who_came_says_when_a_request_already_waits_either_way(ana, ben, cy, api_as, _frozen):
    gathering = _held(ana, ben, cy, api_as, _frozen)
    api_as(ana).post(f"/gatherings/{gathering.pk}/attendance", {"attended_ids": [ben.pk, cy.pk]})
    connection_request_send(
        sender=cy,
        recipient_id=ben.pk,
        context="gathering",
        context_detail="The breakfast",
        note=GOOD_NOTE.format(name="Ben"),
    )

    seen_by_ben = api_as(ben).get(f"/gatherings/{gathering.pk}/attendees").json()
    seen_by_cy = api_as(cy).get(f"/gatherings/{gathering.pk}/attendees").json()
    bens_page = main_text(signed_in(ben).get(reverse("gathering", args=[gathering.pk])))
    cys_page = main_text(signed_in(cy).get(reverse("gathering", args=[gathering.pk])))

    assert {a["name"]: a["request"] for a in seen_by_ben} == {"Ana Ruiz": None, cy.name: "received"}
    assert {a["name"]: a["request"] for a in seen_by_cy} == {"Ana Ruiz": None, ben.name: "sent"}
    assert f"Answer their request from {cy.name}" in bens_page
    assert "You asked to connect" in cys_page
    assert f"Ask to connect with {ben.name}" not in cys_page


@pytest.mark.parametrize("blocker", ["ben", "cy"])
def test_an_attendee_blocked_either_way_is_not_among_who_came(
    ana, ben, cy, api_as, _frozen, blocker
):
    gathering = _held(ana, ben, cy, api_as, _frozen)
    api_as(ana).post(f"/gatherings/{gathering.pk}/attendance", {"attended_ids": [ben.pk, cy.pk]})
    members = {"ben": ben, "cy": cy}
    block_create(blocker=members[blocker], blocked_id=(cy if blocker == "ben" else ben).pk)

    seen_by_ben = api_as(ben).get(f"/gatherings/{gathering.pk}/attendees").json()
    seen_by_cy = api_as(cy).get(f"/gatherings/{gathering.pk}/attendees").json()
    seen_by_ana = api_as(ana).get(f"/gatherings/{gathering.pk}/attendees").json()

    assert [a["name"] for a in seen_by_ben] == ["Ana Ruiz"]
    assert [a["name"] for a in seen_by_cy] == ["Ana Ruiz"]
    assert sorted(a["name"] for a in seen_by_ana) == sorted([ben.name, cy.name])
    page = signed_in(ben).get(reverse("gathering", args=[gathering.pk])).content.decode()
    assert cy.name not in page


def test_met_at_a_gathering_is_verified_only_between_confirmed_attendees(
    ana, ben, cy, api_as, _frozen
):
    gathering = _held(ana, ben, cy, api_as, _frozen)
    api_as(ana).post(f"/gatherings/{gathering.pk}/attendance", {"attended_ids": [ben.pk]})
    note = GOOD_NOTE.format(name="Ben")

    between_attendees = connection_request_send(
        sender=ana, recipient_id=ben.pk, context="gathering", context_detail="Breakfast", note=note
    )
    cy_was_not_confirmed = connection_request_send(
        sender=cy, recipient_id=ben.pk, context="gathering", context_detail="Breakfast", note=note
    )

    assert between_attendees.verified == "Met at Transit data breakfast"
    assert cy_was_not_confirmed.verified == ""


def test_the_attendance_page_ticks_those_who_said_yes(ana, ben, cy, api_as, _frozen):
    gathering = _held(ana, ben, cy, api_as, _frozen)
    client = signed_in(ana)

    form = client.get(reverse("gathering_attendance", args=[gathering.pk])).content.decode()
    done = client.post(
        reverse("gathering_attendance", args=[gathering.pk]), {"attended_ids": [cy.pk]}
    )

    assert f'value="{ben.pk}"' in form and "checked" in form
    assert done.status_code == 302
    assert Attendance.objects.get(gathering=gathering, member=cy).attended
    assert not Attendance.objects.get(gathering=gathering, member=ben).attended


# --- the worker ---------------------------------------------------------------------


def test_the_worker_moves_ended_gatherings_on_and_lapses_unconfirmed_ones(ana, _frozen):
    gathering = _host(ana)

    _frozen.move_to(START + dt.timedelta(hours=3))
    advance_gatherings.enqueue()
    gathering.refresh_from_db()
    assert gathering.state == "ended"

    _frozen.move_to(START + dt.timedelta(days=31))
    advance_gatherings.enqueue()
    gathering.refresh_from_db()
    assert gathering.state == "lapsed"


def test_the_day_before_everyone_coming_gets_one_reminder_with_the_calendar_file(
    ana, ben, cy, api_as, _frozen, mailoutbox
):
    gathering = _host(ana)
    pair_connect(ana, ben)
    pair_connect(ana, cy)
    api_as(ana).post(f"/gatherings/{gathering.pk}/invitations", {"member_ids": [ben.pk, cy.pk]})
    api_as(ben).post(f"/gatherings/{gathering.pk}/rsvp", {"answer": "yes"})
    api_as(cy).post(f"/gatherings/{gathering.pk}/rsvp", {"answer": "no"})

    send_gathering_reminders.enqueue()  # three days ahead: nothing yet
    assert mailoutbox == []
    _frozen.move_to(START - dt.timedelta(hours=20))
    send_gathering_reminders.enqueue()
    send_gathering_reminders.enqueue()

    assert sorted(m.to[0] for m in mailoutbox) == ["ana@example.org", "ben@example.org"]
    assert mailoutbox[0].subject == "Tomorrow: Transit data breakfast"
    assert mailoutbox[0].attachments[0][0] == "gathering.ics"


# --- pages --------------------------------------------------------------------------


def test_pages_cost_the_same_few_queries_however_many_guests(
    ana, make_member, api_as, django_assert_max_num_queries
):
    gathering = _host(ana, visibility="community")
    for n in range(12):
        guest = make_member(f"Guest {n}")
        api_as(guest).post(f"/gatherings/{gathering.pk}/rsvp", {"answer": "yes"})
        _host(guest, title=f"Gathering {n}", visibility="community")
    client = signed_in(ana)

    with django_assert_max_num_queries(12):
        listing = client.get(reverse("gatherings"))
    with django_assert_max_num_queries(14):
        detail = client.get(reverse("gathering", args=[gathering.pk]))

    assert listing.status_code == detail.status_code == 200
    assert "Guest 11" in detail.content.decode()
    # No number of people coming is shown to anyone, the host included.
    assert "13 " not in detail.content.decode()
