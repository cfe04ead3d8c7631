"""The pages' CSRF tokens: Django's tokens, accepted by Django's middleware, one read of
randomness each (rapport/web/csrf_tokens.py)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, _unmask_cipher_token
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from rapport.web.csrf_tokens import masked

pytestmark = pytest.mark.django_db

secrets_ = st.text(
    alphabet=CSRF_ALLOWED_CHARS, min_size=CSRF_SECRET_LENGTH, max_size=CSRF_SECRET_LENGTH
)


@given(secret=secrets_)
def test_a_token_is_djangos_format_and_unmasks_to_its_secret(secret):
    token = masked(secret)
    assert len(token) == 2 * CSRF_SECRET_LENGTH
    assert set(token) <= set(CSRF_ALLOWED_CHARS)
    assert _unmask_cipher_token(token) == secret


def test_each_token_has_its_own_mask():
    secret = "a" * CSRF_SECRET_LENGTH
    tokens = {masked(secret) for _ in range(200)}
    assert len(tokens) == 200
    # Every character of the alphabet turns up in the masks: none is left out by the
    # mapping from bytes (62 characters, 6,400 drawn).
    assert set("".join(token[:CSRF_SECRET_LENGTH] for token in tokens)) == set(CSRF_ALLOWED_CHARS)


def _form_token(page: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert found, "the page has a form with a CSRF token"
    return found.group(1)


@pytest.mark.parametrize("page", ["home", "search"])
def test_a_pages_token_is_accepted_and_its_cookie_renewed(make_member, page):
    member = make_member()
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    first = client.get(reverse(page))
    assert settings.CSRF_COOKIE_NAME in first.cookies  # a new secret, in a new cookie
    again = client.get(reverse(page))
    # As Django's get_token: the cookie in use is sent again (its expiry renewed), the
    # secret unchanged, the token masked anew.
    renewed = again.cookies[settings.CSRF_COOKIE_NAME]
    assert renewed.value == first.cookies[settings.CSRF_COOKIE_NAME].value
    assert renewed["max-age"] == settings.CSRF_COOKIE_AGE
    token = _form_token(again.content.decode())
    assert token != _form_token(first.content.decode())
    assert _unmask_cipher_token(token) == renewed.value
    response = client.post(reverse("logout"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_a_token_for_another_secret_is_refused(make_member):
    member = make_member()
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    client.get(reverse("home"))
    forged = masked("b" * CSRF_SECRET_LENGTH)
    response = client.post(reverse("logout"), {"csrfmiddlewaretoken": forged})
    assert response.status_code == 403
