"""Names compared as people say them: "jose" finds José, "MÜLLER" finds Müller.

Search is for finding someone you know, typed from memory and often on a keyboard
without their accents. Both sides of the comparison are folded by the same function
in the database (``Folded``): lower case, accents and other marks taken off, and the
letters that are not a letter with a mark (ł, ø, dotless i, æ, ß...) written as their
plain Latin counterparts. The query's words are folded there too, so the two sides
cannot disagree about a letter.

PostgreSQL folds with its ``unaccent`` extension (created by the members migration
0010; a trusted extension, so the database's owner may create it), which costs little
more than the case-insensitive match it replaces. SQLite gets ``fold`` itself as a
function, registered once on each connection as it opens (``fold_registered``).
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.db.models import CharField, Func

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
)

SQLITE_FUNCTION = "rapport_fold"


def strip_accents(text: str) -> str:
    """ "José" → "Jose", so names typed with and without accents match (the keeper's
    duplicates and names use it too)."""
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )


def fold(text: str) -> str:
    """``text`` lower-cased, without accents: what a search compares, on SQLite."""
    if text.isascii():
        # Most names, organisations and interests: nothing to take apart, and SQLite
        # calls this for three columns of every member a search reads.
        return text.lower()
    return strip_accents(text.casefold()).translate(_PLAIN)


def _fold_or_none(text: str | None) -> str | None:
    return None if text is None else fold(text)


def fold_registered(sender: Any, connection: Any, **kwargs: Any) -> None:
    """Gives each new SQLite connection ``fold``, before any query can ask for it.

    Connected to ``connection_created`` by the members app, so a query pays nothing for
    it; PostgreSQL has ``unaccent`` and needs nothing here.
    """
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 1, _fold_or_none, deterministic=True)


class Folded(Func):
    """A text (a column, or a ``Value``) folded for comparing, by the database."""

    output_field = CharField()
    arity = 1
    # ``unaccent`` first: it turns "É" into "E", which LOWER then lowers under any
    # collation (a "C" one lowers ASCII only).
    template = "LOWER(UNACCENT(%(expressions)s))"

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler, connection, template=f"{SQLITE_FUNCTION}(%(expressions)s)", **extra
        )
