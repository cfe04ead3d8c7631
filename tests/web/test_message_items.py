"""A conversation page writes its messages with ``{% message_items %}``
(rapport/web/templatetags/rapport_lists.py): the markup ``conversations/_message.html``
writes for each, escaped as the template escapes it."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

import pytest
from django.template import RequestContext, Template
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone

from rapport.conversations.models import Message
from rapport.conversations.selectors import conversation_with, messages_of
from rapport.conversations.services import message_delete, message_send
from rapport.members.models import Member

HOSTILE = "<script>alert(\"x\")</script> & 'Ana' <b>"


def _thread(make_member, connect) -> tuple[Member, Member, list[Message]]:
    ana = make_member(HOSTILE, username="ana")
    ben = make_member("Ben Okafor", username="ben")
    connect(ana, ben)
    thread = conversation_with(member=ana, other_id=ben.pk)
    for sender, body in (
        (ben, "Line one\r\nline two\rthree\n\nfour"),
        (ana, HOSTILE + "\n" + HOSTILE),
        (ben, "Plain & simple"),
    ):
        message_send(sender=sender, conversation_id=thread.pk, body=body)
    # A tombstone of each: Ana's and Ben's.
    for sender, body in ((ana, "Taken back"), (ben, "Taken back too")):
        sent = message_send(sender=sender, conversation_id=thread.pk, body=body)
        message_delete(member=sender, conversation_id=thread.pk, message_id=sent.pk)
    return ana, ben, messages_of(conversation=thread)


# Each rendering masks the CSRF token anew (rapport/web/csrf_tokens.py): compared as one.
_TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+"')


def _same_token(html: str) -> str:
    return _TOKEN.sub(r'\1TOKEN"', html)


def _by_template(messages: list[Message], user: Member) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return "".join(
        render_to_string("conversations/_message.html", {"message": m}, request=request)
        for m in messages
    )


def _by_tag(messages: list[Message], user: Member) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return Template("{% load rapport_lists %}{% message_items thread_messages %}").render(
        RequestContext(request, {"thread_messages": messages})
    )


@pytest.mark.parametrize("zone", ["UTC", "Pacific/Auckland", "America/St_Johns"])
def test_the_tag_writes_what_the_template_writes(make_member, connect, zone):
    ana, ben, messages = _thread(make_member, connect)
    # A time that falls on another day in some of the zones.
    messages[0].created_at = dt.datetime(2026, 3, 4, 23, 46, 7, 8, tzinfo=dt.UTC)
    with timezone.override(zoneinfo.ZoneInfo(zone)):
        for reader in (ana, ben):
            tag = _by_tag(messages, reader)
            assert _same_token(tag) == _same_token(_by_template(messages, reader))
            # Each reader has two messages of their own not deleted: those offer "Delete".
            assert tag.count("csrfmiddlewaretoken") == 2
    assert _by_tag([], ana) == ""


def test_bodies_and_names_are_escaped_and_own_messages_say_you(make_member, connect):
    ana, ben, messages = _thread(make_member, connect)
    html = _by_tag(messages, ana)
    assert "<script>" not in html and "<b>" not in html
    escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;Ana&#x27; &lt;b&gt;"
    assert f"{escaped}<br>{escaped}" in html
    assert "Line one<br>line two<br>three<br><br>four" in html
    # The request's note opens the thread, so Ana wrote two of the four, then one each
    # that its sender deleted.
    assert [m.sender_id for m in messages] == [ana.pk, ben.pk, ana.pk, ben.pk, ana.pk, ben.pk]
    assert html.count('class="message message--mine"') == 2
    assert html.count('class="message message--mine message--deleted"') == 1
    assert html.count('class="message message--deleted"') == 1
    assert html.count('<span class="message__sender">You</span>') == 3
    assert html.count('<span class="message__sender">Ben Okafor</span>') == 3
    assert html.count("Message deleted</p>") == 2
    assert "Taken back" not in html
