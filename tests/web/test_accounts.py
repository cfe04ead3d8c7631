"""Sign-up, log-in, log-out, the profile form and API tokens, through the pages."""

from __future__ import annotations

import re

from django.urls import reverse

from rapport.members.models import ApiToken, Member
from rapport.members.services import api_token_authenticate
from tests.conftest import PASSWORD
from tests.web.page_text import main_text


def field_errors(response, field: str) -> str:
    """The error list rendered beside ``field`` (Django gives it the id ``id_<field>_error``)."""
    html = response.content.decode()
    match = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', html, re.S)
    return match.group(1) if match else ""


def test_signup_logs_the_new_member_in(client, db):
    response = client.post(
        reverse("signup"),
        {
            "username": "ada",
            "name": "Ada Lovelace",
            "email": "ada@example.org",
            "password": PASSWORD,
            "password_again": PASSWORD,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("profile_edit")
    member = Member.objects.get(username="ada")
    assert member.name == "Ada Lovelace"
    page = client.get(reverse("home"))
    assert "Welcome, Ada Lovelace" in main_text(page)


def test_signup_shows_password_rules_beside_the_password(client, db):
    response = client.post(
        reverse("signup"),
        {"username": "ada", "name": "Ada", "password": "short", "password_again": "short"},
    )
    assert response.status_code == 422
    assert "too short" in field_errors(response, "password")
    assert not Member.objects.filter(username="ada").exists()


def test_signup_names_a_taken_username(client, make_member):
    make_member("Ada One", username="ada")
    response = client.post(
        reverse("signup"),
        {"username": "ADA", "name": "Ada Two", "password": PASSWORD, "password_again": PASSWORD},
    )
    assert response.status_code == 409
    assert "taken" in field_errors(response, "username")
    assert Member.objects.filter(username__iexact="ada").count() == 1


def test_signup_asks_for_the_same_password_twice(client, db):
    response = client.post(
        reverse("signup"),
        {"username": "ada", "name": "Ada", "password": PASSWORD, "password_again": "other one"},
    )
    assert response.status_code == 422
    assert "differ" in field_errors(response, "password_again")


def test_signup_names_every_problem_of_one_submission_at_once(client, make_member):
    """Passwords that differ, no name and a taken username: all three after one submit,
    each beside its field, not one submit each."""
    make_member("Ada One", username="ada")
    response = client.post(
        reverse("signup"),
        {"username": "ADA", "name": "", "password": PASSWORD, "password_again": "another one"},
    )
    assert response.status_code == 422
    assert "That username is taken." in field_errors(response, "username")
    assert "Tell people your name." in field_errors(response, "name")
    assert "The two passwords differ." in field_errors(response, "password_again")
    assert Member.objects.filter(username__iexact="ada").count() == 1


def test_signup_names_a_bad_address_beside_the_other_problems(client, db):
    response = client.post(
        reverse("signup"),
        {
            "username": "ada",
            "name": "",
            "email": "not an address",
            "password": "short",
            "password_again": "short",
        },
    )
    assert response.status_code == 422
    assert "not an email address" in field_errors(response, "email")
    assert "Tell people your name." in field_errors(response, "name")
    assert "too short" in field_errors(response, "password")
    assert not Member.objects.exists()


def test_login_and_logout(client, make_member):
    make_member("Ada Lovelace", username="ada")
    wrong = client.post(reverse("login"), {"username": "ada", "password": "nope"})
    assert wrong.status_code == 200
    assert "correct username and password" in main_text(wrong)

    response = client.post(reverse("login"), {"username": "ada", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert "Welcome, Ada Lovelace" in main_text(client.get(reverse("home")))

    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("connections")).status_code == 302
    assert "Sign up" in main_text(client.get(reverse("home")))


def test_login_page_labels_its_inputs(client, db):
    html = client.get(reverse("login")).content.decode()
    assert '<label for="id_username"' in html and '<label for="id_password"' in html


def test_profile_edit_saves_through_the_service(make_member, signed_in):
    ada = make_member("Ada Lovelace")
    client = signed_in(ada)
    response = client.post(
        reverse("profile_edit"),
        {
            "name": "Ada King",
            "headline": "Analyst",
            "organisation": "Analytical Engines",
            "location": "London",
            "bio": "Notes on engines.",
            "interests": "Maths,  poetry, maths",
            "can_help_with": "Algorithms",
            "looking_for": "Engineers",
        },
    )
    assert response.status_code == 302
    ada.refresh_from_db()
    assert ada.name == "Ada King"
    assert ada.interests == "maths, poetry"
    assert "Your profile is saved." in main_text(client.get(reverse("profile_edit")))


def test_profile_edit_names_the_field_in_error(make_member, signed_in):
    ada = make_member("Ada Lovelace")
    response = signed_in(ada).post(reverse("profile_edit"), {"name": "  ", "headline": "x"})
    assert response.status_code == 422
    assert "name cannot be empty" in field_errors(response, "name")
    ada.refresh_from_db()
    assert ada.name == "Ada Lovelace"


def test_every_field_in_error_is_named_at_once(make_member, signed_in, client):
    """One submit shows every problem; fixing them one at a time is a chore."""
    ada = make_member("Ada Lovelace")
    response = signed_in(ada).post(
        reverse("profile_edit"), {"name": "n" * 400, "headline": "h" * 400, "bio": "b" * 6000}
    )
    assert response.status_code == 422
    for field in ("name", "headline", "bio"):
        assert "characters; the limit is" in field_errors(response, field), field

    signup = client.post(
        reverse("signup"), {"username": "", "name": "", "password": "", "password_again": ""}
    )
    assert signup.status_code == 422
    assert "Choose a username." in field_errors(signup, "username")
    assert "Tell people your name." in field_errors(signup, "name")
    assert field_errors(signup, "password")


def test_token_is_shown_once_and_can_be_revoked(make_member, signed_in):
    ada = make_member("Ada Lovelace")
    client = signed_in(ada)
    response = client.post(reverse("tokens"), {"label": "calendar script"})
    assert response.status_code == 200  # shown in the answer itself, kept nowhere
    raw = re.search(r'value="(rpt_[^"]+)"', response.content.decode()).group(1)
    assert api_token_authenticate(raw) == ada
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(member=ada)

    listing = client.get(reverse("tokens"))
    assert "calendar script" in main_text(listing)
    assert raw not in listing.content.decode()

    assert client.get(reverse("token_revoke", args=[token.pk])).status_code == 405
    response = client.post(reverse("token_revoke", args=[token.pk]), follow=True)
    assert "Token revoked" in main_text(response)
    assert "Revoked" in main_text(response)
    assert api_token_authenticate(raw) is None


def test_reloading_the_tokens_page_makes_no_second_token(make_member, signed_in):
    """The token is shown in the answer to "Create token": a reload sends that form
    again (with its form id), which shows no secret and creates nothing."""
    ada = make_member("Ada Lovelace")
    client = signed_in(ada)
    page = client.get(reverse("tokens")).content.decode()
    form = {
        "label": "calendar script",
        "form_nonce": re.search(r'name="form_nonce" value="([^"]+)"', page).group(1),
    }
    shown = client.post(reverse("tokens"), form)

    reloaded = client.post(reverse("tokens"), form)

    raw = re.search(r'value="(rpt_[^"]+)"', shown.content.decode()).group(1)
    assert api_token_authenticate(raw) == ada
    assert reloaded.status_code == 409
    assert "Your new token" not in main_text(reloaded)
    assert raw not in reloaded.content.decode()
    assert ApiToken.objects.filter(member=ada).count() == 1
