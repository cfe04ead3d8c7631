"""The navigation's unread badge on every other page: counted once per change, never stale."""

from __future__ import annotations

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rapport.conversations.models import Message
from rapport.conversations.selectors import conversation_with
from rapport.conversations.services import message_send

BADGE = re.compile(r'id="nav-unread">(\d+)<')


def _visit(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    found = BADGE.search(response.content.decode())
    return (int(found.group(1)) if found else 0), len(captured)


def test_the_badge_is_counted_once_and_follows_every_change(make_member, connect, signed_in):
    ana, ben = make_member("Ana Ruiz"), make_member("Ben Okafor")
    connect(ana, ben)
    thread = conversation_with(member=ana, other_id=ben.pk)
    message_send(sender=ben, conversation_id=thread.pk, body="Lunch on Friday?")
    client = signed_in(ana)
    page = reverse("connections")

    first, counted = _visit(client, page)
    again, kept = _visit(client, page)
    assert (first, again) == (1, 1)
    assert kept == counted - 1  # the count was kept, not read again

    # A message written by any road moves the member's version, and so the count.
    Message.objects.create(
        conversation=thread, sender=ben, body="Or Saturday.", created_at=thread.created_at
    )
    assert _visit(client, page)[0] == 2
    # Reading the thread, elsewhere, clears it.
    client.get(reverse("conversation", args=[thread.pk]))
    assert _visit(client, page)[0] == 0
    # Ben's own badge is his: Ana's messages to him, not his to her.
    message_send(sender=ana, conversation_id=thread.pk, body="Friday works.")
    assert _visit(signed_in(ben), page)[0] == 1
    assert _visit(client, page)[0] == 0
