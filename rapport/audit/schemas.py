"""What the audit operations give out: the caller's own network, nobody else's.

The tie strengths in here are scores about people the caller knows, shown to the
caller only. The figures count the caller's own connections (no field counts
anyone else's), and no field name says "count".
"""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field

from rapport.input_schema import InputSchema


class AuditFiguresOut(Schema):
    connections: int = Field(
        description="People in your keeper you connected with: imported from LinkedIn "
        "(with a connection date) or connected on Rapport."
    )
    imported: int = Field(description="Of them, imported with a LinkedIn connection date.")
    on_rapport: int = Field(description="Of them, members you are (or were) connected with.")
    exchanged: int = Field(description="Connections you ever had a conversation with.")
    exchanged_last_12_months: int = Field(description="Of those, in the last 12 months.")
    both_ways: int = Field(
        description="Connections with a conversation each way (one you gave and one you "
        "received) or a mutual one (a meeting, a call)."
    )
    never: int = Field(description="Connections with no conversation at all.")
    in_strongest: int = Field(
        description="Connections among your strongest ties (the `strongest` list, 150 at most)."
    )
    in_touch_beyond: int = Field(
        description="Connections talked to in the last 12 months, beyond your strongest ties."
    )
    dormant: int = Field(description="Connections that are dormant ties worth reviving.")
    chosen: int = Field(description="Connections you placed in a circle or on your board.")
    rest: int = Field(description="Contacts, not connections: everyone else.")
    rest_archived: int = Field(description="Of the rest, archived.")


class AuditLayerOut(Schema):
    layer: int = Field(description="Dunbar's layer: 5, 15, 50 or 150.")
    found: int | None = Field(
        description="The inclusive size of the circle found in your history that reads as "
        "this layer; null when none does."
    )


class AuditCirclesOut(Schema):
    sentence: str
    layers: list[AuditLayerOut]


class AuditMonthOut(Schema):
    month: str = Field(description="YYYY-MM, in the site's time zone.")
    conversations: int


class AuditMonthsOut(Schema):
    sentence: str
    months: list[AuditMonthOut] = Field(
        description="From the first conversation (20 years at most)."
    )
    before_chart: int = Field(description="Conversations older than the first month given.")


class AuditTieOut(Schema):
    rank: int
    person_id: int
    name: str
    score: float = Field(description="Tie strength, 0 to 1 (docs/science.md).")
    why: str
    suggested_circle: str = Field(description="5, 15, 50 or 150, from how often you are in touch.")
    suggested_reason: str
    circle: str = Field(description="The circle you placed them in.")
    archived: bool


class AuditSeatSuggestionOut(Schema):
    position: int = Field(description="The seat, 1 to 12.")
    group: str
    role: str
    held_by: str | None = Field(description="Who sits there now; null for an empty seat.")
    person_id: int
    name: str
    why: str


class AuditDormantOut(Schema):
    person_id: int
    name: str
    reason: str
    peak: float = Field(description="Tie strength at its warmest, 0 to 1.")
    archived: bool


class AuditRestOut(Schema):
    total: int = Field(description="Contacts, not connections.")
    archived: int = Field(description="Of them, archived already.")
    to_archive: int = Field(description="Of them, what POST /api/audit/archive would archive.")
    to_archive_fingerprint: str = Field(
        description="Which people those are, in 32 characters: send it as `confirmed` to "
        "POST /api/audit/archive, which then archives exactly them, or nobody (409 "
        "`archive_changed`) if the set changed since."
    )
    sample: list[str] = Field(description="A few of their names, not archived yet.")


class AuditOut(Schema):
    generated_at: dt.datetime = Field(description="When these figures were computed.")
    figures: AuditFiguresOut
    sentences: list[str] = Field(description="The figures in words.")
    circles: AuditCirclesOut
    months: AuditMonthsOut
    strongest: list[AuditTieOut] = Field(description="Your strongest active ties, 150 at most.")
    board: list[AuditSeatSuggestionOut] = Field(description="One candidate per seat of your board.")
    dormant: list[AuditDormantOut] = Field(description="Close once, quiet over a year; 20 at most.")
    dormant_total: int = Field(description="Every dormant tie worth reviving.")
    rest: AuditRestOut


class AuditArchiveOut(Schema):
    archived: int = Field(description="How many people were archived now.")
    message: str


class AuditRestoreIn(InputSchema):
    person_ids: list[int] | None = Field(
        None, description="Whom to restore; leave it out to restore everyone archived."
    )


class AuditRestoreOut(Schema):
    restored: int = Field(description="How many people came back into the lists.")
    message: str


class AuditArchivedPersonOut(Schema):
    id: int
    name: str
    organisation: str
    role: str
    connected_on: dt.date | None
    archived_at: dt.datetime
