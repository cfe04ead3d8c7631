"""Who may do what: every page and every API operation, for every kind of visitor.

The routes come from the URL resolver and the OpenAPI schema, so a new page or
operation without a row here fails `test_every_route_is_in_the_matrix`. Each row
says what an anonymous visitor, a stranger, a member connected to the owner, and
the owner get. Things a visitor may not see answer 404, never a 403 that would
reveal they exist.
"""

from __future__ import annotations

import copy
import json

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from rapport.conversations.selectors import conversation_with
from rapport.keeper.services import interaction_log, person_create
from rapport.members.services import api_token_create
from tests.authz import FEATURES
from tests.authz.core import (
    CONNECTED_ID,
    CONVERSATION,
    INCOMING,
    INTERACTION,
    OUTGOING,
    OWNER_ID,
    PERSON,
    ROLES,
    TOKEN,
    Cell,
    Scenario,
    api,
    everyone,
    members_only,
    note_for,
    owner_only,
    page,
)
from tests.conftest import built_once, new_member, pair_connect, request_send


def _build_scenario() -> Scenario:
    ana, ben, cy = new_member("Ana Ruiz"), new_member("Ben Okafor"), new_member("Cy Tran")
    dee, eve = new_member("Dee Park"), new_member("Eve Laine")
    pair_connect(ana, ben)
    token, _raw = api_token_create(member=ana, label="laptop")
    grace = person_create(owner=ana, name="Grace Mensah", organisation="Transit Lab", circle="15")
    twin = person_create(owner=ana, name="grace mensah", organisation="Transit Lab")
    coffee = interaction_log(owner=ana, person_ids=[grace.pk], kind="coffee")
    built = Scenario(
        owner=ana,
        connected=ben,
        stranger=cy,
        incoming=request_send(dee, ana),
        outgoing=request_send(ana, eve),
        conversation_id=conversation_with(member=ana, other_id=ben.pk).pk,
        token_id=token.pk,
        person_id=grace.pk,
        twin_id=twin.pk,
        interaction_id=coffee.pk,
    )
    for feature in FEATURES:
        feature.arrange(built)
    return built


@pytest.fixture(scope="module")
def scenario_rows(django_db_setup, django_db_blocker):
    """Built once for the module's thousand cells, not once per cell: each test runs in
    a savepoint on top of these rows, so what one cell's request changes, the next does
    not see (tests/conftest.py, ``built_once``)."""
    yield from built_once(django_db_blocker, _build_scenario)


@pytest.fixture
def scenario(scenario_rows, db) -> Scenario:
    return copy.deepcopy(scenario_rows)


