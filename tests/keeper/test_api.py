"""The keeper through the JSON API: a member's private book, by token and by session.

Every operation answers only about the caller's own keeper; another member's ids
are 404 exactly like ids that do not exist, and nothing of theirs changes.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from rapport.keeper.models import Interaction, KeySeat, Person
from rapport.keeper.services import interaction_log, person_create
from rapport.members.services import api_token_create
from tests.api.conftest import Api

NOW = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)
TODAY = NOW.date()
SUMMARY_KEYS = {
    "id",
    "name",
    "organisation",
    "role",
    "circle",
    "circle_label",
    "tags",
    "member_id",
    "last_contact_at",
    "due_on",
}


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


class KeeperApi(Api):
    def put(self, path: str, body: dict):
        return self.client.put("/api" + path, body, content_type="application/json")


@pytest.fixture(params=["token", "session"])
def api_as(request, db):
    """``api_as(member)``: the API as that member, by personal token or by session."""

    def client_for(member) -> KeeperApi:
        if request.param == "token":
            _token, raw = api_token_create(member=member, label="tests")
            return KeeperApi(Client(headers={"Authorization": f"Bearer {raw}"}))
        client = Client()
        client.force_login(member)
        return KeeperApi(client)

    return client_for


@pytest.fixture
def ana(make_member):
    return make_member("Ana Ruiz")


@pytest.fixture
def ben(make_member):
    return make_member("Ben Okafor")


@pytest.fixture
def grace(ana):
    """Grace, in Ana's keeper, in her 15 and last seen ten days ago."""
    person = person_create(owner=ana, name="Grace Mensah", organisation="Transit Lab", circle="15")
    interaction_log(
        owner=ana,
        person_ids=[person.pk],
        kind="coffee",
        direction="received",
        favour="advice",
        occurred_at=NOW - dt.timedelta(days=10),
    )
    person.refresh_from_db()
    return person


def snapshot(person: Person) -> dict:
    return {f.name: getattr(person, f.attname) for f in Person._meta.concrete_fields}


# --- people ------------------------------------------------------------------------


def test_adding_a_person_stores_every_field_and_answers_with_the_whole_entry(ana, api_as):
    response = api_as(ana).post(
        "/keeper/people",
        {
            "name": "Grace Mensah",
            "emails": ["Grace@Example.org", {"value": "grace@work.example", "type": "work"}],
            "phones": ["+44 161 555 0100"],
            "links": [{"url": "https://grace.example", "label": "site"}],
            "linkedin_url": "linkedin.com/in/GraceMensah/",
            "organisation": "Transit Lab",
            "role": "Data lead",
            "met_context": "gathering",
            "met_on": "2024-05-02",
            "met_place": "Leeds",
            "what_makes_them_tick": "Open data; cycling.",
            "tags": ["Transit", "data"],
            "circle": "50",
        },
    )

    assert response.status_code == 201
    body = response.json()
    stored = Person.objects.get(pk=body["id"])
    assert stored.owner == ana
    assert body["emails"] == [
        {"value": "grace@example.org", "type": ""},
        {"value": "grace@work.example", "type": "work"},
    ]
    assert body["linkedin_url"] == stored.linkedin_url == "https://www.linkedin.com/in/gracemensah"
    assert (body["circle"], body["circle_label"]) == (
        "50",
        "50 · good friends and close colleagues",
    )
    assert (body["met_on"], body["tags"]) == ("2024-05-02", ["transit", "data"])
    # Never contacted and in the 50: due today, on the circle's 90-day cadence.
    assert (body["due_on"], body["effective_cadence_days"]) == ("2026-06-01", 90)
    assert body["suggestion"]["reason"] and body["suggestion"]["circle"]
    assert body["reciprocity"] == "Nothing given or received in the last 12 months."


