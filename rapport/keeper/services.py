"""Writes to a member's keeper. Every function takes the owner and touches only their rows.

A person or interaction id that belongs to someone else is "not found": the keeper
never tells one member anything about another's.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import connection, transaction
from django.db.models import Field, Max
from django.utils import timezone

from rapport.errors import InvalidInput, NotFound, Problems
from rapport.keeper.email_address import is_email_address
from rapport.keeper.models import MET_CONTEXTS, Interaction, KeySeat, Person, PersonDate
from rapport.keeper.vocabulary import (
    DEFAULT_SEATS,
    SEAT_COUNT,
    SNOOZE_MAX,
    Circle,
    DateKind,
    Direction,
    Kind,
    Source,
)
from rapport.keeper.yearly import date_problems, describe
from rapport.limits import EMAIL_MAX, limit_of
from rapport.members.models import Member
from rapport.members.time_zones import zone_of
from rapport.network.selectors import are_connected
from rapport.prose import counted_length, one_line, paragraphs
from rapport.sql import rows, write

# Nobody's keeper holds a meeting from before this: an earlier date is a typo.
EARLIEST_YEAR = 1900
TEXT_FIELDS = (
    "name",
    "organisation",
    "role",
    "met_context",
    "met_place",
    "met_gathering",
    "what_makes_them_tick",
    "linkedin_url",
)
PERSON_FIELDS = (
    *TEXT_FIELDS,
    "emails",
    "phones",
    "links",
    "tags",
    "met_on",
    "met_introducer_id",
    "circle",
    "cadence_days",
    "snoozed_until",
    "member_id",
)
NOTE_MAX = 4000
# An address, a number or a web address in a person's lists: an email address is at
# most EMAIL_MAX (254) characters, as a member's own and an import's, a web address
# at most what Django's URLValidator takes; a phone number's pattern keeps it shorter.
LINK_MAX = URLValidator.max_length
# The type of an address or number ("work") and the label of a link, kept to this.
ENTRY_LABEL_MAX = 40
TAG_MAX = 40
SEAT_ROLE_MAX = limit_of(KeySeat, "role")
SEAT_WHY_MAX = limit_of(KeySeat, "why")
_LINKEDIN = re.compile(r"^(?:https?://)?(?:[a-z]{2,3}\.)?linkedin\.com/in/([^/?#]+)", re.I)


class EntryInvalid(InvalidInput):
    """One of a person's email addresses, phone numbers or links is wrong. The message
    names it by what was typed, as the member wrote it; ``index``, its place in the
    list sent, addresses it in a keeper document (``people[3].emails[0]``)."""

    def __init__(self, message: str, *, field: str, index: int) -> None:
        super().__init__(message, field=field)
        self.index = index


def normalise_linkedin_url(url: str) -> str:
    """One spelling per profile, so imports from different exports match."""
    match = _LINKEDIN.match(url.strip())
    return f"https://www.linkedin.com/in/{match.group(1).lower()}" if match else ""


def _kept(text: str, *, several_lines: bool, imported: bool) -> str:
    """A text as the keeper keeps it: as a member's typing is kept (``rapport.prose``:
    a run of spaces is one, paragraphs a blank line apart), or, from a keeper document
    (``imported``), as the file has it, trimmed, so that a keeper moved to another
    instance reads as it did."""
    if imported:
        return text.strip()
    return paragraphs(text) if several_lines else one_line(text)


def _refuse_over(text: str, limit: int, *, what: str, field: str) -> None:
    """InvalidInput naming ``field`` when ``text`` counts (as the API counts it: a run
    of spaces or line breaks is one) over ``limit``."""
    length = counted_length(text)
    if length > limit:
        raise InvalidInput(f"{what} is {length:,} characters; the limit is {limit:,}.", field=field)


def _clean_text(field_name: str, value: object, *, imported: bool = False) -> str:
    if not isinstance(value, str):
        raise InvalidInput(f"{field_name} must be text.", field=field_name)
    if field_name == "what_makes_them_tick":
        text = _kept(value, several_lines=True, imported=imported)
    else:
        # One line, however it came: an import's names are folded too.
        text = one_line(value)
    field = Person._meta.get_field(field_name)
    limit = field.max_length if isinstance(field, Field) else None
    if limit:
        _refuse_over(text, limit, what=field_name.replace("_", " ").capitalize(), field=field_name)
    return text


def _clean_entries(field_name: str, value: Any, *, key: str) -> list[dict[str, str]]:
    """Accept plain strings or {key: ..., "type"/"label": ...} mappings."""
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        raise InvalidInput(f"{field_name} must be a list.", field=field_name)
    extra = "label" if key == "url" else "type"
    cleaned: list[dict[str, str]] = []
    seen: set[str] = set()
    for index, entry in enumerate(value):
        item = {key: entry} if isinstance(entry, str) else entry
        if not isinstance(item, Mapping) or not isinstance(item.get(key), str):
            raise InvalidInput(f"{field_name}[{index}] needs a {key}.", field=field_name)
        text = item[key].strip()
        if not text:
            continue
        if field_name == "emails":
            text = text.lower()
            if len(text) > EMAIL_MAX:
                raise EntryInvalid(
                    f"The email address {text[:24] + '…'!r} is {len(text):,} characters; "
                    f"the limit is {EMAIL_MAX}.",
                    field=field_name,
                    index=index,
                )
            if not is_email_address(text):
                raise EntryInvalid(
                    f"{text!r} is not an email address.", field=field_name, index=index
                )
        elif field_name == "phones":
            if not re.fullmatch(r"[0-9+()./ \-]{3,40}(?:\s*(?:x|ext\.?)\s*\d{1,6})?", text, re.I):
                raise EntryInvalid(
                    f"{text!r} is not a phone number.", field=field_name, index=index
                )
        elif field_name == "links":
            try:
                URLValidator(schemes=["http", "https"])(text)
            except ValidationError:
                raise EntryInvalid(
                    f"{text!r} is not a web address.", field=field_name, index=index
                ) from None
        if text in seen:
            continue
        seen.add(text)
        # One line, as the API counts it; over the limit it is refused, as by the API,
        # rather than cut: a keeper file would otherwise lose its end without a word.
        label = one_line(str(item.get(extra) or ""))
        if len(label) > ENTRY_LABEL_MAX:
            shown = text if len(text) <= 40 else text[:39] + "…"
            raise EntryInvalid(
                f"The {extra} of {shown!r} is {len(label):,} characters; "
                f"the limit is {ENTRY_LABEL_MAX}.",
                field=field_name,
                index=index,
            )
        cleaned.append({key: text, extra: label})
    return cleaned


def _clean_tags(value: Any) -> list[str]:
    if value is None:  # null clears a field, as the API's schema says
        return []
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list | tuple):
        raise InvalidInput("tags must be a list.", field="tags")
    tags: dict[str, None] = {}
    for index, tag in enumerate(value):
        cleaned = " ".join(str(tag).split()).lower()
        if len(cleaned) > TAG_MAX:
            # The page and the API both say this (the API's schema leaves tags to it).
            raise EntryInvalid(
                f"The tag {cleaned[:20] + '…'!r} is {len(cleaned):,} characters; "
                f"the limit is {TAG_MAX}.",
                field="tags",
                index=index,
            )
        if cleaned:
            tags.setdefault(cleaned, None)
    return list(tags)


def _clean_person_fields(
    owner: Member, values: Mapping[str, Any], *, imported: bool = False
) -> dict[str, Any]:
    unknown = set(values) - set(PERSON_FIELDS)
    if unknown:
        field_name = sorted(unknown)[0]
        raise InvalidInput(f"Unknown field {field_name!r}.", field=field_name)
    cleaned: dict[str, Any] = {}
    problems = Problems()
    for field_name, value in values.items():
        with problems.check():
            if field_name in TEXT_FIELDS:
                cleaned[field_name] = _clean_text(
                    field_name, value if value is not None else "", imported=imported
                )
            elif field_name == "emails" or field_name == "phones":
                cleaned[field_name] = _clean_entries(field_name, value, key="value")
            elif field_name == "links":
                cleaned[field_name] = _clean_entries(field_name, value, key="url")
            elif field_name == "tags":
                cleaned[field_name] = _clean_tags(value)
            elif field_name in ("met_on", "snoozed_until"):
                if value is not None and not isinstance(value, dt.date):
                    raise InvalidInput(f"{field_name} must be a date.", field=field_name)
                if (
                    field_name == "met_on"
                    and value is not None
                    and not (dt.date(EARLIEST_YEAR, 1, 1) <= value <= timezone.localdate())
                ):
                    raise InvalidInput(
                        f"When you met is a day from {EARLIEST_YEAR} to today.", field="met_on"
                    )
                cleaned[field_name] = value
            elif field_name == "circle":
                if value is None:
                    # Every person sits in a circle (a column with a default and a
                    # check): there is nothing to clear it to.
                    raise InvalidInput(
                        f"The circle cannot be cleared; choose one of {', '.join(Circle.codes)}.",
                        field="circle",
                    )
                if value not in Circle.codes:
                    raise InvalidInput(
                        f"Unknown circle {value!r}; choose one of {', '.join(Circle.codes)}.",
                        field="circle",
                    )
                cleaned[field_name] = value
            elif field_name == "cadence_days":
                if value is not None and (not isinstance(value, int) or not 1 <= value <= 3650):
                    raise InvalidInput(
                        "The cadence is a number of days from 1 to 3650.", field="cadence_days"
                    )
                cleaned[field_name] = value
            elif field_name == "met_introducer_id":
                if value is not None and not Person.objects.filter(pk=value, owner=owner).exists():
                    raise InvalidInput("No such person in your keeper.", field="met_introducer_id")
                cleaned[field_name] = value
            elif field_name == "member_id":
                if value is not None and (
                    value == owner.pk or not Member.objects.filter(pk=value).exists()
                ):
                    raise InvalidInput("No such member.", field="member_id")
                cleaned[field_name] = value
    with problems.check():
        if "met_context" in cleaned and cleaned["met_context"] not in {"", *dict(MET_CONTEXTS)}:
            raise InvalidInput(f"Unknown context {cleaned['met_context']!r}.", field="met_context")
    with problems.check():
        if "name" in cleaned and not cleaned["name"]:
            raise InvalidInput("A person needs a name.", field="name")
    with problems.check():
        if cleaned.get("linkedin_url"):
            normalised = normalise_linkedin_url(cleaned["linkedin_url"])
            if not normalised:
                raise InvalidInput(
                    "A LinkedIn profile address looks like https://www.linkedin.com/in/name.",
                    field="linkedin_url",
                )
            cleaned["linkedin_url"] = normalised
    with problems.check():
        if cleaned.get("snoozed_until") and cleaned["snoozed_until"] > (
            timezone.localdate() + SNOOZE_MAX
        ):
            raise InvalidInput("Snooze for at most a year.", field="snoozed_until")
    problems.raise_any()
    return cleaned


def person_get_for_update(*, owner: Member, person_id: int) -> Person:
    person = Person.objects.select_for_update().filter(pk=person_id, owner=owner).first()
    if person is None:
        raise NotFound("No such person.", field="person_id")
    return person


@transaction.atomic
def person_create(
    *,
    owner: Member,
    name: str,
    dates: Sequence[Mapping[str, Any]] = (),
    imported: bool = False,
    **fields: Any,
) -> Person:
    """Add someone to ``owner``'s keeper, with their yearly ``dates`` if any (each as
    ``person_date_add`` takes it: a birthday typed on the person form comes this way),
    all or nothing. A date's error names the date's own field (``day``, ``year``...).
    ``imported``: what makes them tick comes from a keeper document, kept as the file
    has it."""
    cleaned = _clean_person_fields(owner, {"name": name, **fields}, imported=imported)
    if (
        cleaned.get("member_id")
        and Person.objects.filter(owner=owner, member_id=cleaned["member_id"]).exists()
    ):
        raise InvalidInput("That member is already in your keeper.", field="member_id")
    now = timezone.now()
    person = Person.objects.create(owner=owner, created_at=now, updated_at=now, **cleaned)
    today = timezone.localdate()
    kept: list[PersonDate] = []
    for values in dates:
        date = PersonDate(person=person, created_at=now, **_clean_date(values, today=today))
        _refuse_date_clash(person, date, kept)
        kept.append(date)
    PersonDate.objects.bulk_create(kept)
    return person


@transaction.atomic
def person_update(*, owner: Member, person_id: int, **changes: Any) -> Person:
    person = person_get_for_update(owner=owner, person_id=person_id)
    cleaned = _clean_person_fields(owner, changes)
    if cleaned.get("met_introducer_id") == person.pk:
        raise InvalidInput("Someone cannot introduce you to themselves.", field="met_introducer_id")
    for field_name, value in cleaned.items():
        setattr(person, field_name, value)
    person.updated_at = timezone.now()
    person.save()
    return person


@transaction.atomic
def person_delete(*, owner: Member, person_id: int) -> None:
    person = person_get_for_update(owner=owner, person_id=person_id)
    # An interaction that involved only this person goes with them.
    lone = [
        interaction.pk
        for interaction in person.interactions.prefetch_related("people")
        if [p.pk for p in interaction.people.all()] == [person.pk]
    ]
    Interaction.objects.filter(pk__in=lone).delete()
    person.delete()


# --- Yearly dates: birthdays, anniversaries and other days of theirs ------------------

DATE_FIELDS = ("kind", "label", "month", "day", "year")
DATE_LABEL_MAX = PersonDate._meta.get_field("label").max_length or 120


def _clean_date(values: Mapping[str, Any], *, today: dt.date) -> dict[str, Any]:
    """A date's fields, checked together: every problem found, each naming its field.

    A birthday is only ever the person's own, so it takes no label; "other" needs
    one, to say what the day is; an anniversary may have one ("Wedding"). The day
    must exist in the month (29 February included), and a year, when given, must
    have happened (``yearly.date_problems``).
    """
    unknown = sorted(set(values) - set(DATE_FIELDS))
    if unknown:
        raise InvalidInput(f"Unknown field {unknown[0]!r}.", field=unknown[0])
    problems = Problems()
    kind = values.get("kind", DateKind.BIRTHDAY)
    label = values.get("label") or ""
    with problems.check():
        if kind not in DateKind.codes:
            raise InvalidInput(
                f"Unknown kind {kind!r}; choose one of {', '.join(DateKind.codes)}.", field="kind"
            )
    with problems.check():
        if not isinstance(label, str):
            raise InvalidInput("label must be text.", field="label")
        label = " ".join(label.split())
        if len(label) > DATE_LABEL_MAX:
            raise InvalidInput(
                f"The label is {len(label):,} characters; the limit is {DATE_LABEL_MAX}.",
                field="label",
            )
        if kind == DateKind.BIRTHDAY and label:
            raise InvalidInput(
                "A birthday is theirs and needs no label; for someone else's "
                "(“Daughter Mia's birthday”) choose Other.",
                field="label",
            )
        if kind == DateKind.OTHER and not label:
            raise InvalidInput(
                "Say what the day is, such as “Started at Transit Lab”.", field="label"
            )
    month, day, year = values.get("month"), values.get("day"), values.get("year")
    for field_name, message in date_problems(month, day, year, today=today):
        with problems.check():
            raise InvalidInput(message, field=field_name)
    problems.raise_any()
    return {"kind": kind, "label": label, "month": month, "day": day, "year": year}


def _same_day(a: PersonDate, b: PersonDate) -> bool:
    return (a.kind, a.label.casefold(), a.month, a.day) == (
        b.kind,
        b.label.casefold(),
        b.month,
        b.day,
    )


def _refuse_date_clash(person: Person, date: PersonDate, others: Iterable[PersonDate]) -> None:
    """One birthday per person, and each date once: said in words before the database's
    constraints (``one_birthday_per_person``...) would refuse it."""
    for other in others:
        if other.pk is not None and other.pk == date.pk:
            continue
        if date.kind == DateKind.BIRTHDAY and other.kind == DateKind.BIRTHDAY:
            raise InvalidInput(
                f"{person.name}'s birthday is already in your keeper "
                f"({describe(other.month, other.day, other.year)}): change that one instead.",
                field="kind",
            )
        if _same_day(date, other):
            raise InvalidInput(
                f"That date ({describe(other.month, other.day, other.year)}) is already "
                f"in your keeper for {person.name}.",
                field="day",
            )


def _date_get_for_update(*, owner: Member, person_id: int, date_id: int) -> PersonDate:
    person = person_get_for_update(owner=owner, person_id=person_id)
    date = PersonDate.objects.select_for_update().filter(pk=date_id, person=person).first()
    if date is None:
        raise NotFound("No such date.", field="date_id")
    date.person = person
    return date


def _touch(person: Person) -> None:
    """A person's dates are part of what the keeper holds about them."""
    person.updated_at = timezone.now()
    Person.objects.filter(pk=person.pk).update(updated_at=person.updated_at)


