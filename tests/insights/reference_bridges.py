"""The plain, slow form of ``bridges``: every candidate scored one by one.

Kept as the specification the fast form in rapport.insights.suggestions must match
exactly (tests/insights/test_bridges_equivalence.py): Burt's constraint by the
per-node formula for every candidate, every candidate's attributes parsed, one
full sort.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

from rapport.insights.structure import Adjacency, Attributes, Edge, adjacency
from rapport.insights.suggestions import (
    BRIDGE_WEIGHTS,
    KNOWN_THROUGH,
    Suggestion,
    _label,
    _listed,
    node_constraint,
    two_step_clusters,
)


def reference_bridges(
    ego: Hashable, edges: Iterable[Edge], *, attributes: Attributes | None = None, limit: int = 5
) -> list[Suggestion]:
    attrs: Attributes = attributes or {}
    adj, order = adjacency(edges)
    if ego not in adj or not adj[ego] or limit <= 0:
        return []
    alters = list(adj[ego])
    alter_set = set(alters)
    second = list(
        dict.fromkeys(v for a in alters for v in adj[a] if v != ego and v not in alter_set)
    )
    if not second:
        return []
    in_reach = alter_set | set(second) | {ego}
    local: Adjacency = {n: {m: w for m, w in adj[n].items() if m in in_reach} for n in in_reach}
    strength = {n: sum(ties.values()) for n, ties in local.items()}
    cluster = two_step_clusters(ego, local, order)
    size: dict[int, int] = {}
    known: dict[int, int] = {}
    members: dict[int, list[Hashable]] = {}
    for node, c in cluster.items():
        size[c] = size.get(c, 0) + 1
        known[c] = known.get(c, 0) + (node in alter_set)
        members.setdefault(c, []).append(node)
    ego_attrs = attrs.get(ego, {})
    ego_interests = {i.casefold(): i for i in _listed(ego_attrs.get("interests", []))}
    ego_org = " ".join(_listed(ego_attrs.get("organisation", ""))).casefold()
    w_novel, w_broker, w_interest, w_org = BRIDGE_WEIGHTS
    ranked = []
    for v in second:
        c = cluster[v]
        novelty = 1.0 - known[c] / size[c]
        brokerage = 1.0 - min(1.0, node_constraint(v, local, strength))
        their_attrs = attrs.get(v, {})
        theirs = {i.casefold() for i in _listed(their_attrs.get("interests", []))}
        shared = [shown for folded, shown in ego_interests.items() if folded in theirs]
        union = len(theirs | set(ego_interests))
        jaccard = len(shared) / union if union else 0.0
        org = " ".join(_listed(their_attrs.get("organisation", ""))).casefold()
        other_org = 1.0 if org and ego_org and org != ego_org else 0.0
        score = w_novel * novelty + w_broker * brokerage + w_interest * jaccard + w_org * other_org
        knows = sum(1 for x in local[v] if x in alter_set)
        ranked.append((round(score, 6), knows, v, c, novelty, shared))
    ranked.sort(key=lambda r: (-r[0], -r[1], order[r[2]]))
    found = []
    for score, _knows, v, c, novelty, shared in ranked[:limit]:
        label = _label(members[c], attrs)
        reason = KNOWN_THROUGH
        if label:
            reason += f", in the {label} cluster"
        elif novelty >= 0.5:
            reason += ", in a cluster you barely reach"
        if shared:
            reason += f"; you share an interest in {' and '.join(shared[:2])}"
        found.append(Suggestion(node=v, reason=reason, score=score))
    return found
