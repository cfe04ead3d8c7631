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


def test_someone_named_by_the_words_comes_before_a_word_inside_another(make_member):
    """Typing "Ana" looks for Ana: the member whose name begins with it comes first,
    then one for whom it begins a word elsewhere (an organisation, an interest), then
    anyone it is only inside of ("management"), alphabetical within each."""
    make_member("Aisha Siddiqui", interests="product management")
    make_member("Bruno Costa", organisation="Anaconda Labs")
    make_member("Zoe Ana Park")
    make_member("Ana Ruiz")
    make_member("Carla Diaz", username="ana_d", interests="banana farming")

    assert found("ana") == [
        "Ana Ruiz",
        "Zoe Ana Park",
        "Bruno Costa",
        "Aisha Siddiqui",
        "Carla Diaz",
    ]
    assert found("ana_d") == ["Carla Diaz"]


def test_every_word_must_begin_a_name_word_for_the_first_rank(make_member):
    make_member("Jean-Luc Martin", organisation="Rail")
    make_member("Anna Martinez", organisation="Lucerne Works")

    # "luc" begins "Luc" in Jean-Luc's name, but only "Lucerne" in Anna's organisation.
    assert found("mart luc") == ["Jean-Luc Martin", "Anna Martinez"]
