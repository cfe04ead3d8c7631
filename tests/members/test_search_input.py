"""Search as members type it: from memory, without the accents, with stray punctuation.

A search finds someone you know; it never lists strangers for input that names
nobody (punctuation alone), and it says when more match than it shows.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from rapport.members.selectors import SEARCH_LIMIT, member_search
from tests.web.page_text import main_text


@pytest.fixture
def people(make_member):
    return {
        "jose": make_member("José Álvarez", organisation="Énergie Commune", interests="tiles"),
        "mehmet": make_member("Mehmet Y\u0131lmaz", organisation="Kontur", interests="cycling"),
        "lena": make_member("Lena Müller", organisation="Straße Labs", interests="maps, zines"),
        "olav": make_member("Olav Søndergaard", organisation="Łódź Works", interests="sailing"),
        "ana": make_member("Ana Moreau", organisation="Northern Rail", interests="jazz, climate"),
        "jean": make_member("Jean-Luc O'Neill", organisation="Doyle & Daughter Books..."),
        # Kept decomposed, as some keyboards send it: "e" and a combining acute.
        "rene": make_member("Rene\u0301 Dubois", username="rene", organisation="Atelier"),
    }


def found(query: str) -> list[str]:
    return [member.name for member in member_search(query=query)]


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("jose", "José Álvarez"),
        ("JOSÉ", "José Álvarez"),
        ("alvarez", "José Álvarez"),
        ("álvarez", "José Álvarez"),
        ("energie", "José Álvarez"),
        ("énergie", "José Álvarez"),
        ("yilmaz", "Mehmet Y\u0131lmaz"),
        ("YILMAZ", "Mehmet Y\u0131lmaz"),
        ("muller", "Lena Müller"),
        ("MÜLLER", "Lena Müller"),
        ("strasse", "Lena Müller"),
        ("sondergaard", "Olav Søndergaard"),
        ("lodz", "Olav Søndergaard"),
        ("rene", "Rene\u0301 Dubois"),
        ("René", "Rene\u0301 Dubois"),
    ],
)
def test_a_name_is_found_in_any_case_with_or_without_its_accents(people, query, name):
    assert found(query) == [name]


@pytest.mark.parametrize("query", [",", ", ,", "-", "'", "...", "&", "- & '"])
def test_punctuation_alone_finds_nobody(people, query):
    """Punctuation names nobody, so it finds nobody, as an empty search does. Interests
    are kept comma-separated: "," matched everyone who gave two."""
    assert found(query) == []


def test_commas_separate_words_as_spaces_do(people):
    assert found("moreau, climate") == ["Ana Moreau"]
    assert found("maps,zines") == ["Lena Müller"]


def test_the_search_page_says_when_more_match_than_it_shows(make_member):
    viewer = make_member("Viv Viewer")
    for n in range(SEARCH_LIMIT + 1):
        make_member(f"Sam Walker {n:02d}", organisation="Walker & Co")
    client = Client()
    client.force_login(viewer)

    many = main_text(client.get(reverse("search"), {"q": "walker"}))
    few = main_text(client.get(reverse("search"), {"q": "walker 07"}))

    assert many.count("Sam Walker") == SEARCH_LIMIT
    assert f"More than {SEARCH_LIMIT} members match" in many
    assert "add a word" in many
    assert "Sam Walker 07" in few
    assert "More than" not in few


def test_a_word_finds_the_words_it_begins_not_the_words_it_is_inside(make_member):
    """Typing "Ana" looks for Ana: a word of the search must begin a word of the name,
    the organisation or the interests. Nobody looking for Ana means Diana."""
    make_member("Ana Ruiz")
    make_member("María Ana López")
    make_member("Diana Prince")
    make_member("Tom Hart", organisation="Banana Republic")
    make_member("Lee Shaw", interests="hiking in Montana, product management")
    make_member("Bruno Costa", organisation="Anaconda Labs")
    make_member("Ivo Petrov", interests="maps,anarchy")

    assert found("ana") == ["Ana Ruiz", "María Ana López", "Bruno Costa", "Ivo Petrov"]
    assert found("ANÁ") == found("ana")
    assert found("montana") == ["Lee Shaw"]
    assert found("ontana") == found("iana") == found("nana") == found("agement") == []


@pytest.mark.parametrize(
    ("query", "finds"),
    [
        ("luc", True),
        ("neill", True),
        ("o'neill", True),
        ("jean-luc", True),
        ("(luc", True),
        ("doyle", True),
        ("daughter", True),
        ("uc", False),
        ("eill", False),
        ("'neill", True),
        ("an-luc", False),
        ("jeanluc", False),
    ],
)
def test_a_word_begins_after_a_space_or_a_mark(make_member, query, finds):
    """Hyphens, apostrophes, "&" and brackets end a word as a space does, and a search
    word typed with its marks finds them where they are."""
    make_member("Jean-Luc O'Neill", organisation="Doyle & Daughter (Books)")
    assert found(query) == (["Jean-Luc O'Neill"] if finds else [])


def test_in_scripts_without_spaces_any_letter_begins_a_word(make_member):
    """Chinese, Japanese and Korean names are written without a space between family
    and given name: a given name typed alone finds them."""
    make_member("王小明")
    make_member("김민준")
    assert found("小明") == found("王") == ["王小明"]
    assert found("민준") == ["김민준"]


def test_someone_named_by_the_words_comes_before_the_rest(make_member):
    """The member whose name the word begins comes first, then those for whom it begins
    a word elsewhere (an organisation, an interest), alphabetical within each."""
    make_member("Aisha Siddiqui", interests="product management, analytics")
    make_member("Bruno Costa", organisation="Anaconda Labs")
    make_member("Zoe Ana Park")
    make_member("Ana Ruiz")
    make_member("Carla Diaz", username="ana_d", interests="banana farming")

    assert found("ana") == ["Ana Ruiz", "Zoe Ana Park", "Aisha Siddiqui", "Bruno Costa"]
    assert found("ana_d") == ["Carla Diaz"]


@pytest.mark.parametrize("limit", [1, 3, 5, 8])
def test_the_first_page_is_the_best_matches_whatever_its_size(make_member, limit):
    """Each rank is cut to the page before the two are put together: the page is still
    the first of the whole list, named members first, each rank by name, whichever
    rank the cut falls in and however many of each there are."""
    for name in ("Yan Design", "Bea Designer", "Xu Design", "Ali Design"):
        make_member(name)
    for name in ("Cy Ames", "Abe Brook", "Zed Cole", "Dee Fox", "Eve Grey"):
        make_member(name, interests="service design")
    make_member("Ola Bright", organisation="Redesign Ltd")
    whole = ["Ali Design", "Bea Designer", "Xu Design", "Yan Design"]
    whole += ["Abe Brook", "Cy Ames", "Dee Fox", "Eve Grey", "Zed Cole"]

    assert [m.name for m in member_search(query="design", limit=limit)] == whole[:limit]


def test_every_word_must_begin_a_name_word_for_the_first_rank(make_member):
    make_member("Jean-Luc Martin", organisation="Rail")
    make_member("Anna Martinez", organisation="Lucerne Works")

    # "luc" begins "Luc" in Jean-Luc's name, but only "Lucerne" in Anna's organisation.
    assert found("mart luc") == ["Jean-Luc Martin", "Anna Martinez"]
