"""A note that reads as a leaflet is refused with reasons; the live check shows them first."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from rapport.errors import InvalidInput
from rapport.members.services import api_token_create
from rapport.network.models import ConnectionRequest
from rapport.network.note_quality import (
    earlier_notes_of,
    note_assess_for,
    note_refuse_if_leaflet,
)
from rapport.network.services import connection_request_send, request_note_problems
from rapport.safety.services import block_create
from tests.conftest import GOOD_NOTE

LEAFLET = (
    "I'd like to add you to my professional network. I am a growth consultant with twenty "
    "years of experience and I would appreciate referrals to anyone who needs my services."
)
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def sid(make_member):
    return make_member("Sid Sender")


@pytest.fixture
def grace(make_member):
    return make_member(
        "Grace Mensah", organisation="Transit Lab", interests="transit data, accessibility"
    )


def test_sending_a_leaflet_is_refused_with_reasons_and_nothing_is_written(sid, grace):
    with pytest.raises(InvalidInput) as refused:
        connection_request_send(
            sender=sid,
            recipient_id=grace.pk,
            context="other",
            context_detail="Your profile",
            note=LEAFLET,
        )

    error = refused.value
    assert (error.code, error.field, error.status) == ("note_reads_as_leaflet", "note", 422)
    assert error.message.startswith("It reads like a leaflet, not the start of a conversation.")
    assert "Say why them: mention Grace's work at Transit Lab" in error.message
    assert "“add you to my professional network” is what everyone writes." in error.message
    assert not ConnectionRequest.objects.exists()


def test_a_note_about_the_recipient_is_sent(sid, grace):
    sent = connection_request_send(
        sender=sid,
        recipient_id=grace.pk,
        context="worked_together",
        note=GOOD_NOTE.format(name="Grace"),
    )
    assert sent.state == "pending"


def test_the_same_note_to_someone_else_unnamed_reads_as_a_copy(sid, grace, make_member):
    copy = "We met at the Leeds meetup and talked about mentoring. Good to see you here."
    connection_request_send(
        sender=sid,
        recipient_id=grace.pk,
        context="gathering",
        context_detail="Leeds meetup",
        note=copy,
    )
    with pytest.raises(InvalidInput) as refused:
        connection_request_send(
            sender=sid,
            recipient_id=make_member().pk,
            context="gathering",
            context_detail="Leeds meetup",
            note=copy,
        )
    assert "You have sent almost the same note before (1 time)." in refused.value.message


def test_the_check_reads_the_senders_newest_fifty_notes_newest_first(sid, make_member, settings):
    settings.RAPPORT_REQUEST_BUDGET_PENDING = settings.RAPPORT_REQUEST_BUDGET_WEEK = 100
    from tests.network.written import written_notes

    for note in written_notes()[:3]:
        connection_request_send(
            sender=sid,
            recipient_id=make_member().pk,
            context="gathering",
            context_detail="A meetup",
            note=note,
        )
    assert earlier_notes_of(sid) == list(reversed(written_notes()[:3]))


def test_the_helpers_other_features_call_keep_their_signatures(sid, grace):
    assessment = note_assess_for(sender=sid, note=LEAFLET, recipient=grace, context="other")
    assert assessment.is_leaflet and 0 <= assessment.leaflet_score <= 1
    # No recipient: an introduction note to a member the sender does not name, say.
    assert note_assess_for(sender=sid, note=LEAFLET).is_leaflet
    passed = note_refuse_if_leaflet(
        sender=sid, note=GOOD_NOTE.format(name="Grace"), recipient=grace, context=None
    )
    assert not passed.is_leaflet


def test_request_note_problems_list_length_then_the_leaflet_reasons(sid, grace):
    assert request_note_problems("Hi") == ["The note is 2 characters; write at least 40."]
    assert request_note_problems(LEAFLET) == []  # nothing to compare without a sender
    problems = request_note_problems(LEAFLET, sender=sid, recipient=grace, context="other")
    assert "“add you to my professional network” is what everyone writes." in problems[1]
    assert problems[0].startswith("It advertises you (“i am a growth consultant”")
    assert request_note_problems(GOOD_NOTE.format(name="Grace"), sender=sid, recipient=grace) == []


# --- Pages and the API ---------------------------------------------------------------


def test_the_live_check_shows_what_reads_as_a_leaflet_and_how_to_fix_it(
    sid, grace, client, django_assert_max_num_queries
):
    client.force_login(sid)
    url = reverse("request_note_check")
    body = {"note": LEAFLET, "recipient_id": str(grace.pk), "context": "other"}

    with django_assert_max_num_queries(5):
        response = client.post(url, body, **HTMX)
    html = response.content.decode()

    assert response.status_code == 200
    assert "Reads like a leaflet" in html and "cannot be sent as it is" in html
    assert '<mark class="note-check__phrase">add you to my professional network</mark>' in html
    assert "How to turn it into a note about them:" in html
    assert "Say why them: mention Grace&#x27;s work at Transit Lab" in html
    assert "Met: at least 40 characters" in html


def test_the_live_check_praises_a_note_about_the_recipient(sid, grace, client):
    client.force_login(sid)
    html = client.post(
        reverse("request_note_check"),
        {"note": GOOD_NOTE.format(name="Grace"), "recipient_id": str(grace.pk)},
        **HTMX,
    ).content.decode()
    assert "Reads like the start of a conversation." in html
    assert "Reads like a leaflet" not in html


def test_the_live_check_ignores_a_recipient_it_may_not_show(sid, client):
    client.force_login(sid)
    html = client.post(
        reverse("request_note_check"), {"note": LEAFLET, "recipient_id": "999999"}, **HTMX
    ).content.decode()
    assert "Reads like a leaflet" in html
    assert "mention their name, their work or what you share" in html


def test_the_request_form_sends_the_recipient_and_context_to_the_check(sid, grace, client):
    client.force_login(sid)
    html = client.get(reverse("request_new", args=[grace.pk])).content.decode()
    assert 'hx-include="closest form"' in html
    assert f'name="recipient_id" value="{grace.pk}"' in html


def test_the_form_shows_the_refusal_beside_the_note_and_keeps_it(sid, grace, client):
    client.force_login(sid)
    response = client.post(
        reverse("request_new", args=[grace.pk]),
        {"context": "other", "context_detail": "Your profile", "note": LEAFLET},
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "It reads like a leaflet" in html
    assert "Reads like a leaflet" in html  # the check beside the note, already filled in
    assert "growth consultant with twenty" in html
    assert not ConnectionRequest.objects.exists()


def test_the_api_refuses_a_leaflet_naming_the_note(sid, grace):
    _token, raw = api_token_create(member=sid, label="tests")
    api = Client(headers={"Authorization": f"Bearer {raw}"})
    response = api.post(
        "/api/requests",
        json.dumps(
            {
                "recipient_id": grace.pk,
                "context": "other",
                "context_detail": "Profile",
                "note": LEAFLET,
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert (response.json()["code"], response.json()["field"]) == ("note_reads_as_leaflet", "note")


# --- What the detail already says --------------------------------------------------

ASKED_WHERE = "say where you worked together"
DETAIL = "Transit Lab, 2019-2021"


def test_the_live_check_does_not_ask_where_the_detail_says(sid, grace, client):
    client.force_login(sid)
    body = {"note": LEAFLET, "recipient_id": str(grace.pk), "context": "worked_together"}
    url = reverse("request_note_check")

    asked = client.post(url, body, **HTMX).content.decode()
    told = client.post(url, {**body, "context_detail": DETAIL}, **HTMX).content.decode()

    assert ASKED_WHERE in asked
    assert ASKED_WHERE not in told
    assert "You said where and when; now say what you worked on together." in told


def test_the_detail_input_asks_for_the_check_too(sid, grace, client):
    """Filled in after the note, the detail changes the advice under it at once."""
    client.force_login(sid)
    html = client.get(reverse("request_new", args=[grace.pk])).content.decode()
    detail_input = next(line for line in html.splitlines() if 'name="context_detail"' in line)
    assert f'hx-post="{reverse("request_note_check")}"' in detail_input
    assert 'hx-target="#note-check"' in detail_input


def test_a_refused_form_does_not_ask_where_the_detail_says(sid, grace, client):
    client.force_login(sid)
    response = client.post(
        reverse("request_new", args=[grace.pk]),
        {"context": "worked_together", "context_detail": DETAIL, "note": LEAFLET},
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "Reads like a leaflet" in html
    assert ASKED_WHERE not in html
    assert "now say what you worked on together" in html


def test_the_api_refusal_does_not_ask_where_the_detail_says(sid, grace):
    _token, raw = api_token_create(member=sid, label="tests")
    api = Client(headers={"Authorization": f"Bearer {raw}"})
    payload = {"recipient_id": grace.pk, "context": "worked_together", "note": LEAFLET}

    asked = api.post("/api/requests", payload, content_type="application/json").json()
    told = api.post(
        "/api/requests", {**payload, "context_detail": DETAIL}, content_type="application/json"
    ).json()

    assert ASKED_WHERE in asked["message"]
    assert ASKED_WHERE not in told["message"]
    assert "now say what you worked on together" in told["message"]


def test_request_note_problems_read_the_detail(sid, grace):
    problems = request_note_problems(
        LEAFLET, sender=sid, recipient=grace, context="worked_together", detail=DETAIL
    )
    assert problems and not any(ASKED_WHERE in problem for problem in problems)


# --- Who introduced them, named in its own field ---------------------------------------

ASKED_WHO = "say who introduced you"
TOLD_WHAT = "Ana introduced you; now say what Ana told you about Grace"


@pytest.fixture
def ana(make_member, connect, sid):
    """Sid's connection, who introduced him to Grace."""
    ana = make_member("Ana Ruiz")
    connect(sid, ana)
    return ana


