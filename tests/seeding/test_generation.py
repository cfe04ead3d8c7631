"""The generator alone (no database): interests have a long tail, ties cluster."""

from __future__ import annotations

import numpy as np

from rapport.seeding.people import people_generate
from rapport.seeding.ties import ORGANISATION, PLACE, ties_generate

NOW_US = 1_780_000_000_000_000


def test_interests_follow_a_long_tail():
    people = people_generate(np.random.default_rng(5), members=5_000, now_us=NOW_US)
    mentions = np.bincount(people.interest_ids)
    used = np.sort(mentions[mentions > 0])[::-1]
    head = used[: max(1, len(used) // 10)].sum() / used.sum()
    assert head > 0.5  # the top tenth of interests hold most mentions
    assert (used <= 3).sum() > 0.3 * len(used)  # and many are shared by a handful


def test_ties_cluster_in_organisations_and_places():
    rng = np.random.default_rng(5)
    people = people_generate(rng, members=3_000, now_us=NOW_US)
    ties = ties_generate(rng, people, now_us=NOW_US, cap=150)
    same_org = (people.organisation[ties.low] == people.organisation[ties.high]) & (
        people.organisation[ties.low] >= 0
    )
    same_place = people.place[ties.low] == people.place[ties.high]
    # Far more than chance: with hundreds of organisations, random pairs almost never share one.
    assert same_org.mean() > 0.2
    assert same_place.mean() > 0.4
    assert set(np.unique(ties.kind)) >= {ORGANISATION, PLACE}
    assert (ties.low < ties.high).all()
    keys = ties.low.astype(np.int64) * people.count + ties.high
    assert len(np.unique(keys)) == len(keys)


def test_generation_is_a_function_of_the_seed():
    a = people_generate(np.random.default_rng(9), members=500, now_us=NOW_US)
    b = people_generate(np.random.default_rng(9), members=500, now_us=NOW_US)
    c = people_generate(np.random.default_rng(10), members=500, now_us=NOW_US)
    assert (a.joined == b.joined).all() and (a.interest_ids == b.interest_ids).all()
    assert not (a.joined == c.joined).all()