def test_one_person_shows_the_suggestion_the_balance_and_the_due_date(ana, grace, api_as):
    response = api_as(ana).get(f"/keeper/people/{grace.pk}")

    assert response.status_code == 200
    body = response.json()
    assert set(body) >= SUMMARY_KEYS
    assert (body["name"], body["organisation"]) == ("Grace Mensah", "Transit Lab")
    assert body["suggestion"]["circle_label"] and body["suggestion"]["reason"]
    assert "Grace" in body["reciprocity"] and "advice" in body["reciprocity"]
    # Last contact ten days ago, the 15's cadence is 30 days.
    assert body["due_on"] == str(TODAY + dt.timedelta(days=20))


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "Grace", "emails": ["not an address"]}, "emails"),
        ({"name": "Grace", "cadence_days": 0}, "cadence_days"),
        ({"name": "Grace", "circle": "500"}, "circle"),
        ({"name": "Grace", "linkedin_url": "https://example.org/grace"}, "linkedin_url"),
        ({"name": "Grace", "met_on": "last spring"}, "met_on"),
        ({"name": "Grace", "met_on": "2999-01-01"}, "met_on"),
        ({"name": "Grace", "met_on": "0001-01-01"}, "met_on"),
        ({"name": "   "}, "name"),
        ({"organisation": "Transit Lab"}, "name"),
    ],
)
def test_bad_input_is_422_naming_the_field_and_writes_nothing(ana, api_as, body, field):
    response = api_as(ana).post("/keeper/people", body)

    assert response.status_code == 422
    assert response.json()["field"] == field
    assert set(response.json()) == {"code", "message", "field"}
    assert not Person.objects.exists()


def test_the_list_searches_and_narrows_by_circle_and_tag(ana, api_as):
    person_create(owner=ana, name="Grace Mensah", circle="5", tags=["data"])
    person_create(owner=ana, name="Hugo Brandt", organisation="Grace Hospital", circle="150")
    person_create(owner=ana, name="Ivy Chen", circle="5", tags=["music"])
    api = api_as(ana)

    def names(query: dict) -> list[str]:
        response = api.get("/keeper/people", query)
        assert response.status_code == 200
        assert all(set(row) == SUMMARY_KEYS for row in response.json())
        return [row["name"] for row in response.json()]

    assert names({}) == ["Grace Mensah", "Hugo Brandt", "Ivy Chen"]
    assert names({"q": "grace"}) == ["Grace Mensah", "Hugo Brandt"]
    assert names({"circle": "5"}) == ["Grace Mensah", "Ivy Chen"]
    assert names({"circle": "5", "tag": "music"}) == ["Ivy Chen"]
    bad = api.get("/keeper/people", {"circle": "7"})
    assert (bad.status_code, bad.json()["field"]) == (422, "circle")


def test_changing_a_person_keeps_what_was_left_out_and_null_clears(ana, grace, api_as):
    api = api_as(ana)
    api.patch(f"/keeper/people/{grace.pk}", {"cadence_days": 10})

    response = api.patch(f"/keeper/people/{grace.pk}", {"role": "CTO", "cadence_days": None})

    assert response.status_code == 200
    grace.refresh_from_db()
    assert (grace.role, grace.organisation, grace.cadence_days) == ("CTO", "Transit Lab", None)
    assert response.json()["effective_cadence_days"] == 30  # the 15's default again
    refused = api.patch(f"/keeper/people/{grace.pk}", {"tags": ["x" * 41]})
    assert (refused.status_code, refused.json()["field"]) == (422, "tags.0")  # the first tag


def test_null_clears_the_tags_and_the_circle_says_it_cannot_be_cleared(ana, grace, api_as):
    api = api_as(ana)
    api.patch(f"/keeper/people/{grace.pk}", {"tags": ["transit", "music"]})

    cleared = api.patch(f"/keeper/people/{grace.pk}", {"tags": None})

    assert (cleared.status_code, cleared.json()["tags"]) == (200, [])
    grace.refresh_from_db()
    assert grace.tags == []
    refused = api.patch(f"/keeper/people/{grace.pk}", {"circle": None})
    assert refused.status_code == 422
    assert refused.json()["field"] == "circle"
    assert refused.json()["message"].startswith("The circle cannot be cleared; choose one of 5,")
    grace.refresh_from_db()
    assert grace.circle == "15"


