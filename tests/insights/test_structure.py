"""Burt's measures, clusters and diversity of one ego network."""

from __future__ import annotations

import math
import random

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rapport.insights.structure import EgoStructure, blau, ego_structure, louvain, shannon_bits


def _ego_graph_measures(graph: nx.Graph, ego: object) -> tuple[float, float]:
    """networkx's own numbers on the ego network (the reference)."""
    ego_net = nx.ego_graph(graph, ego, radius=1)
    size = nx.effective_size(ego_net, nodes=[ego], weight="weight")[ego]
    constraint = nx.constraint(ego_net, nodes=[ego], weight="weight")[ego]
    return size, constraint


def test_a_star_has_no_redundancy():
    result = ego_structure("me", [("me", "a"), ("me", "b"), ("me", "c")])

    assert result.effective_size == pytest.approx(3.0)
    assert result.efficiency == pytest.approx(1.0)
    assert result.constraint == pytest.approx(1 / 3)
    assert result.redundancy == pytest.approx(0.0)
    assert result.clusters == [frozenset({"a"}), frozenset({"b"}), frozenset({"c"})]


def test_a_triangle_is_fully_redundant_and_most_constrained():
    result = ego_structure("me", [("me", "a"), ("me", "b"), ("a", "b")])

    # n - 2t/n = 2 - 2/2; constraint 2 * (1/2 + 1/2 * 1/2)^2
    assert result.effective_size == pytest.approx(1.0)
    assert result.efficiency == pytest.approx(0.5)
    assert result.constraint == pytest.approx(1.125)
    assert result.redundancy == pytest.approx(1.0)
    assert result.clusters == [frozenset({"a", "b"})]


def test_two_cliques_joined_through_the_ego():
    left, right = ["a", "b", "c"], ["d", "e", "f"]
    edges = [("me", x) for x in left + right]
    edges += [
        (x, y) for group in (left, right) for i, x in enumerate(group) for y in group[i + 1 :]
    ]

    result = ego_structure("me", edges)

    # n - 2t/n = 6 - 12/6; constraint 6 * (1/6 + 2 * 1/6 * 1/3)^2 = 6 * (5/18)^2
    assert result.effective_size == pytest.approx(4.0)
    assert result.efficiency == pytest.approx(2 / 3)
    assert result.constraint == pytest.approx(6 * (5 / 18) ** 2)
    assert result.redundancy == pytest.approx(2.0)
    assert sorted(map(sorted, result.clusters)) == [left, right]


def test_second_degree_ties_do_not_change_the_ego_measures():
    edges = [("me", "a"), ("me", "b"), ("a", "b")]
    with_friends_of_friends = [*edges, ("a", "x"), ("b", "y"), ("x", "y")]

    assert ego_structure("me", with_friends_of_friends) == ego_structure("me", edges)


@pytest.mark.parametrize(
    ("name", "graph", "egos"),
    [
        ("karate", nx.karate_club_graph(), [0, 33]),
        ("les miserables", nx.les_miserables_graph(), ["Valjean", "Myriel"]),
    ],
)
def test_weighted_measures_match_networkx_on_its_weighted_data_sets(name, graph, egos):
    top = max(w for _, _, w in graph.edges(data="weight"))
    assert top > 1  # the data sets really are weighted (interactions, co-appearances)
    edges = [(u, v, w / top) for u, v, w in graph.edges(data="weight")]

    for ego in egos:
        result = ego_structure(ego, edges)
        size, constraint = _ego_graph_measures(graph, ego)

        assert result.effective_size == pytest.approx(size, abs=1e-9)
        assert result.constraint == pytest.approx(constraint, abs=1e-9)
        assert result.efficiency == pytest.approx(size / graph.degree(ego), abs=1e-9)


weighted_graphs = st.lists(
    st.tuples(
        st.integers(0, 7),
        st.integers(0, 7),
        st.floats(0.05, 1.0, allow_nan=False),
    ),
    min_size=1,
    max_size=25,
)


@settings(max_examples=60, deadline=None)
@given(weighted_graphs)
def test_any_weighted_ego_network_matches_networkx(ties):
    graph = nx.Graph()
    for u, v, w in ties:
        if u != v:
            graph.add_edge(u, v, weight=max(w, graph.get_edge_data(u, v, {}).get("weight", 0)))
    if 0 not in graph or graph.degree(0) == 0:
        assert ego_structure(0, ties) == EgoStructure()
        return

    result = ego_structure(0, ties)
    size, constraint = _ego_graph_measures(graph, 0)

    assert result.effective_size == pytest.approx(size, abs=1e-9)
    assert result.constraint == pytest.approx(constraint, abs=1e-9)
    assert result.redundancy == pytest.approx(graph.degree(0) - size, abs=1e-9)


