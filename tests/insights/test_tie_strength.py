"""Tie strength: a warmer history never scores lower, order never matters, and
the why line reads as a person would say it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rapport.insights.tie_strength import KINDS, WEIGHTS, Contact, tie_strength
from rapport.insights.track_record import EXCHANGE_KINDS, seat_earned, track_record

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
    # Two days in touch: half of recency's weight (a return), then halving with time.
    two = [Contact(NOW - 180 * DAY, "call"), Contact(NOW - 181 * DAY, "call")]
    assert tie_strength(two, now=NOW).breakdown["recency"] == pytest.approx(0.25)
    assert tie_strength(two, now=NOW, half_life_days=90).breakdown["recency"] == pytest.approx(
        0.125
    )


def test_recency_grows_with_the_days_in_touch():
    """Nothing for one day, half for a return, nearly all once contact keeps coming."""
    recency = [
        tie_strength([Contact(NOW - n * DAY, "call") for n in range(days)], now=NOW).breakdown[
            "recency"
        ]
        for days in (1, 2, 3, 6)
    ]
    assert recency == pytest.approx([0.0, 0.5, 0.75, 0.96875])
    same_day = [Contact(NOW - hours * 3600, "message") for hours in range(5)]
    assert tie_strength(same_day, now=NOW).breakdown["recency"] == 0.0


def test_duration_is_the_time_in_touch_not_the_time_since_one_contact():
    """One message ten years ago is not a ten-year tie: duration counts the years from
    the first contact to the latest, so a single contact earns none of it however old,
    and two contacts four years apart earn three quarters, whenever they were."""
    once = tie_strength([Contact(NOW - 3_650 * DAY, "message")], now=NOW)
    assert once.breakdown["duration"] == 0.0
    span = 4 * 365.25 * DAY
    for last in (NOW, NOW - 1_000 * DAY):
        apart = [Contact(last - span, "coffee"), Contact(last, "coffee")]
        assert tie_strength(apart, now=NOW).breakdown["duration"] == pytest.approx(0.75)


@given(st.integers(min_value=1, max_value=3_000), st.integers(min_value=0, max_value=3_000))
def test_a_single_contact_scores_the_same_however_long_ago_beyond_recency(early, later):
    """Without recency (a tie of one day has none), a lone old contact scores no more
    than the same contact made later: age alone never strengthens a tie."""
    older = tie_strength([Contact(NOW - (early + later) * DAY, "coffee")], now=NOW)
    newer = tie_strength([Contact(NOW - early * DAY, "coffee")], now=NOW)
    assert older.score <= newer.score + 1e-12


# --- Recency alone does not make a tie strong (module docstring, "Recency needs a return")


def _at_day_start(day: int) -> float:
    return (NOW // DAY - day) * DAY


def one_day(*, most_days_ago: int = 3_000) -> st.SearchStrategy[list[Contact]]:
    return st.builds(
        lambda day, offsets, kind, direction, size: [
            Contact(_at_day_start(day) + offset, kind, direction, size) for offset in offsets
        ],
        day=st.integers(min_value=1, max_value=most_days_ago),
        offsets=st.lists(st.floats(min_value=0, max_value=DAY - 1), min_size=1, max_size=3),
        kind=st.sampled_from(sorted(KINDS)),
        direction=st.sampled_from(["gave", "received", "mutual"]),
        size=st.integers(min_value=1, max_value=30),
    )


one_day_strategy = one_day()
"""A tie whose contacts all fall on one UTC day (a request's note, a single meeting), 1
to 3,000 days ago, of any kind, either way, one to one or in a group."""


@st.composite
def fifteen_records(draw) -> list[Contact]:
    """A history with the 15's track record (``track_record``): conversations one to one
    on 3 to 8 different days over at least a month, both ways, the latest within one
    half-life (180 days), of the least intimate conversational kind at worst."""
    latest = draw(st.integers(min_value=1, max_value=180))
    first = draw(st.integers(min_value=latest + 30, max_value=latest + 1_000))
    middle = draw(
        st.lists(st.integers(min_value=latest + 1, max_value=first - 1), min_size=1, max_size=6)
    )
    days = sorted({latest, first, *middle})
    kind = draw(st.sampled_from(sorted(EXCHANGE_KINDS)))
    directions = draw(
        st.lists(st.sampled_from(["gave", "received"]), min_size=len(days), max_size=len(days))
    )
    directions[0], directions[-1] = "gave", "received"  # both ways
    return [
        Contact(_at_day_start(day) + 3600, kind, direction)
        for day, direction in zip(days, directions, strict=True)
    ]


@given(one_day_strategy)
def test_a_tie_of_one_day_gets_nothing_for_recency_however_fresh(history):
    assert tie_strength(history, now=NOW).breakdown["recency"] == 0.0


@given(one_day_strategy, fifteen_records())
def test_a_tie_with_a_track_record_outranks_any_tie_of_one_day(single, earned):
    """The audit ranks its strongest ties by this score: a day-old connection used to
    rank above a tie that had earned the 15, by the recency of its one note."""
    assert seat_earned(track_record(earned, now=NOW))
    assert tie_strength(earned, now=NOW).score > tie_strength(single, now=NOW).score


@given(one_day(most_days_ago=89), st.integers(min_value=0, max_value=88))
def test_a_tie_of_one_day_is_no_stronger_for_being_fresher(history, younger_by):
    """Within its first season (the span frequency is floored at), a day-old tie and
    the same tie weeks later score alike: a day in touch earns no duration either."""
    age = NOW - max(contact.timestamp for contact in history)
    if younger_by * DAY >= age:
        return
    fresher = [
        Contact(c.timestamp + younger_by * DAY, c.kind, c.direction, c.group_size) for c in history
    ]
    assert tie_strength(fresher, now=NOW).score <= tie_strength(history, now=NOW).score + 1e-12


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
