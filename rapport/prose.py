"""How a text a member types is kept, and how long it counts as against its limit.

The README and the API's description promise that runs of spaces count as one, and
the API measures so before a service sees the text (``input_schema.MaxChars``, with
``counted_length`` below). A service that counted every space would refuse what the
API announced it takes, so the services that keep a text measure it with the same
function.

A one-line text (a title, a headline) is kept as it is counted: a run of spaces is
one space. A text of several lines (a bio, an agenda) keeps its line breaks, and a
blank line between paragraphs, since its page shows them; only the spaces within each
line are folded, and blank lines come at most one at a time. It is counted as the
API counts it, each run of spaces or breaks one character, so what is stored may be
longer than the limit by one character per blank line: never twice as long. The
column of such a text is a text column, which has no length to overflow.

A text (or a line) of nothing but invisible characters, zero-width spaces, joiners,
direction marks, is kept as empty, as one of spaces is: the page would show it blank,
so a required text refuses it. Beside something visible they stay as typed: a joiner
makes an emoji, a non-joiner spells a Persian word, a mark sets the direction.
"""

from __future__ import annotations

import unicodedata

# Not "format" characters (Unicode's Cf) but letters or symbols that draw nothing.
_BLANK_LOOKING = frozenset("\u115f\u1160\u2800\u3164\uffa0")


def _shows_nothing(text: str) -> bool:
    return all(c in _BLANK_LOOKING or unicodedata.category(c) == "Cf" for c in text)


def one_line(text: str) -> str:
    """``text`` as a one-line field keeps it: every run of whitespace one space; empty
    if nothing in it would show."""
    words = text.split()
    return "" if _shows_nothing("".join(words)) else " ".join(words)


def paragraphs(text: str) -> str:
    """``text`` as a field of several lines keeps it: each line with its spaces
    folded, no blank line at either end, at most one between two paragraphs. Line
    breaks are ``\\n`` however the browser sent them."""
    kept: list[str] = []
    blank = False
    for line in text.splitlines():
        line = one_line(line)
        if not line:
            blank = True
            continue
        if blank and kept:
            kept.append("")
        kept.append(line)
        blank = False
    return "\n".join(kept)


def counted_length(text: str) -> int:
    """How long ``text`` counts as against its limit: each run of whitespace, line
    breaks included, is one character, and the ends are trimmed: no service keeps
    more of a text than that, so no more is counted against it. The API's
    ``MaxChars`` measure, and the services'."""
    return len(one_line(text))
