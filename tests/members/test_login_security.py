"""Logging in: wrong passwords are throttled per username and per address, and a
login always starts a new session."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.conf import settings
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from rapport.members.models import Member
from rapport.safety.models import AccountCreation, LoginFailure
from rapport.safety.throttle import PER_IP, PER_USERNAME, SIGNUP_WINDOW, SIGNUPS_PER_IP, WINDOW
from tests.conftest import PASSWORD
from tests.migrating import migrate_to, migrate_to_latest

T0 = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def ana(make_member):
    return make_member("Ana Ruiz", username="ana")


def _login(client: Client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_the_eleventh_wrong_password_in_15_minutes_is_refused_with_retry_after(ana, client):
    with time_machine.travel(T0, tick=False):
        for _ in range(PER_USERNAME):
            assert _login(client, "ana", "wrong guess").status_code == 200
        response = _login(client, "ana", PASSWORD)  # even the right one, for now

    assert response.status_code == 429
    assert int(response["Retry-After"]) == WINDOW.total_seconds()
    assert "Too many wrong passwords for this username" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_limit_lifts_when_the_failures_leave_the_window(ana, client):
    with time_machine.travel(T0, tick=False):
        for _ in range(PER_USERNAME):
            _login(client, "ana", "wrong guess")
    with time_machine.travel(T0 + WINDOW + dt.timedelta(seconds=1), tick=False):
        response = _login(client, "ana", PASSWORD)
    assert response.status_code == 302
    # A right password forgets the username's failures.
    assert not LoginFailure.objects.filter(username="ana").exists()


def test_a_few_typos_do_not_lock_anyone_out(ana, client):
    for _ in range(3):
        _login(client, "Ana", "typo")
    assert _login(client, "ana", PASSWORD).status_code == 302


def test_one_address_guessing_many_usernames_is_stopped(make_member, client):
    for n in range(PER_IP):
        _login(client, f"someone{n}", "guess")
    response = _login(client, "someone-else", "guess")
    assert response.status_code == 429
    assert "for this address" in response.content.decode()


def test_the_token_endpoint_shares_the_count_and_says_when_to_retry(ana, anonymous):
    for _ in range(PER_USERNAME):
        assert anonymous.post("/token", {"username": "ana", "password": "x"}).status_code == 401
    response = anonymous.post("/token", {"username": "ana", "password": PASSWORD})
    assert response.status_code == 429
    body = response.json()
    assert body["code"] == "login_throttled"
    assert "retry_at" in body
    assert int(response["Retry-After"]) > 0


def test_failures_are_rows_so_every_web_process_counts_them(ana, client):
    """Not the per-process memory cache: gunicorn workers must share the count."""
    _login(client, "ana", "wrong")
    assert LoginFailure.objects.filter(username="ana").count() == 1
    other_process = Client()
    for _ in range(PER_USERNAME - 1):
        _login(other_process, "ana", "wrong")
    assert _login(Client(), "ana", PASSWORD).status_code == 429


def test_logging_in_gives_a_new_session_key_and_csrf_token(ana):
    """Session fixation: a key planted before login is worth nothing after it."""
    client = Client(enforce_csrf_checks=True)
    page = client.get(reverse("login"))
    planted = client.session  # an anonymous session, as an attacker could plant
    planted["seen"] = True
    planted.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = planted.session_key
    csrf_before = client.cookies[settings.CSRF_COOKIE_NAME].value

    response = client.post(
        reverse("login"),
        {
            "username": "ana",
            "password": PASSWORD,
            "csrfmiddlewaretoken": page.context["csrf_token"],
        },
    )

    assert response.status_code == 302
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != planted.session_key
    assert client.cookies[settings.CSRF_COOKIE_NAME].value != csrf_before
    attacker = Client()
    attacker.cookies[settings.SESSION_COOKIE_NAME] = planted.session_key
    assert attacker.get(reverse("safety")).status_code == 302  # still anonymous
    assert client.get(reverse("safety")).status_code == 200


def test_the_login_form_needs_its_csrf_token(ana):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "ana", "password": PASSWORD})
    assert response.status_code == 403
    assert settings.SESSION_COOKIE_NAME not in client.cookies


def test_behind_a_trusted_proxy_the_address_is_the_one_it_appended(ana, settings):
    settings.RAPPORT_TRUST_X_FORWARDED_FOR = True
    for n in range(PER_IP):
        Client(HTTP_X_FORWARDED_FOR=f"203.0.113.{n}, 198.51.100.7").post(
            reverse("login"), {"username": f"someone{n}", "password": "guess"}
        )
    # Same proxy, another client: not throttled. A forged first entry changes nothing.
    other = Client(HTTP_X_FORWARDED_FOR="198.51.100.7, 192.0.2.99")
    assert _login(other, "ana", PASSWORD).status_code == 302
    same = Client(HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.7")
    assert _login(same, "ana", PASSWORD).status_code == 429


# --- the admin's own log-in page ---------------------------------------------------


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_superuser("root", password=PASSWORD, name="Root")


def _admin_login(client: Client, username: str, password: str):
    return client.post(
        reverse("admin:login"), {"username": username, "password": password, "next": "/admin/"}
    )


def test_the_admins_log_in_page_shares_the_count_with_the_sites(staff, client):
    """Alternating between /login/ and /admin/login/ buys no extra guesses: one count,
    refused with 429 and Retry-After at either door, even the right password."""
    with time_machine.travel(T0, tick=False):
        for n in range(PER_USERNAME):
            door = _login if n % 2 else _admin_login
            assert door(client, "root", "wrong guess").status_code == 200
        by_the_admin = _admin_login(client, "root", PASSWORD)
        by_the_site = _login(client, "root", PASSWORD)

    for refused in (by_the_admin, by_the_site):
        assert refused.status_code == 429
        assert int(refused["Retry-After"]) == WINDOW.total_seconds()
        assert "Too many wrong passwords for this username" in refused.content.decode()
    assert LoginFailure.objects.filter(username="root").count() == PER_USERNAME
    assert "_auth_user_id" not in client.session


def test_one_address_guessing_through_both_doors_is_stopped_at_the_same_count(make_member, client):
    for n in range(PER_IP):
        door = _login if n % 2 else _admin_login
        door(client, f"someone{n}", "guess")

    refused = _admin_login(client, "someone-else", "guess")

    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "for this address" in refused.content.decode()
    assert _login(client, "someone-else", "guess").status_code == 429


def test_staff_sign_in_to_the_admin_under_the_limit_and_their_failures_are_forgotten(staff, client):
    for _ in range(PER_USERNAME - 1):
        assert _admin_login(client, "root", "typo").status_code == 200

    response = _admin_login(client, "root", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.session["_auth_user_id"] == str(staff.pk)
    assert client.get("/admin/").status_code == 200
    assert not LoginFailure.objects.filter(username="root").exists()


def test_the_admins_log_in_page_without_a_password_counts_nothing(staff, client):
    response = _admin_login(client, "root", "")

    assert response.status_code == 200
    assert not LoginFailure.objects.exists()


# --- sign-up ---------------------------------------------------------------------


def _signup(anonymous_client: Client, n: int, ip: str = "203.0.113.9"):
    return anonymous_client.post(
        "/api/signup",
        {"username": f"new{n}", "password": PASSWORD, "name": f"New Member {n}"},
        content_type="application/json",
        REMOTE_ADDR=ip,
    )


@pytest.mark.django_db
def test_one_address_making_accounts_without_end_is_stopped_and_told_when(client):
    start = dt.datetime(2026, 5, 4, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as clock:
        for n in range(SIGNUPS_PER_IP):
            assert _signup(client, n).status_code == 201
            clock.shift(dt.timedelta(minutes=1))
        refused = _signup(client, 99)
        elsewhere = _signup(client, 100, ip="198.51.100.7")
        page = client.post(
            reverse("signup"),
            {
                "username": "new101",
                "password": PASSWORD,
                "password_again": PASSWORD,
                "name": "New Member",
            },
            REMOTE_ADDR="203.0.113.9",
        )

        assert refused.status_code == 429
        assert refused.json()["code"] == "signup_throttled"
        assert f"the limit is {SIGNUPS_PER_IP}" in refused.json()["message"]
        # The first of the twenty leaves the hour 60 minutes after it was made.
        assert refused["Retry-After"] == str(
            int((SIGNUP_WINDOW - dt.timedelta(minutes=20)).total_seconds())
        )
        assert elsewhere.status_code == 201
        assert page.status_code == 429
        assert "Too many accounts created from this address" in page.content.decode()
        assert not Member.objects.filter(username__in=["new99", "new101"]).exists()

        clock.shift(dt.timedelta(minutes=41))  # the first sign-up has left the hour
        assert _signup(client, 102).status_code == 201


@pytest.mark.django_db
def test_the_sign_up_count_keeps_no_account_and_forgets_after_the_hour(client):
    start = dt.datetime(2026, 5, 4, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as clock:
        assert _signup(client, 1).status_code == 201
        assert [f.name for f in AccountCreation._meta.fields] == ["id", "ip", "at"]
        clock.shift(SIGNUP_WINDOW + dt.timedelta(minutes=1))
        assert _signup(client, 2).status_code == 201
        assert AccountCreation.objects.count() == 1  # the first row was forgotten


def _sign_up(client: Client, username: str):
    return client.post(
        reverse("signup"),
        {"username": username, "name": "Mo Bile", "password": PASSWORD, "password_again": PASSWORD},
    )


def test_a_username_logs_in_whatever_its_case_and_shows_as_signed_up(client, db):
    """Sign-up refuses "mobileuser" once "Mobileuser" exists, so log-in must find them."""
    assert _sign_up(client, "Mobileuser").status_code == 302
    client.post(reverse("logout"))

    response = _login(client, "mobileuser", PASSWORD)

    assert response.status_code == 302
    member = Member.objects.get(username="Mobileuser")
    assert int(client.session["_auth_user_id"]) == member.pk
    settings_page = client.get(reverse("account_settings")).content.decode()
    assert "You log in as <strong>Mobileuser</strong>" in settings_page


def test_the_api_token_is_given_whatever_the_username_case(ana, anonymous):
    response = anonymous.post("/token", {"username": "ANA", "password": PASSWORD})
    assert response.status_code == 201
    assert response.json()["token"]


def test_the_database_refuses_a_username_that_differs_only_in_case(make_member):
    """Log-in finds a username whatever its case, so two such accounts must never be,
    even from two sign-ups at once that both passed the service's check."""
    make_member("Big Bo", username="Bo")
    with pytest.raises(IntegrityError), transaction.atomic():
        Member.objects.create_user(username="bo", password=PASSWORD, name="Small Bo")


