"""Writing a parsed file into a keeper: match, then one bulk write, all or nothing.

The keeper's row-by-row services check one person or interaction at a time, which
is right for a form and far too slow for 30,000 connections and 200,000 messages.
This module writes the same rows in bulk, keeping the same rules: a person's
``last_contact_at`` is the latest of their interactions, an imported interaction
carries ``source="import"`` and an ``external_key`` unique for its owner (so a file
imported twice adds nothing), a favour always has a giver, and a person's yearly
dates are each kept once, with one birthday at most (checked by the parsers and the
matcher, as ``keeper.services`` checks them for a form).

It runs inside the caller's transaction (``services.import_job_run``): a failure or
a killed process leaves the keeper exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain, islice
from typing import Any

from django.db import connection
from django.db.models import Count, Max, Min, Model

from rapport.imports.matching import Known, Matcher
from rapport.imports.parsers.base import DateRecord, InteractionRecord, ParsedImport, Skipped
from rapport.keeper.models import (
    SEARCHED_FIELDS,
    Interaction,
    InteractionPerson,
    Person,
    PersonDate,
)
from rapport.keeper.vocabulary import Circle, Source
from rapport.members.folding import search_text, searched_texts
from rapport.members.models import Member

SKIPPED_LISTED = 1_000
"""Rows set aside are all counted; the first thousand are listed with line and reason."""
BATCH = 2_000
ROWS_PER_STATEMENT = 100
STATEMENTS_PER_CALL = 50
SQLITE_CACHE_KIB = 64 * 1024
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


@dataclass
class Outcome:
    people_added: int
    people_matched: int
    people_updated: int
    interactions_added: int
    interactions_already_there: int
    dates_added: int
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
            "dates_added": self.dates_added,
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


def _existing_dates(owner: Member) -> dict[int, list[DateRecord]]:
    """Every yearly date in ``owner``'s keeper, by person id: one query."""
    dates: dict[int, list[DateRecord]] = {}
    for person_id, kind, label, month, day, year in (
        PersonDate.objects.filter(person__owner=owner)
        .order_by("pk")
        .values_list("person_id", "kind", "label", "month", "day", "year")
        .iterator(chunk_size=BATCH)
    ):
        dates.setdefault(person_id, []).append(DateRecord(kind, label, month, day, year))
    return dates


def _existing(owner: Member) -> Iterator[Known]:
    dates = _existing_dates(owner)
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
            dates=dates.get(pk, []),
        )