@transaction.atomic
def person_date_add(
    *,
    owner: Member,
    person_id: int,
    kind: str,
    month: int,
    day: int,
    year: int | None = None,
    label: str = "",
) -> PersonDate:
    """Keep a yearly date of one of ``owner``'s people. The person's row is locked, so
    two requests cannot both give them a birthday."""
    person = person_get_for_update(owner=owner, person_id=person_id)
    cleaned = _clean_date(
        {"kind": kind, "label": label, "month": month, "day": day, "year": year},
        today=timezone.localdate(),
    )
    date = PersonDate(person=person, created_at=timezone.now(), **cleaned)
    _refuse_date_clash(person, date, person.dates.all())
    date.save()
    _touch(person)
    return date


@transaction.atomic
def person_date_update(
    *, owner: Member, person_id: int, date_id: int, **changes: Any
) -> PersonDate:
    """Change a date's kind, label, month, day or year; fields left out stay as they
    are, and a null ``year`` forgets it."""
    date = _date_get_for_update(owner=owner, person_id=person_id, date_id=date_id)
    unknown = sorted(set(changes) - set(DATE_FIELDS))
    if unknown:
        raise InvalidInput(f"Unknown field {unknown[0]!r}.", field=unknown[0])
    merged = {name: changes.get(name, getattr(date, name)) for name in DATE_FIELDS}
    if merged["kind"] == DateKind.BIRTHDAY and "label" not in changes:
        merged["label"] = ""  # a date becoming a birthday leaves its old label behind
    for name, value in _clean_date(merged, today=timezone.localdate()).items():
        setattr(date, name, value)
    _refuse_date_clash(date.person, date, date.person.dates.all())
    date.save()
    _touch(date.person)
    return date


