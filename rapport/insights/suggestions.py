"""Who to meet, who to revive, who is drifting: each with a one-line reason.

Reasons are for the owner's eyes only. They may speak of another person's
network as "someone your connections know": never whom of them (who is connected to
whom is theirs to tell), never how many, nor the size of their network or any
other count about them (Rapport shows no vanity numbers about members).
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from rapport.insights.structure import Adjacency, Attributes, Edge, adjacency, louvain

DORMANT_PEAK = 0.6
"""A tie this strong at its peak (0..1) counts as having been close."""

DORMANT_QUIET_DAYS = 365.0
"""Days without contact after which a once-close tie counts as dormant."""

DRIFT_MIN_DROP = 0.1
"""The smallest fall in tie strength over 90 days (0..1) worth mentioning."""

DRIFT_MUCH = 0.5
"""A fall of at least this share of the old strength reads "much quieter"."""

BRIDGE_WEIGHTS = (0.6, 0.25, 0.1, 0.05)
"""Weights of novelty, brokerage, shared interests and another organisation."""

CORE_KEEP = 15
"""Ties kept per node when trimming the shared-contact projection for Louvain."""

KNOWN_THROUGH = "Someone your connections know"
"""A bridge's reason begins so, whoever and however many of the ego's connections know
them: naming them would tell the owner who is connected to whom, which only those two
may tell, and counting them is a number about another person's network."""

LABEL_KEYS = ("location", "interests")
"""Attributes that name a cluster, in reading order ("the Berlin mobility cluster")."""

DAY = 86400.0
MONTH_DAYS = 365.25 / 12


@dataclass(frozen=True)
class Suggestion:
    """One suggested person, a one-line reason and a score in [0, 1] (higher first)."""

    node: Hashable
    reason: str
    score: float


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _listed(raw: object) -> list[str]:
    items = [raw] if isinstance(raw, str) else list(raw) if isinstance(raw, list | tuple) else []
    return [s for s in (str(x).strip() for x in items) if s]


def _two_step(ego: Hashable, adj: Adjacency) -> tuple[list[Hashable], list[Hashable]]:
    alters = list(adj[ego])
    alter_set = set(alters)
    second: dict[Hashable, None] = {}
    for a in alters:
        for v in adj[a]:
            if v != ego and v not in alter_set:
                second[v] = None
    return alters, list(second)


@dataclass(frozen=True)
class TwoStep:
    """The 2-step network split for speed: alters, satellites and the rest.

    A *satellite* is a second-degree node tied only to alters (in Rapport, nearly
    all of them). Their ties are kept as sparse entries, satellite by satellite:
    ``tie_row`` (index into ``satellites``), ``tie_col`` (index into ``alters``)
    and ``tie_weight``. ``pair_q`` and ``pair_j`` list every ordered pair of
    entries that belong to the same satellite (both orders, and each entry with
    itself), which is all that the shared-contact projection and Burt's
    constraint need: their cost follows Σ deg², not satellites x alters x alters.
    ``others`` are the second-degree nodes also tied to each other.
    """

    alters: list[Hashable]
    satellites: list[Hashable]
    others: list[Hashable]
    tie_row: Any  # numpy int arrays / float array, one entry per satellite tie
    tie_col: Any
    tie_weight: Any
    pair_q: Any
    pair_j: Any


