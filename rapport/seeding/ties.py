"""Who is connected to whom: a heavy-tailed degree distribution under the cap, with ties
clustered inside organisations, cities and small interest communities.

Each member gets a target degree (log-normal, growing with time in the community,
a few "connectors" near the cap; never above it). Their ties are split between
their organisation, their city, their niche interest and the wider community, and
each kind is wired with a configuration model inside its block (stubs shuffled and
paired within the block, Chung-Lu style: well-connected members meet each other
more often). A stub is used once, so no member ever ends up above their target,
and so never above the cap; self-pairs and repeats are dropped, as in life some
intended ties never form.

Pure numpy: no Django here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rapport.seeding.people import DAY_US, YEAR_US, People

ORGANISATION, PLACE, INTEREST, WIDER = 0, 1, 2, 3
KIND_NAMES = ("organisation", "place", "interest", "wider community")
# Where a member's ties come from, for someone with an organisation; those without
# one put the organisation's share into their city.
KIND_SHARES = np.array([0.45, 0.27, 0.12, 0.16])

DEGREE_MEDIAN = 13.0
DEGREE_SIGMA = 1.0
CONNECTOR_SHARE = 0.02  # members who connect widely, up to the cap
FULL_DEGREE_AFTER_US = YEAR_US  # newcomers have fewer ties; after a year, their full share
TOP_UP_ROUNDS = 3


@dataclass(frozen=True)
class Ties:
    """Unordered pairs (low < high, member indexes from 0), one per pair, with the block
    that made each tie."""

    low: np.ndarray
    high: np.ndarray
    kind: np.ndarray

    def __len__(self) -> int:
        return len(self.low)

    def degrees(self, members: int) -> np.ndarray:
        return np.bincount(self.low, minlength=members) + np.bincount(self.high, minlength=members)


def target_degrees(
    rng: np.random.Generator, *, joined: np.ndarray, now_us: int, cap: int
) -> np.ndarray:
    members = len(joined)
    degree = rng.lognormal(np.log(DEGREE_MEDIAN), DEGREE_SIGMA, members)
    connectors = rng.random(members) < CONNECTOR_SHARE
    degree[connectors] = rng.uniform(0.6 * cap, 1.2 * cap, connectors.sum())
    tenure = np.clip((now_us - joined + 30 * DAY_US) / FULL_DEGREE_AFTER_US, 0.0, 1.0)
    degree = degree * np.sqrt(tenure)
    return np.minimum(np.round(degree).astype(np.int64), cap)


def _pair_within_blocks(
    rng: np.random.Generator, members: np.ndarray, blocks: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Shuffle the stubs within each block and pair neighbours: 0 with 1, 2 with 3, ..."""
    if len(members) < 2:
        return members[:0], members[:0]
    order = np.lexsort((rng.random(len(blocks)), blocks))
    stub_member, stub_block = members[order], blocks[order]
    starts = np.flatnonzero(np.r_[True, stub_block[1:] != stub_block[:-1]])
    sizes = np.diff(np.r_[starts, len(stub_block)])
    rank = np.arange(len(stub_block)) - np.repeat(starts, sizes)
    size = np.repeat(sizes, sizes)
    first = np.flatnonzero((rank % 2 == 0) & (rank + 1 < size))
    return stub_member[first], stub_member[first + 1]