@transaction.atomic
def person_date_remove(*, owner: Member, person_id: int, date_id: int) -> None:
    date = _date_get_for_update(owner=owner, person_id=person_id, date_id=date_id)
    date.delete()
    _touch(date.person)


def person_snooze(*, owner: Member, person_id: int, until: dt.date | None) -> Person:
    """A day that has already come would snooze nothing while the page said "snoozed",
    so it is refused; None ends a snooze."""
    if until is not None and until <= timezone.localdate():
        raise InvalidInput(
            "Snooze until a day after today; to end a snooze, clear the date.",
            field="snoozed_until",
        )
    return person_update(owner=owner, person_id=person_id, snoozed_until=until)


def person_set_circle(*, owner: Member, person_id: int, circle: str) -> Person:
    return person_update(owner=owner, person_id=person_id, circle=circle)


def person_link_member(
    *,
    owner: Member,
    member: Member,
    met_context: str = "",
    met_on: dt.date | None = None,
    circle: str = Circle.HUNDRED_FIFTY,
    withheld: bool = False,
) -> Person:
    """Give ``owner``'s keeper an entry for ``member``: link one that matches, or add one.

    Called when two members connect. A matching entry is one already linked, or one
    with the member's email address; otherwise a new person joins ``circle`` (the
    150 for a connection). ``withheld``: ``member`` blocked ``owner``, whose new entry
    then starts from the name alone, as the API's withheld profile does.
    """
    existing = Person.objects.filter(owner=owner, member=member).first()
    if existing is not None:
        return existing
    if member.email:
        for candidate in Person.objects.filter(owner=owner, member__isnull=True):
            if any(e.get("value") == member.email.lower() for e in candidate.emails):
                candidate.member = member
                candidate.updated_at = timezone.now()
                candidate.save(update_fields=["member", "updated_at"])
                return candidate
    now = timezone.now()
    return Person.objects.create(
        owner=owner,
        member=member,
        name=member.name or member.username,
        organisation="" if withheld else member.organisation,
        role="" if withheld else member.headline[:160],
        met_context=met_context,
        met_on=met_on,
        circle=circle,
        created_at=now,
        updated_at=now,
    )