@pytest.mark.parametrize(
    "address", ["björn.22@example.org", "δοκιμή@παράδειγμα.δοκιμή", "josé@münchen.de"]
)
def test_an_address_with_a_local_part_in_any_script_is_kept_and_editable(
    ana, grace, api_as, address
):
    api = api_as(ana)

    kept = api.patch(f"/keeper/people/{grace.pk}", {"emails": [{"value": address}]})
    edited = api.patch(
        f"/keeper/people/{grace.pk}", {"emails": [{"value": address, "type": "home"}]}
    )

    assert (kept.status_code, edited.status_code) == (200, 200)
    grace.refresh_from_db()
    assert grace.emails == [{"value": address, "type": "home"}]


@pytest.mark.parametrize(
    "address",
    [
        "björn",
        "björn @example.org",
        "@example.org",
        "björn@",
        "a..b@example.org",
        "a@-example.org",
        "a@example",
        "a@@example.org",
        "a@exa mple.org",
        "a" * 250 + "@example.org",
    ],
)
def test_what_is_not_an_address_is_still_refused(ana, grace, api_as, address):
    refused = api_as(ana).patch(f"/keeper/people/{grace.pk}", {"emails": [address]})

    assert refused.status_code == 422
    assert refused.json()["field"] in {"emails", "emails.0"}  # the schema's length, or ours
    grace.refresh_from_db()
    assert grace.emails == []


def test_deleting_a_person_takes_their_lone_interactions(ana, grace, api_as):
    response = api_as(ana).delete(f"/keeper/people/{grace.pk}")

    assert (response.status_code, response.content) == (204, b"")
    assert not Person.objects.exists()
    assert not Interaction.objects.exists()


def test_snoozing_moves_the_due_date_and_null_ends_it(ana, grace, api_as):
    api = api_as(ana)
    later = TODAY + dt.timedelta(days=60)

    snoozed = api.post(f"/keeper/people/{grace.pk}/snooze", {"until": str(later)})

    assert snoozed.status_code == 200
    assert (snoozed.json()["snoozed_until"], snoozed.json()["due_on"]) == (str(later),) * 2
    woken = api.post(f"/keeper/people/{grace.pk}/snooze", {"until": None})
    assert woken.json()["due_on"] == str(TODAY + dt.timedelta(days=20))
    grace.refresh_from_db()
    assert grace.snoozed_until is None
    too_far = api.post(f"/keeper/people/{grace.pk}/snooze", {"until": "2028-01-01"})
    assert (too_far.status_code, too_far.json()["field"]) == (422, "until")
    missing = api.post(f"/keeper/people/{grace.pk}/snooze", {})
    assert (missing.status_code, missing.json()["field"]) == (422, "until")


def test_reaching_out_logs_a_message_and_moves_the_due_date_on(ana, grace, api_as):
    api = api_as(ana)

    response = api.post(f"/keeper/people/{grace.pk}/reach-out", {"note": "Sent the report"})

    assert response.status_code == 201
    body = response.json()
    assert (body["kind"], body["direction"], body["note"]) == (
        "message",
        "mutual",
        "Sent the report",
    )
    assert body["people"] == [{"id": grace.pk, "name": "Grace Mensah"}]
    grace.refresh_from_db()
    assert grace.last_contact_at == NOW
    assert api.get(f"/keeper/people/{grace.pk}").json()["due_on"] == str(
        TODAY + dt.timedelta(days=30)
    )
    bad = api.post(f"/keeper/people/{grace.pk}/reach-out", {"kind": "pigeon"})
    assert (bad.status_code, bad.json()["field"]) == (422, "kind")


