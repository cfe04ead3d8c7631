"""Connection requests at the service level: refusals, budgets, expiry, what each side sees."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.db import transaction
from django.db.models import Count, F, Q
from hypothesis import HealthCheck, event, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from rapport.errors import (
    BudgetExceeded,
    Conflict,
    InvalidInput,
    InvalidTransition,
    NotFound,
    NotPermitted,
    RapportError,
)
from rapport.network.models import Connection, ConnectionRequest
from rapport.network.selectors import (
    NOT_ACCEPTED,
    are_connected,
    capacity_of,
    pending_between,
    request_get,
    requests_incoming,
    requests_outgoing,
    requests_waiting,
    visible_state,
)
from rapport.network.services import (
    connection_end,
    connection_request_accept,
    connection_request_decline,
    connection_request_send,
    connection_request_withdraw,
    connection_requests_expire,
)
from rapport.network.tasks import expire_connection_requests
from rapport.pairs import ordered_pair
from tests.conftest import GOOD_NOTE
from tests.network.written import written_notes

START = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)
THIRTY_DAYS = dt.timedelta(days=30)


@pytest.fixture
def clock(time_machine):
    """Time stands still at START unless a test moves it."""
    time_machine.move_to(START, tick=False)
    return time_machine


@pytest.fixture
def ana(make_member):
    return make_member("Ana Lima")


@pytest.fixture
def ben(make_member):
    return make_member("Ben Okafor")


def note(length: int) -> str:
    """A note of exactly ``length`` characters once stripped, padded with spaces around."""
    body = ("We met at the Leeds meetup and talked about mentoring. " * 20)[:length]
    body = body[:-1] + "x" if length else body
    return f"   {body}\n  "


# Refusals ---------------------------------------------------------------------------


def test_a_member_cannot_send_a_request_to_themselves(ana, send_request):
    with pytest.raises(RapportError) as raised:
        send_request(ana, ana)
    assert raised.value.code == "request_to_self"
    assert raised.value.field == "recipient_id"
    assert not ConnectionRequest.objects.exists()


def test_a_request_to_an_unknown_or_deactivated_member_is_not_found(ana, make_member):
    gone = make_member("Gone Member")
    gone.is_active = False
    gone.save()
    for recipient_id in (gone.pk, gone.pk + 1000):
        with pytest.raises(NotFound) as raised:
            connection_request_send(
                sender=ana, recipient_id=recipient_id, context="worked_together", note=note(80)
            )
        assert raised.value.field == "recipient_id"
    assert not ConnectionRequest.objects.exists()


def test_a_request_to_someone_already_connected_is_refused(ana, ben, connect, send_request):
    connect(ana, ben)
    for sender, recipient in ((ana, ben), (ben, ana)):
        with pytest.raises(Conflict) as raised:
            send_request(sender, recipient)
        assert raised.value.code == "already_connected"
        assert raised.value.field is None
    assert ConnectionRequest.objects.count() == 1


def test_a_second_request_to_the_same_member_is_refused(ana, ben, send_request):
    send_request(ana, ben)
    with pytest.raises(Conflict) as raised:
        send_request(ana, ben)
    assert raised.value.code == "request_pending"
    assert ConnectionRequest.objects.count() == 1


def test_a_request_back_to_someone_who_already_asked_points_to_the_inbox(ana, ben, send_request):
    send_request(ana, ben)
    with pytest.raises(Conflict) as raised:
        send_request(ben, ana)
    assert raised.value.code == "request_pending_reverse"
    assert "Ana Lima has already sent you a request" in raised.value.message
    assert ConnectionRequest.objects.count() == 1


@pytest.mark.parametrize(
    ("length", "accepted"), [(39, False), (40, True), (600, True), (601, False)]
)
def test_the_note_must_hold_40_to_600_characters_after_stripping(ana, ben, length, accepted):
    raw = note(length)
    assert len(raw) > length and len(raw.strip()) == length
    if accepted:
        request = connection_request_send(
            sender=ana, recipient_id=ben.pk, context="worked_together", note=raw
        )
        assert request.note == raw.strip()
        return
    with pytest.raises(InvalidInput) as raised:
        connection_request_send(
            sender=ana, recipient_id=ben.pk, context="worked_together", note=raw
        )
    assert raised.value.code == "note_length"
    assert raised.value.field == "note"
    assert f"The note is {length} characters" in raised.value.message
    assert not ConnectionRequest.objects.exists()


@pytest.mark.parametrize(
    ("fields", "code", "field"),
    [
        ({"context": ""}, "context_missing", "context"),
        ({"context": "met_online"}, "context_unknown", "context"),
        ({"context": "gathering"}, "context_detail_missing", "context_detail"),
        (
            {"context": "gathering", "context_detail": "   "},
            "context_detail_missing",
            "context_detail",
        ),
        ({"context": "other"}, "context_detail_missing", "context_detail"),
        ({"context": "introduced"}, "introducer_missing", "introducer_id"),
        ({"context": "worked_together", "context_detail": "x" * 201}, "invalid", "context_detail"),
        ({"context": "worked_together", "offer": "x" * 301}, "invalid", "offer"),
    ],
)
def test_the_context_must_say_how_you_know_each_other(ana, ben, fields, code, field):
    with pytest.raises(InvalidInput) as raised:
        connection_request_send(sender=ana, recipient_id=ben.pk, note=note(80), **fields)
    assert (raised.value.code, raised.value.field) == (code, field)
    assert raised.value.message
    assert not ConnectionRequest.objects.exists()


def test_the_introducer_must_be_another_active_member(ana, ben, make_member):
    gone = make_member("Gone Member")
    gone.is_active = False
    gone.save()
    for introducer_id in (ana.pk, ben.pk, gone.pk, gone.pk + 1000):
        with pytest.raises(InvalidInput) as raised:
            connection_request_send(
                sender=ana,
                recipient_id=ben.pk,
                context="introduced",
                introducer_id=introducer_id,
                note=note(80),
            )
        assert (raised.value.code, raised.value.field) == ("introducer_unknown", "introducer_id")
    assert not ConnectionRequest.objects.exists()


def test_a_request_through_an_introducer_records_who_introduced(ana, ben, make_member):
    cara = make_member("Cara Diaz")
    request = connection_request_send(
        sender=ana, recipient_id=ben.pk, context="introduced", introducer_id=cara.pk, note=note(80)
    )
    request.refresh_from_db()
    assert request.introducer_id == cara.pk
    assert request.state == "pending"


# Budgets ----------------------------------------------------------------------------


def test_the_pending_budget_says_when_the_oldest_open_request_expires(
    clock, ana, make_member, send_fresh, settings
):
    assert settings.RAPPORT_REQUEST_BUDGET_PENDING == 5
    sent = []
    for _ in range(5):
        sent.append(send_fresh(ana, make_member()))
        clock.shift(dt.timedelta(hours=3))
    with pytest.raises(BudgetExceeded) as raised:
        send_fresh(ana, make_member())
    assert raised.value.code == "budget_pending"
    assert raised.value.status == 429
    assert raised.value.retry_at == sent[0].expires_at == START + THIRTY_DAYS
    assert raised.value.as_dict()["retry_at"] == sent[0].expires_at.isoformat()
    assert ConnectionRequest.objects.filter(sender=ana).count() == 5


def test_withdrawing_a_request_frees_a_pending_slot(clock, ana, make_member, send_fresh):
    sent = [send_fresh(ana, make_member()) for _ in range(5)]
    late = make_member()
    with pytest.raises(BudgetExceeded):
        send_fresh(ana, late)
    connection_request_withdraw(member=ana, request_id=sent[2].pk)
    assert send_fresh(ana, late).state == "pending"


def test_a_decline_keeps_counting_until_the_request_would_have_expired(
    clock, ana, make_member, send_fresh
):
    """A slot freed by a decline would tell the sender they were declined."""
    first_recipient = make_member()
    first = send_fresh(ana, first_recipient)
    clock.shift(DAY)
    for _ in range(4):
        send_fresh(ana, make_member())
    connection_request_decline(member=first_recipient, request_id=first.pk)

    late = make_member()
    with pytest.raises(BudgetExceeded) as raised:
        send_fresh(ana, late)
    assert raised.value.code == "budget_pending"
    assert raised.value.retry_at == first.expires_at

    clock.move_to(first.expires_at - dt.timedelta(seconds=1), tick=False)
    with pytest.raises(BudgetExceeded):
        send_fresh(ana, late)
    clock.move_to(first.expires_at, tick=False)
    assert send_fresh(ana, late).state == "pending"


def test_withdrawing_a_silently_declined_request_works_like_any_withdrawal(
    ana, ben, make_member, send_fresh
):
    request = send_fresh(ana, ben)
    connection_request_decline(member=ben, request_id=request.pk)
    connection_request_withdraw(member=ana, request_id=request.pk)
    request.refresh_from_db()
    assert request.state == "withdrawn"
    assert request not in requests_outgoing(member=ana)
    for _ in range(5):
        send_fresh(ana, make_member())


def test_the_weekly_budget_says_when_the_oldest_send_leaves_the_window(
    clock, ana, make_member, send_fresh, settings
):
    settings.RAPPORT_REQUEST_BUDGET_PENDING = 100
    assert settings.RAPPORT_REQUEST_BUDGET_WEEK == 10
    sent = []
    for _ in range(10):
        sent.append(send_fresh(ana, make_member()))
        clock.shift(dt.timedelta(hours=6))
    late = make_member()
    with pytest.raises(BudgetExceeded) as raised:
        send_fresh(ana, late)
    assert raised.value.code == "budget_week"
    assert raised.value.retry_at == sent[0].created_at + dt.timedelta(days=7)

    clock.move_to(raised.value.retry_at, tick=False)
    assert send_fresh(ana, late).state == "pending"


def test_withdrawn_requests_still_count_toward_the_week(clock, ana, make_member, send_fresh):
    """Otherwise send-and-withdraw would be a way round the weekly budget."""
    for _ in range(10):
        request = send_fresh(ana, make_member())
        connection_request_withdraw(member=ana, request_id=request.pk)
    with pytest.raises(BudgetExceeded) as raised:
        send_fresh(ana, make_member())
    assert raised.value.code == "budget_week"
    assert raised.value.retry_at == START + dt.timedelta(days=7)


def test_the_waiting_list_is_the_incoming_queryset_read_in_one_query(
    clock, ana, ben, make_member, django_assert_num_queries
):
    """``requests_waiting`` (the API's and the inbox's plain SQL) gives what
    ``requests_incoming`` gives, in its order, with each sender's profile loaded."""
    cara, dan, eve, fay = (
        make_member(name, headline="Engineer") for name in ("Cara", "Dan", "Eve", "Fay")
    )
    old = connection_request_send(
        sender=cara, recipient_id=ben.pk, context="worked_together", note=note(80)
    )
    clock.move_to(START + dt.timedelta(days=25), tick=False)
    introduced = connection_request_send(
        sender=ana, recipient_id=ben.pk, context="introduced", introducer_id=dan.pk, note=note(90)
    )
    declined = connection_request_send(
        sender=eve, recipient_id=ben.pk, context="worked_together", note=note(70)
    )
    connection_request_decline(member=ben, request_id=declined.pk)
    withdrawn = connection_request_send(
        sender=fay, recipient_id=ben.pk, context="worked_together", note=note(75)
    )
    connection_request_withdraw(member=fay, request_id=withdrawn.pk)
    connection_request_send(
        sender=ben, recipient_id=eve.pk, context="worked_together", note=note(85)
    )

    fields = [f.attname for f in ConnectionRequest._meta.concrete_fields]
    for moment in (START + dt.timedelta(days=25), START + dt.timedelta(days=31)):
        clock.move_to(moment, tick=False)  # the older request has expired by the second
        expected = list(requests_incoming(member=ben))
        with django_assert_num_queries(1):
            waiting = requests_waiting(member=ben)
            shown = [
                (r.sender.name, r.sender.headline, r.introducer and r.introducer.name)
                for r in waiting
            ]
        assert [[getattr(r, f) for f in fields] for r in waiting] == [
            [getattr(r, f) for f in fields] for r in expected
        ]
        assert shown == [
            (r.sender.name, r.sender.headline, r.introducer and r.introducer.name) for r in expected
        ]
    assert [r.pk for r in waiting] == [introduced.pk]
    assert old.pk not in [r.pk for r in waiting]


