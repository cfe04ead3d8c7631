"""Whom a host may invite (their connections, one rule for the page and the API),
the gatherings list a page at a time, and a gathering under way said to be so."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from rapport.gatherings.models import Attendance, Gathering
from rapport.gatherings.selectors import LIST_LIMIT
from rapport.safety.services import block_create
from tests.conftest import pair_connect
from tests.gatherings.making import NOW, START
from tests.gatherings.making import hosted as _host
from tests.gatherings.making import signed_in as _signed_in
from tests.web.page_text import main_text


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


# --- whom a host invites ------------------------------------------------------------


@pytest.mark.parametrize("visibility", ["invite", "community"])
def test_the_api_invites_only_the_hosts_connections_as_the_page_does(
    ana, ben, cy, api_as, visibility
):
    """An invitation to someone who is not a connection is unsolicited contact: refused
    by the field's name and the member's id, and nothing is written."""
    gathering = _host(ana, visibility=visibility)
    pair_connect(ana, ben)
    api = api_as(ana)

    refused = api.post(f"/gatherings/{gathering.pk}/invitations", {"member_ids": [ben.pk, cy.pk]})
    invited = api.post(f"/gatherings/{gathering.pk}/invitations", {"member_ids": [ben.pk]})

    assert refused.status_code == 422
    assert refused.json()["field"] == "member_ids"
    assert f"Member {cy.pk} is not one of your connections" in refused.json()["message"]
    assert invited.status_code == 200
    assert set(Attendance.objects.filter(gathering=gathering).values_list("member", "invited")) == {
        (ana.pk, False),
        (ben.pk, True),
    }
    # The page offers connections only, and the API now says the same of Cy.
    page = _signed_in(ana).get(reverse("gathering", args=[gathering.pk])).content.decode()
    assert cy.name not in page


def test_a_blocked_member_is_refused_as_a_stranger_is(ana, ben, api_as):
    gathering = _host(ana)
    pair_connect(ana, ben)
    block_create(blocker=ben, blocked_id=ana.pk)

    refused = api_as(ana).post(f"/gatherings/{gathering.pk}/invitations", {"member_ids": [ben.pk]})

    assert (refused.status_code, refused.json()["field"]) == (422, "member_ids")
    assert f"Member {ben.pk} is not one of your connections" in refused.json()["message"]
    assert "block" not in refused.json()["message"].lower()


def test_a_guest_who_answered_an_open_gathering_may_then_be_invited(ana, cy, api_as):
    """Cy, no connection of Ana's, may not be invited to her community gathering; once
    he found it and said yes, inviting him asks nothing new, and keeps him on the list
    should Ana close it to invited members."""
    gathering = _host(ana, visibility="community")
    api = api_as(ana)

    before = api.post(f"/gatherings/{gathering.pk}/invitations", {"member_ids": [cy.pk]})
    api_as(cy).post(f"/gatherings/{gathering.pk}/rsvp", {"answer": "yes"})
    after = api.post(f"/gatherings/{gathering.pk}/invitations", {"member_ids": [cy.pk]})

    assert (before.status_code, before.json()["field"]) == (422, "member_ids")
    assert after.status_code == 200
    assert [guest["id"] for guest in after.json()] == [cy.pk]


# --- the list, a page at a time -----------------------------------------------------


def _many(host, n: int) -> list[Gathering]:
    return [
        _host(
            host,
            title=f"Breakfast {i:02}",
            starts_at=START + dt.timedelta(hours=i),
            ends_at=START + dt.timedelta(hours=i, minutes=30),
            visibility="community",
        )
        for i in range(n)
    ]


def test_the_list_says_there_are_more_and_pages_to_them(ana, ben, django_assert_max_num_queries):
    made = _many(ana, LIST_LIMIT + 1)
    client = _signed_in(ben)

    with django_assert_max_num_queries(12):
        first = client.get(reverse("gatherings"))
    text = main_text(first)
    html = first.content.decode()
    second = main_text(client.get(reverse("gatherings") + "?upcoming_page=2"))
    nonsense = client.get(reverse("gatherings") + "?upcoming_page=many")

    last = made[-1].title
    assert made[LIST_LIMIT - 1].title in text and last not in text
    assert "Later gatherings are on the next page." in text
    assert f'href="{reverse("gatherings")}?upcoming_page=2"' in html
    assert last in second and made[0].title not in second
    assert "Page 2" in second and "Previous" in second
    assert nonsense.status_code == 200 and made[0].title in main_text(nonsense)


def test_the_api_pages_each_list_and_names_the_next_page(ana, ben, api_as):
    made = _many(ana, LIST_LIMIT + 1)
    api = api_as(ben)

    first = api.get("/gatherings").json()
    second = api.get("/gatherings?upcoming_page=2").json()
    refused = api.get("/gatherings?upcoming_page=0")

    assert len(first["upcoming"]) == LIST_LIMIT
    assert (first["upcoming_next_page"], first["past_next_page"]) == (2, None)
    assert [g["id"] for g in second["upcoming"]] == [made[-1].pk]
    assert second["upcoming_next_page"] is None
    assert refused.status_code == 422


# --- under way ----------------------------------------------------------------------


def test_a_gathering_under_way_says_it_is_happening_now(ana, ben, api_as, _frozen):
    gathering = _host(ana, visibility="community")
    api = api_as(ben)
    before = api.get(f"/gatherings/{gathering.pk}").json()

    _frozen.move_to(START + dt.timedelta(minutes=20))
    client = _signed_in(ben)
    listed = main_text(client.get(reverse("gatherings")))
    page = main_text(client.get(reverse("gathering", args=[gathering.pk])))
    during = api.get(f"/gatherings/{gathering.pk}").json()
    _frozen.move_to(START + dt.timedelta(hours=2))
    after = api.get(f"/gatherings/{gathering.pk}").json()

    assert before["happening_now"] is False
    assert "Happening now" in listed
    assert "Happening now, until 11:00 UTC" in page
    assert (during["happening_now"], during["state"]) == (True, "upcoming")
    assert after["happening_now"] is False
    assert "Happening now" not in main_text(client.get(reverse("gatherings")))