def test_reaching_out_to_an_archived_person_restores_them_and_says_so(ana, grace, api_as):
    """As logging an interaction does: you are talking again. It logged and left them
    archived, out of every list, without a word."""
    Person.objects.filter(pk=grace.pk).update(archived_at=NOW - dt.timedelta(days=5))
    api = api_as(ana)

    response = api.post(f"/keeper/people/{grace.pk}/reach-out", {})

    assert response.status_code == 201
    assert response.json()["restored"] == [{"id": grace.pk, "name": "Grace Mensah"}]
    grace.refresh_from_db()
    assert grace.archived_at is None
    assert "Grace Mensah" in {p["name"] for p in api.get("/keeper/people").json()}
    again = api.post(f"/keeper/people/{grace.pk}/reach-out", {})
    assert (again.status_code, again.json()["restored"]) == (201, [])


def test_reaching_out_with_keep_archived_leaves_them_archived(ana, grace, api_as):
    archived_at = NOW - dt.timedelta(days=5)
    Person.objects.filter(pk=grace.pk).update(archived_at=archived_at)

    response = api_as(ana).post(f"/keeper/people/{grace.pk}/reach-out", {"keep_archived": True})

    assert (response.status_code, response.json()["restored"]) == (201, [])
    grace.refresh_from_db()
    assert grace.archived_at == archived_at
    assert Interaction.objects.filter(owner=ana, people=grace, kind="message").count() == 1


# --- interactions ------------------------------------------------------------------


def test_logging_an_interaction_with_two_people_and_a_favour(ana, grace, api_as):
    hugo = person_create(owner=ana, name="Hugo Brandt")
    api = api_as(ana)

    response = api.post(
        "/keeper/interactions",
        {
            "person_ids": [grace.pk, hugo.pk],
            "kind": "meeting",
            "direction": "gave",
            "favour": "introduction",
            "occurred_at": "2026-05-30T09:00:00Z",
            "note": "Introduced them over breakfast",
        },
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["kind"], body["kind_label"], body["direction"], body["favour"]) == (
        "meeting",
        "Meeting",
        "gave",
        "introduction",
    )
    assert [p["name"] for p in body["people"]] == ["Grace Mensah", "Hugo Brandt"]
    stored = Interaction.objects.get(pk=body["id"])
    assert (stored.owner, stored.source) == (ana, "manual")
    assert set(stored.people.all()) == {grace, hugo}
    hugo.refresh_from_db()
    assert hugo.last_contact_at == dt.datetime(2026, 5, 30, 9, 0, tzinfo=dt.UTC)


def test_logging_with_an_archived_person_restores_them_and_says_so(ana, grace, api_as):
    """As the keeper's "Log it" and `rapport log` do: you are talking again, so the
    person is back in your lists, and the answer names them. It logged and left them
    archived, out of every list, without a word."""
    hugo = person_create(owner=ana, name="Hugo Brandt")
    Person.objects.filter(pk=hugo.pk).update(archived_at=NOW - dt.timedelta(days=5))
    api = api_as(ana)
    assert "Hugo Brandt" not in {p["name"] for p in api.get("/keeper/people").json()}

    response = api.post(
        "/keeper/interactions", {"person_ids": [grace.pk, hugo.pk], "kind": "coffee"}
    )

    assert response.status_code == 201
    body = response.json()
    assert body["restored"] == [{"id": hugo.pk, "name": "Hugo Brandt"}]
    assert [p["name"] for p in body["people"]] == ["Grace Mensah", "Hugo Brandt"]
    hugo.refresh_from_db()
    assert hugo.archived_at is None
    assert "Hugo Brandt" in {p["name"] for p in api.get("/keeper/people").json()}
    # Nobody archived, nobody restored.
    again = api.post("/keeper/interactions", {"person_ids": [hugo.pk], "kind": "call"})
    assert (again.status_code, again.json()["restored"]) == (201, [])


def test_keep_archived_logs_and_leaves_them_archived(ana, grace, api_as):
    archived_at = NOW - dt.timedelta(days=5)
    Person.objects.filter(pk=grace.pk).update(archived_at=archived_at)

    response = api_as(ana).post(
        "/keeper/interactions",
        {
            "person_ids": [grace.pk],
            "kind": "call",
            "occurred_at": "2025-03-04T09:00:00Z",
            "keep_archived": True,
        },
    )

    assert (response.status_code, response.json()["restored"]) == (201, [])
    grace.refresh_from_db()
    assert grace.archived_at == archived_at
    assert Interaction.objects.filter(owner=ana, people=grace).count() == 2