def test_sign_up_refuses_a_username_taken_in_another_case(ana, client):
    response = _sign_up(client, "ANA")
    assert response.status_code == 409
    assert "That username is taken." in response.content.decode()


def test_changing_the_case_does_not_get_round_the_throttle(ana, client):
    with time_machine.travel(T0, tick=False):
        for n in range(PER_USERNAME):
            _login(client, "ana".upper() if n % 2 else "Ana", "wrong guess")
        response = _login(client, "aNa", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_signup_username_is_not_capitalised_by_a_phone(client, db):
    html = client.get(reverse("signup")).content.decode()
    field = re.search(r'<input[^>]*name="username"[^>]*>', html)
    assert field is not None
    assert 'autocapitalize="none"' in field.group(0)


@pytest.mark.django_db(transaction=True)
def test_the_migration_stops_at_usernames_alike_and_names_them():
    """A database from before may hold "Bo" and "bo" (two sign-ups at once): the
    constraint is not added over them, and the administrator is told which to rename."""
    before = migrate_to(("members", "0007_drop_indexes_a_composite_covers"))
    for username in ("Bo", "bo"):
        before.get_model("members", "Member").objects.create(
            username=username, name=username, time_zone="UTC"
        )
    with pytest.raises(RuntimeError, match=r"differ only in case.*: Bo, bo\."):
        migrate_to(("members", "0008_username_unique_any_case"))

    Member.objects.filter(username="bo").update(username="bo2")
    migrate_to_latest()
    with pytest.raises(IntegrityError), transaction.atomic():
        Member.objects.filter(username="bo2").update(username="BO")
