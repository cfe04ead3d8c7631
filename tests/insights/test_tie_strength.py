"""Tie strength: a warmer history never scores lower, order never matters, and
the why line reads as a person would say it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rapport.insights.tie_strength import KINDS, WEIGHTS, Contact, tie_strength

NOW = 1_750_000_000.0
DAY = 86_400.0

contacts_strategy = st.builds(
    Contact,
    timestamp=st.floats(min_value=NOW - 3_000 * DAY, max_value=NOW),
    kind=st.sampled_from(sorted(KINDS)),
    direction=st.sampled_from(["gave", "received", "mutual"]),
    group_size=st.integers(min_value=1, max_value=30),
    context=st.sampled_from(["", "work", "school", "climbing"]),
)
histories = st.lists(contacts_strategy, max_size=25)


@given(histories)
def test_score_and_every_component_stay_between_zero_and_one(history):
    strength = tie_strength(history, now=NOW)
    assert 0.0 <= strength.score <= 1.0
    assert set(strength.breakdown) == set(WEIGHTS)
    assert all(0.0 <= value <= 1.0 for value in strength.breakdown.values())


def test_an_empty_history_scores_zero():
    strength = tie_strength([], now=NOW)
    assert strength.score == 0.0
    assert strength.why == "no contact logged yet"


@given(histories, contacts_strategy)
def test_adding_any_contact_never_lowers_the_score(history, extra):
    before = tie_strength(history, now=NOW).score
    assert tie_strength([*history, extra], now=NOW).score >= before - 1e-12


@given(histories, contacts_strategy, st.floats(min_value=0, max_value=1))
def test_adding_a_more_recent_contact_never_lowers_the_score(history, extra, position):
    latest = max((c.timestamp for c in history), default=NOW - 3_000 * DAY)
    later = Contact(latest + (NOW - latest) * position, extra.kind, extra.direction)
    before = tie_strength(history, now=NOW).score
    assert tie_strength([*history, later], now=NOW).score >= before - 1e-12


@given(histories, st.randoms(use_true_random=False))
def test_the_order_of_contacts_never_changes_the_score(history, random):
    shuffled = list(history)
    random.shuffle(shuffled)
    assert tie_strength(shuffled, now=NOW) == tie_strength(history, now=NOW)


@given(histories, st.data())
def test_moving_a_favour_toward_the_lighter_side_never_lowers_the_score(history, data):
    gave = [i for i, c in enumerate(history) if c.direction == "gave"]
    received = [i for i, c in enumerate(history) if c.direction == "received"]
    if len(gave) == len(received):
        return
    heavy, light = (gave, "received") if len(gave) > len(received) else (received, "gave")
    index = data.draw(st.sampled_from(heavy))
    target = data.draw(st.sampled_from([light, "mutual"]))
    old = history[index]
    changed = list(history)
    changed[index] = Contact(old.timestamp, old.kind, target, old.group_size, old.context)
    assert tie_strength(changed, now=NOW).score >= tie_strength(history, now=NOW).score - 1e-12


def weekly_coffee(weeks: int, *, direction: str = "mutual") -> list[Contact]:
    return [Contact(NOW - 7 * DAY * week, "coffee", direction) for week in range(weeks)]


def test_a_close_friend_outscores_a_mailing_list_acquaintance():
    friend = tie_strength(weekly_coffee(52), now=NOW)
    acquaintance = tie_strength(
        [Contact(NOW - 200 * DAY, "email", group_size=40), Contact(NOW - 600 * DAY, "email")],
        now=NOW,
    )
    assert friend.score > 0.7
    assert acquaintance.score < 0.3
    assert friend.breakdown["frequency"] == pytest.approx(1.0)


def test_recency_halves_every_half_life():
    one = [Contact(NOW - 180 * DAY, "call")]
    assert tie_strength(one, now=NOW).breakdown["recency"] == pytest.approx(0.5)
    assert tie_strength(one, now=NOW, half_life_days=90).breakdown["recency"] == pytest.approx(0.25)


def test_the_why_line_says_how_often_and_how():
    history = [
        *[Contact(NOW - 9 * DAY * i, "meeting") for i in range(9)],
        Contact(NOW - 3 * DAY, "advice", "gave"),
        Contact(NOW - 4 * DAY, "help", "received"),
    ]
    assert tie_strength(history, now=NOW).why == (
        "in touch 11 times in the last 90 days, mostly one to one"
    )
    lapsed = [Contact(NOW - 800 * DAY, "gathering", group_size=12, context="conference")]
    assert (
        tie_strength(lapsed, now=NOW).why
        == "last in touch 2 years ago, once in all, mostly in groups"
    )


def test_contacts_after_now_have_not_happened_yet():
    assert tie_strength([Contact(NOW + DAY, "coffee")], now=NOW).score == 0.0


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="kind"):
        Contact(NOW, "telepathy")


def test_the_why_line_leaves_give_and_take_to_reciprocity():
    """Advice given once and nothing back read "you give and take evenly" here while
    the reciprocity panel beside it said nothing had come back; messages written
    (direction "gave") counted as giving too. The verdict is reciprocity's alone."""
    advice_once = [
        Contact(NOW - 2 * DAY, "coffee", "gave"),
        *[Contact(NOW - n * DAY, "message") for n in (3, 8, 13)],
    ]
    messages = [Contact(NOW - n * DAY, "message", "gave") for n in (1, 5, 9)]
    for history in (advice_once, messages):
        why = tie_strength(history, now=NOW).why
        assert "give" not in why
        assert "gave" not in why
        assert "received" not in why
