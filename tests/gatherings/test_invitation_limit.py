"""Gathering invitations have a daily sending limit (rapport/safety/sending_limits.py):
300 members invited in 24 hours by one host, all their gatherings together, so that
a gathering cancelled and made again cannot invite everyone all day."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from rapport.gatherings.models import Attendance
from rapport.members.models import Member
from rapport.safety.sending_limits import INVITATIONS_PER_DAY
from tests.gatherings.making import NOW, hosted


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _invited_already(gathering, *, count: int, at: dt.datetime) -> None:
    """``count`` members invited to ``gathering`` at ``at``, as rows."""
    guests = Member.objects.bulk_create(
        Member(username=f"guest{n}", name=f"Guest {n}", email=f"guest{n}@example.org")
        for n in range(count)
    )
    Attendance.objects.bulk_create(
        Attendance(gathering=gathering, member=guest, invited=True, created_at=at)
        for guest in guests
    )


def test_invitations_past_the_daily_limit_are_refused_saying_how_many_fit(
    ana, ben, cy, connect, api_as, clock
):
    connect(ana, ben)
    connect(ana, cy)
    earlier = hosted(ana, title="Breakfast, first try")
    invited_at = NOW - dt.timedelta(hours=2)
    _invited_already(earlier, count=INVITATIONS_PER_DAY.limit - 1, at=invited_at)
    gathering = hosted(ana)
    api = api_as(ana)

    refused = api.post(f"/gatherings/{gathering.pk}/invitations", {"member_ids": [ben.pk, cy.pk]})

    assert refused.status_code == 429
    body = refused.json()
    assert body["code"] == "invitations_per_day"
    assert "299 gathering invitations in the last 24 hours" in body["message"]
    assert "You can send 1 more now, or all 2 then." in body["message"]
    assert dt.datetime.fromisoformat(body["retry_at"]) == invited_at + dt.timedelta(days=1)
    assert refused["Retry-After"] == str(22 * 3600)
    assert not Attendance.objects.filter(gathering=gathering, invited=True).exists()

    one = api.post(f"/gatherings/{gathering.pk}/invitations", {"member_ids": [ben.pk]})
    assert one.status_code == 200
    # Inviting Ben again adds nobody, so the spent limit does not refuse it.
    again = api.post(f"/gatherings/{gathering.pk}/invitations", {"member_ids": [ben.pk]})
    assert again.status_code == 200
    assert api.post(
        f"/gatherings/{gathering.pk}/invitations", {"member_ids": [cy.pk]}
    ).status_code == (429)

    clock.move_to(invited_at + dt.timedelta(days=1))
    resumed = api.post(f"/gatherings/{gathering.pk}/invitations", {"member_ids": [cy.pk]})
    assert resumed.status_code == 200


def test_another_host_is_not_held_by_anas_limit(ana, ben, cy, connect, api_as, clock):
    connect(ben, cy)
    _invited_already(hosted(ana), count=INVITATIONS_PER_DAY.limit, at=NOW)
    gathering = hosted(ben)

    invited = api_as(ben).post(f"/gatherings/{gathering.pk}/invitations", {"member_ids": [cy.pk]})

    assert invited.status_code == 200
