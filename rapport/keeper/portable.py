"""A member's keeper as one portable JSON document, and back.

The document is lossless and versioned, so a member can leave an instance (or
move to a new one) with everything they wrote::

    {"format": "rapport-keeper", "version": 2, "exported_at": ..., "owner": ...,
     "people": [...], "interactions": [...], "seats": [...], "digest": {...} | null}

Version 2 added each person's yearly ``dates`` (birthday, anniversaries, other days);
a version 1 document, which has none, is still read.

People carry a local ``id`` (1, 2, 3, ... in the order they were added) that the
interactions, the introducer references and the seats point at; database ids never
leave the instance. A link to a member is written as that member's username, so the
import can re-link it where that username exists.

The import goes through the keeper's services, which hold the rules, so a document
cannot smuggle in what the web form would refuse. Everything happens in one
transaction: a document with one bad value writes nothing, and the error names the
value's path in the document ("people[3].emails[0]: 'x' is not an email address.").
The private calendar feed's secret is not exported: it is a credential for this
instance only. Nor is a person's search fold (``Person.search_folded``): the
services make it again from the name, organisation and role.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from rapport.errors import InvalidInput, RapportError
from rapport.keeper.external_keys import timed_key
from rapport.keeper.models import (
    DigestPreference,
    Interaction,
    InteractionPerson,
    KeySeat,
    Person,
    PersonDate,
)
from rapport.keeper.services import (
    EntryInvalid,
    interaction_log,
    key_seat_update,
    key_seats_ensure,
    person_create,
    person_date_add,
    person_update,
)
from rapport.keeper.vocabulary import DEFAULT_SEATS, SEAT_COUNT, SeatGroup, Source
from rapport.members.models import Member
from rapport.prose import counted_length

FORMAT = "rapport-keeper"
VERSION = 2
READS = (1, 2)
# What an unlinked person's "what makes them tick" gains when the member they were
# linked to has no account here, or is the importing member: the username stays on
# record for the member to see.
UNLINKED_NOTE = "Rapport username on the instance this came from: @{username}"
TICK_MAX = Person._meta.get_field("what_makes_them_tick").max_length or 4000


class DocumentInvalid(InvalidInput):
    """The document breaks a rule; ``field`` is the path of the value in the document."""

    code = "invalid_document"


class KeeperNotEmpty(DocumentInvalid):
    code = "keeper_not_empty"


# --- Export ---------------------------------------------------------------------------


def _when(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat() if value is not None else None


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def keeper_export(*, owner: Member) -> dict[str, Any]:
    """The whole keeper of ``owner`` as a JSON-ready document (six queries)."""
    people = list(Person.objects.filter(owner=owner).select_related("member").order_by("pk"))
    local = {person.pk: index for index, person in enumerate(people, start=1)}
    dates: dict[int, list[dict[str, Any]]] = {}
    for date in PersonDate.objects.filter(person__owner=owner).order_by("month", "day", "pk"):
        dates.setdefault(date.person_id, []).append(
            {
                "kind": date.kind,
                "label": date.label,
                "month": date.month,
                "day": date.day,
                "year": date.year,
                "created_at": _when(date.created_at),
            }
        )
    involved: dict[int, list[int]] = {}
    for interaction_id, person_id in InteractionPerson.objects.filter(
        interaction__owner=owner
    ).values_list("interaction_id", "person_id"):
        involved.setdefault(interaction_id, []).append(local[person_id])
    digest = DigestPreference.objects.filter(owner=owner).first()
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": _when(timezone.now()),
        "owner": owner.username,
        "people": [
            {
                "id": local[person.pk],
                "name": person.name,
                "member": person.member.username if person.member else None,
                "emails": person.emails,
                "phones": person.phones,
                "links": person.links,
                "linkedin_url": person.linkedin_url,
                "organisation": person.organisation,
                "role": person.role,
                "met_context": person.met_context,
                "met_on": _day(person.met_on),
                "met_place": person.met_place,
                "met_gathering": person.met_gathering,
                "met_introducer": local.get(person.met_introducer_id or 0),
                "what_makes_them_tick": person.what_makes_them_tick,
                "tags": person.tags,
                "circle": person.circle,
                "cadence_days": person.cadence_days,
                "snoozed_until": _day(person.snoozed_until),
                "dates": dates.get(person.pk, []),
                "last_contact_at": _when(person.last_contact_at),
                "connected_on": _day(person.connected_on),
                "archived_at": _when(person.archived_at),
                "created_at": _when(person.created_at),
                "updated_at": _when(person.updated_at),
            }
            for person in people
        ],
        "interactions": [
            {
                "occurred_at": _when(interaction.occurred_at),
                "kind": interaction.kind,
                "direction": interaction.direction,
                "favour": interaction.favour,
                "people": sorted(involved.get(interaction.pk, [])),
                "note": interaction.note,
                "source": interaction.source,
                "external_key": interaction.external_key,
                "created_at": _when(interaction.created_at),
            }
            for interaction in Interaction.objects.filter(owner=owner).order_by("pk")
        ],
        "seats": [
            {
                "position": seat.position,
                "group": seat.group,
                "role": seat.role,
                "person": local.get(seat.person_id or 0),
                "why": seat.why,
            }
            for seat in KeySeat.objects.filter(owner=owner).order_by("position")
        ],
        "digest": (
            {"enabled": digest.enabled, "last_sent_at": _when(digest.last_sent_at)}
            if digest is not None
            else None
        ),
    }


# --- Reading a document: types and references, each error with its path ---------------


def _fail(path: str, message: str) -> DocumentInvalid:
    path = path or "document"
    return DocumentInvalid(f"{path}: {message}", field=path)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _text(value: Any, path: str, *, limit: int | None = None) -> str:
    if not isinstance(value, str):
        raise _fail(path, f"expected text, got {_kind_of(value)}.")
    # PostgreSQL cannot store NUL in text; refuse it here rather than fail mid-import.
    if "\x00" in value:
        raise _fail(path, "contains a NUL character.")
    if limit is not None and len(value) > limit:
        raise _fail(path, f"is {len(value):,} characters; the limit is {limit:,}.")
    return value


def _whole(value: Any, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _fail(path, f"expected a whole number, got {_kind_of(value)}.")
    return value


def _optional(read: Callable[[Any, str], Any]) -> Callable[[Any, str], Any]:
    return lambda value, path: None if value is None else read(value, path)


def _date(value: Any, path: str) -> dt.date:
    text = _text(value, path)
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise _fail(path, f"{text!r} is not a date like 2026-01-31.") from None


def _moment(value: Any, path: str) -> dt.datetime:
    text = _text(value, path)
    try:
        moment = dt.datetime.fromisoformat(text)
        if moment.tzinfo is None:
            raise _fail(path, f"{text!r} has no UTC offset.")
        return moment.astimezone(dt.UTC)
    except (ValueError, OverflowError):
        raise _fail(path, f"{text!r} is not a date and time like 2026-01-31T09:30:00+00:00.") from (
            None
        )


def _boolean(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise _fail(path, f"expected true or false, got {_kind_of(value)}.")
    return value


def _entries(key: str, extra: str) -> Callable[[Any, str], list[dict[str, str]]]:
    def read(value: Any, path: str) -> list[dict[str, str]]:
        items = _list(value, path)
        for index, item in enumerate(items):
            _record(item, f"{path}[{index}]", {key: (_text, _REQUIRED), extra: (_text, "")})
        return items

    return read


def _tags(value: Any, path: str) -> list[str]:
    items = _list(value, path)
    for index, item in enumerate(items):
        _text(item, f"{path}[{index}]")
    return items


def _list(value: Any, path: str) -> list[Any]:
    if not isinstance(value, list):
        raise _fail(path, f"expected a list, got {_kind_of(value)}.")
    return value


def _kind_of(value: Any) -> str:
    if value is None:
        return "null"
    return {
        bool: "true/false",
        int: "a number",
        float: "a number",
        str: "text",
        list: "a list",
    }.get(type(value), "an object")


_REQUIRED = object()
_KEEP = object()
Spec = dict[str, tuple[Callable[[Any, str], Any], Any]]


def _record(value: Any, path: str, spec: Spec) -> dict[str, Any]:
    """Read one object: every key known, required ones present, each value typed."""
    if not isinstance(value, dict):
        raise _fail(path, f"expected an object, got {_kind_of(value)}.")
    unknown = sorted(set(value) - set(spec))
    if unknown:
        raise _fail(_join(path, unknown[0]), "is not a field of this format version.")
    read: dict[str, Any] = {}
    for key, (reader, default) in spec.items():
        if key not in value:
            if default is _REQUIRED:
                raise _fail(_join(path, key), "is missing.")
            read[key] = default
            continue
        read[key] = reader(value[key], _join(path, key))
    return read


DATE_SPEC: Spec = {
    "kind": (_text, _REQUIRED),
    "label": (_text, ""),
    "month": (_whole, _REQUIRED),
    "day": (_whole, _REQUIRED),
    "year": (_optional(_whole), None),
    "created_at": (_optional(_moment), None),
}


def _dates(value: Any, path: str) -> list[dict[str, Any]]:
    return [
        _record(item, f"{path}[{index}]", DATE_SPEC)
        for index, item in enumerate(_list(value, path))
    ]


PERSON_SPEC: Spec = {
    "id": (_whole, _REQUIRED),
    "name": (_text, _REQUIRED),
    "member": (_optional(_text), None),
    "emails": (_entries("value", "type"), []),
    "phones": (_entries("value", "type"), []),
    "links": (_entries("url", "label"), []),
    "linkedin_url": (_text, ""),
    "organisation": (_text, ""),
    "role": (_text, ""),
    "met_context": (_text, ""),
    "met_on": (_optional(_date), None),
    "met_place": (_text, ""),
    "met_gathering": (_text, ""),
    "met_introducer": (_optional(_whole), None),
    "what_makes_them_tick": (_text, ""),
    "tags": (_tags, []),
    "circle": (_text, _REQUIRED),
    "cadence_days": (_optional(_whole), None),
    "snoozed_until": (_optional(_date), None),
    "dates": (_dates, []),
    # Missing: keep what the services derive (the latest interaction; the import time).
    "last_contact_at": (_optional(_moment), _KEEP),
    "connected_on": (_optional(_date), None),
    "archived_at": (_optional(_moment), None),
    "created_at": (_moment, _KEEP),
    "updated_at": (_moment, _KEEP),
}
INTERACTION_SPEC: Spec = {
    "occurred_at": (_moment, _REQUIRED),
    "kind": (_text, _REQUIRED),
    "direction": (_text, "mutual"),
    "favour": (_text, ""),
    "people": (_list, _REQUIRED),
    "note": (_text, ""),
    "source": (_text, Source.MANUAL),
    "external_key": (
        lambda value, path: _text(
            value, path, limit=Interaction._meta.get_field("external_key").max_length
        ),
        "",
    ),
    "created_at": (_optional(_moment), None),
}
SEAT_SPEC: Spec = {
    "position": (_whole, _REQUIRED),
    "group": (_text, None),
    "role": (_text, None),
    "person": (_optional(_whole), None),
    "why": (_text, ""),
}
DIGEST_SPEC: Spec = {
    "enabled": (_boolean, True),
    "last_sent_at": (_optional(_moment), None),
}
DOCUMENT_SPEC: Spec = {
    "format": (_text, _REQUIRED),
    "version": (_whole, _REQUIRED),
    "exported_at": (_optional(_moment), None),
    "owner": (_optional(_text), None),
    "people": (_list, []),
    "interactions": (_list, []),
    "seats": (_list, []),
    "digest": (
        lambda value, path: None if value is None else _record(value, path, DIGEST_SPEC),
        None,
    ),
}
SOURCES = [code for code, _label in Source.choices]


@dataclass
class Document:
    people: list[dict[str, Any]]
    interactions: list[dict[str, Any]]
    seats: list[dict[str, Any]]
    digest: dict[str, Any] | None


def document_read(raw: Any) -> Document:
    """Check a parsed document's shape and its internal references; write nothing."""
    top = _record(raw, "", DOCUMENT_SPEC)
    if top["format"] != FORMAT:
        raise _fail("format", f"expected {FORMAT!r}, got {top['format']!r}.")
    if top["version"] not in READS:
        readable = " and ".join(str(version) for version in READS)
        raise _fail(
            "version",
            f"this Rapport reads versions {readable}; the document is {top['version']}.",
        )
    people = [
        _record(item, f"people[{index}]", PERSON_SPEC) for index, item in enumerate(top["people"])
    ]
    ids: dict[int, int] = {}
    usernames: set[str] = set()
    for index, person in enumerate(people):
        if person["id"] in ids:
            raise _fail(f"people[{index}].id", f"{person['id']} is used twice.")
        ids[person["id"]] = index
        if person["member"] is not None:
            if person["member"] in usernames:
                raise _fail(f"people[{index}].member", f"{person['member']!r} appears twice.")
            usernames.add(person["member"])
    for index, person in enumerate(people):
        introducer = person["met_introducer"]
        if introducer is not None and introducer not in ids:
            raise _fail(f"people[{index}].met_introducer", f"no person has id {introducer}.")

    interactions = [
        _record(item, f"interactions[{index}]", INTERACTION_SPEC)
        for index, item in enumerate(top["interactions"])
    ]
    keys: set[str] = set()
    for index, interaction in enumerate(interactions):
        path = f"interactions[{index}]"
        if not interaction["people"]:
            raise _fail(f"{path}.people", "say who it was with.")
        for position, person_id in enumerate(interaction["people"]):
            _whole(person_id, f"{path}.people[{position}]")
            if person_id not in ids:
                raise _fail(f"{path}.people[{position}]", f"no person has id {person_id}.")
        if interaction["source"] not in SOURCES:
            raise _fail(
                f"{path}.source",
                f"unknown source {interaction['source']!r}; one of {', '.join(SOURCES)}.",
            )
        # A key imported before times were added gets its time, as migration 0005 gave
        # the instance's own: the file it came from still adds nothing when imported.
        key = interaction["external_key"] = timed_key(
            interaction["external_key"],
            source=interaction["source"],
            when=interaction["occurred_at"],
        )
        if key:
            if key in keys:
                raise _fail(f"{path}.external_key", f"{key!r} appears twice.")
            keys.add(key)

    seats = [_record(item, f"seats[{index}]", SEAT_SPEC) for index, item in enumerate(top["seats"])]
    # A board has twelve seats or none yet (it is made whole the first time it is shown).
    positions = sorted(seat["position"] for seat in seats)
    if seats and positions != list(range(1, SEAT_COUNT + 1)):
        raise _fail("seats", f"expected no seats or seats 1 to {SEAT_COUNT}, each once.")
    for index, seat in enumerate(seats):
        if seat["group"] is not None and seat["group"] not in SeatGroup.labels:
            raise _fail(f"seats[{index}].group", f"unknown group {seat['group']!r}.")
        if seat["person"] is not None and seat["person"] not in ids:
            raise _fail(f"seats[{index}].person", f"no person has id {seat['person']}.")
    return Document(people=people, interactions=interactions, seats=seats, digest=top["digest"])