# Each page by its URL name. "owner" means the member whose page or thing it is.
PAGES: dict[str, Cell] = {
    "home": Cell("GET", page("home"), everyone(200)),
    # How Rapport works: for a visitor deciding whether to sign up as for a member.
    "help": Cell("GET", page("help"), everyone(200)),
    "signup": Cell("GET", page("signup"), {**members_only(302), "anonymous": 200}),
    "login": Cell("GET", page("login"), {**members_only(302), "anonymous": 200}),
    "logout": Cell("POST", page("logout"), everyone(302)),
    "profile_edit": Cell("GET", page("profile_edit"), members_only(200)),
    # Profiles are shared with the community: any member may read one.
    "member_profile": Cell("GET", page("member_profile", **OWNER_ID), members_only(200)),
    "search": Cell("GET", lambda s: reverse("search") + "?q=Ana", members_only(200)),
    # A stranger may ask Ana to connect; Ben already is; Ana cannot ask herself.
    "request_new": Cell(
        "POST",
        page("request_new", **OWNER_ID),
        {"anonymous": 302, "stranger": 302, "connected": 409, "owner": 400},
        body=note_for,
    ),
    "request_note_check": Cell(
        "POST", page("request_note_check"), members_only(200), body=lambda s: {"note": "Hello"}
    ),
    "requests_inbox": Cell("GET", page("requests_inbox"), members_only(200)),
    # Only the recipient (Ana) answers Dee's request; everyone else is told nothing.
    "request_accept": Cell("POST", page("request_accept", **INCOMING), owner_only(302)),
    "request_decline": Cell("POST", page("request_decline", **INCOMING), owner_only(302)),
    # Only the sender (Ana) withdraws her request to Eve.
    "request_withdraw": Cell("POST", page("request_withdraw", **OUTGOING), owner_only(302)),
    "connections": Cell("GET", page("connections"), members_only(200)),
    # Ana ends her connection with Ben; a stranger has no connection with Ben to end,
    # and Ben cannot end a connection with himself.
    "connection_end": Cell("POST", page("connection_end", **CONNECTED_ID), owner_only(302)),
    "conversations": Cell("GET", page("conversations"), members_only(200)),
    # The thread between Ana and Ben is theirs: both may read it, nobody else.
    "conversation": Cell(
        "GET",
        page("conversation", **CONVERSATION),
        {"anonymous": 302, "stranger": 404, "connected": 200, "owner": 200},
    ),
    "tokens": Cell("GET", page("tokens"), members_only(200)),
    "token_revoke": Cell("POST", page("token_revoke", **TOKEN), owner_only(302)),
    # No login: the secret token in the URL is the credential (tests/keeper/
    # test_calendar_feed.py opens a real one); an unknown token is 404 for everyone.
    "keeper_calendar_feed": Cell(
        "GET", page("keeper_calendar_feed", token=lambda s: "not-a-token"), everyone(404)
    ),
    # The keeper is private: every list is the viewer's own, every id is the owner's only.
    "keeper": Cell("GET", page("keeper"), members_only(200)),
    "keeper_person_new": Cell("GET", page("keeper_person_new"), members_only(200)),
    "keeper_person": Cell("GET", page("keeper_person", **PERSON), owner_only(200)),
    "keeper_person_edit": Cell("GET", page("keeper_person_edit", **PERSON), owner_only(200)),
    "keeper_person_delete": Cell("POST", page("keeper_person_delete", **PERSON), owner_only(302)),
    "keeper_person_circle": Cell(
        "POST",
        page("keeper_person_circle", **PERSON),
        owner_only(302),
        body=lambda s: {"circle": "5"},
    ),
    "keeper_person_snooze": Cell(
        "POST",
        page("keeper_person_snooze", **PERSON),
        owner_only(302),
        body=lambda s: {"duration": "week"},
    ),
    "keeper_person_reach_out": Cell(
        "POST", page("keeper_person_reach_out", **PERSON), owner_only(302)
    ),
    "keeper_interaction_new": Cell("GET", page("keeper_interaction_new"), members_only(200)),
    "keeper_interaction_delete": Cell(
        "POST", page("keeper_interaction_delete", **INTERACTION), owner_only(302)
    ),
    "keeper_due": Cell("GET", page("keeper_due"), members_only(200)),
    "keeper_circles": Cell("GET", page("keeper_circles"), members_only(200)),
    "keeper_seats": Cell("GET", page("keeper_seats"), members_only(200)),
    # Everyone has their own twelve seats.
    "keeper_seat_edit": Cell(
        "GET", page("keeper_seat_edit", position=lambda s: 1), members_only(200)
    ),
    "keeper_duplicates": Cell("GET", page("keeper_duplicates"), members_only(200)),
    # Settings act on the signed-in member's own link and digest only.
    "keeper_settings": Cell("GET", page("keeper_settings"), members_only(200)),
    "keeper_calendar_create": Cell("POST", page("keeper_calendar_create"), members_only(200)),
    "keeper_calendar_revoke": Cell("POST", page("keeper_calendar_revoke"), members_only(302)),
    "keeper_digest_switch": Cell(
        "POST", page("keeper_digest_switch"), members_only(302), body=lambda s: {"enabled": "on"}
    ),
    # The confirmation page, for the owner; anyone else's ids are 404.
    "keeper_merge": Cell(
        "POST",
        page("keeper_merge"),
        owner_only(200),
        body=lambda s: {"keep_id": s.person_id, "merge_id": s.twin_id},
    ),
    # Insights take no member id: everyone reads only their own.
    "insights": Cell("GET", page("insights"), members_only(200)),
}