def test_a_refused_interaction_restores_nobody(ana, grace, api_as):
    Person.objects.filter(pk=grace.pk).update(archived_at=NOW)

    response = api_as(ana).post(
        "/keeper/interactions", {"person_ids": [grace.pk], "kind": "pigeon"}
    )

    assert (response.status_code, response.json()["field"]) == (422, "kind")
    grace.refresh_from_db()
    assert grace.archived_at == NOW


def test_the_schema_documents_what_logging_does_to_archived_people(client):
    schema = client.get("/api/openapi.json").json()
    operation = schema["paths"]["/api/keeper/interactions"]["post"]
    assert "`restored` names them" in operation["description"]
    answer = operation["responses"]["201"]["content"]["application/json"]["schema"]["$ref"]
    properties = schema["components"]["schemas"][answer.rsplit("/", 1)[1]]["properties"]
    assert "restored" in properties and "archived" in properties["restored"]["description"]
    body = schema["components"]["schemas"]["InteractionIn"]["properties"]
    assert body["keep_archived"]["default"] is False


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "cofee"}, "kind"),
        ({"direction": "sideways"}, "direction"),
        ({"favour": "advice"}, "direction"),  # mutual: who gave it?
        ({"favour": "money", "direction": "gave"}, "favour"),
        ({"occurred_at": "2026-06-05T09:00:00Z"}, "occurred_at"),
        ({"occurred_at": "yesterday"}, "occurred_at"),
        ({"occurred_at": "0001-01-01T09:00:00Z"}, "occurred_at"),
        ({"person_ids": []}, "person_ids"),
        ({"note": "n" * 4001}, "note"),
    ],
)
def test_a_bad_interaction_is_422_naming_the_field(ana, grace, api_as, changes, field):
    before = Interaction.objects.count()

    response = api_as(ana).post(
        "/keeper/interactions", {"person_ids": [grace.pk], "kind": "coffee"} | changes
    )

    assert response.status_code == 422
    assert response.json()["field"] == field
    assert Interaction.objects.count() == before


def test_the_interaction_list_is_newest_first_per_person_and_limited(ana, grace, api_as):
    hugo = person_create(owner=ana, name="Hugo Brandt")
    for days_ago in (3, 2, 1):
        interaction_log(
            owner=ana,
            person_ids=[hugo.pk],
            kind="call",
            occurred_at=NOW - dt.timedelta(days=days_ago),
        )
    api = api_as(ana)

    everything = api.get("/keeper/interactions").json()
    hugos = api.get("/keeper/interactions", {"person_id": hugo.pk, "limit": 2}).json()

    assert [i["kind"] for i in everything] == ["call", "call", "call", "coffee"]
    assert [i["occurred_at"][:10] for i in hugos] == ["2026-05-31", "2026-05-30"]
    too_many = api.get("/keeper/interactions", {"limit": 1000})
    assert (too_many.status_code, too_many.json()["field"]) == (422, "limit")


def test_deleting_an_interaction_moves_the_last_contact_back(ana, grace, api_as):
    latest = interaction_log(
        owner=ana, person_ids=[grace.pk], kind="call", occurred_at=NOW - dt.timedelta(days=1)
    )

    response = api_as(ana).delete(f"/keeper/interactions/{latest.pk}")

    assert response.status_code == 204
    assert not Interaction.objects.filter(pk=latest.pk).exists()
    grace.refresh_from_db()
    assert grace.last_contact_at == NOW - dt.timedelta(days=10)


# --- keeping in touch, circles, seats ------------------------------------------------


