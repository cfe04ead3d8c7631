"""Gathering invitations have a daily sending limit (rapport/safety/sending_limits.py):
300 members invited in 24 hours by one host, all their gatherings together, so that
a gathering cancelled and made again cannot invite everyone all day."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
import time_machine
from django.urls import reverse

from rapport.gatherings.models import Attendance
from rapport.members.models import Member
from rapport.safety.sending_limits import INVITATIONS_PER_DAY
from tests.gatherings.making import NOW, hosted, signed_in


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


def _ticked(html: str) -> set[int]:
    """The ids of the invitation form's ticked boxes."""
    boxes = re.findall(r"<input\b[^>]*\bname=\"member_ids\"[^>]*>", html)
    return {int(re.search(r'value="(\d+)"', box)[1]) for box in boxes if " checked" in box}


def test_the_page_refused_keeps_the_names_ticked_and_says_why_beside_them(
    ana, ben, cy, connect, clock
):
    connect(ana, ben)
    connect(ana, cy)
    _invited_already(
        hosted(ana, title="Breakfast, first try"),
        count=INVITATIONS_PER_DAY.limit - 1,
        at=NOW - dt.timedelta(hours=2),
    )
    gathering = hosted(ana)
    client = signed_in(ana)

    refused = client.post(
        reverse("gathering_invite", args=[gathering.pk]), {"member_ids": [ben.pk, cy.pk]}
    )

    assert refused.status_code == 429
    assert refused["Retry-After"] == str(22 * 3600)
    html = refused.content.decode()
    form = html[html.index('class="form invite-form"') :]
    form = form[: form.index("</form>")]
    assert "You can send 1 more now, or all 2 then." in unescape(form)
    assert _ticked(form) == {ben.pk, cy.pk}
    assert "Transit data breakfast" in html  # the gathering's own page, not a bare form
    assert not Attendance.objects.filter(gathering=gathering, invited=True).exists()


def test_the_page_with_nobody_ticked_says_so_beside_the_names(ana, ben, connect, clock):
    connect(ana, ben)
    gathering = hosted(ana)

    refused = signed_in(ana).post(reverse("gathering_invite", args=[gathering.pk]), {})

    assert refused.status_code == 422
    html = refused.content.decode()
    form = html[html.index('class="form invite-form"') :]
    form = form[: form.index("</form>")]
    assert "field--invalid" in form
    assert "Choose at least one of your connections to invite." in form
    assert _ticked(form) == set()


def test_the_page_too_late_to_invite_says_so(ana, ben, connect, clock):
    """Once it has started there is no form to show the refusal beside: it is said at
    the top of the page."""
    connect(ana, ben)
    gathering = hosted(ana)
    clock.move_to(gathering.starts_at + dt.timedelta(minutes=5))

    refused = signed_in(ana).post(
        reverse("gathering_invite", args=[gathering.pk]), {"member_ids": [ben.pk]}
    )

    assert refused.status_code == 409
    assert "too late to invite anyone" in unescape(refused.content.decode())
    assert 'class="form invite-form"' not in refused.content.decode()
