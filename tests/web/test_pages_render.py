"""Every page opens for its owner, and sends a visitor who is not signed in to log in."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rapport.conversations.selectors import conversation_with
from rapport.members.services import api_token_create
from tests.web.page_text import main_text


@pytest.fixture
def world(make_member, connect, send_request):
    alice = make_member("Alice Archer")
    bob = make_member("Bob Baker")
    carol = make_member("Carol Clark")
    connect(alice, bob)
    request = send_request(carol, alice)
    token, _raw = api_token_create(member=alice, label="laptop")
    conversation = conversation_with(member=alice, other_id=bob.pk)
    return {
        "alice": alice,
        "bob": bob,
        "carol": carol,
        "request": request,
        "token": token,
        "conversation": conversation,
    }


def owner_pages(world):
    return [
        ("home", {}),
        ("profile_edit", {}),
        ("member_profile", {"member_id": world["bob"].pk}),
        ("member_profile", {"member_id": world["alice"].pk}),
        ("search", {}),
        ("request_new", {"member_id": world["carol"].pk}),
        ("requests_inbox", {}),
        ("connections", {}),
        ("conversations", {}),
        ("conversation", {"conversation_id": world["conversation"].pk}),
        ("tokens", {}),
    ]


def test_each_page_renders_for_its_owner(world, signed_in):
    client = signed_in(world["alice"])
    for name, kwargs in owner_pages(world):
        response = client.get(reverse(name, kwargs=kwargs))
        assert response.status_code == 200, name
        html = response.content.decode()
        assert '<main id="main"' in html and 'href="#main"' in html, name
        assert "Log out" in html


def test_anonymous_visitors_are_sent_to_log_in(world, client):
    for name, kwargs in owner_pages(world):
        if name == "home":
            continue
        url = reverse(name, kwargs=kwargs)
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("login")), name
    post_only = [
        ("request_note_check", {}),
        ("request_accept", {"request_id": world["request"].pk}),
        ("request_decline", {"request_id": world["request"].pk}),
        ("request_withdraw", {"request_id": world["request"].pk}),
        ("connection_end", {"member_id": world["bob"].pk}),
        ("token_revoke", {"token_id": world["token"].pk}),
    ]
    for name, kwargs in post_only:
        response = client.post(reverse(name, kwargs=kwargs))
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("login")), name


def test_the_landing_page_says_what_rapport_is(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "conversations, not connections" in text
    assert "150" in text
    assert "how you know" in text.lower()
    assert reverse("login") in text and reverse("signup") in text


def test_pages_about_things_you_cannot_see_are_not_found(world, make_member, signed_in):
    stranger = make_member("Dan Dunn")
    client = signed_in(stranger)
    assert client.get(reverse("conversation", args=[world["conversation"].pk])).status_code == 404
    assert client.post(reverse("request_accept", args=[world["request"].pk])).status_code == 404
    assert client.post(reverse("request_withdraw", args=[world["request"].pk])).status_code == 404
    assert client.post(reverse("token_revoke", args=[world["token"].pk])).status_code == 404
    assert client.get(reverse("member_profile", args=[999_999])).status_code == 404
    assert client.get(reverse("request_new", args=[999_999])).status_code == 404
    assert client.post(reverse("connection_end", args=[world["bob"].pk])).status_code == 404


def test_asking_yourself_to_connect_is_refused(make_member, signed_in):
    ada = make_member("Ada Lovelace")
    client = signed_in(ada)
    url = reverse("request_new", args=[ada.pk])
    page = client.get(url)
    assert "This is you" in main_text(page)
    assert 'name="note"' not in page.content.decode()
    response = client.post(url, {"context": "other", "context_detail": "me", "note": "x" * 50})
    assert response.status_code == 400
    assert "You cannot send a request to yourself." in main_text(response)


def test_pages_load_htmx_from_our_own_static_files_and_no_inline_code(world, signed_in):
    client = signed_in(world["alice"])
    for name, kwargs in owner_pages(world):
        html = client.get(reverse(name, kwargs=kwargs)).content.decode()
        assert "/static/django_htmx/htmx-2.min.js" in html
        assert "<script>" not in html and "<script type" not in html
        assert " style=" not in html and "<style" not in html
        assert 'hx-headers=\'{"X-CSRFToken"' in html
