"""Give and take in words, with fixed dates: a verdict only where the favours
support one, and the same verdict in every wording."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from rapport.insights.reciprocity import (
    ASKED_REPEATEDLY,
    EVEN,
    GAVE_MORE,
    GAVE_ONLY,
    GIVING,
    NONE,
    PATTERN_FROM,
    RECEIVED_MORE,
    RECEIVED_ONLY,
    TAKING,
    TOO_FEW,
    balance_clause,
    balance_of,
    reciprocity_overview,
    reciprocity_sentence,
    verdict_of,
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
        "Give and take with Ana goes both ways: 3 given, 3 received this year."
    )


def test_giving_without_receiving_is_fine():
    favours = [(days_ago(n), "gave", "advice") for n in (5, 40, 90)]
    assert reciprocity_sentence("Ana", favours, today=TODAY) == (
        "You have given Ana advice 3 times and received nothing yet — that's fine; keep it light."
    )


def test_receiving_without_ever_giving_prompts_an_offer():
    favours = [(days_ago(n), "received", "referral") for n in (5, 9, 60)]
    assert reciprocity_sentence("Ben", favours, today=TODAY) == (
        "Ben has given you referrals 3 times this year and you have not offered anything yet "
        "— is there something you could offer?"
    )


def test_one_favour_is_an_event_said_as_it_happened_not_a_verdict():
    """After a single introduction from Ana, the overview said "You mostly take
    from Ana — is there something you could offer?": one favour is not a pattern."""
    once = [(dt.date(2026, 3, 12), "received", "introduction")]
    assert reciprocity_sentence("Ana", once, today=TODAY) == (
        "Ana introduced you to someone in March; nothing back yet."
    )
    assert reciprocity_overview([("Ana Ruiz", once)], today=TODAY) == [
        "In the last 12 months you gave 0 favours and received 1 favour.",
        "Too early to tell with Ana Ruiz: one or two favours so far.",
    ]
    gave = [(dt.date(2025, 9, 3), "gave", "advice")]
    assert (
        reciprocity_sentence("Ana", gave, today=TODAY) == "You gave Ana advice in September 2025."
    )


def test_two_favours_are_both_told_in_order():
    cases = {
        "You helped Ben in January, and Ben referred you in April.": [
            (dt.date(2026, 4, 2), "received", "referral"),
            (dt.date(2026, 1, 20), "gave", "help"),
        ],
        "Ben gave you advice in February and introduced you to someone in May; nothing back yet.": [
            (dt.date(2026, 2, 2), "received", "advice"),
            (dt.date(2026, 5, 2), "received", "introduction"),
        ],
        "You gave Ben advice twice in May.": [
            (dt.date(2026, 5, 2), "gave", "advice"),
            (dt.date(2026, 5, 20), "gave", "advice"),
        ],
        "You introduced Ben to someone in July 2025 and in March.": [
            (dt.date(2025, 7, 2), "gave", "introduction"),
            (dt.date(2026, 3, 2), "gave", "introduction"),
        ],
    }
    for sentence, favours in cases.items():
        assert reciprocity_sentence("Ben", favours, today=TODAY) == sentence


def test_mostly_needs_a_clear_majority():
    """Two to one, three to two, five to three: give and take. Three to one: mostly."""
    for gave, received in ((2, 1), (3, 2), (5, 3), (1, 2)):
        favours = [(days_ago(10 + n), "gave", "help") for n in range(gave)] + [
            (days_ago(100 + n), "received", "help") for n in range(received)
        ]
        assert verdict_of(balance_of(favours, today=TODAY)) == EVEN, (gave, received)
    three_to_one = [(days_ago(n), "gave", "help") for n in (1, 2, 3)] + [
        (days_ago(4), "received", "help")
    ]
    assert verdict_of(balance_of(three_to_one, today=TODAY)) == GAVE_MORE


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
        (
            "Chen Li",
            [(days_ago(n), "gave", "help") for n in (1, 3)] + [(days_ago(2), "received", "help")],
        ),
        ("Dee Park", [(days_ago(400), "gave", "help")]),
        ("Eve Sato", [(days_ago(1), "gave", "help"), (days_ago(2), "received", "help")]),
    ]
    assert reciprocity_overview(people, today=TODAY) == [
        "In the last 12 months you gave 7 favours and received 5 favours.",
        "You mostly take from Ana Ruiz — is there something you could offer?",
        "You mostly give to Ben Ode.",
        "Give and take goes both ways with Chen Li.",
        "Too early to tell with Eve Sato: one or two favours so far.",
    ]


def test_overview_lists_a_few_names_then_counts_the_rest():
    people = [(name, [(days_ago(1), "gave", "help")] * 3) for name in "ABCDE"]
    assert (
        reciprocity_overview(people, today=TODAY)[1] == "You mostly give to A, B, C and 2 others."
    )


def test_overview_with_nothing():
    assert reciprocity_overview([("Ana", [])], today=TODAY) == [
        "Nothing given or received in the last 12 months."
    ]


