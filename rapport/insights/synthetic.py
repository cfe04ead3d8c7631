"""Ego networks with known layers, for checking that the engine recovers them.

Dunbar's layers as contact rates (Arnaboldi et al. 2013 report roughly these):
5 alters at about 50 contacts a year, 10 more at 12, 35 more at 3 and 100 more at
1.2, each alter's contacts a Poisson process. Used by the tests and by
`benchmarks/insights_circles.py --recovery`, whose figures docs/science.md quotes.
"""

from __future__ import annotations

import random

from rapport.insights.circles import SECONDS_PER_YEAR

# (alters in the layer, contacts per year), innermost first.
DUNBAR_LAYERS: tuple[tuple[int, float], ...] = ((5, 50.0), (10, 12.0), (35, 3.0), (100, 1.2))


def layered_contact_log(
    seed: int,
    years: float,
    layers: tuple[tuple[int, float], ...] = DUNBAR_LAYERS,
) -> tuple[list[tuple[int, float]], dict[int, int]]:
    """Contacts over ``years`` from time 0, as (alter, unix seconds) in shuffled order,
    and each alter's true layer (0 innermost). Deterministic for a given seed."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    log: list[tuple[int, float]] = []
    layer_of: dict[int, int] = {}
    alter = 0
    for layer, (count, rate) in enumerate(layers):
        for _ in range(count):
            layer_of[alter] = layer
            moment = rng.expovariate(rate)
            while moment < years:
                log.append((alter, moment * SECONDS_PER_YEAR))
                moment += rng.expovariate(rate)
            alter += 1
    rng.shuffle(log)
    return log, layer_of
