"""Signing up, getting a token, and the two ways to authenticate: token or session."""

from __future__ import annotations

import pytest
from django.test import Client

from rapport.members.models import ApiToken, Member, PendingEmail
from rapport.members.services import api_token_create, api_token_revoke
from rapport.network.models import ConnectionRequest
from tests.api.conftest import Api
from tests.api.public_shape import MEMBER_KEYS, assert_no_private_keys
from tests.conftest import GOOD_NOTE, PASSWORD

NEW_PASSWORD = "a long and unusual passphrase"
CSRF_SECRET = "a" * 32  # any 32 allowed characters form a valid CSRF secret


def _signup(anonymous: Api, **fields):
    body = {"username": "ada", "password": NEW_PASSWORD, "name": "Ada Lovelace"} | fields
    return anonymous.post("/signup", body)


def test_signup_creates_a_member_and_shows_only_the_public_profile(anonymous):
    response = _signup(
        anonymous,
        email="ada@example.org",
        organisation="Analytical Engines",
        interests="Maths, looms",
    )

    assert response.status_code == 201
    body = response.json()
    assert set(body) == MEMBER_KEYS
    assert_no_private_keys(body)
    assert body["organisation"] == "Analytical Engines"
    assert body["interests"] == ["maths", "looms"]
    member = Member.objects.get(username="ada")
    # The address waits for its link to be opened (tests/members/test_account_settings.py).
    assert member.email == ""
    assert PendingEmail.objects.get(member_id=member.pk).email == "ada@example.org"
    assert member.check_password(NEW_PASSWORD)


@pytest.mark.parametrize(
    ("password", "says"),
    [("short", "too short"), ("password123", "too common"), ("4815162342", "entirely numeric")],
)
def test_signup_applies_the_password_validators(anonymous, password, says):
    response = _signup(anonymous, password=password)

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert body["field"] == "password"
    assert says in body["message"]
    assert not Member.objects.filter(username="ada").exists()


def test_signup_with_a_taken_username_is_a_conflict(anonymous, make_member):
    make_member("Ada Existing", username="ada")

    response = _signup(anonymous, username="ADA")

    assert response.status_code == 409
    assert response.json() == {
        "code": "username_taken",
        "message": "That username is taken.",
        "field": "username",
    }
    assert Member.objects.filter(username__iexact="ada").count() == 1


def test_signup_names_its_first_problem_before_a_taken_username(anonymous, make_member):
    """The sign-up page names every problem at once, the taken username among them; the
    API still answers with the first, as it did, and says nothing more."""
    make_member("Ada Existing", username="ada")

    response = _signup(anonymous, username="ADA", name="  ", password="short")

    assert response.status_code == 422
    assert response.json() == {
        "code": "invalid",
        "message": "Tell people your name.",
        "field": "name",
    }
    assert Member.objects.filter(username__iexact="ada").count() == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": "  "}, "name"),
        ({"email": "not an address"}, "email"),
        ({"username": "a b"}, "username"),
    ],
)
def test_signup_names_the_field_at_fault(anonymous, fields, field):
    response = _signup(anonymous, **fields)

    assert response.status_code == 422
    assert response.json()["field"] == field
    assert not Member.objects.exists()


def test_signup_without_a_name_says_name_is_required(anonymous):
    response = anonymous.post("/signup", {"username": "ada", "password": NEW_PASSWORD})

    assert response.status_code == 422
    assert response.json() == {"code": "invalid", "message": "name is required.", "field": "name"}


def test_a_token_from_username_and_password_authenticates_as_its_owner(anonymous, make_member):
    ada = make_member("Ada Lovelace", username="ada")

    response = anonymous.post("/token", {"username": "ada", "password": PASSWORD, "label": "cli"})

    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"token", "id", "label"}
    assert body["label"] == "cli"
    stored = ApiToken.objects.get(pk=body["id"], member=ada)
    assert body["token"] not in stored.digest  # only a digest is kept
    me = Client(headers={"Authorization": f"Bearer {body['token']}"}).get("/api/me")
    assert me.status_code == 200
    assert me.json()["username"] == "ada"