def test_the_due_list_says_who_is_overdue_and_who_is_due_soon_and_why(ana, api_as):
    late = person_create(owner=ana, name="Lena Vogel", circle="5")
    soon = person_create(owner=ana, name="Sam Ortiz", circle="15")
    person_create(owner=ana, name="Far Away", circle="acquaintance")
    interaction_log(
        owner=ana, person_ids=[late.pk], kind="call", occurred_at=NOW - dt.timedelta(days=12)
    )
    interaction_log(
        owner=ana, person_ids=[soon.pk], kind="call", occurred_at=NOW - dt.timedelta(days=25)
    )

    response = api_as(ana).get("/keeper/due")

    assert response.status_code == 200
    body = response.json()
    assert [(i["person"]["name"], i["days_overdue"]) for i in body["overdue"]] == [
        ("Lena Vogel", 5)
    ]
    assert [(i["person"]["name"], i["due_on"]) for i in body["due_soon"]] == [
        ("Sam Ortiz", "2026-06-06")
    ]
    assert "12 days ago" in body["overdue"][0]["reason"]
    narrow = api_as(ana).get("/keeper/due", {"horizon_days": 3}).json()
    assert narrow["due_soon"] == []


def test_the_circles_show_capacities_and_say_when_one_overflows(ana, api_as):
    for n in range(6):
        person_create(owner=ana, name=f"Close {n}", circle="5")
    person_create(owner=ana, name="Friend", circle="15")

    response = api_as(ana).get("/keeper/circles")

    assert response.status_code == 200
    circles = {row["circle"]: row for row in response.json()}
    assert list(circles) == ["5", "15", "50", "150", "acquaintance", "past"]
    assert (circles["5"]["size"], circles["5"]["capacity"], circles["5"]["overflow"]) == (6, 5, 1)
    assert "Dunbar" in circles["5"]["message"]
    assert (circles["15"]["size"], circles["15"]["inclusive_size"]) == (1, 7)
    assert (circles["15"]["overflow"], circles["15"]["message"]) == (0, "")
    assert circles["past"]["capacity"] is None


def test_the_board_has_twelve_seats_to_name_fill_and_empty(ana, grace, api_as):
    api = api_as(ana)

    board = api.get("/keeper/seats")

    assert board.status_code == 200
    assert [seat["position"] for seat in board.json()] == list(range(1, 13))
    assert {seat["group"] for seat in board.json()} == {"teach", "support", "promote", "push"}
    assert all(seat["person"] is None for seat in board.json())
    seated = api.put(
        "/keeper/seats/4", {"role": "Confidant", "person_id": grace.pk, "why": "Always honest"}
    )
    assert seated.status_code == 200
    assert seated.json()["person"] == {"id": grace.pk, "name": "Grace Mensah"}
    stored = KeySeat.objects.get(owner=ana, position=4)
    assert (stored.person, stored.why) == (grace, "Always honest")
    emptied = api.put("/keeper/seats/4", {"clear_person": True})
    assert (emptied.json()["person"], emptied.json()["role"]) == (None, "Confidant")
    assert api.put("/keeper/seats/13", {"role": "Extra"}).status_code == 404
    blank = api.put("/keeper/seats/1", {"role": "  "})
    assert (blank.status_code, blank.json()["field"]) == (422, "role")


def test_duplicates_are_suggested_and_a_merge_keeps_every_interaction(ana, grace, api_as):
    twin = person_create(owner=ana, name="grace mensah", organisation="Transit Lab", role="CTO")
    interaction_log(owner=ana, person_ids=[twin.pk], kind="call", occurred_at=NOW)
    api = api_as(ana)

    pairs = api.get("/keeper/duplicates")

    assert pairs.status_code == 200
    [pair] = pairs.json()
    assert {pair["keep"]["id"], pair["other"]["id"]} == {grace.pk, twin.pk}
    assert pair["reasons"]
    merged = api.post("/keeper/merge", {"keep_id": grace.pk, "merge_id": twin.pk})
    assert merged.status_code == 200
    assert merged.json()["id"] == grace.pk
    assert not Person.objects.filter(pk=twin.pk).exists()
    assert Interaction.objects.filter(people=grace).count() == 2
    assert merged.json()["role"] == Person.objects.get(pk=grace.pk).role == "CTO"
    assert api.get("/keeper/duplicates").json() == []