def _refresh_last_contact(person_ids: Iterable[int]) -> None:
    for person_id, latest in (
        Person.objects.filter(pk__in=list(person_ids))
        .annotate(latest=Max("interactions__occurred_at"))
        .values_list("pk", "latest")
    ):
        Person.objects.filter(pk=person_id).update(last_contact_at=latest)


def moment_of_day(day: dt.date) -> dt.datetime:
    """When something logged for ``day`` (the owner's, in the current time zone)
    happened: now when it is today, else noon of that day in the owner's zone. Noon
    UTC would not do: east of UTC+12 it is already the next day, and the interaction
    would be listed a day late."""
    now = timezone.now()
    if day == timezone.localdate(now):
        return now
    return dt.datetime.combine(day, dt.time(12), tzinfo=timezone.get_current_timezone())


def _validate_interaction(
    *, kind: str, direction: str, favour: str, note: str, occurred_at: dt.datetime
) -> None:
    if kind not in Kind.codes:
        raise InvalidInput(
            f"Unknown kind {kind!r}; choose one of {', '.join(Kind.codes)}.", field="kind"
        )
    if direction not in Direction.codes:
        raise InvalidInput(
            f"Unknown direction {direction!r}; choose gave, received or mutual.",
            field="direction",
        )
    if favour and favour not in Kind.favours:
        raise InvalidInput(
            f"What was given is one of {', '.join(Kind.favours)}; not {favour!r}.",
            field="favour",
        )
    if favour and direction == Direction.MUTUAL:
        raise InvalidInput("Say who gave it: a favour is given by one of you.", field="direction")
    _refuse_over(note, NOTE_MAX, what="The note", field="note")
    if occurred_at > timezone.now() + dt.timedelta(days=1):
        raise InvalidInput("An interaction cannot be in the future.", field="occurred_at")
    if occurred_at.year < EARLIEST_YEAR:
        raise InvalidInput(
            f"An interaction is dated {EARLIEST_YEAR} or later.", field="occurred_at"
        )


