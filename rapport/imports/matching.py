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


@dataclass
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
        """The reference of the person ``record`` is, adding a new one when unsure."""
        ref = self._certain(
            emails=[email for email, _type in record.emails],
            url=record.linkedin_url,
            phones=[phone for phone, _type in record.phones],
            name=record.name,
            organisation=record.organisation,
        )
        if ref is not None:
            self._fill(self.people[ref], record)
            return ref
        known = self._add(
            Known(
                ref=-(len(self.new) + 1),
                name=record.name,
                organisation=record.organisation,
                role=record.role,
                linkedin_url=record.linkedin_url,
                connected_on=record.connected_on,
            )
        )
        self._fill(known, record)
        self._index(known)
        return known.ref

    def _certain(
        self,
        *,
        emails: list[str],
        url: str,
        phones: list[str],
        name: str,
        organisation: str,
    ) -> int | None:
        for email in emails:
            if email in self._by_email:
                return self._by_email[email]
        if url and url in self._by_url:
            return self._by_url[url]
        for phone in phones:
            key = _phone_key(phone)
            if key and key in self._by_phone:
                return self._by_phone[key]
        key = name_key(name)
        if not key:
            return None
        found = self._by_name_org.get((key, _organisation_key(organisation)))
        if found is not None and url and self.people[found].linkedin_url not in ("", url):
            return None  # two profiles: two people, whatever their names
        return found

    def _add(self, known: Known) -> Known:
        self.new.append(known)
        key = name_key(known.name)
        for other in self._by_name.get(key, []):
            if other in self.existing_refs:
                theirs = self.people[other].organisation
                reason = (
                    f"Same name; organisations differ ({theirs} and {known.organisation})"
                    if theirs and known.organisation
                    else "Same name; no organisation to tell them apart"
                )
                self.suggestions.append(Suggestion(existing=other, new=known.ref, reason=reason))
                break
        return known

    def _fill(self, known: Known, record: PersonRecord) -> None:
        """Add what the record knows and the entry lacks; never overwrite a value."""
        for attribute in ("organisation", "role", "linkedin_url"):
            value = getattr(record, attribute)
            if value and not getattr(known, attribute):
                setattr(known, attribute, value)
                known.changed.add(attribute)
        if record.connected_on and known.connected_on is None:
            known.connected_on = record.connected_on
            known.changed.add("connected_on")
        for values, attribute, key in (
            (record.emails, "emails", "value"),
            (record.phones, "phones", "value"),
            (record.links, "links", "url"),
        ):
            if not values:
                continue  # most connections bring no email, phone or link
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
        if known.linkedin_url:
            self._by_url.setdefault(known.linkedin_url, known.ref)
        for date in record.dates:
            self._fill_date(known, record, date)

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
        if party.linkedin_url and party.linkedin_url in self._by_url:
            return self._by_url[party.linkedin_url]
        if party.email:
            if party.email in self._by_email:
                return self._by_email[party.email]
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
