"""A message is counted as the API counts it (``rapport.prose``): a run of spaces or
line breaks is one character. The conversation page and the API take a message at its
limit however it was typed, refuse one character more alike, naming the field and the
limit, and keep the same text: paragraphs a blank line apart, single spaces."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from rapport.conversations.models import MESSAGE_MAX, Message
from rapport.conversations.selectors import conversation_with
from rapport.network.services import connection_request_accept
from tests.typed_texts import typed_at
from tests.web.test_accounts import field_errors

START = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)
WORDS = "Thanks for the notes from Thursday; the second chart answers my question about fares."


def test_a_message_at_its_limit_is_kept_alike_and_one_more_refused(
    make_member, send_request, signed_in, api_as, time_machine
):
    time_machine.move_to(START, tick=False)
    ana, ben = make_member("Ana Lima"), make_member("Ben Okafor")
    connection_request_accept(member=ben, request_id=send_request(ana, ben).pk)
    thread = conversation_with(member=ana, other_id=ben.pk)
    url = reverse("conversation", args=[thread.pk])
    message = typed_at(MESSAGE_MAX, WORDS)

    by_page = signed_in(ana).post(url, {"body": message.typed})
    by_api = api_as(ben).post(f"/conversations/{thread.pk}/messages", {"body": message.typed})
    refused = signed_in(ana).post(url, {"body": message.over})
    refused_by_api = api_as(ben).post(
        f"/conversations/{thread.pk}/messages", {"body": message.over}
    )

    assert (by_page.status_code, by_api.status_code) == (302, 201), by_api.content
    sent = list(Message.objects.filter(conversation=thread).values_list("body", flat=True))
    assert sent[1:] == [message.kept, message.kept]  # after the request's note
    assert by_api.json()["body"] == message.kept and message.stored_longer
    assert refused.status_code == 422
    assert "The message is 5,001 characters; the limit is 5,000." in field_errors(refused, "body")
    assert refused_by_api.status_code == 422
    assert refused_by_api.json() == {
        "code": "invalid",
        "message": "body is 5,001 characters; the limit is 5,000.",
        "field": "body",
    }
    assert Message.objects.filter(conversation=thread).count() == 3
    shown = signed_in(ben).get(url).content.decode()
    assert "<br><br>" in shown
