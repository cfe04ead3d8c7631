"""Who in the keeper a record from a file is: by email, profile address, phone, then
exact name and organisation. Never a silent guess.

A record that matches nobody with certainty becomes a new person. When the keeper
already holds someone of the same name at another organisation (or with none
given), the pair is an *unsure* match: a merge suggestion for the member to review,
never a merge. People of the file match each other the same way, so a connection
listed twice, or a vCard and a message about one person, land on one entry.

References are plain ints: an existing person's id, or ``-(n + 1)`` for the n-th
new person of this import (ids are only known once they are written).

Yearly dates join the person they belong to like any other detail: a date the
person already has (the same kind, label, month and day) is not added again, and a
person keeps the one birthday they have; a different one in the file is set aside
with its line, saying which is kept.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapport.imports.parsers.base import DateRecord, Party, PersonRecord, Skipped
from rapport.keeper.duplicates import _organisation_key as organisation_words
from rapport.keeper.duplicates import _phone_key, name_tokens
from rapport.keeper.vocabulary import DateKind


@functools.lru_cache(maxsize=65_536)
def _organisation_key(organisation: str) -> str:
    """The keeper's duplicate finder's key for an organisation (cached: it repeats)."""
    return organisation_words(organisation)


@functools.lru_cache(maxsize=65_536)
def name_key(name: str) -> str:
    """Accents, case and punctuation aside, the same words in the same order."""
    return " ".join(name_tokens(name))


@dataclass(slots=True)
class Known:
    """A person as matching sees them: an existing row, or one this import adds."""

    ref: int
    name: str
    organisation: str
    emails: list[dict[str, str]] = field(default_factory=list)
    phones: list[dict[str, str]] = field(default_factory=list)
    links: list[dict[str, str]] = field(default_factory=list)
    linkedin_url: str = ""
    role: str = ""
    connected_on: dt.date | None = None
    last_contact_at: dt.datetime | None = None
    changed: set[str] = field(default_factory=set)
    # Every yearly date the person has, and those of them this import adds.
    dates: list[DateRecord] = field(default_factory=list)
    new_dates: list[DateRecord] = field(default_factory=list)


@dataclass(frozen=True)
class Suggestion:
    existing: int
    new: int
    reason: str


class Matcher:
    def __init__(self, existing: Iterable[Known]) -> None:
        self.people: dict[int, Known] = {}
        self.new: list[Known] = []
        self.suggestions: list[Suggestion] = []
        self._by_email: dict[str, int] = {}
        self._by_url: dict[str, int] = {}
        self._by_phone: dict[str, int] = {}
        self._by_name_org: dict[tuple[str, str], int] = {}
        self._by_name: dict[str, list[int]] = {}
        self.existing_refs: set[int] = set()
        # Values of the file left out while matching, with their line and why.
        self.set_aside: list[Skipped] = []
        for known in existing:
            self.existing_refs.add(known.ref)
            self._index(known)
        # The existing person a new one of each name is suggested as a duplicate of:
        # the first indexed, as no one existing is indexed later. Looked up instead of
        # walking every namesake (a common name is listed hundreds of times).
        self._first_existing: dict[str, int] = {key: refs[0] for key, refs in self._by_name.items()}

    def _index(self, known: Known) -> None:
        self.people[known.ref] = known
        for entry in known.emails:
            self._by_email.setdefault(str(entry.get("value", "")).lower(), known.ref)
        if known.linkedin_url:
            self._by_url.setdefault(known.linkedin_url, known.ref)
        for entry in known.phones:
            phone = _phone_key(str(entry.get("value", "")))
            if phone:
                self._by_phone.setdefault(phone, known.ref)
        key = name_key(known.name)
        if key:
            self._by_name_org.setdefault((key, _organisation_key(known.organisation)), known.ref)
            refs = self._by_name.setdefault(key, [])
            if known.ref not in refs:
                refs.append(known.ref)

    # --- people of the file -------------------------------------------------------

    def person(self, record: PersonRecord) -> int:
        """The reference of the person ``record`` is, adding a new one when unsure.

        Its name's and organisation's keys are worked out once, for both matching and
        indexing: the keys' caches make that cheap, not free, at 30,000 connections."""
        key = name_key(record.name)
        organisation = _organisation_key(record.organisation) if key else ""
        ref = self._certain(record, key, organisation)
        if ref is not None:
            self._fill(self.people[ref], record)
            return ref
        return self._add(record, key, organisation)

    def _certain(self, record: PersonRecord, key: str, organisation: str) -> int | None:
        """Who ``record`` is for sure: by email, profile, phone, then name and
        organisation (``key`` and ``organisation`` are their keys)."""
        by_email = self._by_email
        for email, _type in record.emails:
            found = by_email.get(email)
            if found is not None:
                return found
        url = record.linkedin_url
        if url:
            found = self._by_url.get(url)
            if found is not None:
                return found
        for phone, _type in record.phones:
            phone_key = _phone_key(phone)
            if phone_key:
                found = self._by_phone.get(phone_key)
                if found is not None:
                    return found
        if not key:
            return None
        found = self._by_name_org.get((key, organisation))
        if found is not None and url and self.people[found].linkedin_url not in ("", url):
            return None  # two profiles: two people, whatever their names
        return found

    def _add(self, record: PersonRecord, key: str, organisation: str) -> int:
        """A new person of ``record``, suggested as a duplicate of the first existing
        person of the same name. Indexed like an existing one; its organisation, role,
        profile and connection date are the record's, so only its details and dates
        are filled in from it."""
        ref = -(len(self.new) + 1)
        known = Known(
            ref=ref,
            name=record.name,
            organisation=record.organisation,
            role=record.role,
            linkedin_url=record.linkedin_url,
            connected_on=record.connected_on,
        )
        self.new.append(known)
        self.people[ref] = known
        other = self._first_existing.get(key) if key else None
        if other is not None:
            theirs = self.people[other].organisation
            reason = (
                f"Same name; organisations differ ({theirs} and {known.organisation})"
                if theirs and known.organisation
                else "Same name; no organisation to tell them apart"
            )
            self.suggestions.append(Suggestion(existing=other, new=ref, reason=reason))
        if record.emails or record.phones or record.links:
            self._fill_details(known, record)
        if known.linkedin_url:
            self._by_url.setdefault(known.linkedin_url, ref)
        for date in record.dates:
            self._fill_date(known, record, date)
        if key:
            self._by_name_org.setdefault((key, organisation), ref)
            namesakes = self._by_name.get(key)
            if namesakes is None:
                self._by_name[key] = [ref]
            else:
                namesakes.append(ref)  # a new ref: never among them yet
        return ref

    def _fill(self, known: Known, record: PersonRecord) -> None:
        """Add what the record knows and the entry lacks; never overwrite a value."""
        if record.organisation and not known.organisation:
            known.organisation = record.organisation
            known.changed.add("organisation")
        if record.role and not known.role:
            known.role = record.role
            known.changed.add("role")
        if record.linkedin_url and not known.linkedin_url:
            known.linkedin_url = record.linkedin_url
            known.changed.add("linkedin_url")
        if record.connected_on and known.connected_on is None:
            known.connected_on = record.connected_on
            known.changed.add("connected_on")
        if record.emails or record.phones or record.links:
            self._fill_details(known, record)
        if known.linkedin_url:
            self._by_url.setdefault(known.linkedin_url, known.ref)
        for date in record.dates:
            self._fill_date(known, record, date)

    def _fill_details(self, known: Known, record: PersonRecord) -> None:
        """The record's emails, phones and links the entry lacks (most connections
        bring none, so this is only called when one does)."""
        for values, attribute, key in (
            (record.emails, "emails", "value"),
            (record.phones, "phones", "value"),
            (record.links, "links", "url"),
        ):
            if not values:
                continue
            entries: list[dict[str, str]] = getattr(known, attribute)
            present = {str(entry.get(key, "")).lower() for entry in entries}
            label = "label" if key == "url" else "type"
            for value, kind in values:
                if value.lower() not in present:
                    entries.append({key: value, label: kind})
                    present.add(value.lower())
                    known.changed.add(attribute)
                    if attribute == "emails":
                        self._by_email.setdefault(value.lower(), known.ref)
                    elif attribute == "phones" and _phone_key(value):
                        self._by_phone.setdefault(_phone_key(value), known.ref)

    def _fill_date(self, known: Known, record: PersonRecord, date: DateRecord) -> None:
        for kept in known.dates:
            if kept.same_day(date):
                return
            if kept.kind == DateKind.BIRTHDAY and date.kind == DateKind.BIRTHDAY:
                self.set_aside.append(
                    Skipped(
                        record.file,
                        record.line,
                        f"Birthday {date.described()!r}: {known.name!r} already has one "
                        f"({kept.described()}), which is kept.",
                    )
                )
                return
        known.dates.append(date)
        known.new_dates.append(date)

    # --- people an interaction was with -------------------------------------------

    def profile(self, url: str) -> int | None:
        """Who holds this LinkedIn profile, if anyone yet. Once someone does, ``party``
        answers them for any party with that profile, whatever else it says."""
        return self._by_url.get(url) if url else None

    def party(self, party: Party, *, may_add: bool) -> int | None:
        """The person ``party`` is, a new one when ``may_add``, else None."""
        if party.linkedin_url:
            found = self._by_url.get(party.linkedin_url)
            if found is not None:
                return found
        if party.email:
            found = self._by_email.get(party.email)
            if found is not None:
                return found
        elif party.name:
            key = name_key(party.name)
            if party.organisation:
                found = self._by_name_org.get((key, _organisation_key(party.organisation)))
                if found is not None:
                    return found
            refs = self._by_name.get(key, [])
            if len(refs) == 1:
                return refs[0]
        if not may_add or not party.name:
            return None
        record = PersonRecord(
            file="",
            line=0,
            name=party.name,
            emails=[(party.email, "")] if party.email else [],
            linkedin_url=party.linkedin_url,
            organisation=party.organisation,
        )
        return self.person(record)
