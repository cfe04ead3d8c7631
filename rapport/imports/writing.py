"""Writing a parsed file into a keeper: match, then one bulk write, all or nothing.

The keeper's row-by-row services check one person or interaction at a time, which
is right for a form and far too slow for 30,000 connections and 200,000 messages.
This module writes the same rows in bulk, keeping the same rules: a person's
``last_contact_at`` is the latest of their interactions, an imported interaction
carries ``source="import"`` and an ``external_key`` unique for its owner (so a file
imported twice adds nothing), and a favour always has a giver.

It runs inside the caller's transaction (``services.import_job_run``): a failure or
a killed process leaves the keeper exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Model

from rapport.imports.matching import Known, Matcher
from rapport.imports.parsers.base import InteractionRecord, ParsedImport, Skipped
from rapport.keeper.models import Interaction, Person
from rapport.keeper.vocabulary import Circle, Source
from rapport.members.models import Member

SKIPPED_LISTED = 1_000
"""Rows set aside are all counted; the first thousand are listed with line and reason."""
BATCH = 2_000
SQLITE_CACHE_KIB = 64 * 1024
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


@dataclass
class Outcome:
    people_added: int
    people_matched: int
    people_updated: int
    interactions_added: int
    interactions_already_there: int
    skipped: list[Skipped]
    suggestions: list[dict[str, Any]]
    rows_read: int

    def summary(self) -> dict[str, Any]:
        reasons = Counter(_QUOTED.sub("…", item.reason) for item in self.skipped)
        return {
            "rows_read": self.rows_read,
            "people_added": self.people_added,
            "people_matched": self.people_matched,
            "people_updated": self.people_updated,
            "interactions_added": self.interactions_added,
            "interactions_already_there": self.interactions_already_there,
            "skipped_total": len(self.skipped),
            "skipped_reasons": [
                {"reason": reason, "rows": rows} for reason, rows in reasons.most_common()
            ],
            "skipped": [
                {"file": item.file, "line": item.line, "reason": item.reason}
                for item in self.skipped[:SKIPPED_LISTED]
            ],
            "suggestions": self.suggestions,
        }


def _existing(owner: Member) -> Iterator[Known]:
    for row in (
        Person.objects.filter(owner=owner)
        .order_by("pk")
        .values_list(
            "pk",
            "name",
            "organisation",
            "emails",
            "phones",
            "links",
            "linkedin_url",
            "role",
            "connected_on",
            "last_contact_at",
        )
        .iterator(chunk_size=BATCH)
    ):
        pk, name, organisation, emails, phones, links, url, role, connected_on, last = row
        yield Known(
            ref=pk,
            name=name,
            organisation=organisation,
            emails=[e for e in emails or [] if isinstance(e, dict)],
            phones=[p for p in phones or [] if isinstance(p, dict)],
            links=[link for link in links or [] if isinstance(link, dict)],
            linkedin_url=url,
            role=role,
            connected_on=connected_on,
            last_contact_at=last,
        )


def _insert_rows(table: type[Model], columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Plain INSERTs in batches: the ORM's per-object cost is most of a bulk_create's
    time at 200,000 rows, and these rows need no defaults or signals."""
    quote = connection.ops.quote_name
    meta = table._meta
    # Table and column names come from the models, values are parameters.
    names = ", ".join(quote(column) for column in columns)
    values = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {quote(meta.db_table)} ({names}) VALUES ({values})"  # noqa: S608
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # The default page cache (2 MB) is far smaller than the indexes 200,000 rows
            # touch; this connection's cache grows for the import (memory, not disk).
            cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
        for start in range(0, len(rows), BATCH * 5):
            cursor.executemany(sql, rows[start : start + BATCH * 5])


def _datetime_adapter() -> Callable[[dt.datetime], Any]:
    """The database's form of an aware datetime; on SQLite in UTC, a quick str()."""
    if connection.vendor == "sqlite" and connection.timezone_name == "UTC":

        def utc_text(value: dt.datetime) -> str:
            if value.tzinfo is not dt.UTC:
                value = value.astimezone(dt.UTC)
            return value.replace(tzinfo=None).isoformat(" ")

        return utc_text
    return connection.ops.adapt_datetimefield_value


