"""The API says how long each text may be, and refuses a longer one by name.

Every string a request body takes carries ``maxLength`` in /api/openapi.json, read
from the model field or the service constant that the service itself checks, so the
number a client reads is the number that applies. A value beyond it is refused with
422 naming the field and the limit, and nothing is written. The limit never refuses
what the web page, going through the same service, accepts.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from rapport.asks.models import Ask
from rapport.asks.states import HELPERS_MAX, TITLE_MAX
from rapport.coffee.models import TOPICS_MAX, CoffeeOptIn
from rapport.conversations.models import MESSAGE_MAX, Message
from rapport.errors import InvalidInput
from rapport.gatherings.models import TITLE_MAX as GATHERING_TITLE_MAX
from rapport.gatherings.models import Gathering
from rapport.gatherings.services import INVITE_MAX
from rapport.imports.models import ImportJob
from rapport.introductions.models import Introduction
from rapport.introductions.states import WHY_MAX
from rapport.keeper.models import KeySeat, Person
from rapport.keeper.services import NOTE_MAX, TAG_MAX
from rapport.limits import EMAIL_MAX, limit_of
from rapport.members.models import Member
from rapport.members.passwords import PASSWORD_MAX
from rapport.members.services import member_signup
from rapport.network.models import ConnectionRequest
from rapport.network.states import NOTE_MAX as REQUEST_NOTE_MAX
from rapport.safety.models import Report
from rapport.safety.services import REPORT_DETAIL_MAX

# Strings whose bounds are in their format or their choices, not in a length.
EXEMPT_FORMATS = {"date", "date-time", "binary"}


def _schema() -> dict[str, Any]:
    return Client().get("/api/openapi.json").json()


def _strings(node: dict[str, Any], where: str, components: dict[str, Any], seen: frozenset[str]):
    """Every string schema under ``node``, as (where, schema, exempt by an enum above)."""
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        if name not in seen:
            yield from _strings(components[name], where, components, seen | {name})
        return
    for key in ("anyOf", "oneOf", "allOf"):
        for branch in node.get(key, []):
            # An enum beside a union (``str | None`` with its codes) bounds each branch.
            yield from _strings(
                {"enum": node["enum"], **branch} if "enum" in node else branch,
                where,
                components,
                seen,
            )
    if node.get("type") == "string":
        yield where, node
    if node.get("type") == "array":
        yield from _strings(node.get("items", {}), f"{where}[]", components, seen)
    for name, prop in node.get("properties", {}).items():
        yield from _strings(prop, f"{where}.{name}", components, seen)


def _body_strings() -> list[tuple[str, dict[str, Any]]]:
    schema = _schema()
    found = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for media, content in operation.get("requestBody", {}).get("content", {}).items():
                label = f"{method.upper()} {path} ({media})"
                for where, node in _strings(
                    content["schema"], "", schema["components"]["schemas"], frozenset()
                ):
                    found.append((f"{label} {where or 'body'}", node))
    return found


def test_every_string_a_request_body_takes_says_its_limit():
    """Every string property of every request body, JSON or multipart, nested objects
    and list items included, carries ``maxLength``.

    Exempt: strings with a format that bounds them (``date``, ``date-time``) or that is
    a file (``binary``: an upload, bounded by its own size limit in bytes), and strings
    with an ``enum`` (a choice among codes, on the property or beside its union).
    """
    strings = _body_strings()
    assert len(strings) > 60  # the walk found the bodies, nested and listed ones too

    missing = [
        where
        for where, node in strings
        if "maxLength" not in node
        and node.get("format") not in EXEMPT_FORMATS
        and "enum" not in node
    ]

    assert missing == []


def test_the_limits_announced_are_the_ones_the_models_and_services_hold():
    schemas = _schema()["components"]["schemas"]

    def limit(schema: str, field: str) -> int:
        node = schemas[schema]["properties"][field]
        branches = node.get("anyOf", [node])
        return next(branch["maxLength"] for branch in branches if "maxLength" in branch)

    assert limit("PersonIn", "name") == limit_of(Person, "name") == 160
    assert limit("PersonPatchIn", "what_makes_them_tick") == limit_of(
        Person, "what_makes_them_tick"
    )
    assert schemas["PersonIn"]["properties"]["tags"]["anyOf"][0]["items"]["maxLength"] == TAG_MAX
    assert limit("SeatIn", "role") == limit_of(KeySeat, "role")
    assert limit("InteractionIn", "note") == NOTE_MAX
    assert limit("ProfileIn", "bio") == limit_of(Member, "bio")
    assert limit("SignupIn", "password") == PASSWORD_MAX
    assert limit("RequestIn", "note") == REQUEST_NOTE_MAX
    assert limit("MessageIn", "body") == MESSAGE_MAX
    assert limit("AskIn", "title") == TITLE_MAX
    assert limit("GatheringIn", "title") == GATHERING_TITLE_MAX
    assert limit("IntroductionIn", "why_first") == WHY_MAX
    assert limit("CoffeeOptInIn", "topics") == TOPICS_MAX
    assert limit("ReportIn", "detail") == REPORT_DETAIL_MAX
    # Lists with a limit say it too.
    assert schemas["CloseIn"]["properties"]["helper_ids"]["maxItems"] == HELPERS_MAX
    assert schemas["InviteIn"]["properties"]["member_ids"]["maxItems"] == INVITE_MAX


# --- refused beyond the limit, by name ------------------------------------------------

TOO_LONG = 10_000

# (method, path, body, field, limit): the main body of each app, one text too long.
# Ids in paths need not exist: a body is read, and refused, before any row is looked up.
OVERLONG = [
    ("post", "/keeper/people", {"name": "x" * TOO_LONG}, "name", limit_of(Person, "name")),
    # A tag over TAG_MAX is refused by the service, naming the tag as the page does:
    # tests/keeper/test_tag_limit_wording.py.
    (
        "post",
        "/keeper/people",
        {"name": "Grace", "emails": [{"value": "g@x.org", "type": "w" * 41}]},
        "emails.0.type",
        40,
    ),
    ("patch", "/me", {"bio": "b" * TOO_LONG}, "bio", limit_of(Member, "bio")),
    (
        "post",
        "/requests",
        {"recipient_id": 1, "context": "other", "note": "n" * TOO_LONG},
        "note",
        REQUEST_NOTE_MAX,
    ),
    ("post", "/conversations/1/messages", {"body": "m" * (MESSAGE_MAX + 1)}, "body", MESSAGE_MAX),
    ("post", "/asks", {"kind": "ask", "title": "t" * TOO_LONG}, "title", TITLE_MAX),
    (
        "post",
        "/gatherings",
        {
            "title": "t" * TOO_LONG,
            "starts_at": "2030-05-01T18:00:00Z",
            "ends_at": "2030-05-01T20:00:00Z",
        },
        "title",
        GATHERING_TITLE_MAX,
    ),
    (
        "post",
        "/introductions",
        {"first_id": 1, "why_first": "w" * TOO_LONG, "second_id": 2, "why_second": "w" * 50},
        "why_first",
        WHY_MAX,
    ),
    (
        "put",
        "/coffee/opt-in",
        {"frequency": "weekly", "topics": "t" * TOO_LONG},
        "topics",
        TOPICS_MAX,
    ),
    (
        "post",
        "/members/1/report",
        {"reason": "other", "detail": "d" * TOO_LONG},
        "detail",
        REPORT_DETAIL_MAX,
    ),
    ("put", "/keeper/seats/1", {"why": "w" * TOO_LONG}, "why", limit_of(KeySeat, "why")),
    (
        "post",
        "/me/password",
        {"current_password": "p" * (PASSWORD_MAX + 1), "new_password": "a long new one"},
        "current_password",
        PASSWORD_MAX,
    ),
]


@pytest.mark.parametrize(
    ("method", "path", "body", "field", "limit"),
    OVERLONG,
    ids=[f"{method} {path} {field}" for method, path, _, field, _ in OVERLONG],
)
def test_a_text_over_its_limit_is_422_naming_the_field_and_the_limit(
    make_member, api_as, method, path, body, field, limit
):
    ada = make_member("Ada Lovelace")
    response = getattr(api_as(ada).client, method)(
        "/api" + path, body, content_type="application/json"
    )

    assert response.status_code == 422, response.content
    error = response.json()
    assert error["code"] == "invalid"
    assert error["field"] == field
    assert error["message"].startswith(f"{field} is ")
    assert error["message"].endswith(f"characters; the limit is {limit:,}.")
    ada.refresh_from_db()
    assert ada.bio == ""
    for model in (Person, ConnectionRequest, Message, Ask, Gathering, Introduction, Report):
        assert not model.objects.exists(), model
    assert not CoffeeOptIn.objects.exists()


def test_a_list_over_its_limit_is_422_naming_it(make_member, api_as):
    ada = make_member("Ada Lovelace")
    ids = list(range(1, HELPERS_MAX + 2))

    response = api_as(ada).post("/asks/1/close", {"helper_ids": ids})

    assert response.status_code == 422
    assert response.json() == {
        "code": "invalid",
        "message": f"helper_ids holds {HELPERS_MAX + 1} different items; the limit is {HELPERS_MAX}.",
        "field": "helper_ids",
    }


def test_anonymous_bodies_are_refused_by_name_too(anonymous):
    signup = anonymous.post(
        "/signup", {"username": "u" * 151, "password": "a long passphrase", "name": "Ada"}
    )
    token = anonymous.post("/token", {"username": "ada", "password": "p" * (PASSWORD_MAX + 1)})

    assert (signup.status_code, signup.json()["field"]) == (422, "username")
    assert signup.json()["message"] == "username is 151 characters; the limit is 150."
    assert (token.status_code, token.json()["field"]) == (422, "password")
    assert not Member.objects.exists()


def test_an_import_address_over_its_limit_is_named(make_member, api_as):
    ada = make_member("Ada Lovelace")
    address = "a" * EMAIL_MAX + "@example.org"

    response = api_as(ada).client.post(
        "/api/imports",
        {
            "source": "mbox",
            "me": ["ada@example.org", address],
            "file": SimpleUploadedFile("mail.mbox", b"From x\n"),
        },
    )

    assert response.status_code == 422
    assert response.json()["field"] == "me.1"
    assert response.json()["message"].endswith(f"the limit is {EMAIL_MAX}.")
    assert not ImportJob.objects.exists()


# --- never stricter than the page ------------------------------------------------------


def _page(member: Member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def test_a_text_at_its_limit_is_taken(make_member, api_as):
    ada = make_member("Ada Lovelace")
    name = "n" * limit_of(Person, "name")

    response = api_as(ada).post("/keeper/people", {"name": name})

    assert response.status_code == 201
    assert Person.objects.get(owner=ada).name == name


def test_spaces_the_service_folds_do_not_count_against_the_limit(make_member, api_as):
    """The page takes a name typed with double spaces and stores it folded; so does the
    API, although the text as sent is longer than the limit."""
    ada, ben = make_member("Ada Lovelace"), make_member("Ben Okafor")
    limit = limit_of(Person, "name")
    typed = "  ".join(["word"] * (limit // 5)) + "   "
    assert len(typed) > limit >= len(" ".join(typed.split()))
    topics = ",   ".join(["jazz"] * 60)
    assert len(topics) > TOPICS_MAX and len(" ".join(topics.split())) <= TOPICS_MAX

    by_api = api_as(ada).post("/keeper/people", {"name": typed})
    by_page = _page(ben).post(reverse("keeper_person_new"), {"name": typed, "circle": "150"})
    coffee_api = api_as(ada).client.put(
        "/api/coffee/opt-in",
        {"frequency": "weekly", "topics": topics},
        content_type="application/json",
    )
    coffee_page = _page(ben).post(reverse("coffee"), {"frequency": "weekly", "topics": topics})

    assert by_api.status_code == 201
    assert by_page.status_code == 302
    assert Person.objects.get(owner=ada).name == Person.objects.get(owner=ben).name
    assert coffee_api.status_code == 200
    assert coffee_page.status_code == 302
    assert CoffeeOptIn.objects.get(member=ada).topics == CoffeeOptIn.objects.get(member=ben).topics


def test_interests_are_measured_as_stored(make_member, api_as):
    """Repeats are stored once, on the page and in the API alike."""
    ada, ben = make_member("Ada Lovelace"), make_member("Ben Okafor")
    interests = ", ".join(["Jazz", "jazz", "JAZZ"] * 50)
    assert len(interests) > limit_of(Member, "interests")

    by_api = api_as(ada).patch("/me", {"interests": interests})
    by_page = _page(ben).post(
        reverse("profile_edit"), {"name": "Ben Okafor", "interests": interests}
    )

    assert by_api.status_code == 200
    assert by_api.json()["interests"] == ["jazz"]
    assert by_page.status_code == 302
    ben.refresh_from_db()
    assert ben.interests == "jazz"


def test_a_password_over_the_limit_is_refused_by_the_page_and_the_service_too(make_member):
    """The API's maxLength for passwords is a password rule, so a sign-up on the page
    (which the service judges) cannot make one the API would refuse at log-in."""
    with pytest.raises(InvalidInput) as refused:
        member_signup(username="ada", password="p" * (PASSWORD_MAX + 1), name="Ada Lovelace")

    assert refused.value.field == "password"
    assert f"the limit is {PASSWORD_MAX:,}" in refused.value.message
    assert member_signup(username="ada", password="p" * PASSWORD_MAX, name="Ada Lovelace")
