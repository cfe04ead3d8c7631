"""The search's fold on SQLite takes a shortcut for plain ASCII (most names); it must
fold exactly as the full path does, or a search would find different members on SQLite
than on PostgreSQL for the same words."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from rapport.members.folding import _PLAIN, fold, strip_accents


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_plain_ascii_folds_as_the_full_path_folds_it(text):
    assert fold(text) == strip_accents(text.casefold()).translate(_PLAIN)


def test_accented_and_special_letters_still_fold():
    assert fold("José MÜLLER Łukasz Ørsted Straße") == "jose muller lukasz orsted strasse"
