"""The interim circle suggestion: sensible circles for typical histories, and a
warmer history never suggests an outer circle."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from rapport.insights.circle_suggestion import ContactStats, circle_rank, suggest_circle


def stats(**overrides) -> ContactStats:
    values = {
        "total": 0,
        "last_90_days": 0,
        "last_365_days": 0,
        "gave": 0,
        "received": 0,
        "days_since_last": None,
        "known_days": 1000.0,
    }
    values.update(overrides)
    return ContactStats(**values)


def test_weekly_contact_suggests_the_five():
    circle, reason = suggest_circle(
        stats(total=60, last_90_days=13, last_365_days=52, days_since_last=2)
    )
    assert circle == "5"
    assert reason == "13 conversations in the last 90 days"


def test_the_issue_example_reads_as_written():
    circle, reason = suggest_circle(
        stats(total=20, last_90_days=9, last_365_days=14, gave=3, received=4, days_since_last=5)
    )
    assert reason == "9 conversations in the last 90 days; you gave 3, received 4"
    assert circle in ("5", "15")


def test_monthly_quarterly_and_yearly_contact():
    assert (
        suggest_circle(stats(total=12, last_90_days=3, last_365_days=12, days_since_last=10))[0]
        == "15"
    )
    assert (
        suggest_circle(stats(total=4, last_90_days=1, last_365_days=4, days_since_last=30))[0]
        == "50"
    )
    circle, reason = suggest_circle(stats(total=1, last_365_days=1, days_since_last=200))
    assert circle == "150"
    assert reason == "1 conversation in the last 12 months, the latest 7 months ago"


def test_no_history_is_an_acquaintance_and_a_lapsed_one_is_past():
    assert suggest_circle(stats()) == ("acquaintance", "No interactions logged yet")
    circle, reason = suggest_circle(stats(total=1, days_since_last=500))
    assert circle == "acquaintance"
    circle, reason = suggest_circle(stats(total=6, days_since_last=800))
    assert circle == "past"
    assert reason == "Nothing in the last 12 months; the latest of 6 conversations was 2 years ago"


def test_someone_met_recently_and_seen_weekly_is_not_diluted_by_the_year():
    new = stats(total=6, last_90_days=6, last_365_days=6, days_since_last=2, known_days=30)
    old = replace(new, known_days=1000)
    assert circle_rank(suggest_circle(new)[0]) < circle_rank(suggest_circle(old)[0])


def test_two_way_favours_lift_but_one_way_never_lowers():
    base = stats(total=3, last_90_days=2, last_365_days=3, days_since_last=20)
    one_way = replace(base, gave=3)
    two_way = replace(base, gave=2, received=2)
    assert circle_rank(suggest_circle(one_way)[0]) == circle_rank(suggest_circle(base)[0])
    assert circle_rank(suggest_circle(two_way)[0]) <= circle_rank(suggest_circle(base)[0])


counts = st.integers(min_value=0, max_value=400)
days = st.one_of(st.none(), st.floats(min_value=0, max_value=5000, allow_nan=False))


@st.composite
def histories(draw):
    last_90 = draw(counts)
    last_365 = last_90 + draw(counts)
    total = last_365 + draw(counts)
    return ContactStats(
        total=total,
        last_90_days=last_90,
        last_365_days=last_365,
        gave=draw(st.integers(0, 50)),
        received=draw(st.integers(0, 50)),
        days_since_last=draw(days),
        known_days=draw(st.floats(min_value=0, max_value=10000, allow_nan=False)),
    )


@given(histories(), st.floats(min_value=0, max_value=5000, allow_nan=False))
def test_more_recent_contact_never_suggests_an_outer_circle(history, earlier_by):
    if history.days_since_last is None:
        later = replace(history, days_since_last=earlier_by)
        assert circle_rank(suggest_circle(later)[0]) <= circle_rank(suggest_circle(history)[0])
        return
    recent = replace(history, days_since_last=max(history.days_since_last - earlier_by, 0.0))
    assert circle_rank(suggest_circle(recent)[0]) <= circle_rank(suggest_circle(history)[0])


@given(histories(), st.integers(0, 50), st.integers(0, 50))
def test_more_frequent_contact_never_suggests_an_outer_circle(history, more_90, more_365):
    busier = replace(
        history,
        last_90_days=history.last_90_days + more_90,
        last_365_days=history.last_365_days + more_90 + more_365,
        total=history.total + more_90 + more_365,
    )
    assert circle_rank(suggest_circle(busier)[0]) <= circle_rank(suggest_circle(history)[0])


@given(histories())
def test_every_suggestion_is_a_known_circle_with_a_reason(history):
    circle, reason = suggest_circle(history)
    assert circle in ("5", "15", "50", "150", "acquaintance", "past")
    assert reason and "\n" not in reason
