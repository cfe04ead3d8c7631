"""A member's insights, through the front door: the selectors' query counts, the page,
the API, privacy, and the keeper's circle suggestion from the circles found."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rapport.ego.selectors import ego_network_of
from rapport.keeper.models import Person
from rapport.keeper.services import interaction_log
from rapport.members.services import api_token_create
from rapport.network.models import ConnectionRequest
from rapport.safety.services import block_create
from tests.web.page_text import main_text

NOW = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def signed_in(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def api_client(member) -> Client:
    _token, raw = api_token_create(member=member, label="tests")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def log(owner, member, days_ago: int, kind: str = "coffee") -> None:
    person = Person.objects.get(owner=owner, member=member)
    interaction_log(
        owner=owner,
        person_ids=[person.pk],
        kind=kind,
        occurred_at=NOW - dt.timedelta(days=days_ago),
    )


@pytest.fixture
def network(make_member, connect):
    """Ana's connections: Ben, Cy and Dee know each other (the Leeds transit crowd);
    Eve knows none of them but knows Fay, who works elsewhere and shares Ana's love
    of cycling. Hal knows Ben. Gus is Fay's connection: three steps from Ana."""
    ana = make_member(
        "Ana Ruiz", organisation="Transit Lab", location="Leeds", interests="cycling, data"
    )
    ben = make_member("Ben Okafor", organisation="Transit Lab", location="Leeds")
    cy = make_member("Cy Tran", organisation="Transit Lab", location="Leeds", interests="data")
    dee = make_member("Dee Park", organisation="NHS", location="York", interests="health")
    eve = make_member("Eve Laine", organisation="Fieldnote", location="Leeds")
    fay = make_member(
        "Fay Moss", organisation="Kontur", location="Berlin", interests="cycling, mobility"
    )
    hal = make_member("Hal Berg", organisation="Transit Lab", location="Leeds")
    gus = make_member("Gus Amadi", organisation="Kontur", location="Berlin")
    # They connected three years ago (the first message of each is logged then).
    with time_machine.travel(NOW - dt.timedelta(days=1100), tick=False):
        for alter in (ben, cy, dee, eve):
            connect(alter, ana)
        connect(ben, cy)
        connect(ben, dee)
        connect(cy, dee)
        connect(eve, fay)
        connect(hal, ben)
        connect(gus, fay)
    # Ana's keeper: Ben weekly, Cy monthly (this year); Dee was close two years ago
    # and then went quiet; Eve was weekly for half a year, until three months ago.
    for days in range(1, 365, 7):
        log(ana, ben, days)
    for days in range(3, 365, 30):
        log(ana, cy, days)
    for days in range(420, 800, 7):
        log(ana, dee, days)
    for days in range(90, 271, 7):
        log(ana, eve, days)
    return dict(ana=ana, ben=ben, cy=cy, dee=dee, eve=eve, fay=fay, hal=hal, gus=gus)


# --- Selectors ---------------------------------------------------------------------


@pytest.mark.parametrize("size", [3, 20])
def test_the_ego_network_is_read_in_six_queries_whatever_its_size(
    size, make_member, connect, django_assert_num_queries
):
    ana = make_member("Ana Ruiz")
    alters = [make_member(f"Alter {n}", interests="jazz, maps") for n in range(size)]
    for alter in alters:
        connect(alter, ana)
    outsiders = [make_member(f"Outsider {n}") for n in range(size)]
    for n, alter in enumerate(alters):
        connect(alter, outsiders[n])  # a second-degree tie each
        if n:
            connect(alter, alters[n - 1])  # and a chain among the alters
        log(ana, alter, n + 1)
    stranger, far = make_member("Stranger"), make_member("Far Away")
    connect(stranger, far)

    with django_assert_num_queries(6):
        network = ego_network_of(member=ana)

    assert network.alter_ids == {alter.pk for alter in alters}
    assert network.second_degree_ids == {outsider.pk for outsider in outsiders}
    assert len(network.ties) == size + size - 1
    assert stranger.pk not in network.members and far.pk not in network.members
    assert network.members[alters[0].pk].interests == ("jazz", "maps")
    assert sum(1 for touch in network.touches if touch.kind == "coffee") == size
    assert set(network.person_for_member()) == {alter.pk for alter in alters}


