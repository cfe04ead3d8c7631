"""Names compared as people say them: "jose" finds José, "MÜLLER" finds Müller.

Search is for finding someone you know, typed from memory and often on a keyboard
without their accents. Both sides of the comparison are folded by ``fold``: lower case,
accents and other marks taken off, and the letters that are not a letter with a mark
(ł, ø, dotless i, æ, ß...) written as their plain Latin counterparts.

The searched side is folded when it is written, not when it is searched: every member
row keeps ``search_text`` of its name, organisation and interests in
``Member.search_folded``, and every keeper person of their name, organisation, role
and tags in ``Person.search_folded`` (``SearchFoldedField`` computes it on every save
and bulk insert), so a search is a plain ``LIKE`` on one column, which PostgreSQL
serves from trigram indexes (members migrations 0011 and 0012) and SQLite reads
without calling into Python.
The query's words are folded by the same function in Python, so SQLite and PostgreSQL
cannot disagree about a letter: the databases only compare folded text.

A word of the query finds the words it begins, not the words it is inside: "ana" finds
Ana Ruiz and María Ana López, not Diana, Montana or "management". So the fold is
stored *marked*: a space before every word's first letter, unless a space is there
already (" jean- luc o' neill"), and a query word is marked the same way; a plain
``LIKE '%marked%'`` then finds it only where it begins a word, with no pattern per
punctuation mark, and pg_trgm takes the space for the start of a word too.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
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


# Scripts written without spaces between words (Chinese, Japanese, Thai...), and Korean
# names (family and given name written together): no boundary can be seen, so each of
# their letters begins a word, and "小明" finds 王小明. A Korean syllable is folded into
# its letters (jamo), and begins at its first consonant: "민준" finds 김민준.
_UNSPACED = (
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003ffff"
)
_SYLLABLE_START = "\u1100-\u115f\ua960-\ua97f"
# Where a word begins: a letter or digit (``[^\W_]`` is ``str.isalnum``) after anything
# that is not one, or in an unspaced script; not where a space is already.
_WORD_START = re.compile(
    rf"(?:(?<![^\W_])|(?<=[{_UNSPACED}])|(?=[{_UNSPACED}{_SYLLABLE_START}]))"
    r"(?<! )(?=[^\W_])"
)
# The same, for ASCII text: no unspaced script, and a letter or digit is [0-9A-Za-z].
_ASCII_WORD_START = re.compile(r"(?<![0-9A-Za-z ])(?=[0-9A-Za-z])")
_LEADING = re.compile(r"^[\W_]+")


def marked(folded: str) -> str:
    """``folded`` with a space before each word's first letter where none is: in the
    marked text, a letter or digit has a space before it exactly when it begins a word.

    Most names, organisations and roles are ASCII, most of those only words and
    spaces: an import folds 30,000 people, and the general expression, asked at every
    character, was half of that time (tests/keeper/test_search_folding.py checks the
    shortcuts give what it gives).
    """
    if not folded.isascii():
        return _WORD_START.sub(" ", folded)
    if folded.replace(" ", "").isalnum():
        # Words and spaces: only the first word lacks its space.
        return folded if folded.startswith(" ") else " " + folded
    return _ASCII_WORD_START.sub(" ", folded)


def search_text(*texts: str) -> str:
    """What a ``SearchFoldedField`` holds for these fields' texts, in its fields' order:
    a member's name, organisation and interests, a keeper person's name, organisation,
    role and then each of their tags (``searched_texts``)."""
    return SEPARATOR.join(map(_searchable, texts))


def searched_texts(values: Iterable[Any]) -> list[str]:
    """The texts ``search_text`` folds for these field values: a text as it is, a list
    (a keeper person's tags) one text per item, each kept apart from the next as two
    fields are, so no word runs from one tag into another. An empty list adds nothing:
    a person with no tags folds as before tags were searched."""
    texts: list[str] = []
    for value in values:
        if isinstance(value, list | tuple):
            texts.extend(item for item in value if isinstance(item, str))
        else:
            texts.append(value)
    return texts


@functools.lru_cache(maxsize=4096)
def _searchable(text: str) -> str:
    """One field's text folded and marked. Remembered: an import of 30,000 connections
    folds the same organisations and roles ("Software Engineer") thousands of times."""
    return marked(fold(text))


def search_patterns(word: str) -> list[str]:
    """What ``search_text`` must hold for ``word`` (a word of a search) to begin a word
    there: its fold marked, one pattern for each piece the fold breaks into at a space
    (a few marks fold to one), each from its first letter or digit ("(design" looks
    for "design"). None when nothing of it is left (a lone sound mark, "_"): such a
    word can only be a username.

    A query word holds no space, so each space of a pattern stands where a word begins
    in the text too: a pattern is found exactly where the word begins a word of a
    field, except that a space in the text after a mark is passed over ("o'neill"
    finds "O' Neill" too)."""
    pieces = (_LEADING.sub("", piece) for piece in fold(word).split())
    return [marked(piece) for piece in pieces if piece]


class SearchFoldedField(models.TextField):  # type: ignore[type-arg]
    """The stored fold of a row's searched ``fields`` (a member's by default), computed
    as the row is written.

    Django asks a field for its value through ``pre_save`` on every ``save()`` (for the
    fields it writes) and every ``bulk_create``, so no path through the ORM that makes
    or saves a row can leave it out; the model's ``save`` adds it to ``update_fields``
    that name a searched field (``fold_saved_too``). What skips the ORM
    (``QuerySet.update``, ``bulk_update``, raw SQL, the seed's COPY) must write it too:
    tests/members/test_search_column.py and tests/keeper/test_search_folding.py look
    for such code.
    """

    def __init__(self, *args: Any, fields: Sequence[str] = SEARCHED_FIELDS, **kwargs: Any) -> None:
        kwargs.setdefault("editable", False)
        kwargs.setdefault("default", "")
        self.searched_fields = tuple(fields)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.searched_fields != SEARCHED_FIELDS:
            kwargs["fields"] = self.searched_fields
        return name, path, args, kwargs

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = search_text(
            *searched_texts(getattr(model_instance, field) for field in self.searched_fields)
        )
        setattr(model_instance, self.attname, value)
        return value


def fold_saved_too(model: type[models.Model], update_fields: Iterable[str] | None) -> Any:
    """``update_fields`` with the model's stored fold added when it names a field the
    fold is made of: Django writes only the fields named, and the fold would go stale.
    None (every field) stays None."""
    if update_fields is None:
        return None
    named = set(update_fields)
    for field in model._meta.concrete_fields:
        if isinstance(field, SearchFoldedField) and named & set(field.searched_fields):
            named.add(field.name)
    return named
