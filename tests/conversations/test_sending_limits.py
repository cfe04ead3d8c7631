"""Messages have sending limits (rapport/safety/sending_limits.py): 20 a minute and 500
in 24 hours from one member, so a script, or a stolen token, cannot flood anyone's
inbox. A refusal says when the next message is possible; nothing typed is lost."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from rapport.conversations.models import Message
from rapport.conversations.selectors import conversation_with
from rapport.safety.sending_limits import MESSAGES_PER_DAY, MESSAGES_PER_MINUTE
from tests.web.page_text import main_text

START = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)
SECOND = dt.timedelta(seconds=1)


@pytest.fixture
def ana(make_member):
    return make_member("Ana Lima")


@pytest.fixture
def ben(make_member):
    return make_member("Ben Okafor")


@pytest.fixture
def thread(ana, ben, connect, time_machine):
    """Ana and Ben, connected an hour before START (the note is Ana's first message)."""
    time_machine.move_to(START - dt.timedelta(hours=1), tick=False)
    connect(ana, ben)
    time_machine.move_to(START, tick=False)
    return conversation_with(member=ana, other_id=ben.pk)


def _send_a_burst(api, thread, time_machine) -> None:
    """As many messages as a minute allows, one a second from START."""
    for n in range(MESSAGES_PER_MINUTE.limit):
        time_machine.move_to(START + n * SECOND, tick=False)
        sent = api.post(f"/conversations/{thread.pk}/messages", {"body": f"Line {n}."})
        assert sent.status_code == 201, sent.json()


def test_the_message_past_the_burst_limit_is_refused_with_429_and_when(
    ana, thread, api_as, time_machine
):
    api = api_as(ana)
    _send_a_burst(api, thread, time_machine)
    time_machine.move_to(START + 30 * SECOND, tick=False)

    refused = api.post(f"/conversations/{thread.pk}/messages", {"body": "One more."})

    assert refused.status_code == 429
    body = refused.json()
    assert body["code"] == "messages_per_minute"
    # The first of the burst leaves the minute at 09:01:00.
    assert dt.datetime.fromisoformat(body["retry_at"]) == START + dt.timedelta(minutes=1)
    assert refused["Retry-After"] == "30"
    assert "20 messages in the last minute; the limit is 20 a minute" in body["message"]
    assert not Message.objects.filter(body="One more.").exists()


def test_sending_resumes_once_the_oldest_leaves_the_window(ana, thread, api_as, time_machine):
    api = api_as(ana)
    _send_a_burst(api, thread, time_machine)

    time_machine.move_to(START + dt.timedelta(minutes=1), tick=False)
    again = api.post(f"/conversations/{thread.pk}/messages", {"body": "One more."})

    assert again.status_code == 201
    # The next one waits for the second of the burst to leave, a second later.
    refused = api.post(f"/conversations/{thread.pk}/messages", {"body": "And another."})
    assert refused.status_code == 429
    assert dt.datetime.fromisoformat(refused.json()["retry_at"]) == START + dt.timedelta(
        minutes=1, seconds=1
    )


def test_the_other_member_is_not_held_by_the_senders_limit(ana, ben, thread, api_as, time_machine):
    _send_a_burst(api_as(ana), thread, time_machine)

    reply = api_as(ben).post(f"/conversations/{thread.pk}/messages", {"body": "Slow down!"})

    assert reply.status_code == 201


def test_the_daily_limit_counts_the_last_24_hours(ana, ben, thread, api_as, time_machine):
    # Ana's day of writing, written as rows: a message every two minutes from 20 hours
    # ago, and her request's note, an hour ago, makes 500.
    earliest = START - dt.timedelta(hours=20)
    Message.objects.bulk_create(
        Message(
            conversation=thread,
            sender=ana,
            body=f"Line {n}.",
            created_at=earliest + n * dt.timedelta(minutes=2),
        )
        for n in range(MESSAGES_PER_DAY.limit - 1)
    )
    api = api_as(ana)

    refused = api.post(f"/conversations/{thread.pk}/messages", {"body": "One more."})

    assert refused.status_code == 429
    body = refused.json()
    assert body["code"] == "messages_per_day"
    assert "500 messages in the last 24 hours" in body["message"]
    assert dt.datetime.fromisoformat(body["retry_at"]) == earliest + dt.timedelta(days=1)
    assert api_as(ben).post(
        f"/conversations/{thread.pk}/messages", {"body": "Still here."}
    ).status_code == (201)


def test_the_page_names_the_limit_in_the_members_time_and_keeps_the_text(
    ana, thread, api_as, signed_in, time_machine
):
    ana.time_zone = "Asia/Tokyo"
    ana.save(update_fields=["time_zone"])
    _send_a_burst(api_as(ana), thread, time_machine)
    time_machine.move_to(START + 30 * SECOND, tick=False)

    page = signed_in(ana).post(
        reverse("conversation", args=[thread.pk]), {"body": "Are you free on Thursday?"}
    )

    assert page.status_code == 429
    assert page["Retry-After"] == "30"
    text = main_text(page)
    # 09:01 UTC is 18:01 in Tokyo.
    assert "the limit is 20 a minute" in text
    assert "You can send again at 3 Mar 2025, 18:01 JST." in text
    assert "Are you free on Thursday?</textarea>" in page.content.decode()
