"""Structure and bridges for one member with 150 connections who have 150 each.

    .venv/bin/python benchmarks/insights_structure.py [--repeat 30] [--seed 7]

A synthetic, clustered 2-step network: 150 alters in 10 groups of 15 (alters in
a group tied with probability 0.6, across groups 0.005), each alter then tied to
second-degree people until it has 150 ties (22,500 in all), nine in ten drawn
from its group's pool of 400 and one in ten from any pool; tie strengths uniform
in [0.1, 1]. Times ``ego_structure`` and ``bridges`` end to end (edge list in,
results out), REPEAT times, and prints the median and p95 in milliseconds.
Target (issue 4): all insights of one member under 200 ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from rapport.insights.structure import ego_structure
from rapport.insights.suggestions import bridges


def network(
    *, seed: int = 7, alters: int = 150, ties: int = 150, groups: int = 10, pool: int = 400
) -> list[tuple[str, str, float]]:
    """The ego's 2-step network as an edge list (the ego is "ego")."""
    rng = random.Random(seed)
    names = [f"a{i}" for i in range(alters)]
    group = {a: i % groups for i, a in enumerate(names)}
    edges = [("ego", a, rng.uniform(0.2, 1.0)) for a in names]
    degree = dict.fromkeys(names, 0)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            if rng.random() < (0.6 if group[a] == group[b] else 0.005):
                edges.append((a, b, rng.uniform(0.1, 1.0)))
                degree[a] += 1
                degree[b] += 1
    for a in names:
        picks: set[str] = set()
        while len(picks) < ties - degree[a]:
            home = group[a] if rng.random() < 0.9 else rng.randrange(groups)
            picks.add(f"s{home}_{rng.randrange(pool)}")
        edges.extend((a, s, rng.uniform(0.1, 1.0)) for s in sorted(picks))
    return edges


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    edges = network(seed=args.seed)
    second = {v for _, v, _ in edges if v.startswith("s")}
    print(f"{len(edges)} ties, 150 alters, {len(second)} second-degree people")
    timings: dict[str, list[float]] = {"ego_structure": [], "bridges": [], "both": []}
    for _ in range(args.repeat):
        start = time.perf_counter()
        structure = ego_structure("ego", edges)
        middle = time.perf_counter()
        found = bridges("ego", edges)
        end = time.perf_counter()
        timings["ego_structure"].append((middle - start) * 1000)
        timings["bridges"].append((end - middle) * 1000)
        timings["both"].append((end - start) * 1000)
    for name, values in timings.items():
        values.sort()
        p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
        print(f"{name:14} median {statistics.median(values):6.1f} ms   p95 {p95:6.1f} ms")
    print(
        f"effective size {structure.effective_size:.1f}, efficiency {structure.efficiency:.3f}, "
        f"constraint {structure.constraint:.4f}, clusters {[len(c) for c in structure.clusters]}"
    )
    print(f"top bridge: {found[0].node} ({found[0].score:.3f}) {found[0].reason}")


if __name__ == "__main__":
    main()