# --- privacy -----------------------------------------------------------------------


def test_another_members_keeper_is_not_found_and_untouched(ana, ben, grace, api_as):
    interaction = Interaction.objects.get(people=grace)
    other = person_create(owner=ana, name="Hugo Brandt")
    before = snapshot(grace)
    api = api_as(ben)

    answers = [
        api.get(f"/keeper/people/{grace.pk}"),
        api.patch(f"/keeper/people/{grace.pk}", {"name": "Mine now"}),
        api.delete(f"/keeper/people/{grace.pk}"),
        api.post(f"/keeper/people/{grace.pk}/snooze", {"until": None}),
        api.post(f"/keeper/people/{grace.pk}/reach-out", {}),
        api.get("/keeper/interactions", {"person_id": grace.pk}),
        api.post("/keeper/interactions", {"person_ids": [grace.pk], "kind": "call"}),
        api.delete(f"/keeper/interactions/{interaction.pk}"),
        api.post("/keeper/merge", {"keep_id": grace.pk, "merge_id": other.pk}),
    ]

    assert [answer.status_code for answer in answers] == [404] * len(answers)
    assert all(answer.json()["code"] == "not_found" for answer in answers)
    assert snapshot(Person.objects.get(pk=grace.pk)) == before
    assert Person.objects.filter(owner=ana).count() == 2
    assert Interaction.objects.count() == 1
    seat = api.put("/keeper/seats/1", {"person_id": grace.pk})
    assert (seat.status_code, seat.json()["field"]) == (422, "person_id")
    assert not KeySeat.objects.filter(person=grace).exists()


def test_another_members_lists_are_their_own_and_empty(ana, ben, grace, api_as):
    person_create(owner=ana, name="Grace Twin", emails=["g@example.org"])
    person_create(owner=ana, name="Grace Two", emails=["g@example.org"])
    api = api_as(ben)

    assert api.get("/keeper/people").json() == []
    assert api.get("/keeper/people", {"q": "Grace"}).json() == []
    assert api.get("/keeper/interactions").json() == []
    assert api.get("/keeper/due").json() == {"overdue": [], "due_soon": []}
    assert api.get("/keeper/duplicates").json() == []
    assert all(row["size"] == 0 for row in api.get("/keeper/circles").json())
    assert all(seat["person"] is None for seat in api.get("/keeper/seats").json())


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "/keeper/people"), ("post", "/keeper/people"), ("get", "/keeper/due")],
)
def test_the_keeper_needs_a_member(db, method, path):
    response = getattr(Api(Client()), method)(path)

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


# --- cost ----------------------------------------------------------------------------


def _keeper_of(owner, size: int) -> None:
    people = [
        person_create(
            owner=owner,
            name=f"Person {n:02}",
            circle=["5", "15", "50", "150"][n % 4],
            emails=[f"shared{n // 2}@example.org"],
            organisation="Same Org",
            tags=["data"],
        )
        for n in range(size)
    ]
    for n, person in enumerate(people):
        interaction_log(
            owner=owner,
            person_ids=[person.pk, people[(n + 1) % size].pk],
            kind="coffee",
            direction="gave",
            favour="advice",
            occurred_at=NOW - dt.timedelta(days=n % 40),
        )


LIST_OPERATIONS = [
    ("/keeper/people", {}),
    ("/keeper/people", {"q": "person", "tag": "data"}),
    ("/keeper/interactions", {"limit": 200}),
    ("/keeper/due", {"horizon_days": 90}),
    ("/keeper/circles", {}),
    ("/keeper/seats", {}),
    ("/keeper/duplicates", {}),
]


@pytest.mark.parametrize(("path", "query"), LIST_OPERATIONS)
def test_list_operations_cost_the_same_for_3_or_30_people(make_member, api_as, path, query):
    small, large = make_member("Small Keeper"), make_member("Large Keeper")
    _keeper_of(small, 3)
    _keeper_of(large, 30)

    assert api_as(small).queries(path, query) == api_as(large).queries(path, query)
