"""How a member's face is written into a page: their photo, or their initials.

One function writes it for every list, so the templates (``{% avatar %}``) and the
Python that writes the busiest lists itself (``rapport_lists.conversation_items``)
give the same markup.

- With a photo: an ``<img>`` of the small (64 px) or large (256 px) image, its size
  given so the page does not jump as it loads. Beside a name, ``alt=""``: the name is
  right there, and a screen reader would read it twice; alone (the profile's heading
  photo), ``alt`` says whose photo it is.
- Without: the initials in a coloured circle, in HTML and CSS only (no image to
  fetch), hidden from screen readers (the name is beside it). The colour comes from
  the member's id, so a member keeps theirs from page to page; every tone holds white
  text at 4.5:1 or more (rapport.css).
"""

from __future__ import annotations

from html import escape

from rapport.photos.selectors import photo_url

TONES = 6
# Shown size in CSS pixels: the small image is 64 px, sharp at 1.5 device pixels.
SHOWN = {"small": 40, "large": 128}


def initials(name: str) -> str:
    """``Ana Ruiz`` -> ``AR``; ``Grace Mensah`` -> ``GM``; one word, one letter."""
    firsts = [next((ch for ch in word if ch.isalnum()), "") for word in name.split()]
    firsts = [ch for ch in firsts if ch]
    if not firsts:
        return "?"
    picked = firsts[0] + (firsts[-1] if len(firsts) > 1 else "")
    return picked.upper()


def avatar_html(
    member_id: int,
    name: str,
    content_hash: str | None,
    *,
    size: str = "small",
    alt: str | None = None,
) -> str:
    """The avatar's markup, every value escaped. ``alt`` by default: none for a small
    one (beside a name), "Photo of <name>" for a large one."""
    if size not in SHOWN:
        raise ValueError(f"no avatar size {size!r}")
    if alt is None:
        alt = "" if size == "small" else f"Photo of {name}"
    if content_hash:
        address = photo_url(member_id, content_hash, small=size == "small")
        shown = SHOWN[size]
        lazy = ' loading="lazy"' if size == "small" else ""
        return (
            f'<img class="avatar avatar--{size}" src="{escape(str(address))}" '
            f'alt="{escape(alt)}" width="{shown}" height="{shown}"{lazy} decoding="async">'
        )
    tone = member_id % TONES
    return (
        f'<span class="avatar avatar--{size} avatar--initials avatar--tone-{tone}" '
        f'aria-hidden="true">{escape(initials(name))}</span>'
    )
