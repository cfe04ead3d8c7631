"""How a count reads in a sentence: "1 person", "3 people", "1,204 rows".

Pages and commands that write counts into sentences share it, so none says "1 people"
again. Templates use Django's ``pluralize``; the insights engine, which imports nothing
of the site, keeps its own.
"""

from __future__ import annotations


def counted(count: int, word: str, words: str | None = None) -> str:
    """``count`` and the word for that many: ``words``, or ``word`` + "s", unless one."""
    return f"{count:,} {word}" if count == 1 else f"{count:,} {words or word + 's'}"
