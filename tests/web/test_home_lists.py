"""The home page writes its latest conversations with ``{% conversation_items %}``
(rapport/web/templatetags/rapport_lists.py): the markup of
``web/_recent_conversations.html``, escaped as the template escapes it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.template import RequestContext, Template
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from rapport.conversations.selectors import RecentConversation
from rapport.web.views import _recent_rows

HOSTILE = "<script>alert(\"x\")</script> & 'Ana' <b>"


def _rows() -> list[dict]:
    at = dt.datetime(2026, 3, 4, 5, 6, tzinfo=dt.UTC)
    return _recent_rows(
        [
            RecentConversation(
                pk=7, other_id=1, other_name="Ana Ruiz", last_message_at=at, unread=3
            ),
            RecentConversation(pk=8, other_id=2, other_name="Ben", last_message_at=at, unread=0),
            RecentConversation(
                pk=9, other_id=3, other_name=HOSTILE, last_message_at=None, unread=1
            ),
            RecentConversation(pk=10, other_id=4, other_name=HOSTILE, last_message_at=at, unread=0),
        ]
    )


def _same_text(html: str) -> str:
    return re.sub(r"\s+", " ", html).strip()


@pytest.mark.parametrize("rows", [[], _rows()[:1], _rows()[1:2], _rows()])
def test_the_tag_writes_what_the_template_writes(rows):
    request = RequestFactory().get("/")
    template = render_to_string(
        "web/_recent_conversations.html", {"conversations": rows}, request=request
    )
    tag = Template("{% load rapport_lists %}{% conversation_items conversations %}").render(
        RequestContext(request, {"conversations": rows})
    )
    assert _same_text(tag) == _same_text(template)


def test_names_are_escaped_and_rows_link_their_conversation():
    request = RequestFactory().get("/")
    html = Template("{% load rapport_lists %}{% conversation_items conversations %}").render(
        RequestContext(request, {"conversations": _rows()})
    )
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;Ana&#x27;" in html
    assert f'href="{reverse("conversation", args=[7])}"><strong>Ana Ruiz</strong></a>' in html
    assert '<span class="unread-count">3 unread</span>' in html
    assert '<time datetime="2026-03-04T05:06:00+00:00">4 Mar 2026, 05:06</time>' in html
    assert html.count("<li ") == 4 and html.count("conversation--unread") == 2
