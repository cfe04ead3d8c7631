"""The API tokens page (/settings/tokens/): a new token is shown once, in the answer to
the form that made it, and is kept nowhere, not even for a moment in the session; the
same form sent again (a reload, a double click) makes no second token."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from rapport.members.models import ApiToken, MemberSession
from rapport.members.services import api_token_authenticate
from tests.web.page_text import main_text

RAW_TOKEN = re.compile(r'value="(rpt_[^"]+)"')
FORM_NONCE = re.compile(r'name="form_nonce" value="([^"]+)"')


def _signed_in(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def _nonce(page) -> str:
    [nonce] = FORM_NONCE.findall(page.content.decode())
    return nonce


def _create(client: Client, label: str, nonce: str):
    return client.post(reverse("tokens"), {"label": label, "form_nonce": nonce})


def test_a_new_token_is_shown_in_the_answer_to_its_form_and_kept_nowhere(make_member):
    ada = make_member("Ada Lovelace")
    client = _signed_in(ada)
    page = client.get(reverse("tokens"))

    created = _create(client, "calendar script", _nonce(page))

    assert created.status_code == 200
    [raw] = RAW_TOKEN.findall(created.content.decode())
    assert api_token_authenticate(raw) == ada
    assert "no-store" in created["Cache-Control"]
    assert "Your new token" in main_text(created)
    # Not in this browser's session, nor in anyone's: no session row holds it.
    assert raw not in str(dict(client.session))
    for session in MemberSession.objects.all():
        assert raw not in str(session.get_decoded())
    # Shown this once: the page opened again lists it by its prefix only.
    listing = client.get(reverse("tokens"))
    assert "calendar script" in main_text(listing)
    assert raw not in listing.content.decode()
    assert "Your new token" not in main_text(listing)


def test_the_same_form_sent_again_makes_no_second_token(make_member):
    """A reload of the page that showed the token sends its form again: nothing is made,
    the secret is not shown again, and the page says what to do."""
    ada = make_member("Ada Lovelace")
    client = _signed_in(ada)
    nonce = _nonce(client.get(reverse("tokens")))

    first = _create(client, "calendar script", nonce)
    again = _create(client, "calendar script", nonce)

    assert ApiToken.objects.filter(member=ada).count() == 1
    assert again.status_code == 409
    assert not RAW_TOKEN.findall(again.content.decode())
    text = main_text(again)
    assert "This form made a token already: “calendar script”" in text
    assert "revoke it and create another" in text
    # Each answer carries a form of its own, which makes the next token.
    assert _nonce(first) != nonce and _nonce(again) != nonce
    assert _create(client, "phone", _nonce(again)).status_code == 200
    assert ApiToken.objects.filter(member=ada).count() == 2


def test_one_form_makes_tokens_for_its_own_member_only(make_member):
    """The form's id is the member's: two members who happen to send the same one each
    get their token."""
    ada = make_member("Ada Lovelace")
    ben = make_member("Ben Okafor")

    assert _create(_signed_in(ada), "script", "same-form").status_code == 200
    assert _create(_signed_in(ben), "script", "same-form").status_code == 200

    assert ApiToken.objects.count() == 2


def test_a_form_id_past_its_limit_is_named(make_member):
    ada = make_member("Ada Lovelace")

    refused = _create(_signed_in(ada), "script", "x" * 65)

    assert refused.status_code == 422
    assert "at most 64 characters" in main_text(refused)
    assert not ApiToken.objects.exists()