def split_two_step(ego: Hashable, adj: Adjacency) -> TwoStep:
    """Split the ego's 2-step network (see :class:`TwoStep`), in first-seen order."""
    alters, second = _two_step(ego, adj)
    alter_index = {a: i for i, a in enumerate(alters)}
    reach = alter_index.keys()
    satellites = [v for v in second if reach >= adj[v].keys()]
    degrees = [len(adj[v]) for v in satellites]
    cols: list[int] = []
    weights: list[float] = []
    column = alter_index.__getitem__
    for v in satellites:
        ties_of_v = adj[v]
        cols.extend(map(column, ties_of_v))
        weights.extend(ties_of_v.values())
    degree = np.array(degrees, dtype=np.int64)
    tie_row = np.repeat(np.arange(len(satellites)), degree)
    start = np.cumsum(degree) - degree
    repeat = degree[tie_row]
    pair_j = np.repeat(np.arange(len(tie_row)), repeat)
    block = np.repeat(np.cumsum(repeat) - repeat, repeat)
    pair_q = np.repeat(start[tie_row], repeat) + (np.arange(len(pair_j)) - block)
    sat_set = set(satellites)
    return TwoStep(
        alters=alters,
        satellites=satellites,
        others=[v for v in second if v not in sat_set],
        tie_row=tie_row,
        tie_col=np.array(cols, dtype=np.int64),
        tie_weight=np.array(weights, dtype=float),
        pair_q=pair_q,
        pair_j=pair_j,
    )


def two_step_clusters(
    ego: Hashable, adj: Adjacency, order: Mapping[Hashable, int], split: TwoStep | None = None
) -> dict[Hashable, int]:
    """Cluster index of every alter and second-degree node (Louvain, ego left out).

    Restricted to what the measure needs, for speed (networkx's Louvain takes
    0.4 s on 150 alters with 150 ties each). A satellite (a second-degree node
    tied only to alters) can only ever join one of its alters' clusters in
    Louvain's local moves, so satellites are left out of the Louvain run and
    stand in for what they share: each pair of alters with a satellite in common
    gets the tie ``w_as·w_bs / (k_s - 1)`` (Newman 2001's shared-contact
    projection), added to any direct tie. That alter graph is trimmed to each
    alter's ``CORE_KEEP`` strongest ties (kept when strong for either end).
    Louvain then runs over the alters and the second-degree nodes tied among
    themselves, and each satellite joins the cluster it holds most tie strength
    to (the largest such cluster on a tie).
    """
    two = split or split_two_step(ego, adj)
    alters = two.alters
    n = len(alters)
    if n == 0:
        return {}
    degree = np.bincount(two.tie_row, minlength=len(two.satellites))
    share = np.divide(1.0, degree - 1, out=np.zeros(len(degree)), where=degree > 1)
    q, j = two.pair_q, two.pair_j
    col, weight = two.tie_col, two.tie_weight
    combined = np.bincount(
        col[q] * n + col[j],
        weights=weight[q] * weight[j] * share[two.tie_row[q]],
        minlength=n * n,
    ).reshape(n, n)
    np.fill_diagonal(combined, 0.0)
    alter_index = {a: i for i, a in enumerate(alters)}
    for i, a in enumerate(alters):
        for x, w in adj[a].items():
            k = alter_index.get(x)
            if k is not None:
                combined[i, k] += w
    strongest = np.argsort(-combined, axis=1, kind="stable")[:, :CORE_KEEP]
    keep = np.zeros_like(combined, dtype=bool)
    np.put_along_axis(keep, strongest, True, axis=1)
    keep &= combined > 0
    keep |= keep.T
    rows, cols = np.nonzero(np.triu(keep, 1))
    links: list[tuple[Hashable, Hashable, float]] = [
        (alters[i], alters[k], float(combined[i, k]))
        for i, k in zip(rows.tolist(), cols.tolist(), strict=True)
    ]
    other_set = set(two.others)
    for u in two.others:
        for v, w in adj[u].items():
            if v in alter_index or (v in other_set and order[u] < order[v]):
                links.append((u, v, w))
    found = louvain([*alters, *two.others], links)
    cluster = {node: c for c, members in enumerate(found) for node in members}
    if two.satellites:
        of_alter = np.array([cluster[a] for a in alters], dtype=np.int64)
        clusters = len(found)
        pull = np.bincount(
            two.tie_row * clusters + of_alter[col],
            weights=weight,
            minlength=len(two.satellites) * clusters,
        ).reshape(len(two.satellites), clusters)
        cluster.update(zip(two.satellites, np.argmax(pull, axis=1).tolist(), strict=True))
    return cluster