@transaction.atomic
def interaction_log(
    *,
    owner: Member,
    person_ids: Sequence[int],
    kind: str,
    direction: str = Direction.MUTUAL,
    favour: str = "",
    occurred_at: dt.datetime | None = None,
    note: str = "",
    source: str = Source.MANUAL,
    external_key: str = "",
    imported: bool = False,
) -> Interaction:
    """Record an interaction with one or more people; returns the existing one when
    ``external_key`` was logged before, so replays change nothing. The note is kept
    as typed text is (``rapport.prose``), or, ``imported`` from a keeper document, as
    the file has it."""
    occurred_at = occurred_at or timezone.now()
    note = _kept(note, several_lines=True, imported=imported)
    ids = list(dict.fromkeys(person_ids))
    if not ids:
        raise InvalidInput("Say who it was with.", field="person_ids")
    _validate_interaction(
        kind=kind, direction=direction, favour=favour, note=note, occurred_at=occurred_at
    )
    if external_key:
        existing = Interaction.objects.filter(owner=owner, external_key=external_key).first()
        if existing is not None:
            return existing
    people = list(Person.objects.select_for_update().filter(owner=owner, pk__in=ids))
    if len(people) != len(ids):
        raise NotFound("No such person in your keeper.", field="person_ids")
    interaction = Interaction.objects.create(
        owner=owner,
        occurred_at=occurred_at,
        kind=kind,
        direction=direction,
        favour=favour,
        note=note,
        source=source,
        external_key=external_key,
        created_at=timezone.now(),
    )
    interaction.people.set(people)
    for person in people:
        if person.last_contact_at is None or person.last_contact_at < occurred_at:
            Person.objects.filter(pk=person.pk).update(last_contact_at=occurred_at)
    return interaction


