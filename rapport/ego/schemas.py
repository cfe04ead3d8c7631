"""What GET /api/insights gives out: the caller's own insights, nobody else's.

The scores in here are about the people the caller knows and are shown to the
caller only; no field counts another member's connections.
"""

from __future__ import annotations

from ninja import Schema
from pydantic import Field

from rapport.members.schemas import FaceOut, PhotoSmallUrl, PhotoUrl


class FoundCircleOut(Schema):
    index: int = Field(description="0 is the innermost circle found.")
    size: int = Field(description="People in this circle and every one inside it.")
    mean_frequency: float = Field(description="Mean contacts a year of its own members.")
    size_ratio: float | None = Field(description="Its size over the size of the one inside.")
    reads_as: str = Field(description="The keeper circle it reads as: 5, 15, 50 or 150.")


class ChosenCircleOut(Schema):
    circle: str
    circle_label: str
    size: int = Field(description="People you placed in this circle itself.")
    inclusive_size: int = Field(description="In this circle and the circles inside it.")
    capacity: int | None


class CirclesOut(Schema):
    sentence: str
    found: list[FoundCircleOut]
    chosen: list[ChosenCircleOut] = Field(description="Where you placed people, 5 to 150.")


class DiversityOut(Schema):
    attribute: str = Field(description="organisation, location or interests")
    blau: float = Field(description="Blau's index, 0 (all alike) to near 1 (all different).")
    shannon: float = Field(description="Shannon's entropy, in bits.")
    distinct: int = Field(description="Different values among your connections.")
    described: int = Field(description="Your connections who gave a value.")
    sentence: str


class ClusterOut(Schema):
    member_ids: list[int] = Field(description="Your connections who know each other.")


class StructureOut(Schema):
    sentence: str
    constraint_sentence: str
    connections: int = Field(description="Your own connections.")
    effective_size: float = Field(description="Burt's effective size of your network.")
    efficiency: float = Field(description="Effective size over your connections, 0 to 1.")
    constraint: float = Field(description="Burt's constraint, 0 to 1: lower brokers more.")
    redundancy: float
    clusters: list[ClusterOut] = Field(description="Groups of two or more who know each other.")
    know_none_of_the_others: list[int]
    diversity: list[DiversityOut]


class BridgeOut(FaceOut):
    member_id: int
    name: str
    reason: str
    photo_url: PhotoUrl = None
    photo_small_url: PhotoSmallUrl = None


class KeeperSuggestionOut(Schema):
    person_id: int = Field(description="The person in your keeper.")
    name: str
    reason: str


class SuggestionsOut(Schema):
    bridges: list[BridgeOut] = Field(
        description="Members your connections know, in clusters you do not reach."
    )
    dormant: list[KeeperSuggestionOut] = Field(description="Strong once, quiet for over a year.")
    drifting: list[KeeperSuggestionOut] = Field(description="Falling fastest over 90 days.")


class InsightsOut(Schema):
    circles: CirclesOut
    structure: StructureOut
    suggestions: SuggestionsOut