# --- Import ---------------------------------------------------------------------------


@dataclass
class ImportSummary:
    people: int = 0
    dates: int = 0
    interactions: int = 0
    seats: int = 0
    linked: list[str] = field(default_factory=list)
    # Usernames that have no account here.
    unlinked: list[str] = field(default_factory=list)
    # The person linked to the importing member's own username, by name: a keeper
    # holds the people its owner knows, never the owner, so they stay unlinked (the
    # username noted as for ``unlinked``). The username is unique in a document, so
    # there is one at most.
    yourself: str | None = None
    # Names of the people above whose "what makes them tick" had no room left for the
    # username's note: their username is in the summary only.
    not_noted: list[str] = field(default_factory=list)


def keeper_is_empty(*, owner: Member) -> bool:
    """No people, no interactions, and a board (if any) still as it was first made."""
    if Person.objects.filter(owner=owner).exists():
        return False
    if Interaction.objects.filter(owner=owner).exists():
        return False
    defaults = dict(enumerate(DEFAULT_SEATS, start=1))
    return all(
        seat.person_id is None
        and not seat.why
        and defaults.get(seat.position) == (seat.group, seat.role)
        for seat in KeySeat.objects.filter(owner=owner)
    )


def _at(path: str, error: RapportError) -> DocumentInvalid:
    """A service's error, re-addressed to where the value sits in the document.

    Services name a field ("emails") and sometimes an item, by its place in the list
    (``EntryInvalid.index``) or in the message ("emails[0] needs a value."); both
    become a path below the document's record ("people[3].emails[0]: ...").
    """
    field_name = error.field or ""
    message = error.message
    item = re.match(rf"^({re.escape(field_name)}\[\d+\])[:\s]\s*", message) if field_name else None
    if isinstance(error, EntryInvalid):
        where = f"{path}.{field_name}[{error.index}]"
    elif item:
        where, message = f"{path}.{item.group(1)}", message[item.end() :]
    else:
        where = f"{path}.{field_name}" if field_name else path
    return DocumentInvalid(f"{where}: {message}", field=where)