@transaction.atomic
def interaction_log_restoring(
    *, owner: Member, person_ids: Sequence[int], keep_archived: bool = False, **details: Any
) -> tuple[Interaction, list[Person]]:
    """``interaction_log`` for a member logging by hand (the keeper's page, ``rapport
    log``): the people the network audit archived ("contacts, not connections") that
    it was with come back into the keeper's lists, since you are talking again, unless
    ``keep_archived`` (an old conversation remembered). Returns the interaction and
    those who were archived, in the order of ``person_ids``, for the caller to say so."""
    interaction = interaction_log(owner=owner, person_ids=person_ids, **details)
    logged_with = {person.pk: person for person in interaction.people.all()}
    archived = [
        person
        for person in (logged_with.get(pk) for pk in dict.fromkeys(person_ids))
        if person is not None and person.archived_at is not None
    ]
    if archived and not keep_archived:
        # Late import: the audit builds on the keeper, not the reverse (and its report
        # brings the science libraries, which no start should load).
        from rapport.audit.services import people_restore

        people_restore(owner=owner, person_ids=[person.pk for person in archived])
    return interaction, archived


@transaction.atomic
def interaction_delete(*, owner: Member, interaction_id: int) -> None:
    interaction = Interaction.objects.filter(pk=interaction_id, owner=owner).first()
    if interaction is None:
        raise NotFound("No such interaction.")
    person_ids = list(interaction.people.values_list("pk", flat=True))
    interaction.delete()
    _refresh_last_contact(person_ids)


