"""What the imports API gives out. Everything here is the caller's own."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field

SourceCode = Literal["linkedin", "vcard", "csv", "mbox"]


class SkippedRowOut(Schema):
    file: str
    line: int
    reason: str


class SkippedReasonOut(Schema):
    reason: str
    rows: int


class SuggestionOut(Schema):
    person_id: int = Field(description="The person already in your keeper.")
    person_name: str
    other_id: int = Field(description="The person this import added.")
    other_name: str
    reason: str


class SummaryOut(Schema):
    rows_read: int
    people_added: int
    people_matched: int = Field(
        description="Already in your keeper: found by a row (email, profile or name) or "
        "among the people the file's messages were with."
    )
    people_updated: int = Field(
        description="Matched people who gained a detail: a field, a date, or a later last contact."
    )
    interactions_added: int
    interactions_already_there: int = Field(description="Imported before: left alone.")
    dates_added: int = Field(
        0, description="Birthdays and other yearly dates added (to new and matched people)."
    )
    skipped_total: int
    skipped_reasons: list[SkippedReasonOut]
    skipped: list[SkippedRowOut] = Field(description="The first thousand rows set aside.")
    suggestions: list[SuggestionOut] = Field(
        description="Unsure matches: review them as merges, nothing was merged. A pair "
        "merged or deleted since is left out."
    )


class ImportErrorOut(Schema):
    message: str
    file: str | None = None
    line: int | None = None
    reason: str | None = None


class ImportJobOut(Schema):
    id: int
    source: SourceCode
    filename: str
    state: Literal["queued", "reading", "writing", "done", "failed"]
    state_label: str
    done: int = Field(description="Lines read so far.")
    total: int = Field(description="Lines in the file(s); 0 until reading starts.")
    percent: int
    created_at: dt.datetime
    finished_at: dt.datetime | None
    summary: SummaryOut | None = Field(description="When done.")
    error: ImportErrorOut | None = Field(description="When failed: file, line and reason.")
