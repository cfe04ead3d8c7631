"""Introductions have a daily sending limit (rapport/safety/sending_limits.py): 10 in
24 hours from one introducer, each asking two people for an answer."""

from __future__ import annotations

import datetime as dt

from rapport.introductions.models import Introduction
from rapport.safety.sending_limits import INTRODUCTIONS_PER_DAY
from tests.introductions.conftest import NOW, WHY_BEN, WHY_CY

HOUR = dt.timedelta(hours=1)


def _a_days_worth(introducer, first, second, *, first_at: dt.datetime) -> None:
    """The day's limit of introductions of the same two, each withdrawn an hour later."""
    Introduction.objects.bulk_create(
        Introduction(
            introducer=introducer,
            first=first,
            second=second,
            member_low_id=min(first.pk, second.pk),
            member_high_id=max(first.pk, second.pk),
            why_first=WHY_BEN,
            why_second=WHY_CY,
            state="withdrawn",
            created_at=first_at + n * HOUR,
            decided_at=first_at + (n + 1) * HOUR,
            expires_at=first_at + n * HOUR + dt.timedelta(days=14),
        )
        for n in range(INTRODUCTIONS_PER_DAY.limit)
    )


def _body(first, second) -> dict[str, object]:
    return {
        "first_id": first.pk,
        "second_id": second.pk,
        "why_first": WHY_BEN,
        "why_second": WHY_CY,
    }


def test_the_introduction_past_the_daily_limit_is_refused_with_429_and_when(people, api_as, clock):
    ana, ben, cy = people
    first_at = NOW - dt.timedelta(hours=15)
    _a_days_worth(ana, ben, cy, first_at=first_at)

    refused = api_as(ana).post("/introductions", _body(ben, cy))

    assert refused.status_code == 429
    body = refused.json()
    assert body["code"] == "introductions_per_day"
    assert "10 introductions in the last 24 hours; the limit is 10 in 24 hours" in body["message"]
    assert dt.datetime.fromisoformat(body["retry_at"]) == first_at + dt.timedelta(days=1)
    assert refused["Retry-After"] == str(9 * 3600)
    assert Introduction.objects.filter(state="pending").count() == 0


def test_introducing_resumes_after_the_day(people, api_as, clock):
    ana, ben, cy = people
    first_at = NOW - dt.timedelta(hours=15)
    _a_days_worth(ana, ben, cy, first_at=first_at)

    clock.move_to(first_at + dt.timedelta(days=1))
    made = api_as(ana).post("/introductions", _body(ben, cy))

    assert made.status_code == 201


def test_another_introducer_is_not_held_by_anas_limit(people, make_member, connect, api_as, clock):
    ana, ben, cy = people
    _a_days_worth(ana, ben, cy, first_at=NOW - dt.timedelta(hours=15))
    dee = make_member("Dee Park")
    connect(dee, ben)
    connect(cy, dee)

    made = api_as(dee).post("/introductions", _body(ben, cy))

    assert made.status_code == 201
