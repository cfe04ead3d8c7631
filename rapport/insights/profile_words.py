"""The words of a profile's fields, as the coffee pairing reads them.

Apart from the pairing (``rapport.insights.pairing``) because the coffee pages use them
too (``rapport.coffee.openers``), and those are imported as Django starts: the pairing
brings numpy and scipy, a quarter of a second of every ``rapport`` command's start.
"""

from __future__ import annotations

import re

# Words too common in "I can help with" and "I'm looking for" to say anything: the
# function words, and the generic nouns and verbs every profile uses ("run a
# project", "users", "a small team") that would pair people on nothing.
_STOPWORD_TEXT = """
    a able about after again all also am an and any anyone anything are around as ask
    at be been being both but by can could did do does doing done each else etc ever
    every for from get getting give go going good great had happy has have having
    help helping how i i'd i'm i've if in into is it it's its just keen know learn
    like little look looking lot love made make making many me more most much my
    need new no not now of off on one only or other others our out over own people
    person please really say see share sharing should so some someone something
    such talk talking tell than that the their them then there these they thing
    things think this those through time to too try up us use used using very want
    was way ways we well were what when where which while who whom why will wish
    with without work working would yes yet you your
    across after back before best better big build building built day days even find
    finding first hard kind large last leave left life local lot lots month months open
    part plenty project projects ran real run running runs service services small start
    started still stick sure team teams thing user users week weeks world year years
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_WORD = re.compile(r"[a-z][a-z0-9+#'-]*[a-z0-9+#]|[a-z]")


def phrase(text: str) -> str:
    """One spelling of an interest or topic: case-folded, spaces collapsed."""
    return " ".join(text.casefold().split())


def phrases(text: str) -> frozenset[str]:
    """The comma-separated phrases of an interests or topics field."""
    return frozenset(p for p in (phrase(part) for part in text.split(",")) if p)


def _stem(word: str) -> str:
    """A crude plural fold, enough for "cooperatives" to meet "cooperative"."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def keywords(text: str) -> frozenset[str]:
    """Content words of a free-text field (asks, offers): lower case, no stop words,
    at least three letters, plurals folded."""
    words = (_stem(w.strip("'-")) for w in _WORD.findall(text.casefold()))
    return frozenset(w for w in words if len(w) >= 3 and w not in STOPWORDS)


# A whole word as written, in any script: what ``keywords`` may have cut a keyword from
# ("café" gives "caf", "Forms" gives "form").
_WHOLE_WORD = re.compile(r"[\w+#'-]+")


def as_written(term: str, *texts: str) -> str:
    """The whole word of ``texts`` (searched in order) that gave the keyword ``term``,
    spelled as its writer wrote it: "Forms" for "form", "café" for "caf". A reason
    that quotes the member's own word reads as theirs; the folded keyword reads as a
    typo. ``term`` itself when no word of the texts gives it (the text changed since),
    and a word already whole finds itself, so a term may be passed through twice."""
    wanted = keywords(term) or frozenset({term})
    for text in texts:
        for match in _WHOLE_WORD.finditer(text):
            word = match.group().strip("'-")
            if wanted <= keywords(word):
                return word
    return term