def test_empty_networks_and_isolated_egos_give_zeros():
    assert ego_structure("me", []) == EgoStructure()
    assert ego_structure("me", [("a", "b")]) == EgoStructure()
    assert ego_structure("me", [("me", "me")]) == EgoStructure()
    assert ego_structure("me", [("me", "a", 0.0)]) == EgoStructure()
    assert ego_structure("me", [("me", "a", math.nan)]) == EgoStructure()


def test_diversity_across_organisations_places_and_interests():
    attributes = {
        "me": {"organisation": "Acme"},  # the ego's own attributes do not count
        "a": {"organisation": "Acme", "location": "Berlin", "interests": ["cycling", "maps"]},
        "b": {"organisation": " acme ", "location": "Berlin", "interests": ["Cycling"]},
        "c": {"organisation": "Bosch", "location": "Lyon", "interests": []},
        "d": {"organisation": "Bosch", "location": "Berlin"},
    }
    edges = [("me", x) for x in "abcd"]

    result = ego_structure("me", edges, attributes=attributes)

    assert result.diversity["organisation"] == pytest.approx(0.5)  # 2 Acme, 2 Bosch
    assert result.shannon["organisation"] == pytest.approx(1.0)
    assert result.diversity["location"] == pytest.approx(1 - (0.75**2 + 0.25**2))
    # interests: a gives cycling 1/2 and maps 1/2, b cycling 1: shares 3/4 and 1/4
    assert result.diversity["interests"] == pytest.approx(0.375)
    assert result.shannon["interests"] == pytest.approx(0.8112781245)


def test_blau_and_shannon_on_known_distributions():
    assert blau({"x": 1.0}) == 0.0
    assert shannon_bits({"x": 1.0}) == 0.0
    even = {str(i): 0.25 for i in range(4)}
    assert blau(even) == pytest.approx(0.75)
    assert shannon_bits(even) == pytest.approx(2.0)


def _modularity(graph, clusters) -> float:
    return nx.community.modularity(graph, [set(c) for c in clusters], weight="weight")


@pytest.mark.parametrize("seed", range(6))
def test_louvain_finds_planted_groups_as_well_as_networkx_does(seed):
    rng = random.Random(seed)
    graph = nx.planted_partition_graph(6, 15, 0.5, 0.03, seed=seed)
    for u, v in graph.edges():
        graph[u][v]["weight"] = rng.uniform(0.1, 1.0)
    ties = [(u, v, w) for u, v, w in graph.edges(data="weight")]

    found = louvain(list(graph), ties)
    reference = nx.community.louvain_communities(graph, weight="weight", seed=seed)

    assert _modularity(graph, found) >= _modularity(graph, reference) - 0.01
    planted = graph.graph["partition"]
    placed = sum(max(len(c & group) for group in planted) for c in found)
    assert placed >= 0.9 * len(graph)


@pytest.mark.parametrize("graph", [nx.karate_club_graph(), nx.les_miserables_graph()])
def test_louvain_on_the_weighted_data_sets_matches_networkx_modularity(graph):
    ties = [(u, v, w) for u, v, w in graph.edges(data="weight")]

    found = louvain(list(graph), ties)

    assert set().union(*found) == set(graph)
    assert sum(len(c) for c in found) == len(graph)
    best_of_networkx = max(
        _modularity(graph, nx.community.louvain_communities(graph, weight="weight", seed=s))
        for s in range(5)
    )
    assert _modularity(graph, found) >= best_of_networkx - 0.01


def test_louvain_keeps_isolated_nodes_apart_and_ignores_empty_ties():
    found = louvain(["a", "b", "c", "d"], [("a", "b", 1.0), ("c", "d", 0.0)])

    assert found == [frozenset({"a", "b"}), frozenset({"c"}), frozenset({"d"})]


def test_louvain_clusters_are_stable_for_the_same_input():
    graph = nx.les_miserables_graph()
    edges = [(u, v, w / 31) for u, v, w in graph.edges(data="weight")]

    runs = [ego_structure("Valjean", edges).clusters for _ in range(5)]

    assert all(run == runs[0] for run in runs)
    sizes = [len(c) for c in runs[0]]
    assert sizes == sorted(sizes, reverse=True)
    assert set().union(*runs[0]) == set(graph["Valjean"])
