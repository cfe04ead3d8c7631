"""The promise of double opt-in, for every history: a side learns nothing of the other
side's answer unless both said yes. Pure: visible_state on unsaved rows, no database."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from rapport.introductions.models import Introduction
from rapport.introductions.selectors import visible_state
from rapport.introductions.states import ANSWER_GRAPH, FOR_INTRODUCER, FOR_SIDE

MADE = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
INTRODUCER, FIRST, SECOND = 1, 2, 3
answers = st.sampled_from(ANSWER_GRAPH.states)
days = st.floats(min_value=0, max_value=40, allow_nan=False)


def _row(first: str, second: str, *, worker_ran: bool, days_passed: float) -> Introduction:
    """The row the services would leave after these answers, days and worker runs."""
    if "declined" in (first, second):
        state = "declined"
    elif first == second == "accepted":
        state = "accepted"
    elif worker_ran and days_passed >= 14:
        state = "expired"
    else:
        state = "pending"
    return Introduction(
        introducer_id=INTRODUCER,
        first_id=FIRST,
        second_id=SECOND,
        first_answer=first,
        second_answer=second,
        state=state,
        created_at=MADE,
        expires_at=MADE + dt.timedelta(days=14),
    )


@given(own=answers, other=answers, other_instead=answers, worker_ran=st.booleans(), t=days)
def test_a_side_cannot_tell_the_others_answer_unless_both_said_yes(
    own, other, other_instead, worker_ran, t
):
    now = MADE + dt.timedelta(days=t)
    worlds = [
        _row(own, answer, worker_ran=worker_ran, days_passed=t) for answer in (other, other_instead)
    ]
    if any(row.state == "accepted" for row in worlds):
        return
    # Expired rows can only hold the answers given before the deadline; both worlds
    # share the same history of the side's own answer.
    seen = {visible_state(row, viewer_id=FIRST, now=now) for row in worlds}
    assert len(seen) == 1, (own, other, other_instead, seen)


@given(first=answers, second=answers, worker_ran=st.booleans(), t=days)
def test_the_introducer_never_learns_who_declined(first, second, worker_ran, t):
    now = MADE + dt.timedelta(days=t)
    row = _row(first, second, worker_ran=worker_ran, days_passed=t)
    swapped = _row(second, first, worker_ran=worker_ran, days_passed=t)

    seen = visible_state(row, viewer_id=INTRODUCER, now=now)

    assert seen == visible_state(swapped, viewer_id=INTRODUCER, now=now)
    assert seen in FOR_INTRODUCER
    assert visible_state(row, viewer_id=FIRST, now=now) in FOR_SIDE