def person_reach_out(
    *,
    owner: Member,
    person_id: int,
    kind: str = Kind.MESSAGE,
    note: str = "",
    keep_archived: bool = False,
) -> tuple[Interaction, list[Person]]:
    """ "Reach out" from the due list or a person's page: log it, which moves the next
    due date on. Reaching out is talking again, as logging by hand is, so someone the
    audit archived comes back into the lists unless ``keep_archived``
    (``interaction_log_restoring``, whose answer this is)."""
    return interaction_log_restoring(
        owner=owner, person_ids=[person_id], keep_archived=keep_archived, kind=kind, note=note
    )


# Sending a message reads, for both of its members, who the other is in their keeper
# and whether the day's "message" interaction is already logged there, with its
# direction: one prepared query on every message sent, where the ORM took two and
# longer to build them than the database to answer (docs/benchmarks.md, "Load").
# Parameters: the sender, the recipient, the recipient, the sender (the two entries);
# the sender and their day's key, the recipient and theirs (each owner's day is their own).
_MESSAGE_KEEPERS_SQL = """
    SELECT 'person', owner_id, id, '' FROM keeper_person
    WHERE (owner_id = %s AND member_id = %s) OR (owner_id = %s AND member_id = %s)
    UNION ALL
    SELECT 'logged', owner_id, id, direction FROM keeper_interaction
    WHERE (owner_id = %s AND external_key = %s) OR (owner_id = %s AND external_key = %s)
"""
# The day's first message from the second side: both of you wrote that day. Only ever
# towards mutual, so two replies crossing each other cannot undo one another.
# Parameters: the two keepers' days (one given twice when only one turns).
_DAY_MUTUAL_SQL = "UPDATE keeper_interaction SET direction = 'mutual' WHERE id IN (%s, %s)"
# Parameters: the time, the two entries' ids, the time again.
_LAST_CONTACT_MOVED_SQL = """
    UPDATE keeper_person SET last_contact_at = %s
    WHERE id IN (%s, %s) AND last_contact_at < %s
"""


def _message_day_key(*, conversation_id: int, owner: Member, at: dt.datetime) -> str:
    """The ``external_key`` of a conversation's "message" interaction on the day of
    ``at`` in ``owner``'s time zone."""
    return f"rapport-conversation:{conversation_id}:{at.astimezone(zone_of(owner)):%Y-%m-%d}"


