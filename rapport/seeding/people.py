"""Who is in the community: names, organisations, places, roles, interests, join dates.

Organisations and places are clustered the way real ones are: sizes follow a power
law (a few employers with thousands of members, most with a handful), most of an
organisation's people live in its home city, and cities are weighted by size.
Interests follow Zipf's law over a vocabulary with a long tail: a few topics are
everyone's, most are shared by a handful of members.

Pure numpy and plain data: no Django here, so it can be tested and timed alone.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rapport.seeding import vocabulary as words

DAY_US = 86_400 * 1_000_000
YEAR_US = 365 * DAY_US

# How long the community has existed, and how its membership grew: joins get more
# frequent over time (density rising linearly toward today).
COMMUNITY_AGE_US = 6 * YEAR_US
MEMBERS_PER_ORGANISATION = 25
NO_ORGANISATION_SHARE = 0.12  # freelancers, students, people between jobs
LIVES_AT_ORGANISATION_HOME = 0.8
INTERESTS_MIN, INTERESTS_MAX = 2, 8
INTEREST_ZIPF_EXPONENT = 1.1
SECTOR_INTEREST_SHARE = 0.6
INTERESTS_CHARS_MAX = 400  # Member.interests
LOCAL_GROUP_SHARE = 0.3  # members who list their organisation's sector as an interest


@dataclass(frozen=True)
class Organisations:
    names: list[str]
    place: np.ndarray  # the home city of each organisation
    sector: np.ndarray  # index into ORG_SECTORS


@dataclass(frozen=True)
class People:
    """One entry per member, in member order (member ``i`` gets id ``i + 1``)."""

    count: int
    first: np.ndarray
    last: np.ndarray
    organisation: np.ndarray  # -1: none
    place: np.ndarray
    role: np.ndarray
    joined: np.ndarray  # int64 microseconds since the epoch
    interest_ptr: np.ndarray  # member i's interests: interest_ids[ptr[i]:ptr[i + 1]]
    interest_ids: np.ndarray
    niche: np.ndarray  # each member's least common interest: their small community
    organisations: Organisations
    interest_names: list[str]

    def interests_of(self, i: int) -> list[str]:
        ids = self.interest_ids[self.interest_ptr[i] : self.interest_ptr[i + 1]]
        return [self.interest_names[j] for j in ids]

    def name_of(self, i: int) -> str:
        return f"{words.FIRST_NAMES[self.first[i]]} {words.LAST_NAMES[self.last[i]]}"


def interest_vocabulary(rng: np.random.Generator) -> tuple[list[str], int]:
    """Common topics first (the head of the Zipf curve), then niche subjects in random
    order; then local groups ("bike repair in Leeds"), subject by subject, which a member
    only joins in their own city. Returns the names and how many are not local."""
    specific = [f"{q} {s}" for q in words.INTEREST_QUALIFIERS for s in words.INTEREST_SUBJECTS]
    order = rng.permutation(len(specific))
    common = list(words.INTERESTS_COMMON)
    rng.shuffle(common)
    ranked = common + [specific[k] for k in order]
    local = [f"{s} in {city}" for s in words.INTEREST_SUBJECTS for city, _, _ in words.PLACES]
    return ranked + local, len(ranked)


def zipf_weights(size: int, exponent: float) -> np.ndarray:
    weights = 1.0 / np.arange(1, size + 1) ** exponent
    shares: np.ndarray = weights / weights.sum()
    return shares


def organisations_generate(rng: np.random.Generator, *, members: int) -> Organisations:
    count = max(1, members // MEMBERS_PER_ORGANISATION)
    stems, sectors, forms = len(words.ORG_STEMS), len(words.ORG_SECTORS), len(words.ORG_FORMS)
    space = stems * sectors * forms
    # Distinct (stem, sector, form) triples; past the space's size names repeat with a number.
    codes = rng.permutation(space)[: min(count, space)]
    if count > space:
        codes = np.concatenate([codes, rng.integers(0, space, count - space)])
    names = []
    for k, code in enumerate(codes.tolist()):
        stem, rest = divmod(code, sectors * forms)
        sector, form = divmod(rest, forms)
        name = f"{words.ORG_STEMS[stem]} {words.ORG_SECTORS[sector][0]}{words.ORG_FORMS[form]}"
        names.append(name if k < space else f"{name} {k // space + 1}")
    place_p = _place_weights()
    place = rng.choice(len(words.PLACES), size=count, p=place_p)
    sector_of = (codes // forms) % sectors
    return Organisations(names=names, place=place, sector=sector_of)


def _place_weights() -> np.ndarray:
    weights = np.array([w for _, _, w in words.PLACES], dtype=float)
    shares: np.ndarray = weights / weights.sum()
    return shares


def people_generate(rng: np.random.Generator, *, members: int, now_us: int) -> People:
    organisations = organisations_generate(rng, members=members)
    org_count = len(organisations.names)
    # Organisation sizes: a power law, so a few are large and most are small.
    org_weight = rng.pareto(1.1, org_count) + 1.0
    organisation = rng.choice(org_count, size=members, p=org_weight / org_weight.sum())
    organisation[rng.random(members) < NO_ORGANISATION_SHARE] = -1
    has_org = organisation >= 0

    place = rng.choice(len(words.PLACES), size=members, p=_place_weights())
    at_home = has_org & (rng.random(members) < LIVES_AT_ORGANISATION_HOME)
    place[at_home] = organisations.place[organisation[at_home]]

    joined = now_us - (COMMUNITY_AGE_US * (1.0 - np.sqrt(rng.random(members)))).astype(np.int64)

    names, ranked = interest_vocabulary(rng)
    p = zipf_weights(ranked, INTEREST_ZIPF_EXPONENT)
    wanted = rng.integers(INTERESTS_MIN, INTERESTS_MAX + 1, size=members)
    draws = rng.choice(ranked, size=(members, INTERESTS_MAX + 1), p=p)
    # Many list their organisation's sector too, which ties interests to clusters.
    sector_interest = np.array(
        [names.index(topic) if topic in names else -1 for _, topic in words.ORG_SECTORS],
        dtype=np.int64,
    )
    lists_sector = has_org & (rng.random(members) < SECTOR_INTEREST_SHARE)
    sector_ids = sector_interest[organisations.sector[np.where(has_org, organisation, 0)]]
    use = lists_sector & (sector_ids >= 0)
    draws[use, 0] = sector_ids[use]
    # Some belong to a local group, always in their own city: the smallest communities.
    subjects = len(words.INTEREST_SUBJECTS)
    subject = rng.choice(subjects, size=members, p=zipf_weights(subjects, 1.0))
    draws[:, INTERESTS_MAX] = ranked + subject * len(words.PLACES) + place
    keep = np.arange(INTERESTS_MAX + 1)[None, :] < wanted[:, None]
    keep[:, INTERESTS_MAX] = rng.random(members) < LOCAL_GROUP_SHARE
    # Drop repeats within a member's own list.
    ordered = np.sort(np.where(keep, draws, -1), axis=1)
    repeat = np.zeros_like(ordered, dtype=bool)
    repeat[:, 1:] = ordered[:, 1:] == ordered[:, :-1]
    valid = (ordered >= 0) & ~repeat
    interest_ids = ordered[valid]
    interest_ptr = np.concatenate([[0], np.cumsum(valid.sum(axis=1))])
    niche = np.where(valid, ordered, -1).max(axis=1)

    return People(
        count=members,
        first=rng.integers(0, len(words.FIRST_NAMES), members),
        last=rng.integers(0, len(words.LAST_NAMES), members),
        organisation=organisation,
        place=place,
        role=rng.integers(0, len(words.ROLES), members),
        joined=joined,
        interest_ptr=interest_ptr,
        interest_ids=interest_ids,
        niche=niche,
        organisations=organisations,
        interest_names=names,
    )
