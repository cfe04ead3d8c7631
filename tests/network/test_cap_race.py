"""The cap holds when many accepts arrive at the same moment.

Each thread has its own database connection, as each web worker would, and all of
them fire at once behind a barrier. Exactly one accept may take the last place; the
others must be told the member is at capacity, never silently go over the cap.
"""

from __future__ import annotations

import functools

import pytest

from rapport.errors import AtCapacity
from rapport.network.models import Connection
from rapport.network.selectors import capacity_of, connection_count
from rapport.network.services import connection_request_accept
from tests.races import at_once

CAP = 5
RACERS = 24


def race(attempts: list[tuple]) -> list[object]:
    """Run ``connection_request_accept`` for each (member, request) at the same moment.

    Returns, in order, the Connection made or the exception raised.
    """
    return at_once(
        [
            functools.partial(connection_request_accept, member=member, request_id=request_id)
            for member, request_id in attempts
        ]
    )


@pytest.fixture
def roomy_budgets(settings):
    settings.RAPPORT_CONNECTION_CAP = CAP
    settings.RAPPORT_REQUEST_BUDGET_PENDING = 1000
    settings.RAPPORT_REQUEST_BUDGET_WEEK = 1000


@pytest.fixture
def crowded_inbox(roomy_budgets, make_member, connect, send_request):
    """X one below the cap, and RACERS members each waiting on X to accept."""
    x = make_member("Xavier Stone")
    for _ in range(CAP - 1):
        connect(x, make_member())
    requests = [send_request(make_member(), x) for _ in range(RACERS)]
    assert capacity_of(member=x) == (CAP - 1, CAP)
    return x, requests


def assert_one_took_the_last_place(x, requests, outcomes, *, code: str) -> None:
    made = [o for o in outcomes if isinstance(o, Connection)]
    refused = [o for o in outcomes if isinstance(o, AtCapacity)]
    others = [o for o in outcomes if not isinstance(o, Connection | AtCapacity)]
    assert others == []
    assert len(made) == 1
    assert len(refused) == len(requests) - 1
    assert {error.code for error in refused} == {code}
    assert connection_count(member_id=x.pk) == CAP
    assert Connection.objects.filter(request__in=requests).count() == 1
    # The refused requests are still waiting: the recipient may make room and accept.
    states = [r.state for r in type(requests[0]).objects.filter(pk__in=[r.pk for r in requests])]
    assert sorted(states) == ["accepted"] + ["pending"] * (len(requests) - 1)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_many_accepts_at_once_never_push_a_member_past_the_cap(postgres_only, crowded_inbox):
    x, requests = crowded_inbox
    outcomes = race([(x, request.pk) for request in requests])
    assert_one_took_the_last_place(x, requests, outcomes, code="at_capacity")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_many_accepts_of_one_senders_requests_never_push_the_sender_past_the_cap(
    postgres_only, roomy_budgets, make_member, connect, send_request
):
    sender = make_member("Sam Sender")
    for _ in range(CAP - 1):
        connect(sender, make_member())
    requests = [send_request(sender, make_member()) for _ in range(RACERS)]
    outcomes = race([(request.recipient, request.pk) for request in requests])
    assert_one_took_the_last_place(sender, requests, outcomes, code="other_at_capacity")


@pytest.mark.django_db(transaction=True)
def test_many_accepts_at_once_never_push_a_member_past_the_cap_on_sqlite(
    sqlite_on_file, crowded_inbox
):
    """SQLite has no row locks: IMMEDIATE transactions serialise the writers instead."""
    x, requests = crowded_inbox
    outcomes = race([(x, request.pk) for request in requests])
    assert_one_took_the_last_place(x, requests, outcomes, code="at_capacity")
