"""Names compared as people say them: "jose" finds José, "MÜLLER" finds Müller.

Search is for finding someone you know, typed from memory and often on a keyboard
without their accents. Both sides of the comparison are folded by ``fold``: lower case,
accents and other marks taken off, and the letters that are not a letter with a mark
(ł, ø, dotless i, æ, ß...) written as their plain Latin counterparts.

The members' side is folded when it is written, not when it is searched: every member
row keeps ``search_text`` of its name, organisation and interests in
``Member.search_folded`` (``SearchFoldedField`` computes it on every save and bulk
insert), so a search is a plain ``LIKE`` on one column, which PostgreSQL serves from a
trigram index (members migration 0011) and SQLite reads without calling into Python.
The query's words are folded by the same function in Python, so SQLite and PostgreSQL
cannot disagree about a letter: the databases only compare folded text.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.db import models

# Letters NFKD does not take apart, as people write them without the keyboard for them
# (the ones ``unaccent`` turns into plain letters too).
_PLAIN = str.maketrans(
    {
        "\u0131": "i",  # dotless i
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "ħ": "h",
        "ŧ": "t",
        "þ": "th",
        "æ": "ae",
        "œ": "oe",
    }
    # SQLite's LIKE ignores the case of ASCII letters and PostgreSQL's does not, so no
    # fold may hold a capital: NFKD makes some (black-letter capital H is "H").
    | {ord(capital): capital.lower() for capital in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
)

SEARCHED_FIELDS = ("name", "organisation", "interests")
# Between the fields in the stored fold: no word holds one (``search_words`` splits at
# whitespace), so no word matches across two fields.
SEPARATOR = "\n"


def strip_accents(text: str) -> str:
    """ "José" → "Jose", so names typed with and without accents match (the keeper's
    duplicates and names use it too)."""
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )


def _fold_once(text: str) -> str:
    return strip_accents(text.casefold()).translate(_PLAIN)


def fold(text: str) -> str:
    """``text`` lower-cased, without accents: what a search compares.

    Character by character, so a word folds as it folds inside a longer text. Twice:
    a few letters come out of one pass as letters a pass changes again (U+03D2,
    U+2107, U+1D6A8...); after two, a pass changes no character there is
    (tests/members/test_folding.py), so a folded word finds what the word finds.
    """
    if text.isascii():
        # Most names, organisations and interests: nothing to take apart.
        return text.lower()
    return _fold_once(_fold_once(text))


def search_text(name: str, organisation: str, interests: str) -> str:
    """What ``Member.search_folded`` holds for these fields."""
    return SEPARATOR.join(fold(text) for text in (name, organisation, interests))


class SearchFoldedField(models.TextField):  # type: ignore[type-arg]
    """The stored fold of a member's searched fields, computed as the row is written.

    Django asks a field for its value through ``pre_save`` on every ``save()`` (for the
    fields it writes) and every ``bulk_create``, so no path through the ORM that makes
    or saves a member can leave it out; ``Member.save`` adds it to ``update_fields``
    that name a searched field. What skips the ORM (``QuerySet.update``,
    ``bulk_update``, raw SQL, the seed's COPY) must write it too:
    tests/members/test_search_column.py looks for such code.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("editable", False)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = search_text(*(getattr(model_instance, field) for field in SEARCHED_FIELDS))
        setattr(model_instance, self.attname, value)
        return value
