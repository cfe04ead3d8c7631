"""The request page says a spent budget before the member writes a note: with 5
requests waiting, or the week's 10 sent, it tells when the next becomes possible (in
the member's time zone, once) instead of offering the form; the send is still refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rapport.network.models import ConnectionRequest
from rapport.network.services import connection_request_withdraw
from rapport.safety.services import report_create
from tests.conftest import GOOD_NOTE
from tests.web.page_text import main_text

# 23:00 UTC on Monday 3 March 2025 is 08:00 on Tuesday 4 March in Tokyo.
NOW = dt.datetime(2025, 3, 3, 23, 0, tzinfo=dt.UTC)
FORM = 'name="note"'


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def kenji(make_member):
    return make_member("Kenji Sato", time_zone="Asia/Tokyo")


def _page(client, recipient):
    return client.get(reverse("request_new", args=[recipient.pk]))


def test_five_waiting_are_said_at_once_with_the_time_in_the_members_zone(
    kenji, make_member, send_fresh, signed_in
):
    for _ in range(4):
        send_fresh(kenji, make_member())
    client, ana = signed_in(kenji), make_member("Ana Ruiz")
    assert FORM in _page(client, ana).content.decode()  # one more is possible

    send_fresh(kenji, make_member())
    response = _page(client, ana)

    assert response.status_code == 200
    html, text = response.content.decode(), main_text(response)
    assert FORM not in html and "Send request" not in html
    # The oldest expires 30 days on: 23:00 UTC on 2 April, 08:00 on 3 April in Tokyo.
    assert (
        "You have 5 requests waiting for an answer; the limit is 5 at once. The next request "
        "becomes possible at 3 Apr 2025, 08:00 JST, or sooner if you withdraw one." in text
    )
    assert text.count("08:00") == 1
    assert reverse("requests_inbox") in html


def test_the_weeks_ten_are_said_at_once(kenji, make_member, send_fresh, signed_in, time_machine):
    for day in range(10):
        time_machine.move_to(NOW - dt.timedelta(days=6, hours=23) + dt.timedelta(hours=day))
        sent = send_fresh(kenji, make_member())
        connection_request_withdraw(member=kenji, request_id=sent.pk)
    time_machine.move_to(NOW, tick=False)

    text = main_text(_page(signed_in(kenji), make_member("Ana Ruiz")))

    # The first left the window an hour after NOW: 00:00 UTC on 4 March, 09:00 in Tokyo.
    assert (
        "You have sent 10 requests in the last 7 days; the limit is 10. The next request "
        "becomes possible at 4 Mar 2025, 09:00 JST." in text
    )
    assert FORM not in text


def test_a_smaller_budget_from_the_members_standing_is_said_too(
    kenji, make_member, send_fresh, signed_in
):
    """Two members reported Kenji: his budget is one waiting request, not five."""
    send_fresh(kenji, make_member())
    client, ana = signed_in(kenji), make_member("Ana Ruiz")
    assert FORM in _page(client, ana).content.decode()
    for name in ("Ola Reporter", "Pat Reporter"):
        report_create(reporter=make_member(name), reported_id=kenji.pk, reason="spam")

    text = main_text(_page(client, ana))

    assert "You have 1 requests waiting for an answer; the limit is 1 at once." in text


def test_the_send_is_still_refused_and_says_the_time_once(
    kenji, make_member, send_fresh, signed_in
):
    for _ in range(5):
        send_fresh(kenji, make_member())
    ana = make_member("Ana Ruiz")

    response = signed_in(kenji).post(
        reverse("request_new", args=[ana.pk]),
        {"context": "worked_together", "note": GOOD_NOTE.format(name="Ana")},
    )

    assert response.status_code == 429
    text = main_text(response)
    assert "The next request becomes possible at 3 Apr 2025, 08:00 JST, or sooner" in text
    assert text.count("08:00") == 1
    assert not ConnectionRequest.objects.filter(recipient=ana).exists()


def test_the_check_costs_the_page_one_query(kenji, make_member, send_fresh, signed_in):
    for _ in range(3):
        send_fresh(kenji, make_member())
    client, ana = signed_in(kenji), make_member("Ana Ruiz")
    _page(client, ana)
    with CaptureQueriesContext(connection) as captured:
        _page(client, ana)
    budget = [q["sql"] for q in captured if "network_connectionrequest" in q["sql"]]
    # The pair's pending request, and the budget with the standing.
    assert len(budget) == 2, budget