def satellite_constraints(
    two: TwoStep, adj: Adjacency, strength: Mapping[Hashable, float]
) -> list[float]:
    """Burt's constraint on every satellite at once (the numpy form of node_constraint).

    Only the terms of a satellite's own ties are computed: for its tie to j,
    ``Σ_q p_vq p_qj`` over its alters q (``p_jj`` is 0), from ``TwoStep``'s pairs.
    """
    alters = two.alters
    n = len(alters)
    count = len(two.satellites)
    if count == 0:
        return []
    alter_index = {a: i for i, a in enumerate(alters)}
    p_alters = np.zeros((n, n))
    for i, a in enumerate(alters):
        total = strength[a]
        for x, w in adj[a].items():
            k = alter_index.get(x)
            if k is not None:
                p_alters[i, k] = w / total
    row, col = two.tie_row, two.tie_col
    p = two.tie_weight / np.bincount(row, weights=two.tie_weight, minlength=count)[row]
    q, j = two.pair_q, two.pair_j
    indirect = np.bincount(j, weights=p[q] * p_alters[col[q], col[j]], minlength=len(row))
    values: list[float] = np.bincount(row, weights=(p + indirect) ** 2, minlength=count).tolist()
    return values


def node_constraint(v: Hashable, adj: Adjacency, strength: Mapping[Hashable, float]) -> float:
    """Burt's constraint on ``v`` over the ties given (0..~1.125, no unit).

    ``Σ_j (p_vj + Σ_q p_vq p_qj)²`` with ``p_ij = w_ij / Σ_k w_ik``; ``strength``
    holds each node's ``Σ_k w_ik``. Costs deg(v)², so it is cheap for
    second-degree nodes however large the alters' networks are.
    """
    ties = adj[v]
    total = strength[v]
    if total <= 0.0:
        return 0.0
    value = 0.0
    for j, w_vj in ties.items():
        indirect = sum(
            (w_vq / total) * (adj[q].get(j, 0.0) / strength[q])
            for q, w_vq in ties.items()
            if q != j
        )
        value += (w_vj / total + indirect) ** 2
    return value


def _label(members: Iterable[Hashable], attributes: Attributes) -> str:
    """Name a cluster by its most common location and interest, when shared.

    A value names the cluster when at least two members and at least a third of
    those who state that attribute hold it.
    """
    people = list(members)
    parts = []
    for key in LABEL_KEYS:
        counts: dict[str, int] = {}
        shown: dict[str, str] = {}
        stating = 0
        for person in people:
            values = _listed(attributes.get(person, {}).get(key, []))
            if values:
                stating += 1
            for value in dict.fromkeys(v.casefold() for v in values):
                counts[value] = counts.get(value, 0) + 1
            for raw in values:
                shown.setdefault(raw.casefold(), raw)
        if not counts:
            continue
        best = min(counts, key=lambda value: (-counts[value], value))
        if counts[best] >= 2 and counts[best] * 3 >= stating:
            parts.append(shown[best])
    return " ".join(parts)