# Expiry -----------------------------------------------------------------------------


def test_requests_expire_thirty_days_after_they_are_sent(clock, ana, ben, send_request):
    request = send_request(ana, ben)
    assert request.expires_at == START + THIRTY_DAYS

    clock.move_to(request.expires_at - dt.timedelta(seconds=1), tick=False)
    assert connection_requests_expire() == 0
    assert list(requests_incoming(member=ben)) == [request]

    clock.move_to(request.expires_at, tick=False)
    assert list(requests_incoming(member=ben)) == []
    assert connection_requests_expire() == 1
    request.refresh_from_db()
    assert request.state == "expired"
    assert request.decided_at == request.expires_at
    assert connection_requests_expire() == 0


def test_the_expiry_task_moves_what_is_due_and_reports_how_many(
    clock, ana, ben, make_member, send_request
):
    old = send_request(ana, ben)
    clock.shift(10 * DAY)
    fresh = send_request(ana, make_member())
    clock.move_to(old.expires_at + DAY, tick=False)

    result = expire_connection_requests.enqueue()

    assert result.status == "SUCCESSFUL"
    assert result.return_value == 1
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert (old.state, fresh.state) == ("expired", "pending")


def test_the_expiry_task_leaves_declined_and_answered_requests_alone(
    clock, ana, make_member, send_request
):
    declined_by, accepted_by = make_member(), make_member()
    declined = send_request(ana, declined_by)
    accepted = send_request(ana, accepted_by)
    connection_request_decline(member=declined_by, request_id=declined.pk)
    connection_request_accept(member=accepted_by, request_id=accepted.pk)
    clock.shift(THIRTY_DAYS + DAY)

    assert expire_connection_requests.enqueue().return_value == 0
    assert dict(ConnectionRequest.objects.values_list("pk", "state")) == {
        declined.pk: "declined",
        accepted.pk: "accepted",
    }


