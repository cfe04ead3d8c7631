"""The reference the fast matching must equal: Edmonds' blossom algorithm
(rustworkx's ``max_weight_matching`` with ``max_cardinality=True``) on the same
graph, with each first-in-line end boosted past any matching's whole weight.

Used by tests/insights/test_pairing_matching.py and test_pairing.py.
"""

from __future__ import annotations

import rustworkx as rx


def blossom(n, edges, first_in_line=()) -> tuple[int, int, int]:
    """(pairs, first-in-line nodes paired, weight) of the blossom algorithm's matching."""
    first = set(first_in_line)
    bonus = (max(edges.values(), default=0) + 1) * (n // 2 + 1)
    graph = rx.PyGraph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from(
        [(i, j, w + bonus * ((i in first) + (j in first))) for (i, j), w in edges.items()]
    )
    matched = rx.max_weight_matching(graph, max_cardinality=True, weight_fn=int)
    return summary({(min(e), max(e)) for e in matched}, edges, first)


def summary(matched, edges, first_in_line=()) -> tuple[int, int, int]:
    """(pairs, first-in-line nodes paired, weight) of a matching, compared in that order."""
    first = set(first_in_line)
    return (
        len(matched),
        sum((i in first) + (j in first) for i, j in matched),
        sum(edges[e] for e in matched),
    )


def is_matching(matched, edges) -> bool:
    ends = [x for e in matched for x in e]
    return len(ends) == len(set(ends)) and set(matched) <= set(edges)
