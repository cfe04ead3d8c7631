"""A member's insights: their ego network put through the engine, then into words.

Reads come from ``rapport.ego.selectors`` (six queries) and ``circle_overview`` (one);
everything else is the pure engine in ``rapport.insights``. The result is plain
data that the page and the API both render. It is about the owner and is shown to
the owner only: the scores of other people in it are never shown to anyone else,
and nothing in it counts or names another member's connections (a bridge is
"someone your connections know").
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import cast

from rapport.ego.circle_mapping import LAYERED, per_year
from rapport.ego.picture import ClusterPicture, cluster_picture
from rapport.ego.selectors import EgoNetwork, ego_network_of
from rapport.insights.circles import find_circles
from rapport.insights.structure import EgoStructure, ego_structure
from rapport.insights.suggestions import (
    DORMANT_QUIET_DAYS,
    Suggestion,
    bridges,
    dormant_ties,
    drifting,
)
from rapport.insights.tie_strength import Contact, tie_strength
from rapport.keeper.selectors import CircleLoad, circle_overview
from rapport.members.models import Member
from rapport.wording import counted

DAY = 86_400.0
DRIFT_DAYS = 90
DRIFT_HALF_LIFE_DAYS = 90.0
"""Recency half-life for the drift comparison. With the default 180 days, a tie that
went from weekly to silent over the last 90 days loses under 0.1 of strength (only
recency and frequency can fall, and slowly), so nothing would ever read as
drifting; a 90-day half-life lets a quarter of silence halve recency."""
SUGGESTIONS = 5
ATTRIBUTES = (
    ("organisation", "Organisations", "organisation", "organisations"),
    ("location", "Places", "place", "places"),
    ("interests", "Interests", "interest", "interests"),
)
# What "none of your connections" has said, by attribute: a place is not something
# one belongs to, and interests are listed rather than belonged to.
NOT_GIVEN = {
    "organisation": "None of your connections has said which organisation they work for.",
    "location": "None of your connections has said where they are.",
    "interests": "None of your connections has listed an interest.",
}


@dataclass(frozen=True)
class FoundCircle:
    """One circle the engine found: inclusive size, mean contacts a year, the ratio
    of its size to the one inside it (None for the innermost), and the keeper circle
    it reads as."""

    index: int
    size: int
    mean_frequency: float
    size_ratio: float | None
    reads_as: str


@dataclass(frozen=True)
class Diversity:
    attribute: str
    label: str
    blau: float
    shannon: float
    distinct: int
    described: int
    sentence: str


@dataclass(frozen=True)
class SuggestedMember:
    """A suggested member (bridges), with their photo's hash (``photo_hash``)."""

    name: str
    reason: str
    score: float
    member_id: int
    photo_hash: str | None = None


@dataclass(frozen=True)
class SuggestedPerson:
    """A suggested person in the owner's keeper (dormant, drifting)."""

    name: str
    reason: str
    score: float
    person_id: int


@dataclass(frozen=True)
class MemberInsights:
    connections: int
    circles_found: list[FoundCircle]
    circles_found_sentence: str
    circles_chosen: list[CircleLoad]
    structure: EgoStructure
    cluster_count: int
    loners: int
    structure_sentence: str
    constraint_sentence: str
    diversity: list[Diversity]
    picture: ClusterPicture
    bridges: list[SuggestedMember]
    dormant: list[SuggestedPerson]
    drifting: list[SuggestedPerson]

    @property
    def placed(self) -> bool:
        """Whether the owner has put anyone in a circle: "0 in the 5, 0 in the 15..."
        tells someone new nothing."""
        return any(load.count for load in self.circles_chosen)


def _node_id(node: Hashable) -> int:
    """The engine hands back the nodes it was given, and this module gives it ids only
    (members' and keeper people's)."""
    return cast(int, node)