def test_an_expired_request_can_no_longer_be_answered(clock, ana, ben, send_request):
    request = send_request(ana, ben)
    clock.move_to(request.expires_at, tick=False)
    # Before the worker gets to it, the services already treat it as expired.
    for answer in (connection_request_accept, connection_request_decline):
        with pytest.raises(Conflict) as raised:
            answer(member=ben, request_id=request.pk)
        assert raised.value.code == "request_expired"
    with pytest.raises(Conflict) as raised:
        connection_request_withdraw(member=ana, request_id=request.pk)
    assert raised.value.code == "request_expired"

    connection_requests_expire()
    with pytest.raises(InvalidTransition):
        connection_request_accept(member=ben, request_id=request.pk)
    assert not Connection.objects.exists()


def test_after_expiry_either_member_may_ask_again(clock, ana, ben, send_request):
    request = send_request(ana, ben)
    clock.move_to(request.expires_at, tick=False)
    # The worker has not run: the send expires the stale request itself.
    again = send_request(ben, ana)
    request.refresh_from_db()
    assert request.state == "expired"
    assert again.state == "pending"
    assert pending_between(a=ana.pk, b=ben.pk) == again


# What each side sees ----------------------------------------------------------------


def test_the_sender_never_sees_a_decline(clock, ana, ben, send_request):
    request = send_request(ana, ben)
    connection_request_decline(member=ben, request_id=request.pk)
    request.refresh_from_db()

    assert visible_state(request, viewer_id=ana.pk) == "pending"
    assert visible_state(request, viewer_id=ben.pk) == "declined"
    assert pending_between(a=ana.pk, b=ben.pk) == request
    assert list(requests_incoming(member=ben)) == []
    with pytest.raises(Conflict) as raised:
        send_request(ana, ben)
    assert raised.value.code == "request_pending"

    clock.move_to(request.expires_at, tick=False)
    assert visible_state(request, viewer_id=ana.pk) == NOT_ACCEPTED
    assert visible_state(request, viewer_id=ben.pk) == "declined"
    assert pending_between(a=ana.pk, b=ben.pk) is None


