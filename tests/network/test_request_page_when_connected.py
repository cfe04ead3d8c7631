"""Someone who follows "Ask … to connect" to a member they are already connected with
is told so, in the heading too, and sent on to their conversation: there is nothing
to ask any more, and talking is what the connection is for."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from rapport.conversations.selectors import conversation_with
from tests.web.page_text import main_text


def test_the_request_page_for_a_connection_says_so_and_links_to_the_conversation(
    make_member, connect
):
    ana, grace = make_member("Ana Ruiz"), make_member("Grace Hopper")
    connect(grace, ana)
    conversation = conversation_with(member=grace, other_id=ana.pk)
    assert conversation is not None
    client = Client()
    client.force_login(grace)

    page = client.get(reverse("request_new", args=[ana.pk]))

    text = main_text(page)
    assert page.status_code == 200
    assert "Ask Ana Ruiz to connect" not in text
    assert "You are already connected with Ana Ruiz" in text
    assert reverse("conversation", args=[conversation.pk]).encode() in page.content
    assert b'name="note"' not in page.content
