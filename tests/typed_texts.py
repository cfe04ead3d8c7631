"""Texts typed as members type them, for the tests that the page and the API take the
same text at its limit (``rapport.prose``: a run of spaces or line breaks counts as one
character) and keep it alike."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from rapport.prose import counted_length, one_line, paragraphs


@dataclass(frozen=True)
class Typed:
    typed: str  # as sent: longer than the limit
    kept: str  # as the field keeps it
    over: str  # the same, one character more: over the limit

    @property
    def stored_longer(self) -> bool:
        return len(self.kept) > counted_length(self.kept)


def typed_at(limit: int, words: str, *, several_lines: bool = True, gap: str = "  ") -> Typed:
    """A text of ``words`` over and over that counts exactly ``limit`` characters, typed
    with spaces at both ends, ``gap`` for one space in three, and a blank line (as a
    browser sends it, ``\\r\\n\\r\\n``) half way; kept with that blank line when the
    field has ``several_lines``, else as one line."""
    flat = " ".join(itertools.islice(itertools.cycle(words.split()), limit))[:limit]
    if flat.endswith(" "):
        flat = flat[:-1] + "s"
    spaces = [index for index, char in enumerate(flat) if char == " "]
    halfway = spaces[len(spaces) // 2]
    typed = kept = ""
    for index, char in enumerate(flat):
        if index == halfway:
            typed += "\r\n \r\n"
            kept += "\n\n" if several_lines else " "
        elif char == " " and index % 3 == 0:
            typed += gap
            kept += " "
        else:
            typed += char
            kept += char
    typed = "  " + typed + " \r\n"
    assert counted_length(typed) == limit < len(typed)
    assert (paragraphs(typed) if several_lines else one_line(typed)) == kept
    return Typed(typed=typed, kept=kept, over=typed.rstrip() + "s")