def test_an_unanswered_request_reads_not_accepted_to_the_sender_once_expired(
    clock, ana, ben, send_request
):
    request = send_request(ana, ben)
    assert visible_state(request, viewer_id=ana.pk) == "pending"
    assert visible_state(request, viewer_id=ben.pk) == "pending"

    clock.move_to(request.expires_at, tick=False)
    assert visible_state(request, viewer_id=ana.pk) == NOT_ACCEPTED
    assert visible_state(request, viewer_id=ben.pk) == "expired"

    connection_requests_expire()
    request.refresh_from_db()
    assert visible_state(request, viewer_id=ana.pk) == NOT_ACCEPTED
    assert visible_state(request, viewer_id=ben.pk) == "expired"


def test_a_declined_request_looks_the_same_to_the_sender_as_an_unanswered_one(
    clock, ana, ben, make_member, send_request
):
    cara = make_member("Cara Diaz")
    declined = send_request(ana, ben)
    ignored = send_request(ana, cara)
    connection_request_decline(member=ben, request_id=declined.pk)
    for moment in (START, START + THIRTY_DAYS):
        clock.move_to(moment, tick=False)
        seen = {r.pk: visible_state(r, viewer_id=ana.pk) for r in requests_outgoing(member=ana)}
        assert seen[declined.pk] == seen[ignored.pk]


