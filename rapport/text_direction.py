"""A member's text inside a sentence of ours, kept in its place whatever its direction.

A mail's subject and plain text have no markup to say where a name begins and ends.
A name written right to left ("שרה כהן"), first in "שרה כהן wrote to you", makes a mail
client that takes a line's direction from its first letter lay the whole line out right
to left; a name holding a right-to-left override (U+202E) reverses everything after it.
Unicode's isolates (UAX #9) fence the name off: FSI (U+2068) before it, PDI (U+2069)
after it, and the name takes its own direction without touching the sentence's. The
HTML part and the web pages do the same with ``<bdi>`` or ``dir="auto"``.

Only text that could move anything is fenced: one with a right-to-left letter or
digit, or a direction control. A name in Latin letters inside an English sentence
reads the same either way, and its subject stays plain ASCII for every mail client,
old ones included, that would draw an unknown character as a box.
"""

from __future__ import annotations

import unicodedata

FSI = "\u2068"  # first strong isolate: the text takes the direction of its first letter
PDI = "\u2069"  # pop directional isolate
_OPENS = frozenset("\u2066\u2067\u2068")  # LRI, RLI, FSI

# Bidirectional classes that can change how the text around them is laid out.
_MOVING = frozenset(
    {"R", "AL", "AN", "LRE", "LRO", "RLE", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"}
)


def needs_isolating(text: str) -> bool:
    return any(unicodedata.bidirectional(char) in _MOVING for char in text)


def isolated(text: str) -> str:
    """``text`` between FSI and PDI when it needs it, its own isolates balanced first: a
    PDI without its opener would end ours early, and is dropped; an isolate the text
    opens and never closes would swallow ours, and is closed at its end."""
    if not needs_isolating(text):
        return text
    kept, open_isolates = [], 0
    for char in text:
        if char in _OPENS:
            open_isolates += 1
        elif char == PDI:
            if not open_isolates:
                continue
            open_isolates -= 1
        kept.append(char)
    return FSI + "".join(kept) + PDI * open_isolates + PDI
