"""A circle or a key seat is earned by history: a day-old tie is not close, a
weekly friendship of a season is, and more history never moves a tie outward."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from rapport.insights.tie_strength import KINDS, Contact
from rapport.insights.track_record import (
    closest_layer,
    held_back,
    seat_earned,
    track_record,
)

NOW = 1_750_000_000.0
DAY = 86_400.0


def record(contacts):
    return track_record(contacts, now=NOW)


def test_a_connection_made_yesterday_is_the_150_and_no_key_seat():
    """Its only contact is the request's note, a Rapport conversation day one way."""
    yesterday = record([Contact(NOW - DAY, "message", "received")])

    assert closest_layer(yesterday) == 3
    assert not seat_earned(yesterday)
    assert held_back(yesterday) == "a closer circle needs conversations on 2 different days"


def test_a_weekly_friendship_of_a_season_earns_the_5_and_a_seat():
    weekly = record([Contact(NOW - 7 * DAY * week, "coffee") for week in range(14)])

    assert closest_layer(weekly) == 0
    assert seat_earned(weekly)
    assert held_back(weekly) == ""


def test_a_busy_first_fortnight_is_neither_the_5_nor_a_seat():
    daily = record([Contact(NOW - DAY * n, "call") for n in range(14)])

    assert closest_layer(daily) == 2
    assert not seat_earned(daily)
    assert held_back(daily) == (
        "a closer circle needs conversations on 3 different days over a month, both ways"
    )
    two_months = record([Contact(NOW - DAY * n, "call") for n in range(60)])
    assert closest_layer(two_months) == 1
    assert held_back(two_months) == (
        "a closer circle needs conversations on 6 different days over 3 months, both ways"
    )


def test_a_one_way_stream_is_attention_not_closeness():
    sent = [Contact(NOW - 7 * DAY * week, "message", "gave") for week in range(52)]

    assert closest_layer(record(sent)) == 2
    assert not seat_earned(record(sent))
    answered = [*sent, Contact(NOW - 200 * DAY, "message", "received")]
    assert closest_layer(record(answered)) == 0


def test_a_thread_is_both_ways_once_someone_answers():
    """Rapport conversation days as the keeper logs them: notes nobody answered on
    three days over a month are not the 15; one answer, on a later day or the same
    day (a mutual day), is."""
    unanswered = [Contact(NOW - DAY * n, "message", "gave") for n in (40, 20, 1)]
    assert closest_layer(record(unanswered)) == 2
    later = [*unanswered, Contact(NOW - DAY * 19, "message", "received")]
    same_day = [*unanswered[:2], Contact(NOW - DAY, "message", "mutual")]
    assert closest_layer(record(later)) == closest_layer(record(same_day)) == 1


def test_gatherings_and_the_future_are_no_conversation():
    crowd = [Contact(NOW - 30 * DAY * n, "gathering") for n in range(10)]
    later = [Contact(NOW + 30 * DAY * n, "coffee") for n in range(1, 10)]

    assert record([*crowd, *later]).days == 0
    assert closest_layer(record([*crowd, *later, Contact(NOW - DAY, "coffee")])) == 3


contacts_strategy = st.builds(
    Contact,
    timestamp=st.floats(min_value=NOW - 800 * DAY, max_value=NOW),
    kind=st.sampled_from(sorted(KINDS)),
    direction=st.sampled_from(["gave", "received", "mutual"]),
)
histories = st.lists(contacts_strategy, max_size=20)


@given(histories, contacts_strategy)
def test_more_history_never_moves_a_tie_outward(history, extra):
    before = record(history)
    after = record([*history, extra])
    assert closest_layer(after) <= closest_layer(before)
    assert seat_earned(after) or not seat_earned(before)


@given(histories)
def test_nothing_shorter_than_a_season_is_the_5_nor_shorter_than_a_month_a_seat(history):
    found = record(history)
    if found.span_days < 90:
        assert closest_layer(found) > 0
    if found.span_days < 30 or found.days < 3:
        assert not seat_earned(found)


@given(histories, st.randoms(use_true_random=False))
def test_the_order_of_contacts_never_matters(history, random):
    shuffled = list(history)
    random.shuffle(shuffled)
    assert record(shuffled) == record(history)
