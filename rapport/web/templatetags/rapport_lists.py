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

from django import template
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import normalize_newlines

from rapport.conversations.models import Message
from rapport.web.templatetags.rapport_times import day_month_year_time, iso_time
from rapport.web.templatetags.rapport_urls import address_with_ids

register = template.Library()


@register.simple_tag(takes_context=True)
def conversation_items(context: template.Context, conversations: list[dict]) -> SafeString:
    """The ``<ul>`` of the rows ``web.views._recent_rows`` makes, as the template writes it."""
    parts = ['<ul class="list conversations">']
    for item in conversations:
        unread = item["unread"]
        name = escape(str(item["other_name"]))
        address = escape(address_with_ids(context, "conversation", item["pk"]))
        if unread:
            parts.append(
                '\n    <li class="list__item conversation conversation--unread">'
                f'\n      <a class="conversation__link" href="{address}"><strong>{name}</strong></a>'
                '\n      <span class="badge badge--new">new</span> '
                f'<span class="unread-count">{escape(str(unread))} unread</span>'
            )
        else:
            parts.append(
                '\n    <li class="list__item conversation">'
                f'\n      <a class="conversation__link" href="{address}">{name}</a>'
                "\n      "
            )
        if item["when_iso"]:
            parts.append(
                f'\n      <span class="muted"><time datetime="{escape(str(item["when_iso"]))}">'
                f"{escape(str(item['when_label']))}</time></span>"
            )
        else:
            parts.append("\n      ")
        parts.append("\n    </li>")
    parts.append("\n</ul>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above went through escape()


@register.simple_tag(takes_context=True)
def message_items(context: template.Context, messages: Iterable[Message]) -> SafeString:
    """Each message's ``<li>`` as ``conversations/_message.html`` writes it, for the
    signed-in ``user`` of the context: "You" on their own, the sender's name otherwise,
    times in the current time zone, the body escaped with its line breaks kept."""
    user = context.get("user")
    me = getattr(user, "pk", None)
    zone = timezone.get_current_timezone()
    parts = []
    for message in messages:
        mine = message.sender_id == me
        when = message.created_at
        if timezone.is_aware(when):  # as the template's expects_localtime filters do
            when = when.astimezone(zone)
        sender = "You" if mine else escape(str(message.sender.name))
        body = escape(normalize_newlines(message.body)).replace("\n", "<br>")
        parts.append(
            f'<li class="message{" message--mine" if mine else ""}" id="message-{message.pk}">'
            f'\n  <p class="message__meta"><span class="message__sender">{sender}</span>'
            f'\n    <time datetime="{escape(iso_time(when))}">'
            f"{escape(day_month_year_time(when))}</time></p>"
            f'\n  <div class="message__body prose">{body}</div>\n</li>\n'
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value above went through escape()