def bridges(
    ego: Hashable,
    edges: Iterable[Edge],
    *,
    attributes: Attributes | None = None,
    limit: int = 5,
) -> list[Suggestion]:
    """Second-degree people who bridge to clusters the ego barely reaches.

    "Connect to the unconnected" (Burt 1992; Cross & Thomas 2009, *Driving
    Results Through Social Networks*, on brokers). Candidates are nodes two
    steps away (not the ego, not an alter). Each gets, in [0, 1]:

    * novelty: 1 - the share of its cluster (Louvain over the 2-step network,
      see :func:`two_step_clusters`) who are already the ego's alters;
    * brokerage: 1 - its Burt constraint over the ties given (capped at 1);
    * shared interests: Jaccard overlap of its and the ego's "interests";
    * another organisation: 1 when both state an "organisation" and they differ.

    score = 0.6·novelty + 0.25·brokerage + 0.1·interests + 0.05·organisation.
    Ties go to who knows more of the ego's connections, then to the earliest
    seen. Deterministic. About the other person's network, a reason says only
    that the ego's connections know them (``KNOWN_THROUGH``): neither which nor how
    many.
    """
    attrs: Attributes = attributes or {}
    adj, order = adjacency(edges)
    if ego not in adj or not adj[ego] or limit <= 0:
        return []
    alters, second = _two_step(ego, adj)
    if not second:
        return []
    alter_set = set(alters)
    in_reach = alter_set | set(second) | {ego}
    local: Adjacency = (
        adj
        if len(in_reach) == len(adj)
        else {n: {m: w for m, w in adj[n].items() if m in in_reach} for n in in_reach}
    )
    strength = {n: sum(ties.values()) for n, ties in local.items()}
    two = split_two_step(ego, local)
    cluster = two_step_clusters(ego, local, order, two)

    # Every candidate's novelty, brokerage and reach at once, satellites first.
    candidates = [*two.satellites, *two.others]
    constraint = np.array(
        [
            *satellite_constraints(two, local, strength),
            *(node_constraint(v, local, strength) for v in two.others),
        ]
    )
    knows = np.array(
        [
            *np.bincount(two.tie_row, minlength=len(two.satellites)).tolist(),
            *(sum(1 for x in local[v] if x in alter_set) for v in two.others),
        ],
        dtype=np.int64,
    )
    nodes = list(cluster)
    of_node = np.fromiter(cluster.values(), dtype=np.int64, count=len(nodes))
    size = np.bincount(of_node)
    known = np.bincount(of_node, weights=[node in alter_set for node in nodes])
    their_cluster = np.array([cluster[v] for v in candidates], dtype=np.int64)
    novelty = 1.0 - known[their_cluster] / size[their_cluster]
    w_novel, w_broker, w_interest, w_org = BRIDGE_WEIGHTS
    base = w_novel * novelty + w_broker * (1.0 - np.minimum(1.0, constraint))

    ego_attrs = attrs.get(ego, {})
    ego_interests = {i.casefold(): i for i in _listed(ego_attrs.get("interests", []))}
    ego_org = " ".join(_listed(ego_attrs.get("organisation", ""))).casefold()
    bonus_max = (w_interest if ego_interests else 0.0) + (w_org if ego_org else 0.0)

    def scored(i: int) -> tuple[float, int, int, list[str]]:
        v = candidates[i]
        score = float(base[i])
        shared: list[str] = []
        if bonus_max:
            their_attrs = attrs.get(v, {})
            theirs = {x.casefold() for x in _listed(their_attrs.get("interests", []))}
            shared = [shown for folded, shown in ego_interests.items() if folded in theirs]
            union = len(theirs | set(ego_interests))
            jaccard = len(shared) / union if union else 0.0
            org = " ".join(_listed(their_attrs.get("organisation", ""))).casefold()
            other_org = 1.0 if org and ego_org and org != ego_org else 0.0
            score = score + w_interest * jaccard + w_org * other_org
        return round(score, 6), int(knows[i]), i, shared

    # Attributes can add at most ``bonus_max``: walk the candidates by their score
    # without them and stop once no later one could reach the top ``limit``.
    ranked: list[tuple[float, int, int, list[str]]] = []
    best: list[float] = []  # the ``limit`` best scores so far, a min-heap
    for i in np.argsort(-base, kind="stable").tolist():
        if len(best) == limit and round(float(base[i]) + bonus_max, 6) < best[0]:
            break
        ranked.append(scored(i))
        if len(best) < limit:
            heapq.heappush(best, ranked[-1][0])
        else:
            heapq.heappushpop(best, ranked[-1][0])
    ranked.sort(key=lambda r: (-r[0], -r[1], order[candidates[r[2]]]))

    members: dict[int, list[Hashable]] = {}
    for node, c in cluster.items():
        members.setdefault(c, []).append(node)
    labels: dict[int, str] = {}
    found = []
    for score, _knew, i, shared in ranked[:limit]:
        c = int(their_cluster[i])
        if c not in labels:
            labels[c] = _label(members[c], attrs)
        v = candidates[i]
        reason = KNOWN_THROUGH
        if labels[c]:
            reason += f", in the {labels[c]} cluster"
        elif novelty[i] >= 0.5:
            reason += ", in a cluster you barely reach"
        if shared:
            reason += f"; you share an interest in {' and '.join(shared[:2])}"
        found.append(Suggestion(node=v, reason=reason, score=score))
    return found


