"""Coffee-round pairing: the weight, the candidate graph, and an exact matching."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rapport.insights.pairing import (
    WEIGHT_MAX,
    Participant,
    _Features,
    explain_pair,
    member_clusters,
    pair_weight,
    participant,
    plan_round,
)
from rapport.insights.profile_words import keywords, phrases
from tests.insights.reference_matching import blossom, summary

INTERESTS = ["cycling", "maps", "health tech", "jazz", "accessibility"]
TERMS = ["forecasting", "hiring", "design", "python", "grants", "housing"]
ORGS = ["", "Fieldnote", "Kontur", "Freelance"]
PLACES = ["", "Manchester, UK", "Chorlton, Manchester, UK", "Berlin, Germany"]


# --- words ---------------------------------------------------------------------------


def test_keywords_drop_stop_words_and_fold_plurals():
    text = "People who have designed for older users on small screens, and accessibility audits"

    # "users" and "small" say nothing on their own: generic words are stop words too.
    assert keywords(text) == {"designed", "older", "screen", "accessibility", "audit"}


def test_interests_are_phrases_in_one_spelling():
    assert phrases("Service  Design, accessibility,, Plain language ") == {
        "service design",
        "accessibility",
        "plain language",
    }


# --- the weight -----------------------------------------------------------------------


def test_a_pair_across_clusters_organisations_and_places_with_a_two_way_exchange():
    ana = participant(
        id=1,
        interests="accessibility, ceramics",
        looking_for="Someone who made accessibility audits stick",
        can_help_with="Research sessions with patients",
        organisation="Fieldnote Health",
        location="Manchester, UK",
        cluster="manchester",
    )
    lena = participant(
        id=2,
        interests="accessibility, cycling",
        looking_for="Advice on research with patients",
        can_help_with="Accessibility audits that stick",
        organisation="Kontur Mobility",
        location="Berlin, Germany",
        cluster="berlin",
    )

    pair = explain_pair(lena, ana)

    assert (pair.a, pair.b) == (1, 2)
    assert pair.shared == ("accessibility",)
    assert pair.a_gets == ("accessibility", "audit")
    assert pair.b_gets == ("patient", "research")
    assert pair.bridges == ("cluster", "organisation", "place")
    # 1 + 10 (one shared) + 8·2 + 8·2 (capped each way) + 20 + 10 + 5
    assert pair.weight == 1 + 10 + 16 + 16 + 20 + 10 + 5


def test_colleagues_in_one_cluster_with_nothing_in_common_weigh_the_least():
    a = participant(id=1, organisation="Fieldnote", location="Manchester, UK", cluster=0)
    b = participant(id=2, organisation="fieldnote", location="Chorlton, Manchester, UK", cluster=0)

    assert pair_weight(a, b) == 1


def test_freelancers_and_unknowns_do_not_count_as_one_organisation():
    a = participant(id=1, organisation="Freelance", location="Lisbon, Portugal", cluster=0)
    b = participant(id=2, organisation="Freelance", location="Lisbon, Portugal", cluster=0)

    assert explain_pair(a, b).bridges == ("organisation",)


participants = st.builds(
    Participant,
    id=st.integers(0, 10_000),
    interests=st.frozensets(st.sampled_from(INTERESTS), max_size=4),
    asks=st.frozensets(st.sampled_from(TERMS), max_size=4),
    offers=st.frozensets(st.sampled_from(TERMS), max_size=4),
    organisation=st.sampled_from(ORGS),
    location=st.sampled_from(PLACES),
    cluster=st.one_of(st.none(), st.integers(0, 2)),
)


@given(participants, participants)
def test_the_weight_is_symmetric_and_in_range(a, b):
    assert pair_weight(a, b) == pair_weight(b, a)
    assert 1 <= pair_weight(a, b) <= WEIGHT_MAX


@settings(max_examples=60, deadline=None)
@given(st.lists(participants, min_size=2, max_size=12, unique_by=lambda p: p.id))
def test_the_matrix_weights_equal_the_pairwise_weight(people):
    features = _Features(people)

    matrix = features.weights(np.arange(len(people)))

    for i, j in itertools.permutations(range(len(people)), 2):
        assert matrix[i, j] == pair_weight(people[i], people[j])


# --- the matching ---------------------------------------------------------------------


def _matchings(nodes: list[int], edges: dict[tuple[int, int], int]) -> Iterator[list]:
    """Every matching of the graph (small graphs only)."""
    if not nodes:
        yield []
        return
    first, rest = nodes[0], nodes[1:]
    yield from _matchings(rest, edges)  # first stays single
    for other in rest:
        edge = (min(first, other), max(first, other))
        if edge in edges:
            remaining = [n for n in rest if n != other]
            for matching in _matchings(remaining, edges):
                yield [edge, *matching]


def _best(nodes, edges, first_in_line=frozenset()) -> tuple[int, int, int]:
    """(pairs, first-in-line members paired, weight) of the best matching by brute
    force, compared in that order."""
    return max(
        (len(m), sum(x in first_in_line for e in m for x in e), sum(edges[e] for e in m))
        for m in _matchings(sorted(nodes), edges)
    )


def _found(plan, first) -> tuple[int, int, int]:
    paired_first = sum((p.a in first) + (p.b in first) for p in plan.pairs)
    return (len(plan.pairs), paired_first, plan.total_weight)


def _allowed(people, forbidden) -> dict[tuple[int, int], int]:
    banned = {(min(a, b), max(a, b)) for a, b in forbidden}
    return {
        (min(a.id, b.id), max(a.id, b.id)): pair_weight(a, b)
        for a, b in itertools.combinations(people, 2)
        if (min(a.id, b.id), max(a.id, b.id)) not in banned
    }


@st.composite
def rounds(draw):
    """Up to nine participants, some forbidden pairs, up to two first in line."""
    people = draw(st.lists(participants, max_size=9, unique_by=lambda p: p.id))
    ids = [p.id for p in people]
    if not ids:
        return people, [], set()
    member = st.sampled_from(ids)
    forbidden = draw(st.lists(st.tuples(member, member), max_size=20))
    first = draw(st.sets(member, max_size=2))
    return people, forbidden, first


def _with_first_in_line(people, first):
    return [Participant(**{**p.__dict__, "first_in_line": p.id in first}) for p in people]


@settings(max_examples=150, deadline=None)
@given(rounds(), st.integers(1, 4))
def test_a_round_is_a_matching_of_allowed_pairs_and_maximum_on_its_candidate_graph(round_, k):
    people, forbidden, first = round_
    people = _with_first_in_line(people, first)
    banned = {(min(a, b), max(a, b)) for a, b in forbidden}

    plan = plan_round(people, forbidden, k=k)

    seen = [member for pair in plan.pairs for member in (pair.a, pair.b)]
    assert len(seen) == len(set(seen)), "nobody twice in a round"
    assert not {(pair.a, pair.b) for pair in plan.pairs} & banned, "no forbidden pair"
    assert sorted(seen + plan.left_out) == sorted(p.id for p in people)
    assert set(plan.candidates) <= set(_allowed(people, forbidden))
    by_id = {p.id: p for p in people}
    for pair in plan.pairs:
        assert pair.weight == pair_weight(by_id[pair.a], by_id[pair.b])
    assert _found(plan, first) == _best([p.id for p in people], plan.candidates, frozenset(first))


@settings(max_examples=150, deadline=None)
@given(rounds(), st.integers(1, 3))
def test_sparsity_never_leaves_out_someone_who_could_be_paired(round_, k):
    """As many pairs as on the complete allowed graph, whatever k."""
    people, forbidden, _first = round_

    plan = plan_round(people, forbidden, k=k)

    allowed = _allowed(people, forbidden)
    assert len(plan.pairs) == _best([p.id for p in people], allowed)[0]


@settings(max_examples=100, deadline=None)
@given(rounds())
def test_with_k_at_least_n_the_round_is_exact_on_the_complete_graph(round_):
    people, forbidden, first = round_
    people = _with_first_in_line(people, first)

    plan = plan_round(people, forbidden, k=len(people) + 1)

    assert _found(plan, first) == _best(
        [p.id for p in people], _allowed(people, forbidden), frozenset(first)
    )


def test_the_one_left_out_last_time_is_paired_first():
    people = [participant(id=i, cluster=0) for i in range(1, 6)]
    # Without priority the weights tie; with it, member 5 must not be the odd one out.
    for lucky in range(1, 6):
        marked = [participant(id=p.id, cluster=0, first_in_line=p.id == lucky) for p in people]
        plan = plan_round(marked)
        assert lucky not in plan.left_out
        assert len(plan.left_out) == 1


def test_someone_nobody_may_meet_is_left_out_and_named():
    people = [participant(id=i) for i in range(1, 5)]
    forbidden = [(1, 2), (1, 3), (1, 4)]

    plan = plan_round(people, forbidden)

    assert plan.unpairable == [1]
    assert plan.left_out == [1, *plan.left_out[1:]]
    assert len(plan.pairs) == 1


def test_a_larger_round_pairs_everyone_and_prefers_bridges():
    people = [
        participant(
            id=i,
            interests="maps, cycling" if i % 2 else "jazz, maps",
            organisation=f"org {i % 5}",
            location="Berlin, DE" if i < 50 else "Leeds, UK",
            cluster=i // 25,
        )
        for i in range(100)
    ]
    plan = plan_round(people, [(i, i + 1) for i in range(0, 99)])

    assert len(plan.pairs) == 50
    across = sum("cluster" in pair.bridges for pair in plan.pairs)
    assert across == 50


def test_clusters_come_from_the_connection_graph():
    ties = [(1, 2), (2, 3), (1, 3), (4, 5), (5, 6), (4, 6), (3, 4)]

    clusters = member_clusters([1, 2, 3, 4, 5, 6, 7], ties)

    assert clusters[1] == clusters[2] == clusters[3]
    assert clusters[4] == clusters[5] == clusters[6]
    assert clusters[1] != clusters[4]
    assert clusters[7] not in {clusters[1], clusters[4]}


@pytest.mark.parametrize("n", [0, 1])
def test_fewer_than_two_make_no_pair(n):
    plan = plan_round([participant(id=i) for i in range(n)])

    assert plan.pairs == []
    assert plan.left_out == list(range(n))


def test_a_round_of_thousands_is_one_exact_matching_of_its_candidate_graph():
    """No pools: 2,001 members (more than the 1,500 the blossom pools began at) form
    one matching, which the blossom algorithm on the same graph cannot beat."""
    rng = np.random.default_rng(11)
    people = [
        participant(
            id=i,
            interests=", ".join(rng.choice(INTERESTS, size=2, replace=False).tolist()),
            looking_for=" ".join(rng.choice(TERMS, size=2, replace=False).tolist()),
            can_help_with=" ".join(rng.choice(TERMS, size=2, replace=False).tolist()),
            organisation=ORGS[i % len(ORGS)],
            location=PLACES[i % len(PLACES)],
            cluster=i // 100,
            first_in_line=i in (5, 17),
        )
        for i in range(2001)
    ]
    forbidden = [(i, i + 1) for i in range(0, 2000, 3)]

    plan = plan_round(people, forbidden, seed=3)

    assert len(plan.pairs) == 1000 and len(plan.left_out) == 1
    assert {5, 17}.isdisjoint(plan.left_out)
    found = {(p.a, p.b) for p in plan.pairs}  # member ids are 0..2000: nodes too
    assert summary(found, plan.candidates, {5, 17}) == blossom(2001, plan.candidates, {5, 17})
