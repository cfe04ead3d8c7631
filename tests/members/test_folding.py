"""The search's fold on SQLite takes a shortcut for plain ASCII (most names); it must
fold exactly as the full path does, or a search would find different members on SQLite
than on PostgreSQL for the same words."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rapport.members.folding import _PLAIN, fold, strip_accents


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_plain_ascii_folds_as_the_full_path_folds_it(text):
    assert fold(text) == strip_accents(text.casefold()).translate(_PLAIN)


def test_accented_and_special_letters_still_fold():
    assert fold("José MÜLLER Łukasz Ørsted Straße") == "jose muller lukasz orsted strasse"


@pytest.mark.django_db
def test_a_new_connection_folds_before_any_search_ran():
    """SQLite's function is registered when the connection opens, so raw SQL (a data
    migration, a report) and the first search on a fresh connection find it alike;
    PostgreSQL's ``unaccent`` comes from the members migration."""
    from django.db import connections

    fresh = connections.create_connection("default")
    fresh.settings_dict = connections["default"].settings_dict
    sql = (
        "SELECT rapport_fold(%s), rapport_fold(NULL)"
        if fresh.vendor == "sqlite"
        else "SELECT LOWER(UNACCENT(%s)), LOWER(UNACCENT(NULL))"
    )
    try:
        with fresh.cursor() as cursor:
            cursor.execute(sql, ["José MÜLLER"])
            assert cursor.fetchone() == ("jose muller", None)
    finally:
        fresh.close()