def _quiet_for(days: float) -> str:
    months = round(days / MONTH_DAYS)
    if months < 24:
        return _plural(months, "month")
    return _plural(round(days / 365.25), "year")


def dormant_ties(
    histories: Mapping[Hashable, tuple[float, float]], *, now: float, limit: int = 5
) -> list[Suggestion]:
    """Once-close ties gone quiet for over a year, closest first.

    ``histories``: alter -> (peak tie strength 0..1, last contact as unix
    seconds); ``now`` in unix seconds. A tie qualifies with a peak of at least
    ``DORMANT_PEAK`` (0.6) and no contact for more than ``DORMANT_QUIET_DAYS``
    (365). Levin, Walter & Murnighan (2011, "Dormant ties", Organization
    Science) found reconnected dormant ties give more novel knowledge than
    current ones, and that the ties once strongest give most: score = the peak
    strength; ties go to the longer silence, then to the order given.
    """
    found = []
    for position, (alter, (peak, last)) in enumerate(histories.items()):
        if not (math.isfinite(peak) and math.isfinite(last)):
            continue
        quiet_days = (now - last) / DAY
        if peak < DORMANT_PEAK or quiet_days <= DORMANT_QUIET_DAYS:
            continue
        found.append((min(peak, 1.0), quiet_days, position, alter))
    found.sort(key=lambda r: (-r[0], -r[1], r[2]))
    return [
        Suggestion(
            node=alter,
            reason=(
                f"You were close (strength {peak:.1f} at its peak) and have not been "
                f"in touch for {_quiet_for(quiet_days)}"
            ),
            score=peak,
        )
        for peak, quiet_days, _, alter in found[: max(limit, 0)]
    ]


def drifting(scores: Mapping[Hashable, tuple[float, float]], *, limit: int = 5) -> list[Suggestion]:
    """Relationships whose tie strength fell fastest over the last 90 days.

    ``scores``: alter -> (strength 90 days ago, strength now), both 0..1.
    score = the fall (then - now), which over a fixed 90 days is the rate of
    decline; only falls of at least ``DRIFT_MIN_DROP`` (0.1) count. A fall of
    half the old strength or more reads "much quieter". Ties go to the order
    given. Tie strength after Granovetter 1973 (see rapport.insights.strength).
    """
    found = []
    for position, (alter, (then, now)) in enumerate(scores.items()):
        if not (math.isfinite(then) and math.isfinite(now)):
            continue
        drop = min(then, 1.0) - max(now, 0.0)
        if drop < DRIFT_MIN_DROP:
            continue
        found.append((drop, position, alter, drop >= DRIFT_MUCH * then))
    found.sort(key=lambda r: (-r[0], r[1]))
    return [
        Suggestion(
            node=alter,
            reason=(
                "Much quieter than three months ago" if much else "Quieter than three months ago"
            ),
            score=round(drop, 6),
        )
        for drop, _, alter, much in found[: max(limit, 0)]
    ]
