"""``{{ name|isolate }}``: a member's text in a mail's subject or plain text, fenced off
so that a right-to-left name keeps its place in our sentence (``rapport.text_direction``).
The HTML part puts it in ``<bdi>`` instead."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from rapport.text_direction import isolated

register = template.Library()


@register.filter
def isolate(text: object) -> str:
    return isolated(str(text))


@register.filter
def isolate_each(texts: Iterable[object]) -> list[str]:
    """Each of several names, for ``|join``: "⁨שרה⁩ and Ben", not one fence round both."""
    return [isolated(str(text)) for text in texts]
