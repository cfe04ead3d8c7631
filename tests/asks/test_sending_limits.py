"""Asks and answers have daily sending limits (rapport/safety/sending_limits.py): 10
asks or offers posted and 50 answers in 24 hours, so that posting and withdrawing, or
answering, cannot fill the connections' boards all day. Counted from the rows."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from rapport.asks.models import Ask, AskAnswer
from rapport.asks.services import ask_post
from rapport.safety.sending_limits import ASK_ANSWERS_PER_DAY, ASKS_PER_DAY
from tests.asks.conftest import ASK, NOW
from tests.web.page_text import main_text

HOUR = dt.timedelta(hours=1)


def _posted_and_withdrawn(poster, *, first_at: dt.datetime) -> None:
    """A day's limit of asks, one an hour from ``first_at``, each withdrawn."""
    Ask.objects.bulk_create(
        Ask(
            poster=poster,
            kind="ask",
            title=f"Advice on moving, take {n}",
            state="withdrawn",
            created_at=first_at + n * HOUR,
            expires_at=first_at + n * HOUR + dt.timedelta(days=30),
        )
        for n in range(ASKS_PER_DAY.limit)
    )


def test_the_ask_past_the_daily_limit_is_refused_with_429_and_when(people, api_as, clock):
    ana, ben, _cy, _dee = people
    first_at = NOW - dt.timedelta(hours=12)
    _posted_and_withdrawn(ana, first_at=first_at)

    refused = api_as(ana).post("/asks", ASK)

    assert refused.status_code == 429
    body = refused.json()
    assert body["code"] == "asks_per_day"
    assert "10 asks and offers in the last 24 hours" in body["message"]
    assert dt.datetime.fromisoformat(body["retry_at"]) == first_at + dt.timedelta(days=1)
    assert refused["Retry-After"] == str(12 * 3600)
    assert not Ask.objects.filter(title=ASK["title"]).exists()
    # Ben's limit is his own.
    assert api_as(ben).post("/asks", ASK).status_code == 201


def test_posting_resumes_once_the_oldest_leaves_the_day(people, clock):
    ana, *_ = people
    first_at = NOW - dt.timedelta(hours=12)
    _posted_and_withdrawn(ana, first_at=first_at)

    clock.move_to(first_at + dt.timedelta(days=1))
    posted = ask_post(poster=ana, **ASK)

    assert posted.state == "open"


def test_the_page_names_the_limit_in_the_members_time_and_keeps_the_text(people, clock, client):
    ana, *_ = people
    ana.time_zone = "America/New_York"
    ana.save(update_fields=["time_zone"])
    first_at = NOW - dt.timedelta(hours=12)
    _posted_and_withdrawn(ana, first_at=first_at)
    client.force_login(ana)

    page = client.post(reverse("ask_new"), ASK)

    assert page.status_code == 429
    assert page["Retry-After"] == str(12 * 3600)
    # The first leaves the day at 21:00 UTC: 17:00 in New York (summer time).
    assert "You can send again at 1 Jun 2026, 17:00 EDT." in main_text(page)
    assert ASK["title"] in page.content.decode()
    assert ASK["detail"] in page.content.decode()


def test_the_answer_past_the_daily_limit_is_refused_and_others_still_answer(people, api_as, clock):
    ana, ben, _cy, dee = people
    ask = ask_post(poster=ana, **ASK)
    first_at = NOW - dt.timedelta(hours=20)
    AskAnswer.objects.bulk_create(
        AskAnswer(
            ask=ask,
            author=ben,
            body=f"Answer {n}.",
            created_at=first_at + n * dt.timedelta(minutes=1),
        )
        for n in range(ASK_ANSWERS_PER_DAY.limit)
    )

    refused = api_as(ben).post(f"/asks/{ask.pk}/answers", {"body": "One more thought."})

    assert refused.status_code == 429
    assert refused.json()["code"] == "answers_per_day"
    assert dt.datetime.fromisoformat(refused.json()["retry_at"]) == first_at + dt.timedelta(days=1)
    answered = api_as(dee).post(f"/asks/{ask.pk}/answers", {"body": "Happy to talk it over."})
    assert answered.status_code == 201