# Each API operation by (method, path as the OpenAPI schema writes it).
OPERATIONS: dict[tuple[str, str], Cell] = {
    ("POST", "/api/signup"): Cell(
        "POST",
        api("/signup"),
        everyone(201),
        body=lambda s: {
            "username": "newcomer",
            "password": "a long and unusual passphrase",
            "name": "New Comer",
        },
    ),
    ("POST", "/api/token"): Cell(
        "POST",
        api("/token"),
        everyone(201),
        body=lambda s: {"username": s.owner.username, "password": "correct horse battery staple"},
    ),
    ("GET", "/api/me"): Cell("GET", api("/me"), members_only(200, anonymous=401)),
    ("PATCH", "/api/me"): Cell(
        "PATCH", api("/me"), members_only(200, anonymous=401), body=lambda s: {"headline": "Hi"}
    ),
    ("GET", "/api/members"): Cell("GET", api("/members?q=Ana"), members_only(200, anonymous=401)),
    ("GET", "/api/members/{id}"): Cell(
        "GET", api("/members/{s.owner.pk}"), members_only(200, anonymous=401)
    ),
    ("POST", "/api/requests"): Cell(
        "POST",
        api("/requests"),
        {"anonymous": 401, "stranger": 201, "connected": 409, "owner": 400},
        body=lambda s: {"recipient_id": s.owner.pk, **note_for(s)},
    ),
    ("GET", "/api/requests"): Cell(
        "GET", api("/requests?box=incoming"), members_only(200, anonymous=401)
    ),
    ("POST", "/api/requests/{id}/accept"): Cell(
        "POST", api("/requests/{s.incoming.pk}/accept"), owner_only(200, anonymous=401)
    ),
    ("POST", "/api/requests/{id}/decline"): Cell(
        "POST", api("/requests/{s.incoming.pk}/decline"), owner_only(204, anonymous=401)
    ),
    ("POST", "/api/requests/{id}/withdraw"): Cell(
        "POST", api("/requests/{s.outgoing.pk}/withdraw"), owner_only(204, anonymous=401)
    ),
    ("GET", "/api/connections"): Cell("GET", api("/connections"), members_only(200, anonymous=401)),
    ("DELETE", "/api/connections/{member_id}"): Cell(
        "DELETE", api("/connections/{s.connected.pk}"), owner_only(204, anonymous=401)
    ),
    ("GET", "/api/conversations"): Cell(
        "GET", api("/conversations"), members_only(200, anonymous=401)
    ),
    ("GET", "/api/conversations/{id}/messages"): Cell(
        "GET",
        api("/conversations/{s.conversation_id}/messages"),
        {"anonymous": 401, "stranger": 404, "connected": 200, "owner": 200},
    ),
    ("POST", "/api/conversations/{id}/messages"): Cell(
        "POST",
        api("/conversations/{s.conversation_id}/messages"),
        {"anonymous": 401, "stranger": 404, "connected": 201, "owner": 201},
        body=lambda s: {"body": "Coffee on Thursday?"},
    ),
    # The keeper is private: everyone reads and writes only their own; Ana's people
    # and interactions are not found for anyone else.
    ("GET", "/api/keeper/people"): Cell(
        "GET", api("/keeper/people?q=Grace"), members_only(200, anonymous=401)
    ),
    ("POST", "/api/keeper/people"): Cell(
        "POST",
        api("/keeper/people"),
        members_only(201, anonymous=401),
        body=lambda s: {"name": "Hugo Brandt"},
    ),
    ("GET", "/api/keeper/people/{id}"): Cell(
        "GET", api("/keeper/people/{s.person_id}"), owner_only(200, anonymous=401)
    ),
    ("PATCH", "/api/keeper/people/{id}"): Cell(
        "PATCH",
        api("/keeper/people/{s.person_id}"),
        owner_only(200, anonymous=401),
        body=lambda s: {"role": "CTO"},
    ),
    ("DELETE", "/api/keeper/people/{id}"): Cell(
        "DELETE", api("/keeper/people/{s.person_id}"), owner_only(204, anonymous=401)
    ),
    ("POST", "/api/keeper/people/{id}/snooze"): Cell(
        "POST",
        api("/keeper/people/{s.person_id}/snooze"),
        owner_only(200, anonymous=401),
        body=lambda s: {"until": None},
    ),
    ("POST", "/api/keeper/people/{id}/reach-out"): Cell(
        "POST", api("/keeper/people/{s.person_id}/reach-out"), owner_only(201, anonymous=401)
    ),
    ("GET", "/api/keeper/interactions"): Cell(
        "GET",
        api("/keeper/interactions?person_id={s.person_id}"),
        owner_only(200, anonymous=401),
    ),
    ("POST", "/api/keeper/interactions"): Cell(
        "POST",
        api("/keeper/interactions"),
        owner_only(201, anonymous=401),
        body=lambda s: {"person_ids": [s.person_id], "kind": "call"},
    ),
    ("DELETE", "/api/keeper/interactions/{id}"): Cell(
        "DELETE", api("/keeper/interactions/{s.interaction_id}"), owner_only(204, anonymous=401)
    ),
    ("GET", "/api/keeper/due"): Cell("GET", api("/keeper/due"), members_only(200, anonymous=401)),
    ("GET", "/api/keeper/circles"): Cell(
        "GET", api("/keeper/circles"), members_only(200, anonymous=401)
    ),
    ("GET", "/api/keeper/seats"): Cell(
        "GET", api("/keeper/seats"), members_only(200, anonymous=401)
    ),
    # Everyone has their own board; nobody else can seat Ana's Grace on theirs.
    ("PUT", "/api/keeper/seats/{position}"): Cell(
        "PUT",
        api("/keeper/seats/1"),
        {"anonymous": 401, "stranger": 422, "connected": 422, "owner": 200},
        body=lambda s: {"role": "Mentor", "person_id": s.person_id},
    ),
    ("GET", "/api/keeper/duplicates"): Cell(
        "GET", api("/keeper/duplicates"), members_only(200, anonymous=401)
    ),
    ("POST", "/api/keeper/merge"): Cell(
        "POST",
        api("/keeper/merge"),
        owner_only(200, anonymous=401),
        body=lambda s: {"keep_id": s.person_id, "merge_id": s.twin_id},
    ),
    ("GET", "/api/insights"): Cell("GET", api("/insights"), members_only(200, anonymous=401)),
}