def test_one_favour_given_and_none_back_reads_the_same_in_every_wording():
    """The panel once called it one-sided while the overview (a difference of one)
    called it even; then both called it one-sided, from a single favour. The
    sentence, the short clause and the overview now all say it happened, no more."""
    once = [(days_ago(10), "gave", "advice")]
    assert reciprocity_sentence("Grace", once, today=TODAY) == "You gave Grace advice in May."
    assert balance_clause(balance_of(once, today=TODAY)) == (
        "you have given 1 favour this year and received none yet"
    )
    assert reciprocity_overview([("Grace Mensah", once)], today=TODAY) == [
        "In the last 12 months you gave 1 favour and received 0 favours.",
        "Too early to tell with Grace Mensah: one or two favours so far.",
    ]
    back = [(days_ago(20), "received", "help")]
    assert balance_clause(balance_of(back, today=TODAY)) == (
        "you have received 1 favour this year and given none yet"
    )
    assert reciprocity_overview([("Ben Ode", back)], today=TODAY)[1] == (
        "Too early to tell with Ben Ode: one or two favours so far."
    )
    both = [(days_ago(20), "received", "help"), (days_ago(2), "gave", "advice")]
    assert balance_clause(balance_of(both, today=TODAY)) == (
        "you have given 1 favour and received 1 this year"
    )


def test_the_clause_agrees_with_the_sentence():
    cases = {
        "give and take goes both ways": [
            (days_ago(1), "gave", "help"),
            (days_ago(2), "received", "help"),
            (days_ago(3), "gave", "help"),
            (days_ago(4), "received", "help"),
        ],
        "you give more than you take": [(days_ago(n), "gave", "help") for n in (1, 2, 3)]
        + [(days_ago(4), "received", "help")],
        "you take more than you give": [(days_ago(300), "gave", "help")]
        + [(days_ago(n), "received", "help") for n in (1, 2, 3)],
        "": [(days_ago(400), "gave", "help")],
    }
    sentences = {
        "give and take goes both ways": (
            "Give and take with Ana goes both ways: 2 given, 2 received this year."
        ),
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


# --- Properties -------------------------------------------------------------------

# Favours inside the window only, so that "ever gave" is "gave this year" and a
# mirror image of a history is a history too.
favours_in_window = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=364).map(days_ago),
        st.sampled_from(["gave", "received"]),
        st.sampled_from(["advice", "introduction", "referral", "help"]),
    ),
    max_size=12,
)
MIRROR = {
    NONE: {NONE},
    TOO_FEW: {TOO_FEW},
    EVEN: {EVEN},
    GAVE_ONLY: {RECEIVED_ONLY},
    RECEIVED_ONLY: {GAVE_ONLY},
    GAVE_MORE: {RECEIVED_MORE, ASKED_REPEATEDLY},
    RECEIVED_MORE: {GAVE_MORE},
    ASKED_REPEATEDLY: {GAVE_MORE},
}


def _swapped(favours):
    other = {"gave": "received", "received": "gave"}
    return [(day, other[direction], favour) for day, direction, favour in favours]


@given(favours_in_window)
def test_never_a_verdict_on_fewer_than_three_favours(favours):
    balance = balance_of(favours, today=TODAY)
    verdict = verdict_of(balance)
    if balance.gave + balance.received < PATTERN_FROM:
        assert verdict in (NONE, TOO_FEW)
        overview = " ".join(reciprocity_overview([("Ana", favours)], today=TODAY))
        assert "mostly" not in overview
        assert "both ways" not in overview
    else:
        assert verdict not in (NONE, TOO_FEW)


@given(favours_in_window)
def test_mostly_always_has_a_clear_majority_behind_it(favours):
    balance = balance_of(favours, today=TODAY)
    verdict = verdict_of(balance)
    heavier, lighter = (
        (balance.received, balance.gave) if verdict in TAKING else (balance.gave, balance.received)
    )
    if verdict in TAKING | GIVING:
        assert heavier + lighter >= PATTERN_FROM
        assert heavier >= 2 * lighter and heavier - lighter >= 2
        assert (verdict in TAKING) == (
            "You mostly take from Ana"
            in " ".join(reciprocity_overview([("Ana", favours)], today=TODAY))
        )


@given(favours_in_window)
def test_swapping_gave_and_received_swaps_the_verdict(favours):
    verdict = verdict_of(balance_of(favours, today=TODAY))
    mirrored = verdict_of(balance_of(_swapped(favours), today=TODAY))
    assert mirrored in MIRROR[verdict]


@given(favours_in_window)
def test_the_overview_places_each_person_where_their_page_does(favours):
    verdict = verdict_of(balance_of(favours, today=TODAY))
    overview = reciprocity_overview([("Ana", favours)], today=TODAY)
    said = {
        "mostly take": any(line.startswith("You mostly take from Ana") for line in overview),
        "mostly give": any(line.startswith("You mostly give to Ana") for line in overview),
        "even": any(line.startswith("Give and take goes both ways with Ana") for line in overview),
        "too few": any(line.startswith("Too early to tell with Ana") for line in overview),
    }
    expected = (
        "mostly take"
        if verdict in TAKING
        else "mostly give"
        if verdict in GIVING
        else "even"
        if verdict == EVEN
        else "too few"
        if verdict == TOO_FEW
        else None
    )
    assert [key for key, present in said.items() if present] == ([expected] if expected else [])