def test_the_page_costs_the_same_queries_for_3_and_20_connections(make_member, connect):
    counts = []
    for size in (3, 20):
        owner = make_member(f"Owner {size}")
        alters = [make_member() for _ in range(size)]
        for n, alter in enumerate(alters):
            connect(alter, owner)
            log(owner, alter, n + 1)
        client = signed_in(owner)
        client.get(reverse("insights"))
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("insights")).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


# --- The page ------------------------------------------------------------------------


def test_the_page_shows_circles_structure_picture_and_suggestions(network):
    response = signed_in(network["ana"]).get(reverse("insights"))

    assert response.status_code == 200
    text = main_text(response)
    # Circles found beside circles chosen.
    assert "Circles found beside circles chosen" in text
    # Ben and Dee were in touch weekly (Dee until 14 months ago), Cy monthly and Eve
    # weekly for half a year, each over three years since they connected.
    assert (
        "Your keeper's history falls into 2 circles of 2 and 4 people (each counting the "
        "ones inside it), in touch about 18 and about 6.8 times a year on average. Each "
        "circle is about 2.0 times the one inside it"
    ) in text
    assert (
        "You placed (each counting the ones inside it): 0 in the 5, 0 in the 15, "
        "0 in the 50, 4 in the 150"
    ) in text
    # The structure in words.
    assert (
        "Your 4 connections fall into 1 cluster, and 1 knows none of the others; "
        "some of them know each other, so part of what you hear comes twice "
        "— effective size 2.5 of 4."
    ) in text
    assert "Burt's constraint is" in text
    assert "Organisations: 3 organisations among the 4 connections who give one" in text
    assert "Places: 2 places among the 4 connections who give one" in text
    # One picture: Ana's connections only, never a second-degree member.
    svg = response.content.decode().split('<svg class="clusters"', 1)[1].split("</svg>", 1)[0]
    for alter in ("Ben Okafor", "Cy Tran", "Dee Park", "Eve Laine"):
        assert f"<title>{alter}</title>" in svg
    for outsider in ("Fay Moss", "Hal Berg", "Gus Amadi"):
        assert outsider not in svg
    # Discs carry numbers; the caption names each numbered group.
    assert ">1</text>" in svg and ">2</text>" in svg
    assert "Cluster 1 — 3 who know each other:" in text
    assert "2 — know none of the others:" in text
    # Suggestions, each with its reason.
    suggestions = text.split("Suggestions", 1)[1]
    # Known through Ana's connections: never which of them (Eve), nor how many.
    assert "Fay Moss — Someone your connections know, in a cluster you barely reach" in (
        suggestions
    )
    assert "Eve Laine" not in suggestions.split("Dormant ties", 1)[0]
    assert "you share an interest in cycling" in suggestions
    assert "Gus Amadi" not in suggestions  # three steps away
    assert (
        "Dee Park — You were close (strength 0.9 at its peak) and have not been in touch "
        "for 14 months"
    ) in suggestions
    assert "Eve Laine — Quieter than three months ago" in suggestions
    # Nothing counts another member's connections.
    assert not re.search(r"\d+ connections? of (Fay|Hal|Ben)", text)


def test_a_member_without_connections_is_told_so(make_member):
    text = main_text(signed_in(make_member("New Comer")).get(reverse("insights")))
    assert "You have no connections yet, so there is no network shape to read." in text
    assert "Log a few conversations in your keeper" in text


def test_a_pending_request_keeps_someone_out_of_the_bridges(network, send_request):
    send_request(network["fay"], network["ana"])
    text = main_text(signed_in(network["ana"]).get(reverse("insights")))
    assert "Fay Moss" not in text.split("Suggestions", 1)[1]


def test_a_request_held_for_a_moderator_keeps_its_recipient_out_of_the_senders_bridges(
    network, send_request
):
    request = send_request(network["ana"], network["fay"])
    ConnectionRequest.objects.filter(pk=request.pk).update(
        state="held", hold_reason="held in this test for a moderator"
    )
    text = main_text(signed_in(network["ana"]).get(reverse("insights")))
    assert "Fay Moss" not in text.split("Suggestions", 1)[1]


