"""The busiest lists, written in Python rather than by the templates.

The home page is the most requested page, and its eight latest conversations were half
of its rendering: some twenty template nodes a row, and ``format_html`` is not much
cheaper (docs/benchmarks.md, "Load"). ``conversation_items`` writes the markup of
``web/_recent_conversations.html`` directly, every value through ``html.escape`` (what
Django's own escaping calls); the template stays as the markup's reference, and
tests/web/test_home_lists.py holds the two equal, hostile names included.

``message_items`` does the same for a conversation page's messages (up to 200, one
``{% include "conversations/_message.html" %}`` each, half of that page's time); the
partial still renders the one message an htmx reply adds, and
tests/web/test_message_items.py holds the two equal.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import normalize_newlines

from rapport.conversations.models import Message
from rapport.photos.markup import avatar_html
from rapport.web.templatetags.rapport_times import day_month_year_time, iso_time
from rapport.web.templatetags.rapport_urls import address_with_ids

register = template.Library()


@register.simple_tag(takes_context=True)
def conversation_items(
    context: template.Context, conversations: list[dict[str, Any]]
) -> SafeString:
    """The ``<ul>`` of the rows ``web.views._recent_rows`` makes, as the template writes it."""
    parts = ['<ul class="list conversations">']
    for item in conversations:
        unread = item["unread"]
        name = escape(str(item["other_name"]))
        address = escape(address_with_ids(context, "conversation", item["pk"]))
        face = avatar_html(item["other_id"], str(item["other_name"]), item["other_photo_hash"])
        if unread:
            parts.append(
                '\n    <li class="list__item conversation conversation--unread">'
                f"\n      {face}"
                f'\n      <a class="conversation__link" href="{address}"><strong>{name}</strong></a>'
                '\n      <span class="badge badge--new">new</span> '
                f'<span class="unread-count">{escape(str(unread))} unread</span>'
            )
        else:
            parts.append(
                '\n    <li class="list__item conversation">'
                f"\n      {face}"
                f'\n      <a class="conversation__link" href="{address}">{name}</a>'
                "\n      "
            )
        if item["when_iso"]:
            parts.append(
                f'\n      <span class="muted"><time datetime="{escape(str(item["when_iso"]))}">'
                f"{escape(str(item['when_label']))}</time></span>"
            )
        else:
            parts.append('\n      <span class="muted">No messages yet</span>')
        parts.append("\n    </li>")
    parts.append("\n</ul>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above went through escape()


@register.simple_tag(takes_context=True)
def message_items(context: template.Context, messages: Iterable[Message]) -> SafeString:
    """Each message's ``<li>`` as ``conversations/_message.html`` writes it, for the
    signed-in ``user`` of the context: "You" on their own, the sender's name otherwise,
    times in the current time zone, the body escaped with its line breaks kept; a
    deleted message as its tombstone, and the member's own with their "Delete" step."""
    user = context.get("user")
    me = getattr(user, "pk", None)
    zone = timezone.get_current_timezone()
    token = None  # the form's CSRF field, written once, when a message of theirs needs it
    parts = []
    for message in messages:
        mine = message.sender_id == me
        deleted = message.deleted_at is not None
        when = message.created_at
        if timezone.is_aware(when):  # as the template's expects_localtime filters do
            when = when.astimezone(zone)
        sender = "You" if mine else escape(str(message.sender.name))
        classes = (
            f"message{' message--mine' if mine else ''}{' message--deleted' if deleted else ''}"
        )
        shown_at = escape(day_month_year_time(when))
        parts.append(
            f'<li class="{classes}" id="message-{message.pk}">'
            f'\n  <p class="message__meta"><span class="message__sender">{sender}</span>'
            f'\n    <time datetime="{escape(iso_time(when))}">{shown_at}</time></p>\n'
        )
        if deleted:
            parts.append('  <p class="message__body message__body--deleted">Message deleted</p>\n')
        else:
            body = escape(normalize_newlines(message.body)).replace("\n", "<br>")
            parts.append(f'  <div class="message__body prose" dir="auto">{body}</div>\n')
            if mine:
                if token is None:
                    token = CsrfTokenNode().render(context)
                address = escape(
                    address_with_ids(context, "message_delete", message.conversation_id, message.pk)
                )
                parts.append(
                    '  <details class="confirm message__delete">'
                    '\n    <summary class="link-button">Delete<span class="visually-hidden">'
                    f" your message of {shown_at}</span></summary>"
                    '\n    <div class="confirm__body">'
                    "\n      <p>Delete this message? Its text is erased for both of you; "
                    "“Message deleted” stays in its place.</p>"
                    f'\n      <form method="post" action="{address}" class="inline-form" '
                    f'hx-post="{address}" hx-target="#message-{message.pk}" hx-swap="outerHTML">'
                    f'{token}<button type="submit" class="button button--danger">Yes, delete it'
                    "</button></form>\n    </div>\n  </details>\n"
                )
        parts.append("</li>\n")
    return mark_safe("".join(parts))  # noqa: S308 - every value above went through escape()
