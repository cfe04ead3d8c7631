"""Reports to the moderators have a daily limit (rapport/safety/sending_limits.py): 10
in 24 hours from one member. Every report lands in the moderators' queue, and a
stolen token could otherwise bury the real ones under thousands. Counted from the
report rows; blocking has no limit."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from rapport.safety.models import Block, Report
from rapport.safety.sending_limits import REPORTS_PER_DAY
from rapport.safety.services import report_create
from tests.web.page_text import main_text

NOW = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)
FIRST_AT = NOW - dt.timedelta(hours=12)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def people(clock, make_member):
    return [make_member(name) for name in ("Ana Ruiz", "Ben Okafor", "Cy Tran", "Dee Park")]


def _a_days_reports(reporter, reported) -> None:
    """The day's limit of reports from ``reporter``, one an hour from ``FIRST_AT``."""
    Report.objects.bulk_create(
        Report(
            reporter=reporter,
            reported=reported,
            reason="spam",
            detail=f"Report {n}.",
            created_at=FIRST_AT + n * dt.timedelta(hours=1),
        )
        for n in range(REPORTS_PER_DAY.limit)
    )


def test_the_report_past_the_daily_limit_is_refused_with_429_and_when(people, api_as):
    ana, ben, cy, dee = people
    _a_days_reports(ana, ben)

    refused = api_as(ana).post(f"/members/{cy.pk}/report", {"reason": "spam", "block": True})

    assert refused.status_code == 429
    body = refused.json()
    assert body["code"] == "reports_per_day"
    assert "10 reports in the last 24 hours" in body["message"]
    assert "moderators" in body["message"]
    assert dt.datetime.fromisoformat(body["retry_at"]) == FIRST_AT + dt.timedelta(days=1)
    assert refused["Retry-After"] == str(12 * 3600)
    assert Report.objects.filter(reporter=ana).count() == REPORTS_PER_DAY.limit
    assert not Report.objects.filter(reported=cy).exists()
    # Blocking is not limited: the block asked for alongside is still there to be had.
    assert api_as(ana).post(f"/members/{cy.pk}/block").status_code in (200, 201)
    assert Block.objects.filter(blocker=ana, blocked=cy).exists()
    # Dee's limit is her own.
    assert api_as(dee).post(f"/members/{cy.pk}/report", {"reason": "spam"}).status_code == 201


def test_reporting_resumes_once_the_oldest_leaves_the_day(people, clock):
    ana, ben, cy, _dee = people
    _a_days_reports(ana, ben)

    clock.move_to(FIRST_AT + dt.timedelta(days=1))
    report = report_create(reporter=ana, reported_id=cy.pk, reason="spam")

    assert report.reported == cy


def test_the_report_page_says_when_and_keeps_the_text(people, client):
    ana, ben, cy, _dee = people
    _a_days_reports(ana, ben)
    client.force_login(ana)

    page = client.post(
        reverse("safety_report", args=[cy.pk]),
        {"reason": "other", "detail": "Asked for my password twice."},
    )

    assert page.status_code == 429
    assert page["Retry-After"] == str(12 * 3600)
    assert "You can send again at 1 Jun 2026, 21:00 UTC." in main_text(page)
    assert "Asked for my password twice." in page.content.decode()
    assert not Report.objects.filter(reported=cy).exists()