def test_the_live_check_does_not_ask_who_introduced_them_once_named(
    sid, grace, ana, client, django_assert_max_num_queries
):
    client.force_login(sid)
    body = {"note": LEAFLET, "recipient_id": str(grace.pk), "context": "introduced"}
    url = reverse("request_note_check")

    asked = client.post(url, body, **HTMX).content.decode()
    with django_assert_max_num_queries(6):
        told = client.post(url, {**body, "introducer_id": str(ana.pk)}, **HTMX).content.decode()

    assert ASKED_WHO in asked
    assert ASKED_WHO not in told
    assert TOLD_WHAT in told


def test_the_live_check_ignores_an_introducer_it_may_not_show(sid, grace, ana, client):
    """One who blocked the sender is no name to him, here as in search."""
    block_create(blocker=ana, blocked_id=sid.pk)
    client.force_login(sid)
    html = client.post(
        reverse("request_note_check"),
        {
            "note": LEAFLET,
            "recipient_id": str(grace.pk),
            "context": "introduced",
            "introducer_id": str(ana.pk),
        },
        **HTMX,
    ).content.decode()
    assert ASKED_WHO in html
    assert "Ana" not in html


def test_a_refused_form_does_not_ask_who_introduced_them(sid, grace, ana, client):
    client.force_login(sid)
    response = client.post(
        reverse("request_new", args=[grace.pk]),
        {"context": "introduced", "introducer_id": str(ana.pk), "note": LEAFLET},
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "Reads like a leaflet" in html
    assert ASKED_WHO not in html
    assert TOLD_WHAT in html


def test_the_api_refusal_does_not_ask_who_introduced_them(sid, grace, ana):
    _token, raw = api_token_create(member=sid, label="tests")
    api = Client(headers={"Authorization": f"Bearer {raw}"})
    payload = {
        "recipient_id": grace.pk,
        "context": "introduced",
        "introducer_id": ana.pk,
        "note": LEAFLET,
    }
    told = api.post("/api/requests", payload, content_type="application/json").json()
    assert told["code"] == "note_reads_as_leaflet"
    assert ASKED_WHO not in told["message"]
    assert TOLD_WHAT in told["message"]


def test_request_note_problems_read_the_introducer(sid, grace, ana):
    problems = request_note_problems(
        LEAFLET, sender=sid, recipient=grace, context="introduced", introducer=ana
    )
    assert problems and not any(ASKED_WHO in problem for problem in problems)
    assert any(TOLD_WHAT in problem for problem in problems)


# --- The live check reruns on every input its advice reads ----------------------------


def _inputs_named(html: str, name: str) -> list[str]:
    """Each opening tag of the form's inputs called ``name``."""
    return [
        tag
        for tag in re.findall(r"<(?:input|select|textarea)\b[^>]*>", html)
        if f'name="{name}"' in tag
    ]


@pytest.mark.parametrize("name", ["context", "introducer_id"])
def test_choosing_a_context_or_introducer_asks_for_the_check_too(sid, grace, ana, client, name):
    """Changed after the note, the choice changes the advice under it at once."""
    client.force_login(sid)
    html = client.get(reverse("request_new", args=[grace.pk])).content.decode()
    inputs = _inputs_named(html, name)
    assert inputs
    for tag in inputs:
        assert f'hx-post="{reverse("request_note_check")}"' in tag
        assert 'hx-trigger="change"' in tag
        assert 'hx-include="closest form"' in tag
        assert 'hx-target="#note-check"' in tag
        assert 'hx-sync="closest form:replace"' in tag  # the latest choice's advice wins
