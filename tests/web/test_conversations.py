"""Conversation pages: reading marks read, replies append, unread marks are your own."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from rapport.conversations.models import Message
from rapport.conversations.selectors import conversation_with
from rapport.conversations.services import message_send
from rapport.network.services import connection_end
from tests.web.page_text import main_text, page_text
from tests.web.test_accounts import field_errors

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def thread(make_member, connect):
    alice, bob = make_member("Alice Archer"), make_member("Bob Baker")
    connect(alice, bob)
    return alice, bob, conversation_with(member=alice, other_id=bob.pk)


def test_sending_a_message_without_javascript_redirects_to_the_thread(thread, signed_in):
    alice, _bob, conversation = thread
    client = signed_in(alice)
    url = reverse("conversation", args=[conversation.pk])
    response = client.post(url, {"body": "How did the pilot go?"})
    assert response.status_code == 302
    assert response["Location"] == url + "#latest"
    assert Message.objects.filter(conversation=conversation, sender=alice).count() == 2

    text = main_text(client.get(url))
    # The accepted request's note opens the thread; the reply follows, oldest first.
    assert text.index("Leeds meetup") < text.index("How did the pilot go?")
    assert "You" in text


def test_the_other_member_sees_an_unread_mark_until_they_read(thread, signed_in):
    alice, bob, conversation = thread
    message_send(sender=alice, conversation_id=conversation.pk, body="First question")
    message_send(sender=alice, conversation_id=conversation.pk, body="Second question")
    bob_client, alice_client = signed_in(bob), signed_in(alice)

    listing = bob_client.get(reverse("conversations"))
    html = listing.content.decode()
    assert '<span class="badge badge--new">new</span>' in html
    assert "2 unread" in main_text(listing)
    assert "<strong>Alice Archer</strong>" in html
    assert re.search(r'id="nav-unread">2<', html)
    assert "2 unread" in main_text(bob_client.get(reverse("home")))

    # The sender has nothing unread: the count is the viewer's own.
    alice_listing = alice_client.get(reverse("conversations"))
    assert "unread" not in main_text(alice_listing)
    assert 'id="nav-unread"' not in alice_listing.content.decode()

    thread_page = bob_client.get(reverse("conversation", args=[conversation.pk]))
    assert "Second question" in main_text(thread_page)
    assert 'id="nav-unread"' not in thread_page.content.decode()
    listing = bob_client.get(reverse("conversations"))
    assert "new" not in main_text(listing).split()
    assert "unread" not in main_text(listing)


def test_htmx_appends_the_sent_message_and_returns_a_fresh_form(thread, signed_in):
    alice, _bob, conversation = thread
    client = signed_in(alice)
    url = reverse("conversation", args=[conversation.pk])
    html = client.get(url).content.decode()
    assert f'hx-post="{url}" hx-target="#messages" hx-swap="beforeend"' in html

    response = client.post(url, {"body": "Sent without a reload"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<li class="message message--mine"')
    assert "Sent without a reload" in html
    assert '<div id="reply" hx-swap-oob="true">' in html
    assert "<main" not in html
    assert Message.objects.filter(body="Sent without a reload").exists()


def test_an_empty_reply_is_refused_beside_the_box(thread, signed_in):
    alice, _bob, conversation = thread
    client = signed_in(alice)
    url = reverse("conversation", args=[conversation.pk])

    response = client.post(url, {"body": "   "})
    assert response.status_code == 422
    assert "Write something first." in field_errors(response, "body")

    htmx = client.post(url, {"body": ""}, **HTMX)
    assert htmx.status_code == 422
    assert htmx["HX-Retarget"] == "#reply" and htmx["HX-Reswap"] == "outerHTML"
    assert "Write something first." in field_errors(htmx, "body")
    assert Message.objects.filter(conversation=conversation).count() == 1


def test_a_conversation_closes_when_the_connection_ends(thread, signed_in):
    alice, bob, conversation = thread
    connection_end(member=alice, other_id=bob.pk)
    client = signed_in(bob)
    url = reverse("conversation", args=[conversation.pk])
    page = client.get(url)
    assert page.status_code == 200
    text = main_text(page)
    assert "This conversation is closed" in text
    assert "Leeds meetup" in text
    assert 'name="body"' not in page.content.decode()

    response = client.post(url, {"body": "Still there?"})
    assert response.status_code == 409
    assert "no longer connected" in page_text(response)
    assert not Message.objects.filter(body="Still there?").exists()


def test_a_thread_page_counts_the_readers_unread_messages_elsewhere(
    make_member, connect, signed_in
):
    alice, bob, cara = make_member("Alice Archer"), make_member("Bob Baker"), make_member("Cara")
    connect(alice, bob)
    connect(alice, cara)
    with_bob = conversation_with(member=alice, other_id=bob.pk)
    with_cara = conversation_with(member=alice, other_id=cara.pk)
    message_send(sender=bob, conversation_id=with_bob.pk, body="One from Bob")
    message_send(sender=cara, conversation_id=with_cara.pk, body="One from Cara")
    message_send(sender=cara, conversation_id=with_cara.pk, body="Two from Cara")
    client = signed_in(alice)

    # Bob's thread is being read; Cara's two wait.
    bob_page = client.get(reverse("conversation", args=[with_bob.pk])).content.decode()
    assert "One from Bob" in bob_page
    assert re.search(r'id="nav-unread">2<', bob_page)
    cara_page = client.get(reverse("conversation", args=[with_cara.pk])).content.decode()
    assert "Two from Cara" in cara_page
    assert 'id="nav-unread"' not in cara_page
    # Cara's own badge is hers: Alice's reading does not touch it.
    message_send(sender=alice, conversation_id=with_cara.pk, body="Thanks, Cara")
    cara_view = signed_in(cara).get(reverse("conversation", args=[with_bob.pk]))
    assert cara_view.status_code == 404
    assert re.search(r'id="nav-unread">1<', signed_in(cara).get(reverse("home")).content.decode())
