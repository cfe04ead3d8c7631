"""Blocks: a blocked member cannot request, message or find the member who blocked
them, and nothing they meet tells a block apart from "no such member"."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from rapport.conversations.selectors import conversation_with
from rapport.errors import NotFound, RapportError
from rapport.network.models import Connection, ConnectionRequest, PastConnection
from rapport.network.selectors import visible_state
from rapport.network.services import connection_request_send
from rapport.safety.models import Block
from rapport.safety.selectors import blocked_either_way, blocked_ids
from rapport.safety.services import block_create, block_delete
from tests.conftest import GOOD_NOTE

NOT_FOUND = {"code": "not_found", "message": "No such member.", "field": None}


@pytest.fixture
def ana(make_member):
    return make_member("Ana Ruiz", organisation="Transit Lab")


@pytest.fixture
def ben(make_member):
    return make_member("Ben Okafor")


def _note(name: str) -> dict[str, str]:
    return {"context": "worked_together", "note": GOOD_NOTE.format(name=name)}


# The rows and their rules -------------------------------------------------------------


def test_the_database_refuses_a_second_block_of_the_same_pair(ana, ben):
    block_create(blocker=ana, blocked_id=ben.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        Block.objects.create(blocker=ana, blocked=ben, created_at=Block.objects.get().created_at)


def test_the_database_refuses_a_block_of_oneself(ana):
    with pytest.raises(IntegrityError), transaction.atomic():
        Block.objects.create(blocker=ana, blocked=ana, created_at="2025-01-01T00:00Z")


def test_blocking_twice_keeps_the_first_block(ana, ben):
    first = block_create(blocker=ana, blocked_id=ben.pk)
    again = block_create(blocker=ana, blocked_id=ben.pk)
    assert again.pk == first.pk
    assert Block.objects.count() == 1


def test_nobody_can_block_themselves(ana):
    with pytest.raises(RapportError) as raised:
        block_create(blocker=ana, blocked_id=ana.pk)
    assert (raised.value.status, raised.value.code) == (400, "self")


def test_a_block_counts_both_ways_for_the_selectors(ana, ben, make_member):
    cy = make_member("Cy Tran")
    block_create(blocker=ana, blocked_id=ben.pk)
    block_create(blocker=cy, blocked_id=ana.pk)

    assert blocked_either_way(ana.pk, ben.pk) and blocked_either_way(ben.pk, ana.pk)
    assert not blocked_either_way(ben.pk, cy.pk)
    assert blocked_ids(ana.pk) == {ben.pk, cy.pk}
    assert blocked_ids(ben.pk) == {ana.pk}


# What a block ends --------------------------------------------------------------------


def test_a_block_ends_the_connection_into_the_blockers_past(ana, ben, connect):
    connect(ana, ben)
    block_create(blocker=ana, blocked_id=ben.pk)

    assert not Connection.objects.exists()
    assert PastConnection.objects.filter(owner=ana, other=ben).exists()
    assert not PastConnection.objects.filter(owner=ben).exists()


def test_a_block_closes_open_requests_and_the_blocked_sender_sees_no_decline(
    ana, ben, send_request
):
    theirs = send_request(ben, ana)
    block_create(blocker=ana, blocked_id=ben.pk)

    theirs.refresh_from_db()
    assert theirs.state == "declined"
    # A decline is silent: Ben still reads "pending" until it would have expired.
    assert visible_state(theirs, viewer_id=ben.pk) == "pending"


def test_a_block_withdraws_the_blockers_own_request(ana, ben, send_request):
    mine = send_request(ana, ben)
    block_create(blocker=ana, blocked_id=ben.pk)
    mine.refresh_from_db()
    assert mine.state == "withdrawn"


def test_unblocking_lets_them_meet_again_but_restores_nothing(ana, ben, connect):
    connect(ana, ben)
    block_create(blocker=ana, blocked_id=ben.pk)
    block_delete(blocker=ana, blocked_id=ben.pk)

    assert not Block.objects.exists()
    assert not Connection.objects.exists()
    with pytest.raises(NotFound):
        block_delete(blocker=ana, blocked_id=ben.pk)


def test_only_the_blocker_can_unblock(ana, ben):
    block_create(blocker=ana, blocked_id=ben.pk)
    with pytest.raises(NotFound):
        block_delete(blocker=ben, blocked_id=ana.pk)
    assert Block.objects.count() == 1


# Finding ------------------------------------------------------------------------------


def test_the_blocked_member_cannot_find_the_blocker_by_search(ana, ben, api_as):
    block_create(blocker=ana, blocked_id=ben.pk)
    found = api_as(ben).get("/members", {"q": "Ana"}).json()
    assert found == []


def test_the_blocker_does_not_meet_the_blocked_in_search_either(ana, ben, api_as):
    block_create(blocker=ana, blocked_id=ben.pk)
    assert api_as(ana).get("/members", {"q": "Ben"}).json() == []


def test_the_blockers_profile_is_not_found_exactly_as_a_missing_member(ana, ben, api_as):
    block_create(blocker=ana, blocked_id=ben.pk)
    api = api_as(ben)

    blocked = api.get(f"/members/{ana.pk}")
    missing = api.get("/members/999999")
    assert blocked.status_code == missing.status_code == 404
    assert blocked.json() == missing.json() == NOT_FOUND


def test_the_blockers_profile_page_is_a_404_to_the_blocked(ana, ben, client):
    block_create(blocker=ana, blocked_id=ben.pk)
    client.force_login(ben)
    assert client.get(reverse("member_profile", args=[ana.pk])).status_code == 404
    assert client.get(reverse("search"), {"q": "Ana"}).context["results"] == []


def test_the_blocker_still_sees_the_blocked_profile_with_a_way_back(ana, ben, client):
    block_create(blocker=ana, blocked_id=ben.pk)
    client.force_login(ana)
    page = client.get(reverse("member_profile", args=[ben.pk]))
    assert page.status_code == 200
    assert reverse("safety_unblock", args=[ben.pk]).encode() in page.content
    assert reverse("request_new", args=[ben.pk]).encode() not in page.content


# Requests and messages (network and conversations check blocked_either_way) ----------


def test_the_blocked_member_cannot_send_a_request_and_is_told_no_such_member(ana, ben):
    block_create(blocker=ana, blocked_id=ben.pk)
    with pytest.raises(NotFound) as raised:
        connection_request_send(sender=ben, recipient_id=ana.pk, **_note("Ana"))
    assert raised.value.message == "No such member."
    assert not ConnectionRequest.objects.filter(sender=ben).exists()


def test_the_blocker_cannot_send_a_request_to_the_blocked_either(ana, ben):
    block_create(blocker=ana, blocked_id=ben.pk)
    with pytest.raises(NotFound):
        connection_request_send(sender=ana, recipient_id=ben.pk, **_note("Ben"))


def test_a_request_over_the_api_reads_as_a_missing_member(ana, ben, api_as):
    block_create(blocker=ana, blocked_id=ben.pk)
    api = api_as(ben)
    blocked = api.post("/requests", {"recipient_id": ana.pk, **_note("Ana")})
    missing = api.post("/requests", {"recipient_id": 999999, **_note("Ana")})
    assert blocked.status_code == missing.status_code == 404
    assert blocked.json() == missing.json()


def test_the_blocked_member_cannot_write_in_their_old_conversation(ana, ben, connect, api_as):
    connect(ana, ben)
    conversation = conversation_with(member=ben, other_id=ana.pk)
    block_create(blocker=ana, blocked_id=ben.pk)

    response = api_as(ben).post(
        f"/conversations/{conversation.pk}/messages", {"body": "Why did you go quiet?"}
    )
    missing = api_as(ben).post("/conversations/999999/messages", {"body": "Hello?"})
    assert response.status_code == missing.status_code == 404
    assert response.json()["code"] == "not_found"


# Pages --------------------------------------------------------------------------------


def test_blocking_from_the_profile_lists_the_block_on_the_safety_page(ana, ben, client):
    client.force_login(ana)
    response = client.post(reverse("safety_block", args=[ben.pk]), follow=True)
    assert response.status_code == 200
    assert list(response.context["blocks"]) == list(Block.objects.filter(blocker=ana))
    assert b"Ben Okafor" in response.content

    client.post(reverse("safety_unblock", args=[ben.pk]))
    assert not Block.objects.exists()


def test_the_safety_page_costs_the_same_queries_for_one_block_or_many(
    ana, make_member, client, django_assert_max_num_queries
):
    client.force_login(ana)
    for n in range(12):
        block_create(blocker=ana, blocked_id=make_member(f"Spammer {n}").pk)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("safety")).status_code == 200


def test_nobody_sees_who_blocked_them(ana, ben, api_as):
    block_create(blocker=ana, blocked_id=ben.pk)
    assert api_as(ben).get("/blocks").json() == []
    listed = api_as(ana).get("/blocks").json()
    assert [(row["member_id"], row["name"]) for row in listed] == [(ben.pk, "Ben Okafor")]


def test_the_api_blocks_and_unblocks(ana, ben, api_as):
    api = api_as(ana)
    created = api.post(f"/members/{ben.pk}/block")
    assert created.status_code == 201
    assert created.json()["member_id"] == ben.pk
    assert api.delete(f"/members/{ben.pk}/block").status_code == 204
    assert api.delete(f"/members/{ben.pk}/block").status_code == 404


def test_a_block_rejects_a_request_held_for_a_moderator_so_it_is_never_released(
    ana, ben, send_request
):
    held = send_request(ben, ana)
    ConnectionRequest.objects.filter(pk=held.pk).update(state="held", hold_reason="Declines.")
    block_create(blocker=ana, blocked_id=ben.pk)
    held.refresh_from_db()
    assert held.state == "rejected"
    assert visible_state(held, viewer_id=ben.pk) == "pending"
