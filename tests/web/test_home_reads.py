"""The home page's one-round-trip read says what the apps' own selectors say: the
capacity, the requests waiting (and how many), the unread counts and the latest
conversations."""

from __future__ import annotations

import datetime as dt

import pytest

from rapport.conversations.selectors import conversations_recent, unread_by_conversation
from rapport.members.models import Member
from rapport.network.selectors import connection_count, requests_incoming
from rapport.network.services import connection_request_decline
from rapport.seeding.community import community_seed
from rapport.web.selectors import home_overview

NOW = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)


def _same(member: Member) -> None:
    overview = home_overview(member_id=member.pk, waiting=11, recent=8)
    assert overview.connections == connection_count(member_id=member.pk)
    expected = list(requests_incoming(member=member)[:11])
    assert [(w.sender_id, w.context) for w in overview.waiting] == [
        (r.sender_id, r.context) for r in expected
    ]
    assert [w.sender_name for w in overview.waiting] == [
        r.sender.name or r.sender.username for r in expected
    ]
    everyone = requests_incoming(member=member)
    assert overview.waiting_count == everyone.count()
    assert overview.first_ends == min((r.expires_at for r in everyone), default=None)
    assert overview.unread == unread_by_conversation(member_id=member.pk)
    assert overview.recent == conversations_recent(member_id=member.pk, limit=8)


def test_on_a_generated_community_for_members_of_every_kind(db, time_machine):
    time_machine.move_to(NOW, tick=False)
    community_seed(members=120, seed=5, now=NOW)
    members = list(Member.objects.order_by("id"))
    busiest = max(members, key=lambda m: connection_count(member_id=m.pk))
    waited_on = max(members, key=lambda m: requests_incoming(member=m).count())
    for member in [*members[:25], busiest, waited_on]:
        _same(member)
    assert requests_incoming(member=waited_on).exists()


def test_requests_that_no_longer_wait_are_left_out(make_member, send_request, time_machine, db):
    time_machine.move_to(NOW, tick=False)
    ana = make_member("Ana Lima")
    old = send_request(make_member("Old Asker"), ana)
    declined = send_request(make_member("Declined Asker"), ana)
    send_request(ana, make_member("Someone Ana Asked"))
    time_machine.shift(dt.timedelta(days=20))
    connection_request_decline(member=ana, request_id=declined.pk)
    fresh = send_request(make_member("Fresh Asker"), ana)
    time_machine.shift(dt.timedelta(days=15))  # the first request has now expired
    overview = home_overview(member_id=ana.pk, waiting=11, recent=8)
    assert [w.sender_id for w in overview.waiting] == [fresh.sender_id]
    assert old.sender_id not in [w.sender_id for w in overview.waiting]
    _same(ana)


@pytest.mark.parametrize("limit", [1, 3])
def test_the_limits_keep_the_newest(make_member, send_request, time_machine, db, limit):
    time_machine.move_to(NOW, tick=False)
    ana = make_member("Ana Lima")
    senders = []
    for n in range(4):
        time_machine.shift(dt.timedelta(hours=1))
        senders.append(send_request(make_member(f"Asker {n}"), ana).sender_id)
    overview = home_overview(member_id=ana.pk, waiting=limit, recent=8)
    assert [w.sender_id for w in overview.waiting] == senders[::-1][:limit]
    assert overview.waiting_count == 4  # counted in all, for the navigation's badge
