"""Connection requests through the API: every rule a sender or recipient relies on."""

from __future__ import annotations

import datetime as dt

import pytest

from rapport.conversations.models import Message
from rapport.conversations.selectors import conversation_with
from rapport.network.models import Connection, ConnectionRequest
from rapport.network.services import connection_request_decline
from rapport.safety.services import block_create
from tests.api.public_shape import MEMBER_KEYS, NO_PHOTO, assert_no_private_keys
from tests.conftest import GOOD_NOTE

START = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)
REQUEST_KEYS = {
    "id",
    "context",
    "context_label",
    "verified",
    "context_detail",
    "introducer",
    "note",
    "offer",
    "created_at",
    "expires_at",
}


def body_for(recipient, **overrides) -> dict:
    return {
        "recipient_id": recipient.pk,
        "context": "worked_together",
        "note": GOOD_NOTE.format(name=recipient.name.split()[0]),
    } | overrides


@pytest.fixture
def ada(make_member):
    return make_member("Ada Lovelace")


@pytest.fixture
def ben(make_member):
    return make_member("Ben Okafor")


def test_sending_a_request_writes_it_and_shows_it_pending(ada, ben, api_as):
    response = api_as(ada).post(
        "/requests", body_for(ben, context_detail="Transit Lab, 2021", offer="An intro to Cy")
    )

    assert response.status_code == 201
    body = response.json()
    assert set(body) == REQUEST_KEYS | {"recipient", "state"}
    assert set(body["recipient"]) == MEMBER_KEYS
    assert (body["state"], body["context_label"]) == ("pending", "We worked together")
    stored = ConnectionRequest.objects.get(pk=body["id"])
    assert (stored.sender, stored.recipient, stored.state) == (ada, ben, "pending")
    assert (stored.context_detail, stored.offer) == ("Transit Lab, 2021", "An intro to Cy")


def test_a_request_to_yourself_is_refused(ada, api_as):
    response = api_as(ada).post("/requests", body_for(ada))

    assert response.status_code == 400
    assert response.json()["code"] == "request_to_self"
    assert not ConnectionRequest.objects.exists()


def test_a_request_to_a_connection_is_a_conflict(ada, ben, api_as, connect):
    connect(ada, ben)

    response = api_as(ada).post("/requests", body_for(ben))

    assert response.status_code == 409
    assert response.json()["code"] == "already_connected"


def test_a_second_request_either_way_is_a_conflict(ada, ben, api_as):
    assert api_as(ada).post("/requests", body_for(ben)).status_code == 201

    again = api_as(ada).post("/requests", body_for(ben))
    reverse = api_as(ben).post("/requests", body_for(ada))

    assert (again.status_code, again.json()["code"]) == (409, "request_pending")
    assert (reverse.status_code, reverse.json()["code"]) == (409, "request_pending_reverse")
    assert ConnectionRequest.objects.count() == 1


@pytest.mark.parametrize(("length", "status"), [(39, 422), (40, 201), (600, 201), (601, 422)])
def test_the_note_is_40_to_600_characters(ada, ben, api_as, length, status):
    response = api_as(ada).post("/requests", body_for(ben, note="n" * length))

    assert response.status_code == status
    if status == 422:
        assert response.json()["field"] == "note"
        assert str(length) in response.json()["message"]
    assert ConnectionRequest.objects.count() == (status == 201)


@pytest.mark.parametrize("context", [None, ""])
def test_a_request_must_say_how_you_know_them(ada, ben, api_as, context):
    body = body_for(ben, context=context)
    if context is None:
        del body["context"]

    response = api_as(ada).post("/requests", body)

    assert response.status_code == 422
    assert response.json()["field"] == "context"
    assert not ConnectionRequest.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"context": "other"}, "context_detail"),
        ({"context": "gathering"}, "context_detail"),
        ({"context": "introduced"}, "introducer_id"),
        ({"context": "a feeling"}, "context"),
        ({"offer": "o" * 301}, "offer"),
    ],
)
def test_the_context_rules_name_their_field(ada, ben, api_as, overrides, field):
    response = api_as(ada).post("/requests", body_for(ben, **overrides))

    assert (response.status_code, response.json()["field"]) == (422, field)


def test_a_request_to_nobody_is_404(ada, api_as):
    response = api_as(ada).post("/requests", {**body_for(ada), "recipient_id": ada.pk + 999})

    assert response.status_code == 404


def test_the_pending_budget_says_when_a_slot_frees_up(
    ada, make_member, api_as, settings, time_machine
):
    settings.RAPPORT_REQUEST_BUDGET_PENDING = 2
    time_machine.move_to(START, tick=False)
    api = api_as(ada)
    first, second, third = (make_member(f"Person {n}") for n in range(3))
    assert api.post("/requests", body_for(first)).status_code == 201
    time_machine.move_to(START + dt.timedelta(hours=1), tick=False)
    assert api.post("/requests", body_for(second)).status_code == 201

    response = api.post("/requests", body_for(third))

    assert response.status_code == 429
    body = response.json()
    assert body["code"] == "budget_pending"
    # The first request expires 30 days after it was sent, freeing its slot.
    assert dt.datetime.fromisoformat(body["retry_at"]) == START + dt.timedelta(days=30)
    assert (
        int(response["Retry-After"])
        == (dt.timedelta(days=30) - dt.timedelta(hours=1)).total_seconds()
    )
    assert ConnectionRequest.objects.count() == 2