for feature in FEATURES:
    assert not set(feature.PAGES) & set(PAGES), feature.__name__
    assert not set(feature.OPERATIONS) & set(OPERATIONS), feature.__name__
    PAGES.update(feature.PAGES)
    OPERATIONS.update(feature.OPERATIONS)

# Routes served by the API framework itself rather than by an operation.
API_DOCUMENTS = {"/api/openapi.json": 200, "/api/docs": 200}


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.name


def site_page_names() -> set[str]:
    return {
        name
        for route, name in _walk(get_resolver().url_patterns)
        if not route.startswith(("admin/", "api/"))
    }


def schema_operations() -> set[tuple[str, str]]:
    from rapport.api import api as ninja_api

    schema = ninja_api.get_openapi_schema()
    return {
        (method.upper(), path)
        for path, item in schema["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    }


def page_of_row(row: str) -> str:
    """The URL name a row of PAGES is about: its key, or what comes before "#" when one
    page has several rows (one per form its POST takes: "account_settings#two_step_off")."""
    return row.split("#", 1)[0]


def test_every_route_is_in_the_matrix():
    names = site_page_names()
    assert None not in names, "every page needs a URL name to join the matrix"
    rows = {page_of_row(row) for row in PAGES}
    assert names == rows, {"missing": names - rows, "stale": rows - names}
    operations = schema_operations()
    assert operations == set(OPERATIONS), {
        "missing": operations - set(OPERATIONS),
        "stale": set(OPERATIONS) - operations,
    }


def _client_for(scenario: Scenario, role: str, *, auth: str = "session") -> Client:
    member = scenario.member(role)
    if member is None:
        return Client()
    if auth == "token":
        _token, raw = api_token_create(member=member, label="matrix")
        return Client(headers={"Authorization": f"Bearer {raw}"})
    client = Client()
    client.force_login(member)
    return client


def _send(client: Client, cell: Cell, scenario: Scenario, *, as_json: bool):
    url, body = cell.url(scenario), cell.body(scenario)
    method = getattr(client, cell.method.lower())
    if cell.method == "GET":
        return method(url)
    if as_json:
        return method(url, data=json.dumps(body), content_type="application/json")
    return method(url, data=body)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(PAGES))
def test_page(name, role, scenario):
    cell = PAGES[name]
    response = _send(_client_for(scenario, role), cell, scenario, as_json=False)
    assert response.status_code == cell.expect[role], (name, role, response.content[:300])


@pytest.mark.parametrize("auth", ["session", "token"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("operation", sorted(OPERATIONS), ids=" ".join)
def test_api_operation(operation, role, auth, scenario):
    """A personal token authenticates exactly as its owner's session does."""
    cell = OPERATIONS[operation]
    response = _send(_client_for(scenario, role, auth=auth), cell, scenario, as_json=True)
    assert response.status_code == cell.expect[role], (operation, role, response.content[:300])


def _paged_operations() -> set[tuple[str, str]]:
    from rapport.api import api as ninja_api

    schema = ninja_api.get_openapi_schema()
    return {
        ("GET", path)
        for path, item in schema["paths"].items()
        if "get" in item
        and "page" in {parameter["name"] for parameter in item["get"].get("parameters", [])}
    }


GETS = sorted(operation for operation in OPERATIONS if operation[0] == "GET")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("operation", GETS, ids=" ".join)
def test_api_head_is_answered_as_get(operation, role, scenario):
    """HEAD is GET without its body: the same answer for every visitor, 401 included."""
    cell = OPERATIONS[operation]
    response = _client_for(scenario, role, auth="token").head(cell.url(scenario))
    assert response.status_code == cell.expect[role], (operation, role)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("operation", sorted(_paged_operations()), ids=" ".join)
def test_api_a_later_page_is_authorized_as_the_first(operation, role, scenario):
    cell = OPERATIONS[operation]
    url = cell.url(scenario)
    later = url + ("&" if "?" in url else "?") + "page=2"
    response = _client_for(scenario, role, auth="token").get(later)
    assert response.status_code == cell.expect[role], (operation, role, response.content[:300])


@pytest.mark.parametrize("path", sorted(API_DOCUMENTS))
def test_api_documents_are_public(path, client):
    assert client.get(path).status_code == API_DOCUMENTS[path]
    assert client.head(path).status_code == API_DOCUMENTS[path]


@pytest.mark.parametrize("role", ROLES)
def test_admin_is_for_staff_only(role, scenario):
    response = _client_for(scenario, role).get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
