"""Requests in each member's time zone: when the next one becomes possible is said in
the sender's local time, and "met on" is the day each side accepted it on."""

from __future__ import annotations

import datetime as dt

import pytest

from rapport.keeper.models import Person
from rapport.network.services import connection_request_accept

# 23:00 UTC on Monday 3 March 2025 is 08:00 on Tuesday 4 March in Tokyo.
NOW = dt.datetime(2025, 3, 3, 23, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


def test_the_next_request_is_said_in_the_senders_time(make_member, send_fresh, api_as):
    kenji = make_member("Kenji Sato", time_zone="Asia/Tokyo")
    for _ in range(5):
        send_fresh(kenji, make_member())

    refused = api_as(kenji).post(
        "/requests",
        {
            "recipient_id": make_member("Ana Ruiz").pk,
            "context": "worked_together",
            "note": "Ana, we planned the depot survey together in Leeds last spring. "
            "How did the second round go? I'd love to hear what changed.",
        },
    )

    assert refused.status_code == 429
    # The oldest request expires 30 days on: 23:00 UTC on 2 April, 08:00 on 3 April in Tokyo.
    assert "The next request becomes possible at 3 Apr 2025, 08:00 JST" in refused.json()["message"]
    assert refused.json()["retry_at"] == "2025-04-02T23:00:00+00:00"


def test_met_on_is_the_day_it_was_for_each_side(make_member, send_fresh):
    kenji = make_member("Kenji Sato", time_zone="Asia/Tokyo")
    nia = make_member("Nia Brooks", time_zone="America/New_York")

    connection_request_accept(member=nia, request_id=send_fresh(kenji, nia).pk)

    met_on = dict(Person.objects.values_list("owner__username", "met_on"))
    assert met_on == {kenji.username: dt.date(2025, 3, 4), nia.username: dt.date(2025, 3, 3)}
