"""The fold search compares with: the same on both databases because it runs in Python
(at write time for the stored column, at query time for the words), so it must be a
function of each character alone, and leave nothing a database would fold again."""

from __future__ import annotations

import sys

from hypothesis import given
from hypothesis import strategies as st

from rapport.members.folding import _PLAIN, fold, strip_accents

# Every character a text column can hold (no surrogates; PostgreSQL refuses NUL).
EVERY_CHARACTER = "".join(
    chr(cp) for cp in range(1, sys.maxunicode + 1) if not 0xD800 <= cp <= 0xDFFF
)
texts = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"))


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_plain_ascii_folds_as_the_full_path_folds_it(text):
    assert fold(text) == strip_accents(text.casefold()).translate(_PLAIN)


def test_accented_and_special_letters_still_fold():
    assert fold("José MÜLLER Łukasz Ørsted Straße") == "jose muller lukasz orsted strasse"


@given(texts, texts)
def test_a_word_folds_as_it_folds_inside_a_longer_text(before, after):
    """A word found in a name must be found in the name's stored fold."""
    assert fold(before + after) == fold(before) + fold(after)


def test_folding_twice_changes_nothing():
    """U+03D2, U+2107, U+1D6A8... come out of one pass as letters a pass changes again; the fold is
    a fixed point, so a folded word searched for finds what the word finds."""
    once = fold(EVERY_CHARACTER)
    assert fold(once) == once


def test_no_fold_holds_an_ascii_capital():
    """SQLite's LIKE ignores ASCII case and PostgreSQL's does not: a fold holding "H"
    (from black-letter capital H) would be found by "h" on one database only."""
    assert not any("A" <= ch <= "Z" for ch in fold(EVERY_CHARACTER))