PERSON_SERVICE_FIELDS = (
    "emails",
    "phones",
    "links",
    "linkedin_url",
    "organisation",
    "role",
    "met_context",
    "met_on",
    "met_place",
    "met_gathering",
    "what_makes_them_tick",
    "tags",
    "circle",
    "cadence_days",
    "snoozed_until",
)


# Set after the services have written each person: derived, or not theirs to set.
_STAMPED = ("created_at", "updated_at", "last_contact_at", "connected_on", "archived_at")


def _keeper_clear(*, owner: Member) -> None:
    Interaction.objects.filter(owner=owner).delete()
    KeySeat.objects.filter(owner=owner).delete()
    Person.objects.filter(owner=owner).delete()


@transaction.atomic
def keeper_import(*, owner: Member, document: Any, replace: bool = False) -> ImportSummary:
    """Reproduce an exported keeper in ``owner``'s keeper, all or nothing.

    The keeper must be empty unless ``replace`` is set, in which case its people,
    interactions and board are deleted first (in the same transaction, so a bad
    document leaves the old keeper as it was).
    """
    parsed = document_read(document)
    Member.objects.select_for_update().filter(pk=owner.pk).first()  # one import at a time
    if replace:
        _keeper_clear(owner=owner)
    elif not keeper_is_empty(owner=owner):
        raise KeeperNotEmpty(
            f"{owner.username}'s keeper is not empty; import into an empty keeper, "
            "or replace it (--replace).",
            field="member",
        )
    else:
        # Untouched default seats are "empty"; the document's board replaces them.
        KeySeat.objects.filter(owner=owner).delete()
    summary = ImportSummary()

    members = {
        member.username: member.pk
        for member in Member.objects.filter(
            username__in=[p["member"] for p in parsed.people if p["member"]]
        ).exclude(pk=owner.pk)
    }
    created: dict[int, Person] = {}
    dated: list[tuple[PersonDate, dt.datetime]] = []
    for index, values in enumerate(parsed.people):
        path = f"people[{index}]"
        fields = {name: values[name] for name in PERSON_SERVICE_FIELDS}
        username = values["member"]
        if username and username in members:
            fields["member_id"] = members[username]
            summary.linked.append(username)
        elif username:
            if username == owner.username:
                summary.yourself = values["name"]
            else:
                summary.unlinked.append(username)
            note = UNLINKED_NOTE.format(username=username)
            tick = fields["what_makes_them_tick"]
            noted = f"{tick}\n\n{note}" if tick else note
            # Measured as the service measures it, so the note goes in whenever the
            # service would take it; otherwise the summary says where it is missing.
            if counted_length(noted) <= TICK_MAX:
                fields["what_makes_them_tick"] = noted
            else:
                summary.not_noted.append(values["name"])
        try:
            created[values["id"]] = person_create(
                owner=owner, name=values["name"], imported=True, **fields
            )
        except RapportError as error:
            raise _at(path, error) from None
        for position, date in enumerate(values["dates"]):
            try:
                kept = person_date_add(
                    owner=owner,
                    person_id=created[values["id"]].pk,
                    kind=date["kind"],
                    label=date["label"],
                    month=date["month"],
                    day=date["day"],
                    year=date["year"],
                )
            except RapportError as error:
                raise _at(f"{path}.dates[{position}]", error) from None
            summary.dates += 1
            if date["created_at"] is not None:
                dated.append((kept, date["created_at"]))
    for index, values in enumerate(parsed.people):
        if values["met_introducer"] is not None:
            try:
                person_update(
                    owner=owner,
                    person_id=created[values["id"]].pk,
                    met_introducer_id=created[values["met_introducer"]].pk,
                )
            except RapportError as error:
                raise _at(f"people[{index}]", error) from None
    summary.people = len(created)

    logged: list[tuple[Interaction, dt.datetime | None]] = []
    for index, values in enumerate(parsed.interactions):
        try:
            interaction = interaction_log(
                owner=owner,
                person_ids=[created[person_id].pk for person_id in values["people"]],
                kind=values["kind"],
                direction=values["direction"],
                favour=values["favour"],
                occurred_at=values["occurred_at"],
                note=values["note"],
                source=values["source"],
                external_key=values["external_key"],
                imported=True,
            )
        except RapportError as error:
            raise _at(f"interactions[{index}]", error) from None
        logged.append((interaction, values["created_at"]))
    summary.interactions = len(logged)

    if parsed.seats:
        key_seats_ensure(owner=owner)
        for index, values in enumerate(parsed.seats):
            person = created[values["person"]] if values["person"] is not None else None
            try:
                key_seat_update(
                    owner=owner,
                    position=values["position"],
                    role=values["role"],
                    person_id=person.pk if person else None,
                    clear_person=person is None,
                    why=values["why"],
                    imported=True,
                )
            except RapportError as error:
                raise _at(f"seats[{index}]", error) from None
        # No service renames a seat's group (it follows the position), but a document
        # from a future board layout may carry another; keep what it says.
        for values in parsed.seats:
            if values["group"] is not None:
                KeySeat.objects.filter(owner=owner, position=values["position"]).exclude(
                    group=values["group"]
                ).update(group=values["group"])
        summary.seats = len(parsed.seats)

    if parsed.digest is not None:
        # The digest's history is the member's, not a setting they choose: no service
        # writes last_sent_at except the digest itself, so it is restored here.
        DigestPreference.objects.update_or_create(
            owner=owner,
            defaults={
                "enabled": parsed.digest["enabled"],
                "last_sent_at": parsed.digest["last_sent_at"],
            },
        )

    _restore_history(parsed, created, logged)
    for date, created_at in dated:
        date.created_at = created_at
    PersonDate.objects.bulk_update([date for date, _at in dated], ["created_at"], batch_size=500)
    return summary


def _restore_history(
    parsed: Document,
    created: Mapping[int, Person],
    logged: list[tuple[Interaction, dt.datetime | None]],
) -> None:
    """Put back the timestamps the services set to "now" or derive.

    The services stamp created_at/updated_at with the time of the write and move
    last_contact_at from the interactions they log; the document records what they
    were on the original instance (a person may have been contacted outside any
    logged interaction, by an importer), so they are set as written, in the same
    transaction. A timestamp missing from the document keeps the service's value.
    """
    fresh = Person.objects.in_bulk([person.pk for person in created.values()])
    people = []
    for values in parsed.people:
        person = fresh[created[values["id"]].pk]
        for name in _STAMPED:
            if values[name] is not _KEEP:
                setattr(person, name, values[name])
        people.append(person)
    Person.objects.bulk_update(people, list(_STAMPED), batch_size=500)
    stamped = []
    for interaction, created_at in logged:
        if created_at is not None:
            interaction.created_at = created_at
            stamped.append(interaction)
    Interaction.objects.bulk_update(stamped, ["created_at"], batch_size=500)