def test_accepting_connects_both_members(ana, ben, send_request):
    request = send_request(ana, ben)
    connection = connection_request_accept(member=ben, request_id=request.pk)
    request.refresh_from_db()
    assert request.state == "accepted"
    assert visible_state(request, viewer_id=ana.pk) == "accepted"
    assert (connection.member_low_id, connection.member_high_id) == ordered_pair(ana.pk, ben.pk)
    assert connection.request_id == request.pk
    assert are_connected(a=ana.pk, b=ben.pk)
    assert capacity_of(member=ana) == (1, 150)
    assert capacity_of(member=ben) == (1, 150)


def test_only_the_recipient_may_accept_or_decline(ana, ben, send_request):
    request = send_request(ana, ben)
    for answer in (connection_request_accept, connection_request_decline):
        with pytest.raises(NotPermitted) as raised:
            answer(member=ana, request_id=request.pk)
        assert raised.value.code == "not_recipient"
    with pytest.raises(NotPermitted) as raised:
        connection_request_withdraw(member=ben, request_id=request.pk)
    assert raised.value.code == "not_sender"
    request.refresh_from_db()
    assert request.state == "pending"


def test_a_stranger_cannot_tell_a_request_exists(ana, ben, make_member, send_request):
    stranger = make_member("Stranger Danger")
    request = send_request(ana, ben)
    for act in (connection_request_accept, connection_request_decline, connection_request_withdraw):
        with pytest.raises(NotFound):
            act(member=stranger, request_id=request.pk)
        # ... and a request id that does not exist reads exactly the same.
        with pytest.raises(NotFound):
            act(member=stranger, request_id=request.pk + 1000)
    with pytest.raises(NotFound):
        request_get(member=stranger, request_id=request.pk)
    request.refresh_from_db()
    assert request.state == "pending"


def test_an_answered_request_cannot_be_answered_again(ana, ben, send_request):
    request = send_request(ana, ben)
    connection_request_accept(member=ben, request_id=request.pk)
    for answer in (connection_request_accept, connection_request_decline):
        with pytest.raises(InvalidTransition):
            answer(member=ben, request_id=request.pk)
    with pytest.raises(InvalidTransition):
        connection_request_withdraw(member=ana, request_id=request.pk)
    assert Connection.objects.count() == 1


def test_ending_a_connection_lets_either_member_ask_again(ana, ben, connect, send_request):
    connect(ana, ben)
    connection_end(member=ben, other_id=ana.pk)
    assert not are_connected(a=ana.pk, b=ben.pk)
    with pytest.raises(NotFound):
        connection_end(member=ana, other_id=ben.pk)
    request = send_request(ana, ben, note=GOOD_NOTE.format(name="Ben") + " Again.")
    assert request.state == "pending"


def test_at_the_cap_a_member_must_make_room_before_accepting(
    ana, make_member, connect, send_request, settings
):
    settings.RAPPORT_CONNECTION_CAP = 2
    for _ in range(2):
        connect(make_member(), ana)
    newcomer = make_member()
    request = send_request(newcomer, ana)
    with pytest.raises(Conflict) as raised:
        connection_request_accept(member=ana, request_id=request.pk)
    assert raised.value.code == "at_capacity"
    assert "cap of 2" in raised.value.message
    request.refresh_from_db()
    assert request.state == "pending"
    assert capacity_of(member=ana) == (2, 2)