def test_the_weekly_budget_says_when_the_next_send_is_possible(
    ada, make_member, api_as, settings, time_machine
):
    settings.RAPPORT_REQUEST_BUDGET_WEEK = 3
    api = api_as(ada)
    people = [make_member(f"Person {n}") for n in range(5)]
    for day, person in enumerate(people[:3]):
        time_machine.move_to(START + dt.timedelta(days=day), tick=False)
        assert api.post("/requests", body_for(person)).status_code == 201

    time_machine.move_to(START + dt.timedelta(days=3), tick=False)
    refused = api.post("/requests", body_for(people[3]))

    assert refused.status_code == 429
    assert refused.json()["code"] == "budget_week"
    retry_at = dt.datetime.fromisoformat(refused.json()["retry_at"])
    assert retry_at == START + dt.timedelta(days=7)
    assert int(refused["Retry-After"]) == dt.timedelta(days=4).total_seconds()

    time_machine.move_to(retry_at + dt.timedelta(seconds=1), tick=False)
    assert api.post("/requests", body_for(people[3])).status_code == 201


def test_a_decline_looks_pending_to_the_sender_until_expiry(ada, ben, api_as, time_machine):
    time_machine.move_to(START, tick=False)
    sent = api_as(ada).post("/requests", body_for(ben)).json()

    declined = api_as(ben).post(f"/requests/{sent['id']}/decline")

    assert (declined.status_code, declined.content) == (204, b"")
    assert ConnectionRequest.objects.get(pk=sent["id"]).state == "declined"
    outgoing = api_as(ada).get("/requests", {"box": "outgoing"})
    assert [row["state"] for row in outgoing.json()] == ["pending"]
    assert "declined" not in outgoing.content.decode()
    assert api_as(ben).get("/requests", {"box": "incoming"}).json() == []

    time_machine.move_to(START + dt.timedelta(days=30, minutes=1), tick=False)
    later = api_as(ada).get("/requests", {"box": "outgoing"})
    assert [row["state"] for row in later.json()] == ["not_accepted"]
    assert "declined" not in later.content.decode()


def test_a_recipient_who_blocked_you_shows_only_their_name_in_outgoing(
    ada, ben, make_member, api_as
):
    """Blocking declines the blocked member's request, which still reads "pending" to
    them; beside it they see nothing of the blocker's profile (docs/security.md), as
    the requests page shows only the name. Other recipients keep their profile."""
    cy = make_member("Cy Tran", headline="Maps")
    api_as(ada).post("/requests", body_for(ben))
    api_as(ada).post("/requests", body_for(cy))
    block_create(blocker=ben, blocked_id=ada.pk)
    ben.headline, ben.location = "Quietly moved on", "Lisbon"
    ben.save(update_fields=["headline", "location"])

    outgoing = {
        row["recipient"]["id"]: row
        for row in api_as(ada).get("/requests", {"box": "outgoing"}).json()
    }

    # The shape of any member's, empty, so it does not tell Ada a block exists.
    assert outgoing[ben.pk]["recipient"] == {
        "id": ben.pk,
        "username": ben.username,
        "name": "Ben Okafor",
        **dict.fromkeys(
            ("headline", "organisation", "location", "bio", "can_help_with", "looking_for"), ""
        ),
        "interests": [],
        **NO_PHOTO,
    }
    assert outgoing[ben.pk]["state"] == "pending"
    assert set(outgoing[cy.pk]["recipient"]) == MEMBER_KEYS
    assert outgoing[cy.pk]["recipient"]["headline"] == "Maps"


def test_incoming_shows_who_asked_and_why(ada, ben, make_member, api_as, connect):
    cy = make_member("Cy Tran")
    connect(cy, ada)
    connect(cy, ben)
    api_as(ada).post(
        "/requests",
        body_for(ben, context="introduced", introducer_id=cy.pk, offer="Coffee and maps"),
    )

    response = api_as(ben).get("/requests", {"box": "incoming"})

    assert response.status_code == 200
    [row] = response.json()
    assert set(row) == REQUEST_KEYS | {"sender"}
    assert set(row["sender"]) == MEMBER_KEYS
    assert row["sender"]["name"] == "Ada Lovelace"
    assert row["introducer"] == {"id": cy.pk, "name": "Cy Tran", **NO_PHOTO}
    assert (row["context"], row["context_label"]) == ("introduced", "A member introduced us")
    assert row["offer"] == "Coffee and maps"
    assert row["note"].startswith("Hi Ben")
    assert_no_private_keys(response.json())


