"""Deleting a message from the thread page (with and without htmx) and over the API."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from rapport.conversations.models import Message
from rapport.conversations.selectors import conversation_with
from rapport.conversations.services import message_delete, message_send
from rapport.safety.services import block_create
from tests.web.page_queries import page_queries
from tests.web.page_text import main_text

HTMX = {"HTTP_HX_REQUEST": "true"}
SECRET = "The merger is off; tell nobody before Thursday."


@pytest.fixture
def ana(make_member):
    return make_member("Ana Ruiz")


@pytest.fixture
def ben(make_member):
    return make_member("Ben Okafor")


@pytest.fixture
def thread(ana, ben, connect):
    connect(ana, ben)
    return conversation_with(member=ana, other_id=ben.pk)


@pytest.fixture
def secret(ana, thread):
    return message_send(sender=ana, conversation_id=thread.pk, body=SECRET)


def delete_url(message: Message) -> str:
    return reverse("message_delete", args=[message.conversation_id, message.pk])


def thread_url(thread) -> str:
    return reverse("conversation", args=[thread.pk])


def message_html(html: str, message: Message) -> str:
    """The ``<li>`` of one message in a page."""
    found = re.search(rf'<li class="[^"]*" id="message-{message.pk}">.*?</li>', html, re.S)
    assert found, message.pk
    return found.group(0)


# The page ------------------------------------------------------------------------------


def test_own_messages_offer_a_delete_step_that_asks_first(ana, ben, thread, secret, signed_in):
    from_ben = message_send(sender=ben, conversation_id=thread.pk, body="Thursday works.")
    html = signed_in(ana).get(thread_url(thread)).content.decode()

    mine = message_html(html, secret)
    # A disclosure: pressing "Delete" only opens it; the form's button inside deletes.
    assert re.search(
        r'<details class="confirm message__delete">\s*<summary class="link-button">Delete'
        r'<span class="visually-hidden"> your message of [^<]+</span></summary>',
        mine,
    )
    assert "Delete this message?" in mine
    form = re.search(r"<form [^>]*>", mine).group(0)
    url = delete_url(secret)
    assert f'method="post" action="{url}"' in form
    assert f'hx-post="{url}" hx-target="#message-{secret.pk}" hx-swap="outerHTML"' in form
    assert 'name="csrfmiddlewaretoken"' in mine
    assert mine.index("<details") < mine.index("<form") < mine.index("Yes, delete it")
    # Nobody is offered to delete the other member's words.
    assert "Delete" not in message_html(html, from_ben)
    ben_html = signed_in(ben).get(thread_url(thread)).content.decode()
    assert "Delete" not in message_html(ben_html, secret)
    assert "message__delete" in message_html(ben_html, from_ben)


def test_without_javascript_the_form_posts_and_the_thread_shows_the_tombstone(
    ana, ben, thread, secret, signed_in
):
    client = signed_in(ana)
    response = client.post(delete_url(secret))
    assert response.status_code == 302
    assert response["Location"] == thread_url(thread) + f"#message-{secret.pk}"

    page = client.get(response["Location"])
    assert "Message deleted. Its text is erased for both of you." in page.content.decode()
    for reader in (ana, ben):
        page = signed_in(reader).get(thread_url(thread))
        html = page.content.decode()
        assert "merger" not in html
        tombstone = message_html(html, secret)
        assert "Message deleted" in tombstone
        assert "message--deleted" in tombstone
        assert "<form" not in tombstone
        sender = "You" if reader == ana else "Ana Ruiz"
        assert f'<span class="message__sender">{sender}</span>' in tombstone
    # It keeps its place: after the note that opened the thread.
    text = main_text(signed_in(ben).get(thread_url(thread)))
    assert text.index("Leeds meetup") < text.index("Message deleted")


def test_with_htmx_the_message_is_swapped_for_its_tombstone(ana, thread, secret, signed_in):
    response = signed_in(ana).post(delete_url(secret), **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith(
        f'<li class="message message--mine message--deleted" id="message-{secret.pk}">'
    )
    assert '<p class="message__body message__body--deleted">Message deleted</p>' in html
    assert "merger" not in html and "<form" not in html
    assert Message.objects.get(pk=secret.pk).body == ""


def test_the_page_refuses_the_other_member_a_stranger_and_a_get(
    ana, ben, thread, secret, signed_in, make_member, client
):
    assert signed_in(ben).post(delete_url(secret)).status_code == 403
    assert signed_in(ben).post(delete_url(secret), **HTMX).status_code == 403
    assert signed_in(make_member("Cy Tran")).post(delete_url(secret)).status_code == 404
    assert signed_in(ana).get(delete_url(secret)).status_code == 405
    anonymous = client.post(delete_url(secret))
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))
    assert Message.objects.get(pk=secret.pk).body == SECRET


def test_a_blocked_member_may_still_take_back_their_own_words(ana, ben, thread, secret, signed_in):
    from_ben = message_send(sender=ben, conversation_id=thread.pk, body="Ben's words.")
    block_create(blocker=ana, blocked_id=ben.pk)
    assert signed_in(ben).post(delete_url(secret)).status_code == 403
    assert signed_in(ben).post(delete_url(from_ben)).status_code == 302
    assert Message.objects.get(pk=from_ben.pk).body == ""


def test_the_nav_badge_and_the_list_drop_a_deleted_unread_message(
    ana, ben, thread, secret, signed_in
):
    message_send(sender=ana, conversation_id=thread.pk, body="Coffee on Thursday?")
    bens = signed_in(ben)
    assert re.search(r'id="nav-unread">2<', bens.get(reverse("conversations")).content.decode())
    signed_in(ana).post(delete_url(secret))
    listing = bens.get(reverse("conversations"))
    assert re.search(r'id="nav-unread">1<', listing.content.decode())
    assert "1 unread" in main_text(listing)
    assert "1 unread" in main_text(bens.get(reverse("home")))


def test_the_thread_page_costs_the_same_queries_with_tombstones(ana, ben, thread, signed_in):
    for n in range(6):
        message_send(sender=ana if n % 2 else ben, conversation_id=thread.pk, body=f"Line {n}")
    client = signed_in(ana)
    url = thread_url(thread)
    without = page_queries(client, url, at_most=4)
    for sent in Message.objects.filter(conversation=thread, sender=ana):
        message_delete(member=ana, conversation_id=thread.pk, message_id=sent.pk)
    message_send(sender=ben, conversation_id=thread.pk, body="One more")
    tombstones = page_queries(client, url, at_most=4)
    assert tombstones == without
    html = client.get(url).content.decode()
    assert html.count("Message deleted</p>") == 4  # the note and Ana's three lines


# The API -------------------------------------------------------------------------------


def api_path(message: Message) -> str:
    return f"/conversations/{message.conversation_id}/messages/{message.pk}"


def test_the_api_deletes_and_answers_the_tombstone_the_same_each_time(
    ana, ben, thread, secret, api_as
):
    api = api_as(ana)
    first = api.delete(api_path(secret))
    assert first.status_code == 200
    body = first.json()
    assert body["id"] == secret.pk and body["mine"] is True
    assert body["deleted"] is True and body["body"] == "" and body["deleted_at"]
    again = api.delete(api_path(secret))
    assert again.status_code == 200 and again.json() == body

    listed = api_as(ben).get(f"/conversations/{thread.pk}/messages").json()
    [tombstone] = [m for m in listed if m["id"] == secret.pk]
    assert tombstone == {**body, "mine": False}
    assert all(m["deleted"] is False and m["body"] for m in listed if m["id"] != secret.pk)
    assert "merger" not in str(listed)


def test_the_api_refuses_the_other_member_and_hides_the_message_from_anyone_else(
    ana, ben, thread, secret, api_as, make_member, connect
):
    refused = api_as(ben).delete(api_path(secret))
    assert refused.status_code == 403
    assert refused.json()["code"] == "not_sender"

    cy = make_member("Cy Tran")
    assert api_as(cy).delete(api_path(secret)).status_code == 404
    connect(cy, ana)
    with_cy = conversation_with(member=ana, other_id=cy.pk)
    # Ana's message, asked for through her other conversation: not there.
    wrong = api_as(ana).delete(f"/conversations/{with_cy.pk}/messages/{secret.pk}")
    assert wrong.status_code == 404
    assert api_as(ana).delete(f"/conversations/{thread.pk}/messages/999999").status_code == 404
    assert Message.objects.get(pk=secret.pk).body == SECRET


def test_the_api_unread_count_leaves_out_a_deleted_message(ana, ben, thread, secret, api_as):
    assert [c["unread"] for c in api_as(ben).get("/conversations").json()] == [1]
    api_as(ana).delete(api_path(secret))
    assert [c["unread"] for c in api_as(ben).get("/conversations").json()] == [0]