@pytest.mark.parametrize("who_blocks", ["fay", "ana"])
def test_a_block_either_way_keeps_someone_out_of_every_insight(network, who_blocks):
    ana, fay = network["ana"], network["fay"]
    assert "Fay Moss" in main_text(signed_in(ana).get(reverse("insights")))
    blocker, blocked = (fay, ana) if who_blocks == "fay" else (ana, fay)
    block_create(blocker=blocker, blocked_id=blocked.pk)

    assert "Fay Moss" not in main_text(signed_in(ana).get(reverse("insights")))
    body = api_client(ana).get("/api/insights").json()
    assert fay.pk not in [item["member_id"] for item in body["suggestions"]["bridges"]]
    assert "Fay Moss" not in str(body)


# --- The API -----------------------------------------------------------------------


def test_the_api_gives_the_same_insights_as_json(network):
    response = api_client(network["ana"]).get("/api/insights")

    assert response.status_code == 200
    body = response.json()
    ana, ben, cy, dee, eve, fay = (network[k] for k in ("ana", "ben", "cy", "dee", "eve", "fay"))
    assert [c["size"] for c in body["circles"]["found"]] == [2, 4]
    assert [c["reads_as"] for c in body["circles"]["found"]] == ["5", "15"]
    assert body["circles"]["found"][1]["size_ratio"] == 2.0
    assert [c["inclusive_size"] for c in body["circles"]["chosen"]] == [0, 0, 0, 4]
    structure = body["structure"]
    assert structure["connections"] == 4
    assert structure["clusters"] == [{"member_ids": [ben.pk, cy.pk, dee.pk]}]  # by name
    assert structure["know_none_of_the_others"] == [eve.pk]
    assert structure["effective_size"] == pytest.approx(2.5)
    assert {d["attribute"]: d["distinct"] for d in structure["diversity"]} == {
        "organisation": 3,
        "location": 2,
        "interests": 2,
    }
    bridges = body["suggestions"]["bridges"]
    assert bridges[0]["member_id"] == fay.pk and bridges[0]["name"] == "Fay Moss"
    assert bridges[0]["reason"].startswith("Someone your connections know, in a cluster")
    assert [item["name"] for item in body["suggestions"]["dormant"]] == ["Dee Park"]
    assert [item["name"] for item in body["suggestions"]["drifting"]] == ["Eve Laine"]
    assert all("person_id" in item for item in body["suggestions"]["dormant"])
    assert ana.pk not in [b["member_id"] for b in bridges]


# --- Privacy -------------------------------------------------------------------------


def test_one_member_never_sees_another_members_insights(network):
    """Ben reads only his own insights: Ana's keeper (Dee gone quiet, Eve drifting) and
    her circles appear nowhere, on the page or in the API. There is no URL that takes
    another member's id."""
    ben = network["ben"]
    page = main_text(signed_in(ben).get(reverse("insights")))
    body = api_client(ben).get("/api/insights").json()

    suggestions = page.split("Suggestions", 1)[1]
    assert "You were close" not in suggestions and "than three months ago" not in suggestions
    assert body["suggestions"]["dormant"] == [] and body["suggestions"]["drifting"] == []
    assert body["circles"]["found"] == []
    assert body["structure"]["connections"] == 4  # Ana, Cy, Dee and Hal: his own
    assert reverse("insights") == "/insights/"
    assert Client().get("/api/insights").status_code == 401
    assert Client().get(reverse("insights")).status_code == 302


# --- The keeper's suggestion ---------------------------------------------------------


def test_the_keeper_person_page_suggests_the_circle_found_in_the_whole_history(network):
    ana, ben, cy = network["ana"], network["ben"], network["cy"]
    client = signed_in(ana)
    ben_entry = Person.objects.get(owner=ana, member=ben)
    cy_entry = Person.objects.get(owner=ana, member=cy)

    ben_text = main_text(client.get(reverse("keeper_person", args=[ben_entry.pk])))
    cy_text = main_text(client.get(reverse("keeper_person", args=[cy_entry.pk])))

    assert (
        "About 18 contacts a year; the engine found 2 circles in your history (read the "
        "first as the 5, the second as the 15) and Ben sits in the 5. In touch 13 times "
        "in the last 90 days, mostly one to one"
    ) in ben_text
    assert "Suggested circle: 5 · support" in ben_text
    assert "Suggested circle: 15 · sympathy" in cy_text
    assert "and Cy sits in the 15. In touch 3 times in the last 90 days" in cy_text
