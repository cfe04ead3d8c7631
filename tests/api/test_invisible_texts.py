"""A text of only invisible characters is as empty as one of only spaces.

Zero-width spaces, joiners, direction marks and a byte-order mark show nothing on the
page: a message, an answer or a "how you know each other" made only of them would read
as blank to the other member, so every required text refuses them as it refuses spaces.
"""

from __future__ import annotations

import pytest

from rapport.asks.services import ask_post
from rapport.conversations.models import Message
from rapport.conversations.selectors import conversation_with
from rapport.prose import one_line, paragraphs

INVISIBLE = [
    "\u200b\u200b\u200b",  # zero-width spaces
    "\u200b \u200c \u200d",  # ... with spaces between, a non-joiner and a joiner
    "\ufeff\u2060",  # a byte-order mark, a word joiner
    "\u200e\u200f\u202b\u202c",  # direction marks and an embedding
    "\u3164 \u2800",  # a Hangul filler, a blank braille cell: blank, but letters to Unicode
    "\u00ad\n\u200b\n",  # a soft hyphen, and lines of nothing
]


@pytest.mark.parametrize("text", INVISIBLE)
def test_a_message_of_only_invisible_characters_is_refused(api_as, make_member, connect, text):
    alice, bob = make_member("Alice Archer"), make_member("Bob Baker")
    connect(alice, bob)
    conversation = conversation_with(member=alice, other_id=bob.pk)
    before = Message.objects.count()

    response = api_as(alice).post(f"/conversations/{conversation.pk}/messages", {"body": text})

    assert response.status_code == 422
    assert response.json()["code"] == "message_empty"
    assert response.json()["field"] == "body"
    assert Message.objects.count() == before


def test_a_how_you_know_each_other_of_only_invisible_characters_is_refused(api_as, make_member):
    alice, bob = make_member("Alice Archer"), make_member("Bob Baker")
    response = api_as(alice).post(
        "/requests",
        {
            "recipient_id": bob.pk,
            "context": "other",
            "context_detail": "\u200b\u200b",
            "note": "Hi Bob, I read your post on rota planning for small wards and wondered "
            "how you got the night staff to try it. Could we talk about it?",
        },
    )
    assert response.status_code == 422
    assert response.json()["code"] == "context_detail_missing"
    assert response.json()["field"] == "context_detail"


def test_an_answer_of_only_invisible_characters_is_refused(api_as, make_member, connect):
    alice, bob = make_member("Alice Archer"), make_member("Bob Baker")
    connect(alice, bob)
    ask = ask_post(poster=alice, kind="ask", title="Advice on moving into product management")

    response = api_as(bob).post(f"/asks/{ask.pk}/answers", {"body": "\u200b\n\u200b"})

    assert response.status_code == 422
    assert response.json()["code"] == "answer_empty"


@pytest.mark.parametrize(
    "text",
    [
        "👩🏽\u200d💻 at work",  # a joiner inside an emoji stays
        "\u200fمرحبا",  # noqa: RUF001  (a direction mark before Arabic stays)
        "می\u200cخواهم",  # noqa: RUF001  (a non-joiner inside a Persian word stays)
    ],
)
def test_a_text_with_something_visible_keeps_its_invisible_characters(text):
    assert one_line(text) == text
    assert paragraphs(text) == text
