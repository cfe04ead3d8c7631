"""The exact matching under the coffee rounds: equal to the blossom algorithm on
every graph hypothesis draws, proved by its bound on the tied graphs of real rounds."""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rapport.insights.matching import maximum_matching
from tests.insights.reference_matching import blossom, is_matching, summary


@st.composite
def sparse_graphs(draw, max_nodes=40):
    """A sparse graph whose integer weights tie (two or three values only), and up
    to three first-in-line nodes."""
    n = draw(st.integers(2, max_nodes))
    node = st.integers(0, n - 1)
    values = draw(st.lists(st.integers(1, 98), min_size=1, max_size=3, unique=True))
    ends = draw(st.lists(st.tuples(node, node), max_size=3 * n))
    edges = {(min(i, j), max(i, j)): draw(st.sampled_from(values)) for i, j in ends if i != j}
    first = draw(st.sets(node, max_size=3))
    return n, edges, first


@settings(max_examples=300, deadline=None)
@given(sparse_graphs())
def test_it_equals_the_blossom_algorithm_on_small_sparse_graphs(graph):
    n, edges, first = graph

    found = maximum_matching(n, edges, first)

    assert is_matching(found.pairs, edges)
    assert summary(found.pairs, edges, first) == blossom(n, edges, first)


@settings(max_examples=30, deadline=None)
@given(st.integers(100, 400), st.integers(2, 8), st.integers(0, 2**32 - 1))
def test_it_equals_the_blossom_algorithm_on_medium_sparse_graphs(n, degree, seed):
    """Hundreds of nodes, weights in the narrow band real candidates score (94..98),
    three first in line."""
    rng = np.random.default_rng(seed)
    edges = {}
    for i in range(n):
        for j in rng.choice(n, size=degree, replace=False).tolist():
            if i != j:
                edges[(min(i, j), max(i, j))] = int(rng.integers(94, 99))
    first = set(rng.choice(n, size=3, replace=False).tolist())

    found = maximum_matching(n, edges, first)

    assert is_matching(found.pairs, edges)
    assert summary(found.pairs, edges, first) == blossom(n, edges, first)


def test_it_agrees_with_networkx():
    rng = np.random.default_rng(7)
    n = 60
    edges = {}
    for i in range(n):
        for j in rng.choice(n, size=6, replace=False).tolist():
            if i != j:
                edges[(min(i, j), max(i, j))] = int(rng.integers(1, 99))
    graph = nx.Graph()
    graph.add_weighted_edges_from((i, j, w) for (i, j), w in edges.items())

    ours = maximum_matching(n, edges).pairs
    theirs = {(min(e), max(e)) for e in nx.max_weight_matching(graph, maxcardinality=True)}

    assert (len(ours), sum(edges[e] for e in ours)) == (len(theirs), sum(edges[e] for e in theirs))


def test_one_more_pair_beats_any_weight_and_first_in_line_beats_weight():
    # A path 0-1-2-3: the heavy middle edge alone is one pair, the two ends are two.
    assert maximum_matching(4, {(0, 1): 1, (1, 2): 98, (2, 3): 1}).pairs == {(0, 1), (2, 3)}
    # Node 0 can meet 1 (98 points) or 2 (1 point), not both; 2 is first in line.
    assert maximum_matching(3, {(0, 1): 98, (0, 2): 1}).pairs == {(0, 1)}
    assert maximum_matching(3, {(0, 1): 98, (0, 2): 1}, first_in_line={2}).pairs == {(0, 2)}
    assert maximum_matching(4, {}).pairs == set()


def test_a_tied_graph_of_thousands_is_proved_by_its_bound():
    """The case the blossom algorithm is slow on: 3,000 nodes, twelve partners each,
    nearly every weight 98. Rounding the assignment and a small repair reach the
    bound, so the blossom algorithm never runs on the whole graph."""
    rng = np.random.default_rng(5)
    n = 3000
    edges = {}
    for i in range(n):
        for j in rng.choice(n, size=6, replace=False).tolist():
            if i != j:
                edges[(min(i, j), max(i, j))] = 98 if rng.random() < 0.95 else 97

    found = maximum_matching(n, edges, first_in_line={10, 20})

    assert found.proved_by == "bound"
    assert len(found.pairs) == n // 2
    assert {10, 20} <= {x for pair in found.pairs for x in pair}


def test_where_no_integral_matching_reaches_the_bound_the_blossom_algorithm_decides():
    """A hub joined to three triangles: fractionally every node is covered, but any
    matching leaves two out (Tutte), so the bound is never reached."""
    triangles = [(1, 2, 3), (4, 5, 6), (7, 8, 9)]
    edges = {(a, b): 5 for t in triangles for a, b in itertools.combinations(t, 2)}
    edges |= {(0, 1): 9, (0, 4): 9, (0, 7): 9}

    found = maximum_matching(10, edges)

    assert found.proved_by == "blossom"
    assert summary(found.pairs, edges) == blossom(10, edges) == (4, 0, 9 + 5 * 3)


@pytest.mark.parametrize("edges", [{(1, 0): 5}, {(0, 2): 5}, {(0, 1): -1}])
def test_edges_outside_the_rules_are_refused(edges):
    with pytest.raises(ValueError):
        maximum_matching(2, edges)
