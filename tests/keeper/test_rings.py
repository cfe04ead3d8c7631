"""The picture of the circles: every dot readable, in its own ring, none on another."""

from __future__ import annotations

import itertools
import math

from rapport.keeper.rings import (
    DOT_RADIUS,
    DUE_SOON,
    LABEL_FONT,
    LONG_OVERDUE,
    NO_CADENCE,
    ON_TIME,
    OVERDUE,
    RingPerson,
    due_state,
    rings_layout,
)
from rapport.keeper.vocabulary import Circle


def _people(counts: dict[str, int]) -> list[RingPerson]:
    ids = itertools.count(1)
    return [
        RingPerson(
            person_id=next(ids), name=f"{circle} person {n}", circle=circle, overdue_ratio=0.5
        )
        for circle, count in counts.items()
        for n in range(count)
    ]


def _closest(dots) -> float:
    return min(math.dist((a.x, a.y), (b.x, b.y)) for a, b in itertools.combinations(dots, 2))


def test_a_full_network_has_no_two_dots_overlapping():
    people = _people(
        {Circle.SUPPORT: 5, Circle.SYMPATHY: 10, Circle.FIFTY: 50, Circle.HUNDRED_FIFTY: 150}
    )

    picture = rings_layout(people)

    assert len(picture.dots) == 215
    assert _closest(picture.dots) >= 2 * DOT_RADIUS


def test_an_overflowing_ring_grows_rows_instead_of_overlapping():
    people = _people({Circle.SUPPORT: 12, Circle.SYMPATHY: 40, Circle.HUNDRED_FIFTY: 600})

    picture = rings_layout(people)

    assert len(picture.dots) == 652
    assert _closest(picture.dots) >= 2 * DOT_RADIUS


def test_each_dot_sits_inside_its_own_ring_and_inside_the_picture():
    people = _people(
        {
            Circle.SUPPORT: 3,
            Circle.SYMPATHY: 9,
            Circle.FIFTY: 30,
            Circle.HUNDRED_FIFTY: 80,
            Circle.ACQUAINTANCE: 20,
        }
    )

    picture = rings_layout(people)

    bands = {band.circle: band for band in picture.bands}
    assert [band.circle for band in picture.bands] == [
        Circle.SUPPORT,
        Circle.SYMPATHY,
        Circle.FIFTY,
        Circle.HUNDRED_FIFTY,
        Circle.ACQUAINTANCE,
    ]
    for dot in picture.dots:
        distance = math.hypot(dot.x, dot.y)
        band = bands[dot.circle]
        assert band.inner + dot.r <= distance <= band.outer - dot.r, dot
        assert distance + dot.r <= picture.radius
    for inner, outer in itertools.pairwise(picture.bands):
        assert inner.outer == outer.inner


def test_people_in_a_ring_are_spread_around_the_whole_circle():
    picture = rings_layout(_people({Circle.FIFTY: 24}))

    angles = sorted(math.atan2(dot.y, dot.x) for dot in picture.dots)
    gaps = [b - a for a, b in itertools.pairwise(angles)] + [angles[0] + 2 * math.pi - angles[-1]]
    # Even spacing, with one wider gap at the top where the ring's label sits.
    assert max(gaps) < math.pi / 3
    ordinary = sorted(gaps)[:-1]
    assert max(ordinary) - min(ordinary) < 1e-2


def test_the_past_is_not_drawn_and_acquaintances_beyond_the_limit_are_counted():
    people = _people({Circle.PAST: 4, Circle.ACQUAINTANCE: 70, Circle.SUPPORT: 1})

    picture = rings_layout(people, acquaintances_drawn=60)

    assert {dot.circle for dot in picture.dots} == {Circle.SUPPORT, Circle.ACQUAINTANCE}
    outer = picture.bands[-1]
    assert (outer.count, outer.drawn, outer.hidden) == (70, 60, 10)
    assert len(picture.dots) == 61


def test_no_dot_covers_a_rings_caption_with_its_count_of_hidden_people():
    """ "Acquaintances (+240)" gets the gap at the top of its ring, not "Acquaintances"
    alone. The caption's box is as wide as bold 12px digits, the widest of its
    characters (0.7 em in Chromium), and from the baseline to above the capitals."""
    for hundred, total in ((20, 300), (140, 5000), (0, 61), (8, 999)):
        people = _people({Circle.FIFTY: 3, Circle.HUNDRED_FIFTY: hundred, Circle.ACQUAINTANCE: 60})

        picture = rings_layout(people, acquaintances_total=total)

        outer = picture.bands[-1]
        assert outer.caption == f"Acquaintances (+{total - 60})"
        for band in picture.bands:
            half = len(band.caption) * LABEL_FONT * 0.7 / 2
            top, bottom = band.label_y - LABEL_FONT, band.label_y + LABEL_FONT / 4
            for dot in picture.dots:
                dx = max(-half - dot.x, 0, dot.x - half)
                dy = max(top - dot.y, 0, dot.y - bottom)
                assert math.hypot(dx, dy) > dot.r, (band.caption, dot)


def test_empty_rings_still_show():
    picture = rings_layout([])

    assert picture.dots == []
    assert all(band.outer > band.inner for band in picture.bands)
    assert picture.view_box.startswith("-")


def test_due_states_follow_the_share_of_the_cadence_gone_by():
    assert due_state(None) == NO_CADENCE
    assert due_state(0.2) == ON_TIME
    assert due_state(0.85) == DUE_SOON
    assert due_state(1.0) == DUE_SOON  # due today is not yet overdue
    assert due_state(1.1) == OVERDUE
    assert due_state(2.5) == LONG_OVERDUE
    dot = rings_layout([RingPerson(1, "Ana", Circle.SUPPORT, 3.0)]).dots[0]
    assert dot.state == LONG_OVERDUE
