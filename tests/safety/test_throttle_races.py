"""The throttles hold when the attempts arrive at the same moment.

Each thread has its own database connection, as each web worker would, and all of
them fire at once behind a barrier (tests/races.py). With a limit of five, twenty
wrong passwords for one username sent at once must see exactly five checked against
the password and fifteen refused before it, never a few more because they all read
the count before any of them wrote its failure (rapport/safety/throttle.py, ``reserve``).
"""

from __future__ import annotations

import functools
from collections import Counter

import pytest
from django.contrib.auth.signals import user_login_failed
from django.test import Client
from django.urls import reverse

from rapport.errors import BudgetExceeded
from rapport.members.models import Member
from rapport.safety import throttle
from rapport.safety.models import (
    AccountCreation,
    EmailConfirmationSend,
    LoginFailure,
    PasswordResetRequest,
    TwoStepFailure,
)
from tests.races import at_once

RACERS = 20
LIMIT = 5


@pytest.fixture
def limits_of_five(monkeypatch):
    """Every per-scope limit at five, read when each request counts."""
    for name in (
        "PER_USERNAME",
        "SIGNUPS_PER_IP",
        "PASSWORD_RESETS_PER_EMAIL",
        "EMAIL_CONFIRMATIONS_PER_MEMBER",
        "EMAIL_CONFIRMATIONS_PER_EMAIL",
        "TWO_STEP_PER_MEMBER",
    ):
        monkeypatch.setattr(throttle, name, LIMIT)


@pytest.fixture
def password_checks():
    """Each failed password check, as Django announces it (``user_login_failed``)."""
    failed: list[str] = []
    user_login_failed.connect(
        lambda credentials, **kw: failed.append(credentials["username"]),
        weak=False,
        dispatch_uid="race",
    )
    yield failed
    user_login_failed.disconnect(dispatch_uid="race")


def _token_attempt() -> int:
    response = Client().post(
        "/api/token",
        {"username": "ana", "password": "a wrong guess"},
        content_type="application/json",
    )
    return response.status_code


def _login_attempt() -> int:
    response = Client().post(reverse("login"), {"username": "ana", "password": "a wrong guess"})
    return response.status_code


def _assert_five_checked(statuses, password_checks, *, wrong: int) -> None:
    assert Counter(statuses) == {wrong: LIMIT, 429: RACERS - LIMIT}, statuses
    assert len(password_checks) == LIMIT
    assert LoginFailure.objects.filter(username="ana").count() == LIMIT


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_wrong_passwords_at_once_check_exactly_five(
    postgres_only, limits_of_five, password_checks, make_member
):
    make_member("Ana Ruiz", username="ana")
    statuses = at_once([_token_attempt] * RACERS)
    _assert_five_checked(statuses, password_checks, wrong=401)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_wrong_passwords_at_once_on_the_login_page_check_exactly_five(
    postgres_only, limits_of_five, password_checks, make_member
):
    make_member("Ana Ruiz", username="ana")
    statuses = at_once([_login_attempt] * RACERS)
    _assert_five_checked(statuses, password_checks, wrong=200)


@pytest.mark.django_db(transaction=True)
def test_twenty_wrong_passwords_at_once_check_exactly_five_on_sqlite(
    sqlite_on_file, limits_of_five, password_checks, make_member
):
    """SQLite has no advisory locks: the one writer at a time serialises the counts."""
    make_member("Ana Ruiz", username="ana")
    statuses = at_once([_token_attempt] * RACERS)
    _assert_five_checked(statuses, password_checks, wrong=401)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_sign_ups_at_once_from_one_address_make_exactly_five_accounts(
    postgres_only, limits_of_five
):
    def sign_up(n: int) -> int:
        return (
            Client()
            .post(
                "/api/signup",
                {"username": f"racer{n}", "password": "a long racing passphrase", "name": "R"},
                content_type="application/json",
                REMOTE_ADDR="203.0.113.9",
            )
            .status_code
        )

    statuses = at_once([functools.partial(sign_up, n) for n in range(RACERS)])

    assert Counter(statuses) == {201: LIMIT, 429: RACERS - LIMIT}, statuses
    assert Member.objects.filter(username__startswith="racer").count() == LIMIT
    assert AccountCreation.objects.count() == LIMIT


# Every throttle, through the one mechanism: (the reserve call, its table).
RESERVES = {
    "login": (
        lambda member: throttle.login_attempt_reserve(username="ana", ip="192.0.2.1"),
        LoginFailure,
    ),
    "sign-up": (
        lambda member: throttle.account_creation_reserve(ip="192.0.2.1"),
        AccountCreation,
    ),
    "password reset": (
        lambda member: throttle.password_reset_request_reserve(
            email="ana@example.org", ip="192.0.2.1"
        ),
        PasswordResetRequest,
    ),
    "email confirmation": (
        lambda member: throttle.email_confirmation_send_reserve(
            member_id=member.pk, email="new@example.org"
        ),
        EmailConfirmationSend,
    ),
    "two-step code": (
        lambda member: throttle.two_step_attempt_reserve(member_id=member.pk, ip="192.0.2.1"),
        TwoStepFailure,
    ),
}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", sorted(RESERVES))
def test_every_throttle_counts_exactly_its_limit_when_raced(
    postgres_only, limits_of_five, make_member, kind
):
    member = make_member("Ana Ruiz", username="ana")
    reserve, model = RESERVES[kind]

    outcomes = at_once([functools.partial(reserve, member)] * RACERS)

    counted = [o for o in outcomes if isinstance(o, int)]
    refused = [o for o in outcomes if isinstance(o, BudgetExceeded)]
    assert len(counted) == LIMIT, outcomes
    assert len(refused) == RACERS - LIMIT, outcomes
    assert f"the limit is {LIMIT}" in refused[0].message
    assert model.objects.count() == LIMIT