def _insert_rows(table: type[Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Plain multi-row INSERTs, streamed from ``rows``; how many were written.

    The ORM's per-object cost is most of a bulk_create's time at 200,000 rows, and
    these rows need no defaults or signals. Each statement carries up to
    ``ROWS_PER_STATEMENT`` rows: SQLite does once per statement, not once per row, the
    work of an AUTOINCREMENT table (reading and writing ``sqlite_sequence``) and of a
    CHECK with an ``IN`` list (building its lookup table), a quarter of the time of
    one-row statements for the keeper's tables. ``rows`` is consumed a batch at a
    time, so the rows of a large import are never all held at once. On PostgreSQL
    the rows go by COPY instead (``_copy_rows``).
    """
    if connection.vendor == "postgresql":
        return _copy_rows(table, columns, rows)
    quote = connection.ops.quote_name
    width = len(columns)
    limit = connection.features.max_query_params or 65_535
    per = max(1, min(ROWS_PER_STATEMENT, limit // width))
    # Table and column names come from the models, values are parameters.
    names = ", ".join(map(quote, columns))
    head = f"INSERT INTO {quote(table._meta.db_table)} ({names}) VALUES "  # noqa: S608
    one = f"({', '.join(['%s'] * width)})"

    def statement(count: int) -> str:
        return head + ", ".join([one] * count)

    full = statement(per)
    flat = chain.from_iterable
    written = 0
    rows = iter(rows)
    with connection.cursor() as cursor:
        while batch := list(islice(rows, per * STATEMENTS_PER_CALL)):
            whole = len(batch) - len(batch) % per
            if whole:
                cursor.executemany(
                    full, [list(flat(batch[at : at + per])) for at in range(0, whole, per)]
                )
            if whole < len(batch):
                cursor.execute(statement(len(batch) - whole), list(flat(batch[whole:])))
            written += len(batch)
    return written


def _copy_rows(table: type[Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """PostgreSQL's COPY, through psycopg, for the rows of ``_insert_rows``.

    Multi-row INSERTs cost PostgreSQL a parse and a plan per statement and psycopg a
    Python call per parameter (two million of them for a LinkedIn export of 200,000
    messages): most of an import's time there. COPY streams the rows, psycopg escapes
    each value for it, and it runs in the caller's transaction like any statement, so a
    failure still leaves nothing behind. Values are the same adapted ones the INSERTs
    take (a datetime, a date, a ``Jsonb``)."""
    quote = connection.ops.quote_name
    # Table and column names come from the models; values travel in COPY's own format.
    statement = f"COPY {quote(table._meta.db_table)} ({', '.join(map(quote, columns))}) FROM STDIN"
    written = 0
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        write = copy.write_row
        for row in rows:
            write(row)
            written += 1
    return written


def _sqlite_cache() -> None:
    """The default page cache (2 MB) is far smaller than the indexes 200,000 rows touch;
    this connection's cache grows for the import (memory, not disk, and nothing about
    durability: the transaction commits as every other does)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")


def _ids_after(table: type[Model], *, owner: Member, before: int, count: int) -> range | None:
    """The ids of the ``count`` rows just inserted for ``owner`` after id ``before``,
    in insertion order, when they are one unbroken run; None when they are not.

    Ids come from one sequence (SQLite's AUTOINCREMENT, PostgreSQL's identity) and
    rise with each insert, so the rows just written hold ``count`` rising ids above
    ``before``. When the owner has exactly ``count`` rows there and their ids leave no
    gap, those rows are these, in the order written: any other row of theirs would
    add to the count, and another writer's id taken meanwhile would leave a gap. On
    SQLite the transaction holds the write lock and the run is never broken; on
    PostgreSQL a concurrent writer can break it, and the caller reads the ids back.
    """
    found = table._default_manager.filter(owner=owner, pk__gt=before).aggregate(
        low=Min("pk"), high=Max("pk"), rows=Count("pk")
    )
    low, high = found["low"], found["high"]
    if count == 0 or found["rows"] != count or high - low + 1 != count:
        return None
    return range(low, high + 1)


def _datetime_adapter() -> Callable[[dt.datetime], Any]:
    """The database's form of an aware datetime; on SQLite in UTC, a quick str()."""
    if connection.vendor == "sqlite" and connection.timezone_name == "UTC":

        def utc_text(value: dt.datetime) -> str:
            if value.tzinfo is not dt.UTC:
                value = value.astimezone(dt.UTC)
            # "2023-06-11 15:33:58[.123456]+00:00" without its zone, as Django writes
            # it; a third of the time of replace(tzinfo=None).isoformat(" ").
            return str(value)[:-6]

        return utc_text
    return connection.ops.adapt_datetimefield_value


def _tags_of(refs: Iterable[int]) -> dict[int, list[str]]:
    """The tags of the people ``refs`` who have any, by id: the fold of a person whose
    organisation or role an import changes is written again, and ends with their tags.
    Read only for those people, a batch a query: most imports change nobody's, and the
    matcher has no use for tags."""
    tags: dict[int, list[str]] = {}
    refs = iter(refs)
    while batch := list(islice(refs, BATCH)):
        tags.update(
            (pk, searched_texts([value]))
            for pk, value in Person.objects.filter(pk__in=batch)
            .exclude(tags=[])
            .values_list("pk", "tags")
        )
    return tags


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
    locked (``import_write``), so two imports of one member's files cannot interleave
    their ids.
    """
    if not people:
        return []
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
        # A new person has no tags (the column's default), which add nothing to a fold.
        row[at["search_folded"]] = search_text(known.name, known.organisation, known.role)
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
    holds the transaction.

    The owner's row is locked before the keeper is read: two imports of one member's
    files (jobs that queued up while Redis was away, run by two workers at once) would
    otherwise both read the keeper, both find the same person new, and both add them.
    The second waits for the first to commit, then reads what it wrote.
    """
    Member.objects.select_for_update().filter(pk=owner.pk).first()
    _sqlite_cache()
    matcher = Matcher(_existing(owner))
    matched: set[int] = set()
    for person_record in parsed.people:
        person_ref = matcher.person(person_record)
        if person_ref > 0:
            matched.add(person_ref)
    skipped = [*parsed.skipped, *matcher.set_aside]
    keys = set(
        Interaction.objects.filter(owner=owner)
        .exclude(external_key="")
        .values_list("external_key", flat=True)
        .iterator(chunk_size=BATCH * 5)
    )
    already = 0
    pending: list[tuple[InteractionRecord, list[int]]] = []
    latest: dict[int, dt.datetime] = {}
    # Messages share their parties' tuple (the parser's caches): once each of a tuple's
    # parties is someone's profile, matching gives the same people for every message
    # with that tuple, so they are matched once. Keyed by id: the records hold them.
    settled: dict[int, list[int]] = {}
    for record in parsed.interactions:
        key = record.external_key
        if key in keys:
            already += 1
            continue
        parties = record.parties
        refs = settled.get(id(parties))
        if refs is None:
            refs = []
            stays = True
            for party in parties:
                found = matcher.party(party, may_add=record.may_add_people)
                if found is None:
                    stays = False
                    continue
                if found not in refs:
                    refs.append(found)
                if matcher.profile(party.linkedin_url) != found:
                    stays = False
            if stays and refs:
                settled[id(parties)] = refs
        if not refs:
            skipped.append(
                Skipped(
                    record.file,
                    record.line,
                    "With nobody already in your keeper or among your connections.",
                )
            )
            continue
        keys.add(key)
        pending.append((record, refs))
        # Someone already in the keeper whom the mail was with is matched, as a row
        # naming them would be: "updated" (last contact moved) counts among them.
        matched.update(ref for ref in refs if ref in matcher.existing_refs)
        when = record.occurred_at
        for ref in refs:
            newest = latest.get(ref)
            if newest is None or newest < when:
                latest[ref] = when
    del settled
    # Written oldest first: the keeper's (owner, occurred_at) index then grows at its
    # end instead of everywhere at once (a quarter of SQLite's time for these rows),
    # and ids follow time. Stable, so equal times keep the file's order.
    pending.sort(key=lambda item: item[0].occurred_at)
    if progress:
        progress("people")

    # People: new ones in bulk, matched ones only where something changed.
    stamp = _datetime_adapter()
    new_ids = _insert_people(owner=owner, people=matcher.new, latest=latest, now=now, stamp=stamp)
    ids = dict(zip((known.ref for known in matcher.new), new_ids, strict=True))
    ids.update({ref: ref for ref in matcher.existing_refs})
    # Each person is written with exactly the fields it gained, so people who gained
    # different things go in different statements: a field in a statement is written
    # for every row of it, and a row built with only its own changes would have the
    # others' fields blanked. Imports bring a few shapes of change, so a few statements.
    updates: dict[frozenset[str], list[Person]] = {}
    tags = _tags_of(
        ref
        for ref in matcher.existing_refs
        if matcher.people[ref].changed.intersection(SEARCHED_FIELDS)
    )
    for ref in matcher.existing_refs:
        known = matcher.people[ref]
        newest = latest.get(ref)
        if newest and (known.last_contact_at is None or known.last_contact_at < newest):
            known.last_contact_at = newest
            known.changed.add("last_contact_at")
        if not known.changed and not known.new_dates:
            continue
        person = Person(pk=ref, updated_at=now)
        for name in known.changed:
            setattr(person, name, getattr(known, name))
        if known.changed.intersection(SEARCHED_FIELDS):
            # bulk_update skips the fold a save computes: what search reads is written
            # too, with the tags the import leaves as they are.
            person.search_folded = search_text(
                known.name, known.organisation, known.role, *tags.get(ref, [])
            )
        updates.setdefault(frozenset(known.changed), []).append(person)
    for changed, people in updates.items():
        folded = ["search_folded"] if changed.intersection(SEARCHED_FIELDS) else []
        Person.objects.bulk_update(
            people, [*sorted(changed), *folded, "updated_at"], batch_size=500
        )
    dates_added = _insert_rows(
        PersonDate,
        ["person_id", "kind", "label", "month", "day", "year", "created_at"],
        (
            (ids[known.ref], date.kind, date.label, date.month, date.day, date.year, stamp(now))
            for known in (*matcher.new, *(matcher.people[ref] for ref in matcher.existing_refs))
            for date in known.new_dates
        ),
    )
    if progress:
        progress("interactions")

    # Interactions, then who they were with: ids are known without reading them
    # back when the new rows took one unbroken run of ids (see _ids_after).
    created = stamp(now)
    owner_id = owner.pk
    before = Interaction.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
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
        (
            (
                owner_id,
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
        ),
    )
    interaction_ids: Iterable[int] | None = _ids_after(
        Interaction, owner=owner, before=before, count=len(pending)
    )
    if interaction_ids is None:
        written = dict(
            Interaction.objects.filter(owner=owner, pk__gt=before, source=Source.IMPORT)
            .values_list("external_key", "pk")
            .iterator(chunk_size=BATCH * 5)
        )
        interaction_ids = [written[record.external_key] for record, _refs in pending]
        del written
    _insert_rows(
        InteractionPerson,
        ["interaction_id", "person_id"],
        (
            (interaction_id, ids[ref])
            for interaction_id, (_record, refs) in zip(interaction_ids, pending, strict=True)
            for ref in refs
        ),
    )
    return Outcome(
        people_added=len(new_ids),
        people_matched=len(matched),
        people_updated=sum(len(people) for people in updates.values()),
        interactions_added=len(pending),
        interactions_already_there=already,
        dates_added=dates_added,
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