def ties_generate(rng: np.random.Generator, people: People, *, now_us: int, cap: int) -> Ties:
    n = people.count
    degrees = target_degrees(rng, joined=people.joined, now_us=now_us, cap=cap)
    has_org = people.organisation >= 0
    shares = np.tile(KIND_SHARES, (n, 1))
    shares[~has_org, PLACE] += shares[~has_org, ORGANISATION]
    shares[~has_org, ORGANISATION] = 0.0
    stubs = rng.multinomial(degrees, shares)

    # A block cannot give more ties than it has other members: the rest go wider.
    org_size = np.bincount(people.organisation[has_org], minlength=len(people.organisations.names))
    room = {
        ORGANISATION: np.where(has_org, org_size[np.where(has_org, people.organisation, 0)] - 1, 0),
        PLACE: np.bincount(people.place)[people.place] - 1,
        INTEREST: np.bincount(people.niche)[people.niche] - 1,
    }
    for kind, limit in room.items():
        over = np.maximum(stubs[:, kind] - limit, 0)
        stubs[:, kind] -= over
        stubs[:, WIDER] += over

    block_of = {
        ORGANISATION: people.organisation,
        PLACE: people.place,
        INTEREST: people.niche,
        WIDER: np.zeros(n, dtype=np.int64),
    }
    lows, highs, kinds = [], [], []
    for kind in (ORGANISATION, PLACE, INTEREST, WIDER):
        owners = np.repeat(np.arange(n), stubs[:, kind])
        a, b = _pair_within_blocks(rng, owners, block_of[kind][owners])
        lows.append(np.minimum(a, b))
        highs.append(np.maximum(a, b))
        kinds.append(np.full(len(a), kind, dtype=np.int8))
    ties = _distinct(np.concatenate(lows), np.concatenate(highs), np.concatenate(kinds), n)
    # Stubs lost to self-pairs and repeats are paired again in the wider community, a
    # few times, so members reach their target (and some the cap) as in a real network.
    for _ in range(TOP_UP_ROUNDS):
        missing = np.maximum(degrees - ties.degrees(n), 0)
        owners = np.repeat(np.arange(n), missing)
        if len(owners) < 2:
            break
        a, b = _pair_within_blocks(rng, owners, np.zeros(len(owners), dtype=np.int64))
        extra = _distinct(
            np.minimum(a, b), np.maximum(a, b), np.full(len(a), WIDER, dtype=np.int8), n
        )
        fresh = ~np.isin(pair_keys(extra.low, extra.high, n), pair_keys(ties.low, ties.high, n))
        ties = Ties(
            low=np.concatenate([ties.low, extra.low[fresh]]),
            high=np.concatenate([ties.high, extra.high[fresh]]),
            kind=np.concatenate([ties.kind, extra.kind[fresh]]),
        )
    return ties


def _distinct(low: np.ndarray, high: np.ndarray, kind: np.ndarray, members: int) -> Ties:
    """Drop self-pairs and repeats; where two blocks made the same tie, the closer
    block (the lower kind) names it."""
    real = low != high
    low, high, kind = low[real], high[real], kind[real]
    key = pair_keys(low, high, members)
    order = np.lexsort((kind, key))
    key, low, high, kind = key[order], low[order], high[order], kind[order]
    first = np.r_[True, key[1:] != key[:-1]]
    return Ties(low=low[first], high=high[first], kind=kind[first])


def pair_keys(low: np.ndarray, high: np.ndarray, members: int) -> np.ndarray:
    keys: np.ndarray = low.astype(np.int64) * members + high
    return keys


def common_neighbour(
    rng: np.random.Generator, ties: Ties, members: int, *, tries: int = 3
) -> np.ndarray:
    """For each tie (a, b), a member connected to both, or -1 when a few random looks at
    a's other ties find none: the member who could have introduced them."""
    ends = np.concatenate([ties.low, ties.high])
    others = np.concatenate([ties.high, ties.low])
    order = np.argsort(ends, kind="stable")
    neighbours = others[order]
    ptr = np.concatenate([[0], np.cumsum(np.bincount(ends, minlength=members))])
    sorted_keys = np.sort(pair_keys(ties.low, ties.high, members))
    found = np.full(len(ties), -1, dtype=np.int64)
    a, b = ties.low, ties.high
    degree_a = ptr[a + 1] - ptr[a]
    for _ in range(tries):
        looking = (found < 0) & (degree_a > 1)
        pick = ptr[a] + (rng.random(len(a)) * degree_a).astype(np.int64)
        c = neighbours[np.minimum(pick, len(neighbours) - 1)]
        key = pair_keys(np.minimum(c, b), np.maximum(c, b), members)
        at = np.minimum(np.searchsorted(sorted_keys, key), len(sorted_keys) - 1)
        hit = looking & (c != b) & (sorted_keys[at] == key)
        found[hit] = c[hit]
    return found
