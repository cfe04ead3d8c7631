"""``{% avatar member_id name photo_hash %}``: a member's photo, or their initials
(``rapport.photos.markup``). ``size="large"`` and ``alt="..."`` for a profile's own."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from rapport.photos.markup import avatar_html

register = template.Library()


@register.simple_tag
def avatar(
    member_id: int,
    name: str,
    photo_hash: str | None,
    size: str = "small",
    alt: str | None = None,
) -> SafeString:
    html = avatar_html(
        member_id, str(name), photo_hash or None, size=size, alt=None if alt is None else str(alt)
    )
    return mark_safe(html)  # noqa: S308 - avatar_html escapes every value it writes
