"""Optimal clustering of numbers on a line (Ckmeans.1d.dp).

``ckmeans`` is Ckmeans.1d.dp (Wang & Song 2011, The R Journal 3(2)): the
partition of n numbers into k groups with the least within-group sum of squared
distances to the group means, found exactly by dynamic programming. In one
dimension an optimal k-means partition is contiguous in sorted order, so

``D[m][i] = min over j <= i of D[m-1][j-1] + ssq(j, i)``

where ``ssq(j, i)`` is the sum of squares of sorted values j..i about their mean
(from prefix sums, after centring the data to keep them accurate). That is the
O(k n^2) programme; each row's inner minimum is one numpy expression, which is
fast enough for the few thousand values an ego network has (one Jenks natural
breaks partition is the same optimum for one-dimensional data).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Clustering:
    """An optimal 1-D partition. ``labels[i]`` is the group of ``values[i]`` as
    given (0 = the group of smallest values); ``centres`` are the group means,
    ascending; ``sizes`` the group sizes; ``withinss`` the total within-group
    sum of squares."""

    labels: list[int]
    centres: list[float]
    sizes: list[int]
    withinss: float


def ckmeans(values: Sequence[float], k: int) -> Clustering:
    """The k-group partition of ``values`` with the least within-group sum of
    squares (Wang & Song 2011). ``k`` is capped to the number of distinct values.
    Deterministic: among equal optima, earlier breaks win.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    found = ckmeans_up_to(values, k)
    return found[-1] if found else Clustering([], [], [], 0.0)


def ckmeans_up_to(values: Sequence[float], k_max: int) -> list[Clustering]:
    """The optimal partitions into 1, 2, ... ``k_max`` groups (fewer when there
    are fewer distinct values), from one run of the dynamic programme: row m of
    its table already holds the best (m + 1)-group partitions."""
    n = len(values)
    if n == 0 or k_max < 1:
        return []
    order = sorted(range(n), key=lambda i: (values[i], i))
    x = np.array([values[i] for i in order], dtype=float)
    k_max = min(k_max, len(np.unique(x)))
    x_centred = x - x.mean()
    prefix = np.concatenate(([0.0], np.cumsum(x_centred)))
    prefix_sq = np.concatenate(([0.0], np.cumsum(x_centred * x_centred)))

    def ssq_ending_at(i: int, starts: np.ndarray) -> np.ndarray:
        """Sums of squares of sorted values starts..i (inclusive), vectorised."""
        total = prefix[i + 1] - prefix[starts]
        count = (i + 1 - starts).astype(float)
        spread: np.ndarray = prefix_sq[i + 1] - prefix_sq[starts] - total * total / count
        clipped: np.ndarray = np.maximum(spread, 0.0)
        return clipped

    cost = np.full((k_max, n), np.inf)
    start_of_last = np.zeros((k_max, n), dtype=int)
    cost[0] = ssq_ending_at_all(prefix, prefix_sq, n)
    for m in range(1, k_max):
        for i in range(m, n):
            starts = np.arange(m, i + 1)
            candidates = cost[m - 1][starts - 1] + ssq_ending_at(i, starts)
            best = int(np.argmin(candidates))
            cost[m][i] = candidates[best]
            start_of_last[m][i] = starts[best]

    partitions: list[Clustering] = []
    for k in range(1, k_max + 1):
        sorted_labels = np.zeros(n, dtype=int)
        end = n - 1
        for m in range(k - 1, -1, -1):
            start = int(start_of_last[m][end]) if m > 0 else 0
            sorted_labels[start : end + 1] = m
            end = start - 1
        labels = [0] * n
        for position, original in enumerate(order):
            labels[original] = int(sorted_labels[position])
        sizes = [int(np.sum(sorted_labels == m)) for m in range(k)]
        centres = [float(x[sorted_labels == m].mean()) for m in range(k)]
        partitions.append(Clustering(labels, centres, sizes, float(cost[k - 1][n - 1])))
    return partitions


def ssq_ending_at_all(prefix: np.ndarray, prefix_sq: np.ndarray, n: int) -> np.ndarray:
    """Sum of squares of sorted values 0..i for every i (one group so far)."""
    counts = np.arange(1, n + 1, dtype=float)
    spread: np.ndarray = prefix_sq[1:] - prefix[1:] * prefix[1:] / counts
    clipped: np.ndarray = np.maximum(spread, 0.0)
    return clipped