def interaction_record_message(
    *,
    conversation_id: int,
    sender: Member,
    recipient: Member,
    at: dt.datetime,
    connected: bool | None = None,
) -> None:
    """Messages on Rapport count by themselves: one "message" interaction per
    conversation per day in each participant's keeper, the day being the keeper
    owner's own (their ``time_zone``). A message at 23:30 UTC on a Monday falls on
    Monday for a member in London in winter and on Tuesday (08:30) for one in Tokyo.

    The day is in the interaction's ``external_key``. Interactions recorded before
    days followed the owner's zone keep their UTC day: a member far from UTC may find
    one conversation counted twice on the day of that change, never again.

    A day reads as who wrote that day, in each keeper: "gave" when only its owner
    did, "received" when only the other did, "mutual" once both have (a reply later
    the same day turns it). The request's note that opened the thread, or messages
    nobody answered, went one way, and tie strength and the track record of a circle
    read them so (``rapport.insights``). A day becomes mutual once, in one UPDATE for
    both keepers; every other message costs what it did.

    Call it only once the conversation's row is written in the same transaction (both
    callers have moved ``last_message_at``): the two members' first messages of a day
    sent at once then log it one after the other, the second reading the first's day
    once it is committed. Without that row lock both would log the day, and one send
    would fail on the unique (owner, external_key), or deadlock on the two entries.

    Someone not connected (a coffee pair, two members introduced) who is new to the
    keeper joins it as an acquaintance: writing to someone does not make them one of
    your 150. ``connected`` is whether the two are, when the caller has just checked.
    Both members' zones are read from ``sender`` and ``recipient``: no query, as long
    as the caller loaded ``time_zone`` with them (the conversation page's thread does,
    ``conversations.selectors.THREAD_MEMBER_FIELDS``).
    """
    if connected is None:
        connected = are_connected(a=sender.pk, b=recipient.pk)
    circle = Circle.HUNDRED_FIFTY if connected else Circle.ACQUAINTANCE
    day_key = {
        owner.pk: _message_day_key(conversation_id=conversation_id, owner=owner, at=at)
        for owner in (sender, recipient)
    }
    # Every message after a thread's first of the day finds both entries and both
    # interactions already there: one read for the two keepers, then one update.
    linked: dict[int, int] = {}
    logged: dict[int, tuple[int, str]] = {}
    me, them = sender.pk, recipient.pk
    for part, owner_id, row_id, direction in rows(
        _MESSAGE_KEEPERS_SQL, [me, them, them, me, me, day_key[me], them, day_key[them]]
    ):
        if part == "person":
            linked[owner_id] = row_id
        else:
            logged[owner_id] = (row_id, direction)
    person_ids = []
    turned_mutual = []
    # In each keeper this message goes one way; a day that went only the other way
    # until now has both of you in it.
    for owner, other, this_way, other_way in (
        (sender, recipient, Direction.GAVE, Direction.RECEIVED),
        (recipient, sender, Direction.RECEIVED, Direction.GAVE),
    ):
        person_id = (
            linked.get(owner.pk) or person_link_member(owner=owner, member=other, circle=circle).pk
        )
        person_ids.append(person_id)
        day = logged.get(owner.pk)
        if day is None:
            interaction_log(
                owner=owner,
                person_ids=[person_id],
                kind=Kind.MESSAGE,
                direction=this_way,
                occurred_at=at,
                source=Source.RAPPORT,
                external_key=day_key[owner.pk],
            )
        elif day[1] == other_way:
            turned_mutual.append(day[0])
    if turned_mutual:
        write(_DAY_MUTUAL_SQL, (turned_mutual * 2)[:2])
    # A later message the same day moves the last contact on.
    when = connection.ops.adapt_datetimefield_value(at)
    write(_LAST_CONTACT_MOVED_SQL, [when, *person_ids, when])


@transaction.atomic
def key_seats_ensure(*, owner: Member) -> list[KeySeat]:
    """The member's twelve seats, created with the default roles the first time."""
    seats = list(KeySeat.objects.filter(owner=owner).select_related("person"))
    if len(seats) == SEAT_COUNT:
        return seats
    taken = {seat.position for seat in seats}
    KeySeat.objects.bulk_create(
        KeySeat(owner=owner, position=position, group=group, role=role)
        for position, (group, role) in enumerate(DEFAULT_SEATS, start=1)
        if position not in taken
    )
    return list(KeySeat.objects.filter(owner=owner).select_related("person"))


@transaction.atomic
def key_seat_update(
    *,
    owner: Member,
    position: int,
    role: str | None = None,
    person_id: int | None = None,
    why: str | None = None,
    clear_person: bool = False,
    imported: bool = False,
) -> KeySeat:
    """Change a seat of the board. Its role and why are each one line, as every page
    shows them (``imported`` from a keeper document, the why is kept as the file has it)."""
    if not 1 <= position <= SEAT_COUNT:
        raise NotFound(f"Seats are numbered 1 to {SEAT_COUNT}.", field="position")
    key_seats_ensure(owner=owner)
    seat = KeySeat.objects.select_for_update().get(owner=owner, position=position)
    if role is not None:
        role = one_line(role)
        if not role:
            raise InvalidInput("Name the seat's role.", field="role")
        _refuse_over(role, SEAT_ROLE_MAX, what="The role", field="role")
        seat.role = role
    if clear_person:
        seat.person = None
    elif person_id is not None:
        person = Person.objects.filter(pk=person_id, owner=owner).first()
        if person is None:
            raise InvalidInput("No such person in your keeper.", field="person_id")
        seat.person = person
    if why is not None:
        why = _kept(why, several_lines=False, imported=imported)
        _refuse_over(why, SEAT_WHY_MAX, what="The why", field="why")
        seat.why = why
    seat.save()
    return seat
