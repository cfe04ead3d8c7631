"""The Account page and `POST /api/me/password`, `POST /api/me/email`: a member changes
their password or email address, knowing their password.

Through the front door: the page as a browser posts it, the API as a client calls it,
sessions as other devices hold them (each a Client of its own).
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from rapport.keeper.services import interaction_log, person_create
from rapport.keeper.tasks import send_keeper_digests
from rapport.members.models import Member, MemberSession
from rapport.members.services import api_token_create
from rapport.safety.throttle import PER_USERNAME, WINDOW
from tests.conftest import PASSWORD
from tests.web.page_queries import page_queries
from tests.web.page_text import main_text

NEW_PASSWORD = "a fresh and unusual passphrase"
T0 = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def ana(make_member):
    return make_member("Ana Ruiz", username="ana", email="ana@example.org")


@pytest.fixture
def ben(make_member):
    return make_member("Ben Okafor", username="ben", email="ben@example.org")


def _signed_in(member: Member, **options) -> Client:
    client = Client(**options)
    client.force_login(member)
    return client


def _change_password(client: Client, current: str, new: str, again: str | None = None):
    return client.post(
        reverse("account_settings"),
        {
            "form": "password",
            "current_password": current,
            "new_password": new,
            "new_password_again": new if again is None else again,
        },
    )


def _change_email(client: Client, email: str, password: str = PASSWORD):
    return client.post(
        reverse("account_settings"),
        {"form": "email", "email": email, "current_password": password},
    )


def _logs_in(username: str, password: str) -> bool:
    response = Client().post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302


# --- the page --------------------------------------------------------------------


def test_the_page_is_in_the_members_menu_and_says_where_mail_goes(ana):
    page = _signed_in(ana).get(reverse("account_settings"))

    assert page.status_code == 200
    html = page.content.decode()
    url = reverse("account_settings")
    assert f'<a href="{url}" aria-current="page">Account</a>' in html
    assert '<details class="nav__menu nav__menu--end" data-current>' in html
    text = main_text(page)
    assert "reset links go to ana@example.org" in text
    assert "Your API tokens keep working" in text
    # Two forms, each with its own ids although both ask for the current password.
    assert 'id="id_email_current_password"' in html
    assert 'id="id_password_current_password"' in html
    assert 'value="ana@example.org"' in html


def test_other_pages_link_to_it_without_marking_it(ana):
    html = _signed_in(ana).get(reverse("profile_edit")).content.decode()
    url = reverse("account_settings")
    assert f'<a href="{url}">Account</a>' in html


def test_the_page_reads_nothing_but_the_session_and_its_member(ana):
    """One query: the session with its member (rapport/members/sessions.py); the menu's
    unread count is kept from the first visit (tests/web/page_queries.py)."""
    assert page_queries(_signed_in(ana), reverse("account_settings"), at_most=1) == 1


# --- changing the password ---------------------------------------------------------


def test_the_new_password_works_the_old_one_no_longer_does(
    ana, django_capture_on_commit_callbacks, mailoutbox
):
    client = _signed_in(ana)
    with django_capture_on_commit_callbacks(execute=True):
        response = _change_password(client, PASSWORD, NEW_PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_settings")
    assert "Your password is changed" in main_text(client.get(reverse("account_settings")))
    assert _logs_in("ana", NEW_PASSWORD)
    assert not _logs_in("ana", PASSWORD)
    # The account's address is told, in case it was not the member.
    [notice] = mailoutbox
    assert notice.to == ["ana@example.org"]
    assert notice.subject == "Your Rapport password was changed"
    assert "Every other device signed in to the account was signed out." in notice.body


def test_this_session_stays_every_other_session_of_the_member_ends(ana, ben):
    laptop, phone, bens = _signed_in(ana), _signed_in(ana), _signed_in(ben)
    _token, raw = api_token_create(member=ana, label="calendar script")
    before = laptop.session.session_key

    assert _change_password(laptop, PASSWORD, NEW_PASSWORD).status_code == 302

    assert laptop.get(reverse("account_settings")).status_code == 200
    assert laptop.session.session_key != before  # a new key for the new password
    sent_away = phone.get(reverse("account_settings"))
    assert sent_away.status_code == 302
    assert sent_away["Location"].startswith(reverse("login"))
    assert bens.get(reverse("account_settings")).status_code == 200
    # The rows are gone, not only refused: nothing is left for a stolen cookie.
    assert MemberSession.objects.filter(member_id=ana.pk).count() == 1
    # API tokens are left alone.
    api = Client(headers={"Authorization": f"Bearer {raw}"})
    assert api.get("/api/me").status_code == 200


def test_a_session_the_change_cannot_find_is_refused_by_the_password_hash(ana):
    """The sessions' member column only saves a query; Django's check of the password
    hash held in the session still signs out a session whose row names nobody."""
    laptop, phone = _signed_in(ana), _signed_in(ana)
    MemberSession.objects.filter(session_key=phone.session.session_key).update(member_id=None)

    assert _change_password(laptop, PASSWORD, NEW_PASSWORD).status_code == 302

    assert phone.get(reverse("account_settings")).status_code == 302
    assert laptop.get(reverse("account_settings")).status_code == 200


def test_every_problem_is_named_beside_its_field_and_nothing_changes(ana, mailoutbox):
    client = _signed_in(ana)

    response = _change_password(client, "not my password", "12345678")

    assert response.status_code == 422
    errors = response.context["password_form"].errors
    assert errors["current_password"] == ["That is not your password."]
    [rules] = errors["new_password"]
    assert "This password is too short. It must contain at least 10 characters." in rules
    assert "This password is too common." in rules
    assert "This password is entirely numeric." in rules
    html = response.content.decode()
    assert html.count('class="field field--invalid"') == 2
    assert _logs_in("ana", PASSWORD)
    assert mailoutbox == []


def test_a_password_like_the_address_or_typed_differently_twice_is_refused(ana):
    client = _signed_in(ana)

    like_the_name = _change_password(client, PASSWORD, "ana@example.org!")
    differ = _change_password(client, PASSWORD, NEW_PASSWORD, again=NEW_PASSWORD + "!")
    same = _change_password(client, PASSWORD, PASSWORD)

    assert like_the_name.status_code == 422
    [similar] = like_the_name.context["password_form"].errors["new_password"]
    assert similar == "The password is too similar to the email address."
    assert differ.status_code == 422
    assert differ.context["password_form"].errors == {
        "new_password_again": ["The two passwords differ."]
    }
    assert same.context["password_form"].errors == {
        "new_password": ["That is your current password; choose a new one."]
    }
    assert _logs_in("ana", PASSWORD)


def test_wrong_current_passwords_count_toward_the_login_throttle(ana):
    client = _signed_in(ana)
    with time_machine.travel(T0, tick=False):
        for _ in range(PER_USERNAME):
            assert _change_password(client, "guess", NEW_PASSWORD).status_code == 422
        refused = _change_password(client, PASSWORD, NEW_PASSWORD)  # even the right one
        login = Client().post(reverse("login"), {"username": "ana", "password": PASSWORD})

    assert refused.status_code == 429
    assert int(refused["Retry-After"]) == WINDOW.total_seconds()
    assert f"the limit is {PER_USERNAME}" in main_text(refused)
    assert login.status_code == 429  # one count with the log-in page
    with time_machine.travel(T0 + WINDOW + dt.timedelta(seconds=1), tick=False):
        assert _change_password(client, PASSWORD, NEW_PASSWORD).status_code == 302


# --- changing the email address ----------------------------------------------------


def _due_for_a_digest(owner: Member) -> None:
    """Someone in the 5 (every 7 days) last seen 10 days before T0: overdue."""
    with time_machine.travel(T0 - dt.timedelta(days=400), tick=False):
        grace = person_create(owner=owner, name="Grace Mensah", circle="5")
    with time_machine.travel(T0 - dt.timedelta(days=10), tick=False):
        interaction_log(owner=owner, person_ids=[grace.pk], kind="coffee")


def test_a_new_address_gets_the_digest_and_the_old_one_is_told(
    ana, django_capture_on_commit_callbacks, mailoutbox
):
    _due_for_a_digest(ana)
    client = _signed_in(ana)
    with django_capture_on_commit_callbacks(execute=True):
        response = _change_email(client, "  Ana.Ruiz@EXAMPLE.NET ")

    assert response.status_code == 302
    # Kept as Django keeps addresses: trimmed, the domain part lower-cased.
    assert Member.objects.get(pk=ana.pk).email == "Ana.Ruiz@example.net"
    page = client.get(reverse("account_settings"))
    assert "Your email address is now Ana.Ruiz@example.net." in main_text(page)
    [notice] = mailoutbox
    assert notice.to == ["ana@example.org"]
    assert notice.subject == "Your Rapport account has a new email address"
    assert "Ana.Ruiz@example.net" not in notice.body  # the new address is not given away

    with time_machine.travel(T0, tick=False):
        assert send_keeper_digests.enqueue().return_value == 1
    assert mailoutbox[-1].to == ["Ana.Ruiz@example.net"]


def test_an_empty_address_removes_it_and_nothing_is_mailed_after(ana, mailoutbox):
    _due_for_a_digest(ana)
    client = _signed_in(ana)

    assert _change_email(client, "").status_code == 302

    assert Member.objects.get(pk=ana.pk).email == ""
    text = main_text(client.get(reverse("account_settings")))
    assert "Your account has no email address now" in text
    assert "can only be reset by an administrator" in text
    with time_machine.travel(T0, tick=False):
        assert send_keeper_digests.enqueue().return_value == 0


def test_an_address_may_be_another_members_too_as_at_sign_up(ana, ben):
    """Sign-up never made addresses unique; changing one does not start to."""
    assert _change_email(_signed_in(ana), "ben@example.org").status_code == 302
    assert Member.objects.filter(email="ben@example.org").count() == 2


def test_a_bad_address_and_a_wrong_password_are_both_named(ana):
    response = _change_email(_signed_in(ana), "ana at example", password="nope")

    assert response.status_code == 422
    errors = response.context["email_form"].errors
    assert errors == {
        "email": ["That is not an email address: it looks like name@example.org."],
        "current_password": ["That is not your password."],
    }
    # What was typed stays in the field; the password form is untouched.
    assert 'value="ana at example"' in response.content.decode()
    assert not response.context["password_form"].is_bound
    assert Member.objects.get(pk=ana.pk).email == "ana@example.org"


def test_the_right_password_is_needed_to_change_the_address(ana):
    for _ in range(PER_USERNAME):
        assert _change_email(_signed_in(ana), "thief@example.net", "guess").status_code == 422
    refused = _change_email(_signed_in(ana), "thief@example.net")
    assert refused.status_code == 429
    assert Member.objects.get(pk=ana.pk).email == "ana@example.org"


def test_a_post_that_names_no_form_changes_nothing(ana):
    response = _signed_in(ana).post(reverse("account_settings"), {"email": "x@example.org"})
    assert response.status_code == 400
    assert Member.objects.get(pk=ana.pk).email == "ana@example.org"


def test_the_forms_need_their_csrf_token(ana):
    client = _signed_in(ana, enforce_csrf_checks=True)
    assert _change_password(client, PASSWORD, NEW_PASSWORD).status_code == 403
    assert _change_email(client, "new@example.org").status_code == 403
    assert _logs_in("ana", PASSWORD)


# --- the API -------------------------------------------------------------------------


def test_a_token_changes_the_password_signs_every_session_out_and_keeps_working(ana, api_as):
    api = api_as(ana)
    browser = _signed_in(ana)

    response = api.post(
        "/me/password", {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    )

    assert response.status_code == 204
    assert browser.get(reverse("account_settings")).status_code == 302
    assert not MemberSession.objects.filter(member_id=ana.pk).exists()
    assert api.get("/me").status_code == 200
    token = Client().post(
        "/api/token",
        {"username": "ana", "password": NEW_PASSWORD},
        content_type="application/json",
    )
    assert token.status_code == 201
    old = Client().post(
        "/api/token", {"username": "ana", "password": PASSWORD}, content_type="application/json"
    )
    assert old.status_code == 401


def test_a_session_changing_its_password_through_the_api_stays_signed_in(ana):
    browser = _signed_in(ana)
    other = _signed_in(ana)
    browser.get(reverse("account_settings"))  # the CSRF cookie, as a page load sets it
    csrf = browser.cookies[settings.CSRF_COOKIE_NAME].value

    response = browser.post(
        "/api/me/password",
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        content_type="application/json",
        headers={"X-CSRFToken": csrf},
    )

    assert response.status_code == 204
    assert browser.get(reverse("account_settings")).status_code == 200
    assert other.get(reverse("account_settings")).status_code == 302


def test_the_api_names_the_field_at_fault_and_the_first_problem(ana, api_as):
    api = api_as(ana)

    wrong = api.post("/me/password", {"current_password": "nope", "new_password": "short"})
    weak = api.post("/me/password", {"current_password": PASSWORD, "new_password": "12345678"})
    missing = api.post("/me/password", {"new_password": NEW_PASSWORD})

    assert wrong.status_code == 422
    assert wrong.json() == {
        "code": "wrong_password",
        "message": "That is not your password.",
        "field": "current_password",
    }
    assert (weak.status_code, weak.json()["field"]) == (422, "new_password")
    assert "too short" in weak.json()["message"]
    assert (missing.status_code, missing.json()["field"]) == (422, "current_password")
    assert _logs_in("ana", PASSWORD)


def test_the_api_throttles_wrong_current_passwords_with_retry_at(ana, api_as):
    api = api_as(ana)
    for _ in range(PER_USERNAME):
        api.post("/me/email", {"email": "x@example.net", "current_password": "guess"})
    response = api.post("/me/email", {"email": "x@example.net", "current_password": PASSWORD})

    assert response.status_code == 429
    assert response.json()["code"] == "login_throttled"
    assert "retry_at" in response.json()
    assert int(response["Retry-After"]) > 0


def test_the_api_changes_and_removes_the_address(ana, api_as):
    api = api_as(ana)

    bad = api.post("/me/email", {"email": "not an address", "current_password": PASSWORD})
    assert (bad.status_code, bad.json()["field"]) == (422, "email")

    changed = api.post("/me/email", {"email": "ana@EXAMPLE.net", "current_password": PASSWORD})
    assert changed.status_code == 204
    assert Member.objects.get(pk=ana.pk).email == "ana@example.net"

    removed = api.post("/me/email", {"email": "", "current_password": PASSWORD})
    assert removed.status_code == 204
    assert Member.objects.get(pk=ana.pk).email == ""