def test_wrong_credentials_do_not_say_which_part_was_wrong(anonymous, make_member):
    make_member("Ada Lovelace", username="ada")

    wrong_password = anonymous.post("/token", {"username": "ada", "password": "not it at all"})
    unknown_user = anonymous.post("/token", {"username": "nobody", "password": PASSWORD})

    assert wrong_password.status_code == unknown_user.status_code == 401
    assert wrong_password.json() == unknown_user.json()
    assert wrong_password.json()["code"] == "invalid_credentials"
    assert not ApiToken.objects.exists()


def test_no_credentials_is_401_not_authenticated(anonymous):
    response = anonymous.get("/me")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize("header", ["Bearer rpt_madeup", "Bearer not-even-our-format"])
def test_an_unknown_token_is_401(db, header):
    response = Client(headers={"Authorization": header}).get("/api/me")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_a_revoked_token_is_401_even_alongside_a_session(make_member):
    ada = make_member("Ada Lovelace")
    token, raw = api_token_create(member=ada, label="old laptop")
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    assert client.get("/api/me").status_code == 200

    api_token_revoke(member=ada, token_id=token.pk)
    client.force_login(ada)  # a dead token is refused, not quietly replaced by the session
    response = client.get("/api/me")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert "revoked" in response.json()["message"]


def _request_body(recipient: Member) -> dict:
    return {
        "recipient_id": recipient.pk,
        "context": "worked_together",
        "note": GOOD_NOTE.format(name=recipient.name.split()[0]),
    }


def test_a_session_reads_without_csrf_but_must_send_it_to_write(make_member):
    ada, ben = make_member("Ada Lovelace"), make_member("Ben Okafor")
    client = Client(enforce_csrf_checks=True)
    client.force_login(ada)
    session = Api(client)

    assert session.get("/me").json()["name"] == "Ada Lovelace"
    refused = session.post("/requests", _request_body(ben))

    assert refused.status_code == 403
    assert refused.json()["code"] == "csrf_failed"
    assert not ConnectionRequest.objects.exists()

    client.cookies["csrftoken"] = CSRF_SECRET
    client.defaults["HTTP_X_CSRFTOKEN"] = CSRF_SECRET
    accepted = session.post("/requests", _request_body(ben))

    assert accepted.status_code == 201
    assert ConnectionRequest.objects.filter(sender=ada, recipient=ben).exists()


def test_a_token_writes_without_csrf(make_member, api_as):
    ada, ben = make_member("Ada Lovelace"), make_member("Ben Okafor")

    response = api_as(ada, enforce_csrf_checks=True).post("/requests", _request_body(ben))

    assert response.status_code == 201
    assert ConnectionRequest.objects.filter(sender=ada, recipient=ben).exists()


def test_signup_and_token_need_no_credentials_and_no_csrf(make_member):
    strict = Api(Client(enforce_csrf_checks=True))

    assert _signup(strict).status_code == 201
    assert strict.post("/token", {"username": "ada", "password": NEW_PASSWORD}).status_code == 201


def test_every_other_operation_refuses_an_anonymous_caller(make_member):
    """401 ("sign in"), not a CSRF 403, even for unsafe methods."""
    ada = make_member("Ada Lovelace")
    anonymous = Api(Client(enforce_csrf_checks=True))
    calls = [
        anonymous.get("/me"),
        anonymous.patch("/me", {"headline": "Hi"}),
        anonymous.get("/members", {"q": "Ada"}),
        anonymous.get(f"/members/{ada.pk}"),
        anonymous.post("/requests", _request_body(ada)),
        anonymous.get("/requests"),
        anonymous.post("/requests/1/accept"),
        anonymous.get("/connections"),
        anonymous.delete(f"/connections/{ada.pk}"),
        anonymous.get("/conversations"),
        anonymous.get("/conversations/1/messages"),
        anonymous.post("/conversations/1/messages", {"body": "Hello"}),
    ]

    assert [call.status_code for call in calls] == [401] * len(calls)
    assert {call.json()["code"] for call in calls} == {"not_authenticated"}
    assert not ConnectionRequest.objects.exists()
