"""Numbers as people read them: 30,000 rather than 30000."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def grouped(value: object) -> str:
    """An integer with a comma between thousands; anything else as it is."""
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)
