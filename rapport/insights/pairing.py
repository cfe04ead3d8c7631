"""Coffee-round pairing: a weight for each pair, a sparse candidate graph, an exact matching.

Plain data in, plain data out. Each member who opted in is a :class:`Participant`
(what they are interested in, what they ask for and offer, their organisation, place
and cluster); ``forbidden`` holds the pairs that must never meet this round (paired
in the last six rounds, blocked either way, already connected). :func:`plan_round`
returns the pairs and who is left over.

Why this shape (docs/coffee.md says it at length):

* The weight (:func:`pair_weight`, integer points, 1..98) favours a shared
  interest, something one asks for that the other offers (Granovetter 1973 and
  Burt 1992: the useful contact is the one who brings what your own circle lacks)
  and bridging: another cluster of the member graph, another organisation, another
  place.
* The whole round is one exact matching
  (:func:`rapport.insights.matching.maximum_matching`): first as many pairs as
  possible, then as many first-in-line members paired as possible (those left out
  of their last round), then the most weight. Exact with a proof: the matching is
  worth exactly an upper bound (the best fractional matching, from an assignment
  on the bipartite double cover), or else the blossom algorithm solved the whole
  graph. No pools: the blossom algorithm alone, cubic in the members of one
  matching and slow on the tied weights of real profiles (16 s for the
  benchmark's 5,000, where this takes 0.2 s), used to force rounds of more than
  1,500 into pools of 1,000 matched one by one.
* It runs on a sparse candidate graph: each member's ``k`` best partners by weight
  (:data:`CANDIDATES_PER_MEMBER`); first-in-line members keep every allowed
  partner. The matching is exact on that graph, not on the complete one. Sparsity
  never costs anyone their pair: whenever two or more members who could be matched
  are left out, their every allowed partner joins the graph, then ``k`` doubles, up
  to the complete allowed graph, until at most one member is left (or the complete
  graph says no more pairs exist).
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np
from scipy import sparse

from rapport.insights.matching import maximum_matching
from rapport.insights.profile_words import keywords, phrase, phrases
from rapport.insights.structure import louvain

CANDIDATES_PER_MEMBER = 12
"""``k``: partners kept per member in the candidate graph before any widening."""

SHARED_POINTS = 10
"""Points per shared interest or topic, for at most :data:`SHARED_MAX` of them."""
SHARED_MAX = 3
GIVE_POINTS = 8
"""Points per term one asks for that the other offers, each way, at most :data:`GIVE_MAX`."""
GIVE_MAX = 2
CLUSTER_POINTS = 20
"""Points when the two sit in different clusters of the member graph."""
ORGANISATION_POINTS = 10
"""Points when they work in different organisations."""
PLACE_POINTS = 5
"""Points when they live in different places."""
BASE_POINTS = 1
"""Every allowed pair is worth something: any pair beats none."""

WEIGHT_MAX = (
    BASE_POINTS
    + SHARED_POINTS * SHARED_MAX
    + 2 * GIVE_POINTS * GIVE_MAX
    + CLUSTER_POINTS
    + ORGANISATION_POINTS
    + PLACE_POINTS
)

BLOCK_ROWS = 512
"""Rows of the weight matrix computed at once (memory: rows x members x 8 bytes)."""

NO_ORGANISATION = frozenset({"", "freelance", "freelancer", "self-employed", "independent", "none"})


@dataclass(frozen=True)
class Participant:
    """One member in a round, as the weight sees them.

    ``interests``: phrases (:func:`phrases` of interests and topics); ``asks`` and
    ``offers``: :func:`keywords` of what they look for and can help with (offers
    also hold the words of their interests); ``cluster``: any label, equal labels
    meaning the same cluster of the member graph. ``first_in_line``: left out of the
    previous round.
    """

    id: int
    interests: frozenset[str] = frozenset()
    asks: frozenset[str] = frozenset()
    offers: frozenset[str] = frozenset()
    organisation: str = ""
    location: str = ""
    cluster: Hashable = None
    first_in_line: bool = False


def participant(
    *,
    id: int,
    interests: str = "",
    topics: str = "",
    looking_for: str = "",
    can_help_with: str = "",
    organisation: str = "",
    location: str = "",
    cluster: Hashable = None,
    first_in_line: bool = False,
) -> Participant:
    """A participant from a member's profile fields and their opt-in's topics."""
    interest_phrases = phrases(interests) | phrases(topics)
    offers = keywords(can_help_with)
    for item in phrases(interests):
        offers |= keywords(item)
    return Participant(
        id=id,
        interests=interest_phrases,
        asks=keywords(looking_for) | keywords(topics),
        offers=offers,
        organisation=organisation,
        location=location,
        cluster=cluster,
        first_in_line=first_in_line,
    )


def _organisation_key(organisation: str) -> str:
    key = phrase(organisation)
    return "" if key in NO_ORGANISATION else key


def _place_key(location: str) -> str:
    """The town: "Chorlton, Manchester, UK" and "Manchester, UK" are both Manchester."""
    parts = [phrase(part) for part in location.split(",") if part.strip()]
    if len(parts) >= 2:
        return parts[-2]
    return parts[0] if parts else ""


def _differ(a: str, b: str) -> bool:
    """Unknown (empty) on either side counts as different: nothing says they meet."""
    return not a or not b or a != b


@dataclass(frozen=True)
class Pair:
    """Two members paired, ``a`` < ``b``, with the weight and the reasons behind it.

    ``a_gets``: terms ``a`` asks for that ``b`` offers; ``b_gets`` the other way.
    ``bridges``: what they do not share ("cluster", "organisation", "place").
    """

    a: int
    b: int
    weight: int
    shared: tuple[str, ...] = ()
    a_gets: tuple[str, ...] = ()
    b_gets: tuple[str, ...] = ()
    bridges: tuple[str, ...] = ()


def pair_weight(a: Participant, b: Participant) -> int:
    """The weight of pairing ``a`` with ``b``, in points (1..:data:`WEIGHT_MAX`).

    ``1 + 10·min(shared, 3) + 8·min(a asks ∩ b offers, 2) + 8·min(b asks ∩ a offers, 2)
    + 20·[other cluster] + 10·[other organisation] + 5·[other place]``. Symmetric.
    """
    return explain_pair(a, b).weight


def explain_pair(a: Participant, b: Participant) -> Pair:
    """:func:`pair_weight` with its reasons, ``a`` and ``b`` in id order."""
    if b.id < a.id:
        a, b = b, a
    shared = tuple(sorted(a.interests & b.interests))
    a_gets = tuple(sorted(a.asks & b.offers))
    b_gets = tuple(sorted(b.asks & a.offers))
    bridges = tuple(
        name
        for name, differ in (
            ("cluster", a.cluster is None or b.cluster is None or a.cluster != b.cluster),
            (
                "organisation",
                _differ(_organisation_key(a.organisation), _organisation_key(b.organisation)),
            ),
            ("place", _differ(_place_key(a.location), _place_key(b.location))),
        )
        if differ
    )
    points = {"cluster": CLUSTER_POINTS, "organisation": ORGANISATION_POINTS, "place": PLACE_POINTS}
    weight = (
        BASE_POINTS
        + SHARED_POINTS * min(len(shared), SHARED_MAX)
        + GIVE_POINTS * min(len(a_gets), GIVE_MAX)
        + GIVE_POINTS * min(len(b_gets), GIVE_MAX)
        + sum(points[name] for name in bridges)
    )
    return Pair(a.id, b.id, weight, shared, a_gets, b_gets, bridges)


class _Features:
    """The participants as sparse indicator matrices and label codes, so a block of
    rows of the weight matrix is a few sparse products instead of n² Python calls."""

    def __init__(self, people: Sequence[Participant]) -> None:
        n = len(people)
        self.n = n
        self.interests = _indicator(
            [p.interests for p in people], _vocabulary_of(p.interests for p in people)
        )
        # Asks and offers share one vocabulary, so "ask x offer" counts common terms.
        terms = _vocabulary_of([*(p.asks for p in people), *(p.offers for p in people)])
        self.asks = _indicator([p.asks for p in people], terms)
        self.offers = _indicator([p.offers for p in people], terms)
        self.asks_t = self.asks.T.tocsr()
        self.offers_t = self.offers.T.tocsr()
        self.interests_t = self.interests.T.tocsr()
        # Unknown labels get a code of their own (negative), so they differ from all.
        self.cluster = _codes([p.cluster for p in people])
        self.organisation = _codes([_organisation_key(p.organisation) or None for p in people])
        self.place = _codes([_place_key(p.location) or None for p in people])

    def weights(self, rows: np.ndarray[Any, np.dtype[np.intp]]) -> np.ndarray[Any, Any]:
        """Weights of ``rows`` against every participant (int64, rows x n); the
        diagonal is not cleared here."""
        shared = _dense(self.interests[rows] @ self.interests_t)
        a_gets = _dense(self.asks[rows] @ self.offers_t)
        b_gets = _dense(self.offers[rows] @ self.asks_t)
        w = np.full((len(rows), self.n), BASE_POINTS, dtype=np.int64)
        w += SHARED_POINTS * np.minimum(shared, SHARED_MAX)
        w += GIVE_POINTS * np.minimum(a_gets, GIVE_MAX)
        w += GIVE_POINTS * np.minimum(b_gets, GIVE_MAX)
        for codes, points in (
            (self.cluster, CLUSTER_POINTS),
            (self.organisation, ORGANISATION_POINTS),
            (self.place, PLACE_POINTS),
        ):
            w += points * (codes[rows][:, None] != codes[None, :])
        return w


def _vocabulary_of(sets: Iterable[Collection[str]]) -> dict[str, int]:
    vocabulary: dict[str, int] = {}
    for terms in sets:
        for term in sorted(terms):
            vocabulary.setdefault(term, len(vocabulary))
    return vocabulary


def _indicator(sets: Sequence[Collection[str]], vocabulary: Mapping[str, int]) -> Any:
    """A sparse 0/1 matrix: one row per set, one column per term of ``vocabulary``."""
    indptr: list[int] = [0]
    indices: list[int] = []
    for terms in sets:
        indices.extend(vocabulary[term] for term in terms)
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.int32)
    shape = (len(sets), max(len(vocabulary), 1))
    return sparse.csr_matrix((data, indices, indptr), shape=shape)


def _dense(matrix: Any) -> np.ndarray[Any, Any]:
    return np.asarray(matrix.toarray(), dtype=np.int64)


def _codes(labels: Sequence[Hashable]) -> np.ndarray[Any, np.dtype[np.int64]]:
    seen: dict[Hashable, int] = {}
    codes = [
        -(i + 1) if label is None else seen.setdefault(label, len(seen))
        for i, label in enumerate(labels)
    ]
    return np.asarray(codes, dtype=np.int64)


@dataclass
class RoundPlan:
    """The outcome of :func:`plan_round`.

    ``left_out``: members left without a partner (at most one when a perfect
    pairing exists); ``unpairable``: those with no allowed partner at all (also in
    ``left_out``). ``candidates`` is the final candidate graph (member id pairs,
    low first, to their weight) and ``k`` its partners per member; ``widenings``
    counts how often it had to grow; ``proved_by`` how the matching was proved best
    (:class:`rapport.insights.matching.Matching`).
    """

    pairs: list[Pair] = field(default_factory=list)
    left_out: list[int] = field(default_factory=list)
    unpairable: list[int] = field(default_factory=list)
    candidates: dict[tuple[int, int], int] = field(default_factory=dict)
    k: int = CANDIDATES_PER_MEMBER
    widenings: int = 0
    proved_by: str = "bound"

    @property
    def total_weight(self) -> int:
        return sum(pair.weight for pair in self.pairs)


def plan_round(
    people: Sequence[Participant],
    forbidden: Iterable[tuple[int, int]] = (),
    *,
    k: int = CANDIDATES_PER_MEMBER,
    seed: int = 0,
) -> RoundPlan:
    """Pair ``people`` one to one, never a ``forbidden`` pair (member ids, either order).

    One exact matching over the whole round's candidate graph: as many pairs as the
    complete allowed graph allows (the widening in the module docstring), then as
    many first-in-line members paired as possible, then the largest total
    :func:`pair_weight` on the candidate graph. ``seed`` only breaks ties between
    equally good candidates, so that the same members are not always preferred for
    their position in the list.
    """
    n = len(people)
    index = {p.id: i for i, p in enumerate(people)}
    if len(index) != n:
        raise ValueError("each participant may appear only once")
    banned: list[set[int]] = [{i} for i in range(n)]
    for x, y in forbidden:
        i, j = index.get(x), index.get(y)
        if i is not None and j is not None:
            banned[i].add(j)
            banned[j].add(i)
    unpairable = [i for i in range(n) if len(banned[i]) >= n]
    if n < 2 or len(unpairable) == n:
        ids = [p.id for p in people]
        return RoundPlan(left_out=ids, unpairable=list(ids), k=k)

    features = _Features(people)
    rng = np.random.default_rng(seed)
    edges: dict[tuple[int, int], int] = {}
    full_rows: set[int] = set()

    def add_rows(rows: Sequence[int], keep: int | None) -> None:
        """Add each row's ``keep`` best allowed partners (all of them when None)."""
        for start in range(0, len(rows), BLOCK_ROWS):
            block = np.asarray(rows[start : start + BLOCK_ROWS], dtype=np.intp)
            w = features.weights(block)
            for r, i in enumerate(block.tolist()):
                w[r, list(banned[i])] = 0
            if keep is None or keep >= n - 1:
                chosen = [np.flatnonzero(w[r]) for r in range(len(block))]
            else:
                ranked = w + rng.random(w.shape) * 0.5  # ties only: weights are integers
                ranked[w == 0] = -1.0
                top = np.argpartition(-ranked, keep, axis=1)[:, :keep]
                chosen = [top[r][w[r, top[r]] > 0] for r in range(len(block))]
            for r, i in enumerate(block.tolist()):
                for j in chosen[r].tolist():
                    edges[(i, j) if i < j else (j, i)] = int(w[r, j])

    first = [i for i, p in enumerate(people) if p.first_in_line]
    first_set = set(first)
    add_rows([i for i in range(n) if i not in first_set], k)
    add_rows(first, None)
    full_rows.update(first)
    unpairable_set = set(unpairable)
    pairable = n - len(unpairable)
    widenings = 0
    while True:
        matching = maximum_matching(n, edges, first)
        left = pairable - 2 * len(matching.pairs)
        if left < 2 or k >= n - 1:
            break
        # Two or more members who could be paired are left out: widen the graph.
        taken = {i for pair in matching.pairs for i in pair}
        waiting = [i for i in range(n) if i not in taken and i not in unpairable_set]
        fresh = [i for i in waiting if i not in full_rows]
        if fresh:
            add_rows(fresh, None)
            full_rows.update(fresh)
        else:
            k = min(2 * k, n - 1)
            add_rows([i for i in range(n) if i not in full_rows], k)
        widenings += 1

    matched = matching.pairs
    pairs = [explain_pair(people[i], people[j]) for i, j in sorted(matched)]
    taken = {i for pair in matched for i in pair}
    return RoundPlan(
        pairs=pairs,
        left_out=[people[i].id for i in range(n) if i not in taken],
        unpairable=[people[i].id for i in unpairable],
        candidates={
            _id_pair(people[i].id, people[j].id): weight for (i, j), weight in edges.items()
        },
        k=k,
        widenings=widenings,
        proved_by=matching.proved_by,
    )


def _id_pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def member_clusters(ids: Sequence[int], ties: Iterable[tuple[int, int]]) -> dict[int, int]:
    """A cluster number for each member: Louvain communities of the connection graph
    among ``ids`` (Blondel et al. 2008, the engine's fixed seed), largest first.

    A member with no connection among ``ids`` is a cluster of their own.
    """
    clusters = louvain(list(ids), [(a, b, 1.0) for a, b in ties])
    return {
        cast(int, member): number for number, cluster in enumerate(clusters) for member in cluster
    }
