"""What a member is told when an answer to a request comes too late, or a detail too
long: in the words of the page they are on, naming the other member, with the
error's stable code and the API's field key unchanged."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from rapport.errors import RapportError
from rapport.network.models import ConnectionRequest
from rapport.network.services import (
    connection_request_accept,
    connection_request_decline,
    connection_request_send,
    connection_request_withdraw,
    connection_requests_expire,
)
from rapport.network.states import (
    DETAIL_MAX,
    HIDDEN_FROM_RECIPIENT,
    REQUEST_GRAPH,
    REQUEST_REFUSALS,
)
from tests.conftest import request_send


@pytest.fixture
def ben(make_member):
    return make_member("Ben Okafor")


@pytest.fixture
def ana(make_member):
    return make_member("Ana Ruiz")


def _in_state(state: str, ben, ana) -> ConnectionRequest:
    """Ben's request to Ana, moved to ``state`` the way members move it."""
    request = request_send(ben, ana)
    if state == "accepted":
        connection_request_accept(member=ana, request_id=request.pk)
    elif state == "declined":
        connection_request_decline(member=ana, request_id=request.pk)
    elif state == "withdrawn":
        connection_request_withdraw(member=ben, request_id=request.pk)
    elif state == "expired":
        connection_requests_expire(now=timezone.now() + dt.timedelta(days=31))
    request.refresh_from_db()
    assert request.state == state
    return request


def _accept(ben, ana, request):
    connection_request_accept(member=ana, request_id=request.pk)


def _decline(ben, ana, request):
    connection_request_decline(member=ana, request_id=request.pk)


def _withdraw(ben, ana, request):
    connection_request_withdraw(member=ben, request_id=request.pk)


MOVES = {"accept": _accept, "decline": _decline, "withdraw": _withdraw}


@pytest.mark.parametrize(
    ("move", "state", "told"),
    [
        ("accept", "withdrawn", "Ben Okafor withdrew this request, so there is nothing to accept."),
        ("accept", "accepted", "You accepted Ben Okafor's request already."),
        (
            "accept",
            "declined",
            "You declined this request, so it cannot be accepted now. To connect with "
            "Ben Okafor, send them a request of your own.",
        ),
        (
            "accept",
            "expired",
            "This request has expired. To connect with Ben Okafor, send them a request of "
            "your own.",
        ),
        (
            "decline",
            "withdrawn",
            "Ben Okafor withdrew this request, so there is nothing to decline.",
        ),
        (
            "decline",
            "accepted",
            "You accepted this request already, so there is nothing to decline; you can move "
            "Ben Okafor to your past connections instead.",
        ),
        ("decline", "declined", "You declined this request already."),
        ("decline", "expired", "This request has expired. There is nothing left to decline."),
        (
            "withdraw",
            "accepted",
            "Ana Ruiz accepted this request already, so there is nothing to withdraw; you can "
            "move Ana Ruiz to your past connections instead.",
        ),
        ("withdraw", "withdrawn", "You withdrew this request already."),
        ("withdraw", "expired", "This request has expired. There is nothing left to withdraw."),
    ],
)
def test_an_answer_too_late_says_what_happened_as_people_talk(ben, ana, move, state, told):
    request = _in_state(state, ben, ana)

    with pytest.raises(RapportError) as refused:
        MOVES[move](ben, ana, request)

    assert refused.value.message == told
    assert refused.value.code == "invalid_transition"  # the code clients branch on, kept


@pytest.mark.parametrize(
    ("move", "told"),
    [
        (
            "accept",
            "This request has expired. To connect with Ben Okafor, send them a request of "
            "your own.",
        ),
        ("decline", "This request has expired. There is nothing left to decline."),
        ("withdraw", "This request has expired. There is nothing left to withdraw."),
    ],
)
def test_a_request_past_its_time_reads_as_expired_before_the_worker_moves_it(
    ben, ana, time_machine, move, told
):
    request = request_send(ben, ana)
    time_machine.move_to(timezone.now() + dt.timedelta(days=31), tick=False)

    with pytest.raises(RapportError) as refused:
        MOVES[move](ben, ana, request)

    assert (refused.value.message, refused.value.code) == (told, "request_expired")


def test_every_move_a_member_makes_too_late_has_its_own_words():
    """The recipient accepts or declines what reached them; the sender withdraws."""
    seen_by = {"accepted": "recipient", "declined": "recipient", "withdrawn": "sender"}
    for target, actor in seen_by.items():
        for state in REQUEST_GRAPH.states:
            if target in REQUEST_GRAPH.transitions[state]:
                continue
            if actor == "recipient" and state in HIDDEN_FROM_RECIPIENT:
                continue  # "no such request" to them: it never reached them
            assert (state, target) in REQUEST_REFUSALS, (state, target)


def test_accepting_a_withdrawn_request_on_the_page_says_so(ben, ana, signed_in):
    request = _in_state("withdrawn", ben, ana)

    response = signed_in(ana).post(reverse("request_accept", args=[request.pk]), follow=True)

    assert "Ben Okafor withdrew this request, so there is nothing to accept." in (
        response.content.decode()
    )


def test_the_api_keeps_the_code_and_gives_the_words(ben, ana, api_as):
    request = _in_state("withdrawn", ben, ana)

    answered = api_as(ana).post(f"/requests/{request.pk}/accept")

    assert answered.status_code == 409
    assert answered.json()["code"] == "invalid_transition"
    assert answered.json()["message"] == (
        "Ben Okafor withdrew this request, so there is nothing to accept."
    )


@pytest.mark.parametrize(
    ("context", "asked"),
    [
        ("gathering", "Which gathering?"),
        ("other", "How do you know each other?"),
        ("worked_together", "Where, and when?"),
    ],
)
def test_a_detail_too_long_is_named_as_the_page_asks_for_it(ben, ana, context, asked):
    with pytest.raises(RapportError) as refused:
        connection_request_send(
            sender=ben,
            recipient_id=ana.pk,
            context=context,
            context_detail="x" * (DETAIL_MAX + 1),
            note="Ana, we worked on the tram timetable data together. Could we talk about it?",
        )

    assert refused.value.message == (
        f"Your answer to “{asked}” is {DETAIL_MAX + 1:,} characters; the limit is {DETAIL_MAX:,}."
    )
    assert refused.value.field == "context_detail"  # the API's key and the form's


def test_the_page_shows_the_detail_error_beside_the_detail(ben, ana, signed_in):
    response = signed_in(ben).post(
        reverse("request_new", args=[ana.pk]),
        {
            "context": "other",
            "context_detail": "x" * (DETAIL_MAX + 1),
            "note": "Ana, we worked on the tram timetable data together. Could we talk about it?",
        },
    )

    assert response.status_code == 422
    page = response.content.decode()
    assert "Your answer to “How do you know each other?” is 201 characters" in page
    assert "The context is" not in page
