"""The home page's latest conversations, written in Python rather than by the templates.

The home page is the most requested page, and its eight latest conversations were half
of its rendering: some twenty template nodes a row, and ``format_html`` is not much
cheaper (docs/benchmarks.md, "Load"). ``conversation_items`` writes the markup of
``web/_recent_conversations.html`` directly, every value through ``html.escape`` (what
Django's own escaping calls); the template stays as the markup's reference, and
tests/web/test_home_lists.py holds the two equal, hostile names included.
"""

from __future__ import annotations

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

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
