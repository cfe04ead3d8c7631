"""Your connections: who, since when, and ending one quietly."""

from __future__ import annotations

import datetime as dt

from rapport.network.models import Connection, PastConnection
from tests.api.public_shape import MEMBER_KEYS, assert_no_private_keys

START = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)


def test_connections_list_members_by_name_with_the_day_you_connected(
    make_member, api_as, connect, time_machine
):
    ada = make_member("Ada Lovelace")
    time_machine.move_to(START, tick=False)
    connect(ada, make_member("Zoe Zhang"))
    time_machine.move_to(START + dt.timedelta(days=2), tick=False)
    connect(make_member("Ben Okafor"), ada)
    connect(make_member("Cy Tran"), make_member("Dee Park"))  # not Ada's

    response = api_as(ada).get("/connections")

    assert response.status_code == 200
    rows = response.json()
    assert [row["member"]["name"] for row in rows] == ["Ben Okafor", "Zoe Zhang"]
    assert all(set(row) == {"member", "since"} for row in rows)
    assert all(set(row["member"]) == MEMBER_KEYS for row in rows)
    assert dt.datetime.fromisoformat(rows[1]["since"]) == START
    assert_no_private_keys(rows)


def test_ending_a_connection_is_quiet_and_kept_in_your_past(make_member, api_as, connect):
    ada, ben = make_member("Ada Lovelace"), make_member("Ben Okafor")
    connect(ada, ben)

    response = api_as(ada).delete(f"/connections/{ben.pk}")

    assert (response.status_code, response.content) == (204, b"")
    assert not Connection.objects.exists()
    assert PastConnection.objects.filter(owner=ada, other=ben).exists()
    assert not PastConnection.objects.filter(owner=ben).exists()
    assert api_as(ada).get("/connections").json() == []
    assert api_as(ben).get("/connections").json() == []
    assert api_as(ada).get("/me").json()["capacity"]["connections"] == 0


def test_ending_a_connection_you_do_not_have_is_404(make_member, api_as, connect):
    ada, ben, cy = make_member("Ada Lovelace"), make_member("Ben Okafor"), make_member("Cy Tran")
    connect(ben, cy)

    others = api_as(ada).delete(f"/connections/{cy.pk}")
    yourself = api_as(ben).delete(f"/connections/{ben.pk}")

    assert (others.status_code, others.json()["code"]) == (404, "not_found")
    assert yourself.status_code == 404
    assert Connection.objects.count() == 1


def test_connections_cost_the_same_queries_for_3_or_10(make_member, api_as, connect):
    ada = make_member("Ada Lovelace")
    api = api_as(ada)
    for _ in range(3):
        connect(make_member(), ada)
    with_three = api.queries("/connections")
    for _ in range(7):
        connect(ada, make_member())

    assert len(api.get("/connections").json()) == 10
    assert api.queries("/connections") == with_three <= 3
