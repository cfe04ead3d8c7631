"""A pairing's "why you two" names what one looks for in the looker's own words, whole
and spelled as they wrote them ("Forms", "designing"), never the folded keyword the
pairing matched on ("form")."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from rapport.coffee.models import Pairing
from rapport.coffee.services import coffee_opt_in, coffee_round_run
from rapport.insights.profile_words import as_written

MONDAY = dt.date(2026, 11, 2)
NOW = dt.datetime(2026, 11, 2, 7, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def paired(make_member):
    ana = make_member(
        "Ana Ruiz",
        organisation="Fieldnote Health",
        interests="ceramics",
        looking_for="Someone who has tested Intake Forms with clinics.",
        can_help_with="Research sessions with patients and nurses.",
    )
    lena = make_member(
        "Lena Vogel",
        organisation="Kontur Mobility",
        interests="cycling",
        looking_for="Advice on running research with Patients.",
        can_help_with="I design forms and run intake interviews in clinics.",
    )
    for member in (ana, lena):
        coffee_opt_in(member=member, frequency="weekly")
    coffee_round_run(held_on=MONDAY, now=NOW)
    return ana, lena, Pairing.objects.get()


def reasons(api, pairing) -> list[str]:
    return api.get(f"/coffee/pairings/{pairing.pk}").json()["reasons"]


def test_the_reasons_quote_each_side_s_own_words(paired, api_as):
    ana, lena, pairing = paired

    anas = reasons(api_as(ana), pairing)
    lenas = reasons(api_as(lena), pairing)

    assert "Lena offers what you are looking for (clinics, Forms and Intake)." in anas
    assert "You offer what Lena is looking for (Patients and research)." in anas
    assert "Ana offers what you are looking for (Patients and research)." in lenas
    assert "You offer what Ana is looking for (clinics, Forms and Intake)." in lenas


def test_a_pairing_kept_with_folded_words_still_reads_in_the_lookers_words(paired, api_as):
    """Rounds held before the words were kept whole stored the folded keyword."""
    ana, _lena, pairing = paired
    ana_low = pairing.member_low_id == ana.pk
    folded_ana, folded_lena = ["clinic", "form", "intake"], ["patient", "research"]
    pairing.low_gets = folded_ana if ana_low else folded_lena
    pairing.high_gets = folded_lena if ana_low else folded_ana
    pairing.save(update_fields=["low_gets", "high_gets"])

    anas = reasons(api_as(ana), pairing)

    assert "Lena offers what you are looking for (clinics, Forms and Intake)." in anas
    assert "You offer what Lena is looking for (Patients and research)." in anas


@pytest.mark.parametrize(
    ("term", "text", "word"),
    [
        ("form", "Help with forms, please.", "forms"),
        ("designing", "Designing services for clinics", "Designing"),
        ("strategy", "Strategies that last", "Strategies"),
        ("caf", "Running a café in Lyon", "café"),
        ("co-design", "Co-design with patients", "Co-design"),
        ("form", "Nothing of the kind here", "form"),  # not found: the term as it is
    ],
)
def test_a_term_is_found_whole_as_it_was_written(term, text, word):
    assert as_written(term, text) == word