def test_a_request_from_someone_at_their_cap_cannot_be_accepted_yet(
    ana, ben, make_member, connect, send_request, settings
):
    settings.RAPPORT_CONNECTION_CAP = 2
    request = send_request(ana, ben)
    for _ in range(2):
        connect(make_member(), ana)
    with pytest.raises(Conflict) as raised:
        connection_request_accept(member=ben, request_id=request.pk)
    assert raised.value.code == "other_at_capacity"
    assert "Ana Lima has no room" in raised.value.message
    assert capacity_of(member=ben) == (0, 2)


# Invariants under any sequence of moves ---------------------------------------------

MEMBERS = 5
# Each send writes a new note: the moves test the cap and the pairs, not template reuse.
FRESH_NOTES = itertools.cycle(written_notes())
ops = st.lists(
    st.tuples(
        st.sampled_from(["send"] * 3 + ["accept"] * 3 + ["decline", "withdraw", "end", "wait"]),
        st.integers(0, MEMBERS - 1),
        st.integers(0, MEMBERS - 1),
    ),
    min_size=10,
    max_size=30,
)


@pytest.fixture
def five(make_member):
    return [make_member() for _ in range(MEMBERS)]


def _apply(kind: str, a, b, clock) -> str:
    """Play one move between members ``a`` and ``b``; return its outcome, for the statistics.

    An answer is given by the member entitled to give it, so sequences reach the cap
    often instead of stopping at permissions (tested on their own above).
    """
    if kind == "wait":
        # Long enough, a few times over, for requests to time out mid-sequence.
        clock.shift(dt.timedelta(days=8 * (a.pk % 4 + 1)))
        return "ok"
    if kind == "send":
        connection_request_send(
            sender=a, recipient_id=b.pk, context="worked_together", note=next(FRESH_NOTES)
        )
        return "ok"
    if kind == "end":
        connection_end(member=a, other_id=b.pk)
        return "ok"
    # Answers pick one of the open requests, so most of them land on something.
    open_requests = list(
        ConnectionRequest.objects.filter(state__in=("pending", "declined")).order_by("id")
    )
    request = open_requests[(a.pk * MEMBERS + b.pk) % len(open_requests)] if open_requests else None
    if request is None:
        return "no_request"
    if kind == "withdraw":
        connection_request_withdraw(member=request.sender, request_id=request.pk)
    elif kind == "accept":
        connection_request_accept(member=request.recipient, request_id=request.pk)
    else:
        connection_request_decline(member=request.recipient, request_id=request.pk)
    return "ok"


def _assert_invariants(members, cap: int) -> None:
    for member in members:
        assert capacity_of(member=member)[0] <= cap
    pairs = list(Connection.objects.values_list("member_low_id", "member_high_id"))
    assert len(pairs) == len(set(pairs))
    assert all(low < high for low, high in pairs)
    doubled = (
        ConnectionRequest.objects.filter(state="pending")
        .values("member_low_id", "member_high_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    assert not doubled.exists()
    assert not ConnectionRequest.objects.filter(
        Q(sender=F("recipient")) | Q(member_low__gte=F("member_high"))
    ).exists()
    # Two connected members have nothing left waiting between them.
    for low, high in pairs:
        assert not ConnectionRequest.objects.filter(
            member_low_id=low, member_high_id=high, state="pending"
        ).exists()


@hypothesis_settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(moves=ops)
def test_no_sequence_of_moves_breaks_the_cap_or_the_pairs(five, settings, time_machine, moves):
    settings.RAPPORT_CONNECTION_CAP = 2
    settings.RAPPORT_REQUEST_BUDGET_PENDING = 1000
    settings.RAPPORT_REQUEST_BUDGET_WEEK = 1000
    time_machine.move_to(START, tick=False)
    # Each example runs in a transaction rolled back at the end, so examples start clean.
    with transaction.atomic():
        for kind, i, j in moves:
            try:
                outcome = _apply(kind, five[i], five[j], time_machine)
            except RapportError as refused:
                outcome = refused.code
            event(f"{kind}: {outcome}")
            _assert_invariants(five, cap=2)
        transaction.set_rollback(True)
