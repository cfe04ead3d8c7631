"""An exact best matching on a sparse graph, fast on the tied weights of coffee rounds.

:func:`maximum_matching` pairs nodes ``0..n-1`` along weighted edges and returns, in
this order of importance: the most pairs; among those, the most ``first_in_line``
nodes paired; among those, the largest total weight. Exactly, with a proof.

How, and why it is exact:

1. **One integer per edge carries the whole order**: ``c = K · priority + weight``,
   where a pair's priority is ``F + 1`` (``F``: nodes first in line) plus one per
   first-in-line end, and ``K`` is larger than any matching's total weight. One
   more pair outweighs every first-in-line node, who outweighs all weight. Every
   number is an integer below 2⁵³, so nothing anywhere is rounded, in Python's
   integers or in float64.
2. **An upper bound in a fraction of a second.** The best *fractional* matching
   (each node's edges sum to at most 1) is worth half the best assignment on the
   bipartite double cover: each node once on the left and once on the right, each
   edge both ways, and a loop worth nothing for "unmatched". That assignment is
   solved exactly by LAPJVsp (Jonker and Volgenant's shortest augmenting paths,
   ``scipy.sparse.csgraph.min_weight_full_bipartite_matching``). Each odd component
   of the graph gets a dummy node to pair with, worth one pair, so that parity
   alone does not loosen the bound (every matching leaves someone there for it).
3. **Rounding.** The assignment is a set of cycles: two-cycles are pairs, an even
   cycle gives every other edge, an odd cycle every other edge but one node.
4. **Repair.** The few nodes left exposed, their neighbours within a radius of 1,
   2, 4 then 8 edges, and those neighbours' partners are matched again exactly
   with the blossom algorithm (Edmonds 1965; rustworkx), everyone else kept.
5. **Proof.** When the matching is worth exactly the bound, no matching is worth
   more: it is optimal (linear programming duality), and :attr:`Matching.proved_by`
   says ``"bound"``. Otherwise (the bound is not tight, or the repair was too
   local) the blossom algorithm solves the whole graph, exact but cubic in the
   nodes: ``"blossom"``.

Why not the blossom algorithm alone: on tied weights it took 16 s for the
benchmark's 5,000-member candidate graph, where the bound, the rounding and a
repair of about a hundred nodes take 0.2 s. Why not an integer program (HiGHS
through ``scipy.optimize.milp``): exact too, but slower still, most of it spent
finding an integral matching worth the bound its first linear program had already
proved. docs/coffee.md has the figures.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import rustworkx as rx
from scipy import sparse
from scipy.sparse.csgraph import connected_components, min_weight_full_bipartite_matching

REPAIR_RADII = (1, 2, 4, 8)
"""Radii of the neighbourhoods rematched around the exposed nodes, in turn."""
REPAIR_MAX = 1500
"""Nodes beyond which a repair gives way to the blossom algorithm on the whole graph."""

IntArray = np.ndarray[Any, np.dtype[np.int64]]


@dataclass(frozen=True)
class Matching:
    """Pairs ``(i, j)``, ``i < j``; ``proved_by`` is ``"bound"`` (worth the fractional
    upper bound, so optimal) or ``"blossom"`` (the blossom algorithm on the whole
    graph)."""

    pairs: frozenset[tuple[int, int]]
    proved_by: str


def maximum_matching(
    n: int,
    edges: Mapping[tuple[int, int], int],
    first_in_line: Collection[int] = (),
) -> Matching:
    """The best matching of nodes ``0..n-1`` on ``edges`` (``(i, j)`` with ``i < j``
    to a non-negative integer weight): the most pairs, then the most
    ``first_in_line`` nodes paired, then the largest total weight."""
    if not edges:
        return Matching(frozenset(), "bound")
    graph = _Graph(n, edges, first_in_line)
    partner, bound = graph.rounded_assignment()
    if 2 * graph.value(partner) != bound:
        repaired = graph.repaired(partner, bound)
        if repaired is None:
            return Matching(graph.pairs_of(graph.blossom(range(graph.size))), "blossom")
        partner = repaired
    return Matching(graph.pairs_of(partner), "bound")


class _Graph:
    """The graph with its combined integer costs, and a dummy node for each odd
    component, joined to all of it. Nodes ``n..size-1`` are the dummies."""

    def __init__(
        self, n: int, edges: Mapping[tuple[int, int], int], first_in_line: Collection[int]
    ) -> None:
        ends = np.asarray(list(edges), dtype=np.int64).reshape(len(edges), 2)
        if ends.min() < 0 or ends.max() >= n or np.any(ends[:, 0] >= ends[:, 1]):
            raise ValueError(f"edges must be pairs (i, j) of nodes 0..{n - 1} with i < j")
        weights = np.fromiter(edges.values(), dtype=np.int64, count=len(edges))
        if weights.min() < 0:
            raise ValueError("weights must not be negative")
        first = np.zeros(n, dtype=np.int64)
        first[list(first_in_line)] = 1
        scale = int(weights.max()) * (n // 2) + 1  # more than any matching's weight
        pair = scale * (int(first.sum()) + 1)  # what any pair is worth before its ends
        cost = pair + scale * (first[ends[:, 0]] + first[ends[:, 1]]) + weights
        adjacency = sparse.csr_array((np.ones(len(ends)), (ends[:, 0], ends[:, 1])), shape=(n, n))
        _count, self.component = connected_components(adjacency, directed=False)
        sizes = np.bincount(self.component)
        odd = np.flatnonzero(sizes % 2 == 1)
        odd = odd[sizes[odd] > 1]
        dummy = np.full(len(sizes), -1, dtype=np.int64)
        dummy[odd] = n + np.arange(len(odd))
        members = np.flatnonzero(dummy[self.component] >= 0)
        self.n, self.size = n, n + len(odd)
        self.dummy_of = dummy  # component -> its dummy node, or -1
        self.ends: IntArray = np.vstack(
            [ends, np.column_stack([members, dummy[self.component[members]]])]
        )
        # A dummy is worth a pair, so the bound sees an even component: any matching
        # leaves someone in an odd component exposed for its dummy, so the dummies
        # add the same to every matching and change no choice.
        self.cost: IntArray = np.concatenate([cost, np.full(len(members), pair, dtype=np.int64)])
        if int(self.cost.max()) * self.size >= 2**53:
            raise ValueError("the graph is too large for exact float64 costs")
        both = np.concatenate([self.ends, self.ends[:, ::-1]])
        self.keys = both[:, 0] * self.size + both[:, 1]
        order = np.argsort(self.keys)
        self.keys, self.key_cost = self.keys[order], np.concatenate([self.cost, self.cost])[order]
        self.neighbours = sparse.csr_array(
            (np.ones(len(both)), (both[:, 0], both[:, 1])), shape=(self.size, self.size)
        )

    def costs_of(self, a: IntArray, b: IntArray) -> IntArray:
        """The cost of edges ``(a[k], b[k])``, which must exist."""
        found: IntArray = self.key_cost[np.searchsorted(self.keys, a * self.size + b)]
        return found

    def value(self, partner: IntArray) -> int:
        low = np.flatnonzero(partner > np.arange(self.size))
        return int(self.costs_of(low, partner[low]).sum())

    def rounded_assignment(self) -> tuple[IntArray, int]:
        """A matching rounded from the best assignment on the double cover, and twice
        the fractional upper bound (an integer)."""
        top = int(self.cost.max()) + 1  # costs to minimise, all positive
        loops = np.arange(self.size)  # "unmatched", worth nothing
        rows = np.concatenate([self.ends[:, 0], self.ends[:, 1], loops])
        cols = np.concatenate([self.ends[:, 1], self.ends[:, 0], loops])
        charge = np.concatenate([top - self.cost, top - self.cost, np.full(self.size, top)])
        cover = sparse.csr_array(
            (charge.astype(np.float64), (rows, cols)), shape=(self.size, self.size)
        )
        row, col = min_weight_full_bipartite_matching(cover)
        successor = np.empty(self.size, dtype=np.int64)
        successor[row] = col
        moved = np.flatnonzero(successor != loops)
        bound = int(self.costs_of(moved, successor[moved]).sum())
        partner = np.full(self.size, -1, dtype=np.int64)
        seen = np.zeros(self.size, dtype=bool)
        for start in moved.tolist():
            if seen[start]:
                continue
            cycle = [start]
            seen[start] = True
            node = int(successor[start])
            while node != start:
                cycle.append(node)
                seen[node] = True
                node = int(successor[node])
            self._round_cycle(np.asarray(cycle, dtype=np.int64), partner)
        return partner, bound

    def _round_cycle(self, cycle: IntArray, partner: IntArray) -> None:
        """Every other edge of the cycle: the heavier half of an even cycle; around
        an odd one, the node whose absence leaves the heaviest path."""
        length = len(cycle)
        after = np.roll(cycle, -1)
        cost = self.costs_of(cycle, after)  # edge k joins cycle[k] and cycle[k + 1]
        if length % 2 == 0:
            start = 0 if cost[0::2].sum() >= cost[1::2].sum() else 1
        else:
            # Leaving out cycle[i] keeps edges i+1, i+3, ..., i+length-2 (mod length).
            twice = np.concatenate([cost, cost])
            stride = np.zeros(2 * length + 2, dtype=np.int64)
            for parity in (0, 1):
                stride[parity + 2 :: 2] = np.cumsum(twice[parity::2])
            first = np.arange(length) + 1
            kept = stride[first + length - 1] - stride[first]
            start = int(np.argmax(kept)) + 1
        for step in range(length // 2):
            a = int(cycle[(start + 2 * step) % length])
            b = int(cycle[(start + 2 * step + 1) % length])
            partner[a], partner[b] = b, a

    def repaired(self, partner: IntArray, bound: int) -> IntArray | None:
        """Rematch the neighbourhood of the exposed nodes exactly, wider and wider,
        until the matching is worth the bound; None when it never is."""
        has_edges = np.diff(self.neighbours.indptr) > 0
        exposed = np.flatnonzero((partner < 0) & has_edges & (np.arange(self.size) < self.n))
        for radius in REPAIR_RADII:
            area = self._area(exposed, partner, radius)
            if len(area) > REPAIR_MAX:
                return None
            candidate = partner.copy()
            candidate[area] = -1
            for a, b in self.blossom(area.tolist()):
                candidate[a], candidate[b] = b, a
            if 2 * self.value(candidate) == bound:
                return candidate
        return None

    def _area(self, exposed: IntArray, partner: IntArray, radius: int) -> IntArray:
        """``exposed``, the real nodes within ``radius`` edges, their partners and
        their components' dummies (a dummy's own edges are not walked)."""
        inside = np.zeros(self.size, dtype=bool)
        inside[exposed] = True
        frontier = exposed
        for _ in range(radius):
            reached = self.neighbours[frontier].indices
            reached = reached[(reached < self.n) & ~inside[reached]]
            inside[reached] = True
            frontier = np.unique(reached)
        dummies = self.dummy_of[self.component[np.flatnonzero(inside[: self.n])]]
        inside[dummies[dummies >= 0]] = True
        inside[partner[inside & (partner >= 0)]] = True
        return np.flatnonzero(inside)

    def blossom(self, nodes: Any) -> list[tuple[int, int]]:
        """The best matching among ``nodes`` by the blossom algorithm (rustworkx,
        exact in integers): the combined costs carry the order, so no
        max-cardinality flag is needed."""
        nodes = list(nodes)
        index = np.full(self.size, -1, dtype=np.int64)
        index[nodes] = np.arange(len(nodes))
        local = index[self.ends]
        keep = (local[:, 0] >= 0) & (local[:, 1] >= 0)
        graph: rx.PyGraph[None, int] = rx.PyGraph(multigraph=False)
        graph.add_nodes_from([None] * len(nodes))
        graph.add_edges_from(
            list(
                zip(
                    local[keep, 0].tolist(),
                    local[keep, 1].tolist(),
                    self.cost[keep].tolist(),
                    strict=True,
                )
            )
        )
        matched = rx.max_weight_matching(graph, max_cardinality=False, weight_fn=int)
        return [(nodes[a], nodes[b]) for a, b in matched]

    def pairs_of(self, found: Any) -> frozenset[tuple[int, int]]:
        """Real pairs, ``i < j``, from a partner array or a list of pairs."""
        if isinstance(found, np.ndarray):
            low = np.flatnonzero(found > np.arange(self.size))
            found = zip(low.tolist(), found[low].tolist(), strict=True)
        return frozenset((min(a, b), max(a, b)) for a, b in found if a < self.n and b < self.n)
