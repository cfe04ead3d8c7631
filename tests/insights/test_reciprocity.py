"""Give and take in words, with fixed dates."""

from __future__ import annotations

import datetime as dt

from rapport.insights.reciprocity import (
    balance_clause,
    balance_of,
    reciprocity_overview,
    reciprocity_sentence,
)

TODAY = dt.date(2026, 6, 1)


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def test_nothing_in_the_year():
    assert reciprocity_sentence("Ana", [], today=TODAY) == (
        "Nothing given or received in the last 12 months."
    )
    old = [(days_ago(400), "gave", "advice"), (days_ago(500), "received", "help")]
    assert reciprocity_sentence("Ana", old, today=TODAY) == (
        "Nothing given or received in the last 12 months."
    )


def test_asking_many_times_since_last_offering():
    favours = [
        (days_ago(300), "gave", "advice"),
        (days_ago(200), "received", "help"),
        (days_ago(100), "received", "introduction"),
        (days_ago(50), "received", "advice"),
        (days_ago(10), "received", "referral"),
    ]
    assert reciprocity_sentence("Ana", favours, today=TODAY) == (
        "You have asked Ana for help 4 times since you last offered any."
    )


def test_even_give_and_take():
    favours = [(days_ago(n), "gave", "advice") for n in (10, 20, 30)] + [
        (days_ago(n), "received", "help") for n in (15, 25, 35)
    ]
    assert reciprocity_sentence("Ana", favours, today=TODAY) == (
        "You and Ana give and take evenly: 3 given, 3 received this year."
    )


def test_giving_without_receiving_is_fine():
    favours = [(days_ago(5), "gave", "advice"), (days_ago(40), "gave", "advice")]
    assert reciprocity_sentence("Ana", favours, today=TODAY) == (
        "You have given Ana advice twice and received nothing yet — that's fine; keep it light."
    )
    one = [(days_ago(5), "gave", "introduction")]
    assert reciprocity_sentence("Ana", one, today=TODAY) == (
        "You have given Ana an introduction once and received nothing yet — "
        "that's fine; keep it light."
    )


def test_receiving_without_ever_giving_prompts_an_offer():
    favours = [(days_ago(5), "received", "referral"), (days_ago(9), "received", "referral")]
    assert reciprocity_sentence("Ben", favours, today=TODAY) == (
        "Ben has given you referrals twice this year and you have not offered anything yet "
        "— is there something you could offer?"
    )


def test_mostly_giving_and_mostly_receiving_without_a_streak():
    gave_more = [(days_ago(n), "gave", "help") for n in (1, 2, 3, 4)] + [
        (days_ago(5), "received", "help")
    ]
    assert reciprocity_sentence("Ana", gave_more, today=TODAY) == (
        "You have given Ana more than you received: 4 given, 1 received this year."
    )
    took_more = [
        (days_ago(50), "received", "help"),
        (days_ago(40), "received", "help"),
        (days_ago(30), "gave", "help"),
        (days_ago(20), "received", "help"),
        (days_ago(10), "received", "help"),
    ]
    assert reciprocity_sentence("Ana", took_more, today=TODAY) == (
        "You have received more from Ana than you gave: 1 given, 4 received this year."
    )


def test_mutual_and_future_favours_are_not_counted():
    favours = [(days_ago(3), "mutual", "help"), (TODAY + dt.timedelta(days=3), "gave", "help")]
    assert reciprocity_sentence("Ana", favours, today=TODAY) == (
        "Nothing given or received in the last 12 months."
    )


def test_overview_names_who_you_take_from_and_give_to():
    people = [
        ("Ana Ruiz", [(days_ago(n), "received", "help") for n in (1, 2, 3)]),
        ("Ben Ode", [(days_ago(n), "gave", "advice") for n in (1, 2, 3, 4)]),
        ("Chen Li", [(days_ago(1), "gave", "help"), (days_ago(2), "received", "help")]),
        ("Dee Park", [(days_ago(400), "gave", "help")]),
    ]
    assert reciprocity_overview(people, today=TODAY) == [
        "In the last 12 months you gave 5 favours and received 4 favours.",
        "You mostly take from Ana Ruiz — is there something you could offer?",
        "You mostly give to Ben Ode.",
        "You give and take evenly with Chen Li.",
    ]


def test_overview_lists_a_few_names_then_counts_the_rest():
    people = [(name, [(days_ago(1), "gave", "help")] * 2) for name in "ABCDE"]
    assert (
        reciprocity_overview(people, today=TODAY)[1] == "You mostly give to A, B, C and 2 others."
    )


def test_overview_with_nothing():
    assert reciprocity_overview([("Ana", [])], today=TODAY) == [
        "Nothing given or received in the last 12 months."
    ]


def test_one_favour_given_and_none_back_is_one_sided_in_every_wording():
    """The panel called it one-sided while the overview (a difference of one) called
    it even; the sentence, the short clause and the overview now read one verdict."""
    once = [(days_ago(10), "gave", "advice")]
    assert reciprocity_sentence("Grace", once, today=TODAY) == (
        "You have given Grace advice once and received nothing yet — that's fine; keep it light."
    )
    assert balance_clause(balance_of(once, today=TODAY)) == (
        "you have given 1 favour this year and received none yet"
    )
    assert reciprocity_overview([("Grace Mensah", once)], today=TODAY) == [
        "In the last 12 months you gave 1 favour and received 0 favours.",
        "You mostly give to Grace Mensah.",
    ]
    back = [(days_ago(20), "received", "help")]
    assert balance_clause(balance_of(back, today=TODAY)) == (
        "you have received 1 favour this year and given none yet"
    )
    assert reciprocity_overview([("Ben Ode", back)], today=TODAY)[1] == (
        "You mostly take from Ben Ode — is there something you could offer?"
    )


def test_the_clause_agrees_with_the_sentence():
    cases = {
        "you give and take evenly": [
            (days_ago(1), "gave", "help"),
            (days_ago(2), "received", "help"),
        ],
        "you give more than you take": [(days_ago(n), "gave", "help") for n in (1, 2, 3)]
        + [(days_ago(4), "received", "help")],
        "you take more than you give": [(days_ago(300), "gave", "help")]
        + [(days_ago(n), "received", "help") for n in (1, 2, 3)],
        "": [(days_ago(400), "gave", "help")],
    }
    sentences = {
        "you give and take evenly": "You and Ana give and take evenly: 1 given, 1 received this year.",
        "you give more than you take": (
            "You have given Ana more than you received: 3 given, 1 received this year."
        ),
        "you take more than you give": (
            "You have asked Ana for help 3 times since you last offered any."
        ),
        "": "Nothing given or received in the last 12 months.",
    }
    for clause, favours in cases.items():
        assert balance_clause(balance_of(favours, today=TODAY)) == clause
        assert reciprocity_sentence("Ana", favours, today=TODAY) == sentences[clause]