def _insert_people(
    *,
    owner: Member,
    people: Sequence[Known],
    latest: dict[int, dt.datetime],
    now: dt.datetime,
    stamp: Callable[[dt.datetime], Any],
) -> list[int]:
    """Insert new people as plain rows; their ids, in ``people``'s order.

    Every column the model has gets its default (adapted once) unless an import sets
    it, so a field added to Person later is still written right. The owner's row is
    locked first, so two imports of one member's files cannot interleave their ids.
    """
    if not people:
        return []
    Member.objects.select_for_update().filter(pk=owner.pk).first()
    before = Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    fields = [f for f in Person._meta.concrete_fields if not f.primary_key]
    columns = [str(f.column) for f in fields]
    template = [f.get_db_prep_save(f.get_default(), connection) for f in fields]
    encoder = getattr(Person._meta.get_field("emails"), "encoder", None)

    empty = connection.ops.adapt_json_value([], encoder)

    def json_value(value: Any) -> Any:
        return connection.ops.adapt_json_value(value, encoder) if value else empty

    fixed = {
        "owner_id": owner.pk,
        "met_context": "imported",
        "circle": Circle.ACQUAINTANCE,
        "created_at": stamp(now),
        "updated_at": stamp(now),
    }
    for column, value in fixed.items():
        template[columns.index(column)] = value
    at = {column: columns.index(column) for column in columns}
    rows = []
    for known in people:
        row = list(template)
        row[at["name"]] = known.name
        row[at["emails"]] = json_value(known.emails)
        row[at["phones"]] = json_value(known.phones)
        row[at["links"]] = json_value(known.links)
        row[at["linkedin_url"]] = known.linkedin_url
        row[at["organisation"]] = known.organisation
        row[at["role"]] = known.role
        row[at["connected_on"]] = connection.ops.adapt_datefield_value(known.connected_on)
        newest = latest.get(known.ref)
        row[at["last_contact_at"]] = stamp(newest) if newest else None
        rows.append(row)
    _insert_rows(Person, columns, rows)
    ids = list(
        Person.objects.filter(owner=owner, pk__gt=before)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if len(ids) != len(people):
        raise RuntimeError(f"wrote {len(people)} people but found {len(ids)}")
    return ids


def import_write(
    *,
    owner: Member,
    parsed: ParsedImport,
    now: dt.datetime,
    progress: Callable[[str], None] | None = None,
) -> Outcome:
    """Match ``parsed`` against ``owner``'s keeper and write what is new. The caller
    holds the transaction."""
    matcher = Matcher(_existing(owner))
    matched: set[int] = set()
    for person_record in parsed.people:
        person_ref = matcher.person(person_record)
        if person_ref > 0:
            matched.add(person_ref)
    skipped = list(parsed.skipped)
    keys = set(
        Interaction.objects.filter(owner=owner)
        .exclude(external_key="")
        .values_list("external_key", flat=True)
        .iterator(chunk_size=BATCH * 5)
    )
    already = 0
    pending: list[tuple[InteractionRecord, list[int]]] = []
    latest: dict[int, dt.datetime] = {}
    for record in parsed.interactions:
        if record.external_key in keys:
            already += 1
            continue
        refs: list[int] = []
        for party in record.parties:
            found = matcher.party(party, may_add=record.may_add_people)
            if found is not None and found not in refs:
                refs.append(found)
        if not refs:
            skipped.append(
                Skipped(
                    record.file,
                    record.line,
                    "With nobody already in your keeper or among your connections.",
                )
            )
            continue
        keys.add(record.external_key)
        pending.append((record, refs))
        for ref in refs:
            if ref not in latest or latest[ref] < record.occurred_at:
                latest[ref] = record.occurred_at
    if progress:
        progress("people")

    # People: new ones in bulk, matched ones only where something changed.
    stamp = _datetime_adapter()
    new_ids = _insert_people(owner=owner, people=matcher.new, latest=latest, now=now, stamp=stamp)
    ids = dict(zip((known.ref for known in matcher.new), new_ids, strict=True))
    ids.update({ref: ref for ref in matcher.existing_refs})
    updates: list[Person] = []
    fields: set[str] = set()
    for ref in matcher.existing_refs:
        known = matcher.people[ref]
        newest = latest.get(ref)
        if newest and (known.last_contact_at is None or known.last_contact_at < newest):
            known.last_contact_at = newest
            known.changed.add("last_contact_at")
        if not known.changed:
            continue
        person = Person(pk=ref, updated_at=now)
        for name in known.changed:
            setattr(person, name, getattr(known, name))
        fields |= known.changed
        updates.append(person)
    if updates:
        Person.objects.bulk_update(updates, [*sorted(fields), "updated_at"], batch_size=500)
    if progress:
        progress("interactions")

    # Interactions, then who they were with.
    created = stamp(now)
    _insert_rows(
        Interaction,
        [
            "owner_id",
            "occurred_at",
            "kind",
            "direction",
            "favour",
            "note",
            "source",
            "external_key",
            "created_at",
        ],
        [
            (
                owner.pk,
                stamp(record.occurred_at),
                record.kind,
                record.direction,
                record.favour,
                record.note,
                Source.IMPORT,
                record.external_key,
                created,
            )
            for record, _refs in pending
        ],
    )
    written = dict(
        Interaction.objects.filter(owner=owner, created_at=now, source=Source.IMPORT)
        .values_list("external_key", "pk")
        .iterator(chunk_size=BATCH * 5)
    )
    through = Interaction.people.through
    _insert_rows(
        through,
        ["interaction_id", "person_id"],
        [(written[record.external_key], ids[ref]) for record, refs in pending for ref in refs],
    )
    return Outcome(
        people_added=len(new_ids),
        people_matched=len(matched),
        people_updated=len(updates),
        interactions_added=len(pending),
        interactions_already_there=already,
        skipped=skipped,
        suggestions=[
            {
                "person_id": suggestion.existing,
                "person_name": matcher.people[suggestion.existing].name,
                "other_id": ids[suggestion.new],
                "other_name": matcher.people[suggestion.new].name,
                "reason": suggestion.reason,
            }
            for suggestion in matcher.suggestions
        ],
        rows_read=parsed.rows_read,
    )