def _join(parts: Sequence[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


# --- Circles found ---------------------------------------------------------------


def _circles_found(network: EgoNetwork, *, now: float) -> tuple[list[FoundCircle], str]:
    contacts = [(touch.person_id, touch.occurred_at.timestamp()) for touch in network.touches]
    found = find_circles(contacts, end=now)
    circles = []
    for index in range(found.n_circles):
        circles.append(
            FoundCircle(
                index=index,
                size=found.sizes[index],
                mean_frequency=found.mean_frequency[index],
                size_ratio=found.size_ratios[index - 1] if index else None,
                reads_as=LAYERED[min(index, len(LAYERED) - 1)],
            )
        )
    if not circles:
        return circles, (
            "Log a few conversations in your keeper and the circles your contact "
            "history falls into will show here."
        )
    sizes = _join([str(circle.size) for circle in circles])
    rates = _join([per_year(circle.mean_frequency) for circle in circles])
    # Each circle counts the ones inside it, so the last is the largest: it says "person".
    people = "person" if circles[-1].size == 1 else "people"
    sentence = (
        f"Your keeper's history falls into {counted(len(circles), 'circle')} of "
        f"{sizes} {people} (each counting the ones inside it), in touch "
        f"{rates} times a year on average."
    )
    ratios = [circle.size_ratio for circle in circles if circle.size_ratio]
    if ratios:
        mean_ratio = sum(ratios) / len(ratios)
        sentence += (
            f" Each circle is about {mean_ratio:.1f} times the one inside it "
            "(Dunbar's layers grow about threefold)."
        )
    return circles, sentence


# --- Structure -------------------------------------------------------------------


def _attributes(network: EgoNetwork) -> dict[Hashable, dict[str, str | Sequence[str]]]:
    attributes: dict[Hashable, dict[str, str | Sequence[str]]] = {}
    for pk, member in network.members.items():
        values: dict[str, str | Sequence[str]] = {}
        if member.organisation:
            values["organisation"] = member.organisation
        if member.location:
            values["location"] = member.location
        if member.interests:
            values["interests"] = list(member.interests)
        attributes[pk] = values
    return attributes


def _structure_sentences(
    structure: EgoStructure, *, alters: int, clusters: int, loners: int
) -> tuple[str, str]:
    if alters == 0:
        return (
            "You have no connections yet, so there is no network shape to read.",
            "",
        )
    efficiency = structure.efficiency
    effective = f"{structure.effective_size:.1f}".rstrip("0").rstrip(".")
    if alters == 1:
        said = "You have 1 connection: one connection is one view of the world"
    elif not clusters:
        # Nobody to say "few of them know each other" about: none do.
        said = (
            f"None of your {counted(alters, 'connection')} know each other, so each "
            "brings you something different"
        )
    else:
        head = f"Your {counted(alters, 'connection')} fall into {counted(clusters, 'cluster')}"
        if loners:
            head += f", and {loners} {'knows' if loners == 1 else 'know'} none of the others"
        if efficiency < 0.5:
            gist = "most of them know each other, so you hear the same things twice"
        elif efficiency < 0.8:
            gist = "some of them know each other, so part of what you hear comes twice"
        else:
            gist = "few of them know each other, so each brings you something different"
        said = f"{head}; {gist}"
    sentence = f"{said} — effective size {effective} of {alters}."
    constraint = structure.constraint
    if constraint >= 0.5 and efficiency >= 0.8:
        # Constraint is high with few contacts too, however unconnected they are
        # (Burt: 1/n for n strangers to one another), so that is what it says here.
        words = "high: with so few connections, each one holds much of your network"
    elif constraint >= 0.5:
        words = "high: your contacts are tied to each other, leaving little room to broker"
    elif constraint >= 0.25:
        words = "moderate: some of your contacts lead to people you can reach no other way"
    else:
        words = "low: you stand between groups that do not otherwise meet"
    return sentence, f"Burt's constraint is {constraint:.2f}, {words}."


def _diversity(network: EgoNetwork, structure: EgoStructure) -> list[Diversity]:
    alters = [network.members[pk] for pk in network.alter_ids if pk in network.members]
    result = []
    for attribute, label, one, many in ATTRIBUTES:
        values: set[str] = set()
        described = 0
        for member in alters:
            if attribute == "interests":
                found = {interest.casefold() for interest in member.interests}
            else:
                text = getattr(member, attribute).casefold()
                found = {text} if text else set()
            if found:
                described += 1
                values |= found
        blau = structure.diversity.get(attribute, 0.0)
        shannon = structure.shannon.get(attribute, 0.0)
        if not alters:
            sentence = f"You have no connections yet, so there are no {many} to compare."
        elif described == 0:
            sentence = NOT_GIVEN[attribute]
        else:
            if blau >= 0.7:
                spread = "a varied mix"
            elif blau >= 0.4:
                spread = "some variety"
            else:
                spread = "mostly the same"
            sentence = (
                f"{counted(len(values), one, many).capitalize()} among the "
                f"{counted(described, 'connection')} who "
                f"{'gives' if described == 1 else 'give'} one: {spread} "
                f"(Blau index {blau:.2f})."
            )
        result.append(
            Diversity(
                attribute=attribute,
                label=label,
                blau=blau,
                shannon=shannon,
                distinct=len(values),
                described=described,
                sentence=sentence,
            )
        )
    return result


# --- Tie strength over time --------------------------------------------------------


def _contacts_by_person(network: EgoNetwork) -> dict[int, list[Contact]]:
    contacts: dict[int, list[Contact]] = defaultdict(list)
    for touch in network.touches:
        contacts[touch.person_id].append(
            Contact(
                timestamp=touch.occurred_at.timestamp(),
                kind=touch.kind,
                direction=touch.direction,
                group_size=network.group_sizes.get(touch.interaction_id, 1),
            )
        )
    return contacts


def _keeper_suggestions(
    network: EgoNetwork, *, now: float
) -> tuple[list[SuggestedPerson], list[SuggestedPerson]]:
    """Dormant ties (strong once, quiet over a year) and drifting ones (falling
    fastest over the last 90 days), over everyone in the owner's keeper."""
    histories: dict[Hashable, tuple[float, float]] = {}
    scores: dict[Hashable, tuple[float, float]] = {}
    before = now - DRIFT_DAYS * DAY
    for person_id, contacts in _contacts_by_person(network).items():
        last = max(contact.timestamp for contact in contacts)
        if now - last > DORMANT_QUIET_DAYS * DAY:
            # The strength at the latest contact is the tie at its warmest since
            # then: recency is full and every other component has all its contacts.
            # Only ties quiet for a year can be dormant, so only they are scored.
            histories[person_id] = (tie_strength(contacts, now=last).score, last)
        then = tie_strength(contacts, now=before, half_life_days=DRIFT_HALF_LIFE_DAYS).score
        if then > 0:
            current = tie_strength(contacts, now=now, half_life_days=DRIFT_HALF_LIFE_DAYS)
            scores[person_id] = (then, current.score)

    def named(suggestions: list[Suggestion]) -> list[SuggestedPerson]:
        return [
            SuggestedPerson(
                name=network.people[_node_id(item.node)].name,
                reason=item.reason,
                score=item.score,
                person_id=_node_id(item.node),
            )
            for item in suggestions
            if item.node in network.people
        ]

    return (
        named(dormant_ties(histories, now=now, limit=SUGGESTIONS)),
        named(drifting(scores, limit=SUGGESTIONS)),
    )


def _bridges(network: EgoNetwork, *, edges: list[tuple[int, int]]) -> list[SuggestedMember]:
    """Second-degree members who open clusters the owner does not reach. Members
    with a pending request to or from the owner are left out (that is in hand), and
    so is anyone blocked either way (absent from ``network.members``)."""
    second = network.second_degree_ids
    eligible = (second & set(network.members)) - network.pending_with
    found = bridges(
        network.owner_id,
        edges,
        attributes=_attributes(network),
        # Room for the ones skipped below (inactive, blocked, pending), so that as
        # many as SUGGESTIONS remain when there are that many eligible.
        limit=SUGGESTIONS + len(second - eligible),
    )
    suggested = []
    for item in found:
        if item.node not in eligible:
            continue
        member = network.members[int(item.node)]
        suggested.append(
            SuggestedMember(
                name=member.name,
                reason=item.reason,
                score=item.score,
                member_id=member.id,
                photo_hash=member.photo_hash,
            )
        )
    return suggested[:SUGGESTIONS]


# --- All of it --------------------------------------------------------------------


def member_insights(*, member: Member, now: dt.datetime) -> MemberInsights:
    """Everything on the insights page, for ``member`` only. Seven queries."""
    network = ego_network_of(member=member)
    at = now.timestamp()
    owner = network.owner_id
    # Connections whose account is no longer active are not in ``network.members``: no
    # insight counts, draws or names them (a nameless dot, its profile "not found").
    alters = sorted(pk for pk in network.alter_ids if pk in network.members)
    own_edges = [(owner, alter) for alter in alters]
    active = set(alters)
    among = [(a, b) for a, b in network.ties if a in active and b in active]
    attributes = _attributes(network)
    structure = ego_structure(owner, [*own_edges, *among], attributes=attributes)
    clusters = [
        sorted(_node_id(pk) for pk in cluster if pk != owner) for cluster in structure.clusters
    ]
    clusters = [cluster for cluster in clusters if cluster]
    grouped = sum(1 for cluster in clusters if len(cluster) > 1)
    loners = sum(1 for cluster in clusters if len(cluster) == 1)
    sentence, constraint_sentence = _structure_sentences(
        structure, alters=len(alters), clusters=grouped, loners=loners
    )
    circles, circles_sentence = _circles_found(network, now=at)
    dormant, drifting_now = _keeper_suggestions(network, now=at)
    shown = [network.members[pk] for pk in alters if pk in network.members]
    names = {member.id: member.name for member in shown}
    faces = {member.id: member.photo_hash for member in shown}
    return MemberInsights(
        connections=len(alters),
        circles_found=circles,
        circles_found_sentence=circles_sentence,
        circles_chosen=[load for load in circle_overview(owner=member) if load.circle in LAYERED],
        structure=structure,
        cluster_count=grouped,
        loners=loners,
        structure_sentence=sentence,
        constraint_sentence=constraint_sentence,
        diversity=_diversity(network, structure),
        picture=cluster_picture(clusters, names=names, faces=faces),
        bridges=_bridges(network, edges=[*own_edges, *network.ties]),
        dormant=dormant,
        drifting=drifting_now,
    )
