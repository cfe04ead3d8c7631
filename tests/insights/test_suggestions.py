"""Bridges to new worlds, dormant ties and drifting relationships, with reasons."""

from __future__ import annotations

import re

import networkx as nx
import pytest

from rapport.insights.suggestions import (
    DORMANT_PEAK,
    Suggestion,
    bridges,
    dormant_ties,
    drifting,
)

NOW = 1_750_000_000.0
DAY = 86400.0


def _world() -> list[tuple[str, str]]:
    """The ego's own cluster (a, b, c) and one alter, d, who opens a new world.

    m knows a and b: inside the ego's own cluster. x, y, z and w know d and each
    other: a cluster the ego reaches only through d.
    """
    edges = [("me", "a"), ("me", "b"), ("me", "c"), ("me", "d")]
    edges += [("a", "b"), ("b", "c"), ("a", "c"), ("m", "a"), ("m", "b")]
    new_world = ["x", "y", "z", "w"]
    edges += [("d", v) for v in new_world]
    edges += [(u, v) for i, u in enumerate(new_world) for v in new_world[i + 1 :]]
    return edges


def test_bridges_prefer_a_cluster_the_ego_does_not_reach():
    found = bridges("me", _world())

    nodes = [s.node for s in found]
    assert set(nodes) == {"m", "x", "y", "z", "w"}
    assert nodes[-1] == "m"
    assert all(s.score > found[-1].score for s in found[:-1])
    assert all(0.0 <= s.score <= 1.0 for s in found)


def test_shared_interests_break_ties_and_are_named_in_the_reason():
    attributes = {
        "me": {"interests": ["Cycling", "jazz"]},
        "z": {"interests": ["cycling", "opera"]},
    }

    found = bridges("me", _world(), attributes=attributes)

    assert found[0].node == "z"
    assert found[0].reason == (
        "Someone your connections know, in a cluster you barely reach; "
        "you share an interest in Cycling"
    )


def test_another_organisation_breaks_ties():
    attributes = {
        "me": {"organisation": "Acme"},
        "x": {"organisation": "Acme"},
        "y": {"organisation": "Bosch"},
    }

    found = bridges("me", _world(), attributes=attributes)

    scores = {s.node: s.score for s in found}
    assert found[0].node == "y"
    assert scores["y"] > scores["x"] == scores["z"]  # same organisation counts as unknown


def test_a_cluster_is_named_by_its_shared_place_and_interest():
    attributes = {v: {"location": "Berlin", "interests": ["mobility"]} for v in "dxyzw"}

    found = bridges("me", _world(), attributes=attributes, limit=1)

    assert found == [
        Suggestion(
            node="x",
            reason="Someone your connections know, in the Berlin mobility cluster",
            score=found[0].score,
        )
    ]


def test_reasons_neither_count_nor_name_whom_the_other_person_knows():
    """Who is connected to whom is for those two to tell, and a count of someone's
    ties is a number about their network: a reason says only that the owner's
    connections know them, however many do and whoever they are."""
    graph = nx.les_miserables_graph()
    edges = [(u, v, w / 31) for u, v, w in graph.edges(data="weight")]

    for ego in ("Valjean", "Myriel", "Gavroche"):
        found = bridges(ego, edges, limit=10)
        assert found
        for suggestion in found:
            assert suggestion.reason.startswith("Someone your connections know")
            assert not re.search(r"\d", suggestion.reason)
            assert not any(name in suggestion.reason for name in graph[ego])
            assert suggestion.node not in graph[ego] and suggestion.node != ego


def test_bridges_are_deterministic_and_limited():
    graph = nx.karate_club_graph()
    edges = [(u, v, w / 7) for u, v, w in graph.edges(data="weight")]

    runs = [bridges(0, edges, limit=3) for _ in range(5)]

    assert all(run == runs[0] for run in runs)
    assert len(runs[0]) == 3


def test_bridges_without_a_second_degree_are_empty():
    assert bridges("me", []) == []
    assert bridges("me", [("me", "a"), ("me", "b"), ("a", "b")]) == []
    assert bridges("me", [("a", "b")]) == []
    assert bridges("me", _world(), limit=0) == []


def test_dormant_ties_are_strong_once_and_quiet_for_over_a_year():
    histories = {
        "ana": (0.8, NOW - 14 * 30.44 * DAY),
        "ben": (0.5, NOW - 800 * DAY),  # never close
        "cai": (0.95, NOW - 200 * DAY),  # close and recent
        "dee": (0.9, NOW - 3 * 365.25 * DAY),
        "eve": (DORMANT_PEAK, NOW - 366 * DAY),  # on the threshold: counts
        "fay": (0.9, NOW - 365 * DAY),  # exactly a year: not yet
    }

    found = dormant_ties(histories, now=NOW)

    assert [s.node for s in found] == ["dee", "ana", "eve"]
    assert found[1].reason == (
        "You were close (strength 0.8 at its peak) and have not been in touch for 14 months"
    )
    assert found[0].reason.endswith("for 3 years")
    assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)


def test_dormant_ties_prefer_the_longer_silence_on_equal_peaks_and_respect_the_limit():
    histories = {
        name: (0.7, NOW - days * DAY) for name, days in [("a", 400), ("b", 900), ("c", 600)]
    }

    assert [s.node for s in dormant_ties(histories, now=NOW, limit=2)] == ["b", "c"]


def test_drifting_lists_the_fastest_falling_first():
    scores = {
        "ana": (0.8, 0.3),  # fell 0.5, more than half
        "ben": (0.6, 0.45),  # fell 0.15
        "cai": (0.5, 0.45),  # fell 0.05: below the threshold
        "dee": (0.2, 0.6),  # warming up
        "eve": (0.9, 0.2),  # fell 0.7
    }

    found = drifting(scores)

    assert [s.node for s in found] == ["eve", "ana", "ben"]
    assert found[0].reason == "Much quieter than three months ago"
    assert found[2].reason == "Quieter than three months ago"
    assert [s.score for s in found] == pytest.approx([0.7, 0.5, 0.15])
    assert drifting(scores, limit=1) == found[:1]
    assert drifting({}) == []
