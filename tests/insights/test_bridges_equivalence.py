"""The fast ``bridges`` gives exactly what scoring every candidate one by one gives.

The fast form computes Burt's constraint for all satellites from sparse pairs,
evaluates attributes only for candidates that could still reach the top, and
clusters once; tests/insights/reference_bridges.py is the plain form it must match.
"""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from rapport.insights.suggestions import bridges
from tests.insights.reference_bridges import reference_bridges

PLACES = ["Leeds", "York", "Accra", ""]
INTERESTS = ["cycling", "maps", "jazz", "health", "data"]
ORGS = ["Transit Lab", "NHS", "Kontur", ""]


def _world(seed: int, alters: int, second: int, density: float):
    rng = random.Random(seed)
    people = [f"a{i}" for i in range(alters)]
    far = [f"s{i}" for i in range(second)]
    edges = [("ego", a, rng.uniform(0.1, 1.0)) for a in people]
    for i, a in enumerate(people):
        for b in people[i + 1 :]:
            if rng.random() < density:
                edges.append((a, b, rng.uniform(0.1, 1.0)))
        for s in rng.sample(far, k=min(len(far), rng.randrange(1, 6))):
            edges.append((a, s, rng.choice([1.0, rng.uniform(0.1, 1.0)])))
    for i, s in enumerate(far):  # a few second-degree people who know each other
        if rng.random() < 0.1 and i + 1 < len(far):
            edges.append((s, far[i + 1], rng.uniform(0.1, 1.0)))
    attributes = {
        node: {
            "location": rng.choice(PLACES),
            "interests": rng.sample(INTERESTS, k=rng.randrange(0, 3)),
            "organisation": rng.choice(ORGS),
        }
        for node in ["ego", *people, *far]
        if rng.random() < 0.8
    }
    return edges, attributes


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 10**6),
    alters=st.integers(1, 25),
    second=st.integers(1, 60),
    density=st.sampled_from([0.0, 0.1, 0.4]),
    limit=st.integers(1, 8),
    with_attributes=st.booleans(),
)
def test_fast_bridges_match_the_plain_form(seed, alters, second, density, limit, with_attributes):
    edges, attributes = _world(seed, alters, second, density)
    attrs = attributes if with_attributes else None

    fast = bridges("ego", edges, attributes=attrs, limit=limit)
    plain = reference_bridges("ego", edges, attributes=attrs, limit=limit)

    assert [(s.node, s.reason) for s in fast] == [(s.node, s.reason) for s in plain]
    for mine, theirs in zip(fast, plain, strict=True):
        assert abs(mine.score - theirs.score) <= 1e-6