def test_accepting_connects_and_opens_the_conversation_with_the_note(ada, ben, api_as):
    sent = api_as(ada).post("/requests", body_for(ben)).json()

    response = api_as(ben).post(f"/requests/{sent['id']}/accept")

    assert response.status_code == 200
    body = response.json()
    assert body["connection"]["member"]["id"] == ada.pk
    assert Connection.objects.filter(request_id=sent["id"]).exists()
    conversation = conversation_with(member=ben, other_id=ada.pk)
    assert body["conversation_id"] == conversation.pk
    first = Message.objects.filter(conversation=conversation).order_by("id").first()
    assert (first.sender, first.body) == (ada, sent["note"])
    outgoing = api_as(ada).get("/requests", {"box": "outgoing"}).json()
    assert [row["state"] for row in outgoing] == ["accepted"]
    again = api_as(ben).post(f"/requests/{sent['id']}/accept")
    assert (again.status_code, again.json()["code"]) == (409, "invalid_transition")


def test_the_sender_cannot_accept_or_decline_their_own_request(ada, ben, api_as):
    sent = api_as(ada).post("/requests", body_for(ben)).json()

    accept = api_as(ada).post(f"/requests/{sent['id']}/accept")
    decline = api_as(ada).post(f"/requests/{sent['id']}/decline")

    assert (accept.status_code, accept.json()["code"]) == (403, "not_recipient")
    assert decline.status_code == 403
    assert ConnectionRequest.objects.get(pk=sent["id"]).state == "pending"
    assert not Connection.objects.exists()


def test_a_stranger_touching_a_request_is_told_it_does_not_exist(ada, ben, make_member, api_as):
    sent = api_as(ada).post("/requests", body_for(ben)).json()
    stranger = api_as(make_member("Cy Tran"))

    for action in ("accept", "decline", "withdraw"):
        response = stranger.post(f"/requests/{sent['id']}/{action}")
        assert (response.status_code, response.json()["code"]) == (404, "not_found")
    missing = stranger.post(f"/requests/{sent['id'] + 999}/accept")
    assert missing.json() == response.json()  # absent and hidden read the same
    assert ConnectionRequest.objects.get(pk=sent["id"]).state == "pending"


def test_withdrawing_removes_the_request_from_both_boxes(ada, ben, api_as):
    sent = api_as(ada).post("/requests", body_for(ben)).json()

    by_recipient = api_as(ben).post(f"/requests/{sent['id']}/withdraw")
    by_sender = api_as(ada).post(f"/requests/{sent['id']}/withdraw")

    assert (by_recipient.status_code, by_recipient.json()["code"]) == (403, "not_sender")
    assert by_sender.status_code == 204
    assert ConnectionRequest.objects.get(pk=sent["id"]).state == "withdrawn"
    assert api_as(ada).get("/requests", {"box": "outgoing"}).json() == []
    assert api_as(ben).get("/requests", {"box": "incoming"}).json() == []


def test_withdrawing_a_declined_request_works_like_a_pending_one(ada, ben, api_as):
    sent = api_as(ada).post("/requests", body_for(ben)).json()
    connection_request_decline(member=ben, request_id=sent["id"])

    assert api_as(ada).post(f"/requests/{sent['id']}/withdraw").status_code == 204


def test_accepting_at_your_cap_is_refused(ada, ben, make_member, api_as, connect, settings):
    settings.RAPPORT_CONNECTION_CAP = 2
    connect(ben, make_member("Cy Tran"))
    connect(ben, make_member("Dee Park"))
    sent = api_as(ada).post("/requests", body_for(ben)).json()

    response = api_as(ben).post(f"/requests/{sent['id']}/accept")

    assert response.status_code == 409
    assert response.json()["code"] == "at_capacity"
    assert "2" in response.json()["message"]
    assert not Connection.objects.filter(request_id=sent["id"]).exists()
    assert ConnectionRequest.objects.get(pk=sent["id"]).state == "pending"


def test_accepting_when_the_sender_is_at_their_cap_is_refused(
    ada, ben, make_member, api_as, connect, settings
):
    settings.RAPPORT_CONNECTION_CAP = 2
    sent = api_as(ada).post("/requests", body_for(ben)).json()
    connect(ada, make_member("Cy Tran"))
    connect(ada, make_member("Dee Park"))

    response = api_as(ben).post(f"/requests/{sent['id']}/accept")

    assert (response.status_code, response.json()["code"]) == (409, "other_at_capacity")


@pytest.mark.parametrize("box", ["incoming", "outgoing"])
def test_request_lists_cost_the_same_queries_for_3_or_10(
    ada, make_member, api_as, send_request, connect, settings, box
):
    settings.RAPPORT_REQUEST_BUDGET_PENDING = settings.RAPPORT_REQUEST_BUDGET_WEEK = 100
    api = api_as(ada)

    def grow(rows: int) -> None:
        for _ in range(rows):
            other, introducer = make_member(), make_member()
            connect(introducer, ada)
            connect(introducer, other)
            if box == "incoming":
                send_request(other, ada, context="introduced", introducer_id=introducer.pk)
            else:
                send_request(ada, other, context="introduced", introducer_id=introducer.pk)

    grow(3)
    with_three = api.queries("/requests", {"box": box})
    grow(7)

    assert len(api.get("/requests", {"box": box}).json()) == 10
    assert api.queries("/requests", {"box": box}) == with_three <= 3
