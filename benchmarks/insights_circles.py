"""Circles and tie strength for one ego with 150 alters and 100,000 contacts,
and the recovery of synthetic layers (the figures in docs/science.md).

    .venv/bin/python benchmarks/insights_circles.py [--repeat 5] [--recovery]

Prints the median and best of REPEAT runs of ``find_circles`` over the whole log
and of ``tie_strength`` for all 150 alters. With ``--recovery`` it also prints,
for egos generated with known layers (5 at 50/yr, 10 at 12/yr, 35 at 3/yr, 100
at 1.2/yr, Poisson timing), the circle sizes found and the share of alters put
in their own layer, for windows of 1, 2, 5 and 10 years and with no window.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from rapport.insights.circles import SECONDS_PER_YEAR, find_circles
from rapport.insights.synthetic import layered_contact_log
from rapport.insights.tie_strength import KINDS, Contact, tie_strength


def timed(function, repeat: int) -> tuple[float, float]:
    runs = []
    for _ in range(repeat):
        began = time.perf_counter()
        function()
        runs.append((time.perf_counter() - began) * 1000)
    return statistics.median(runs), min(runs)


def benchmark(repeat: int) -> None:
    rng = random.Random(1)
    weights = [1.0 / (rank + 1) for rank in range(150)]  # Zipf-like: a few alters, most contacts
    alters = rng.choices(range(150), weights=weights, k=100_000)
    times = sorted(rng.uniform(0, 5 * SECONDS_PER_YEAR) for _ in range(100_000))
    log = list(zip(alters, times, strict=True))
    kinds = sorted(KINDS)
    per_alter: dict[int, list[Contact]] = {}
    for alter, moment in log:
        per_alter.setdefault(alter, []).append(
            Contact(
                moment,
                rng.choice(kinds),
                rng.choice(["gave", "received", "mutual"]),
                rng.choice([1, 1, 1, 3, 12]),
            )
        )
    now = 5 * SECONDS_PER_YEAR
    circles_ms = timed(lambda: find_circles(log), repeat)
    ties_ms = timed(lambda: [tie_strength(c, now=now) for c in per_alter.values()], repeat)
    print(
        f"find_circles, 150 alters, 100,000 contacts: median {circles_ms[0]:.1f} ms, best {circles_ms[1]:.1f} ms"
    )
    print(
        f"tie_strength x 150 alters, 100,000 contacts: median {ties_ms[0]:.1f} ms, best {ties_ms[1]:.1f} ms"
    )


def recovery(seeds: int = 10) -> None:
    print("window   n_circles found        sizes (seed 0..2)                          in own layer")
    for years, windowed in ((1, True), (2, True), (5, True), (10, True), (5, False)):
        found, sizes, agree = [], [], []
        for seed in range(seeds):
            log, layer_of = layered_contact_log(seed, years)
            circles = (
                find_circles(log, start=0, end=years * SECONDS_PER_YEAR)
                if windowed
                else find_circles(log)
            )
            found.append(circles.n_circles)
            sizes.append(circles.sizes)
            right = sum(1 for a, c in circles.membership.items() if c == layer_of[a])
            agree.append(right / max(len(circles.membership), 1))
        label = f"{years} y" if windowed else f"{years} y, none"
        print(f"{label:<12} {found!s:<30} {sizes[:3]!s:<44} {statistics.mean(agree):.0%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--recovery", action="store_true")
    options = parser.parse_args()
    benchmark(options.repeat)
    if options.recovery:
        recovery()


if __name__ == "__main__":
    main()
