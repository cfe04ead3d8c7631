"""Merging two keeper entries for the same person, losing nothing.

A merge is the one keeper write that destroys a row, so it keeps everything the
merged entry held: its interactions, every email, phone, link and tag, its member
link, its key seats, the people it introduced, its yearly dates, and any text value
that differs from the kept entry's (noted under "what makes them tick" as "Also
recorded: ...").

Dates: each date of the two is kept once (the same kind, label, month and day is one
date, and gains the year if only the merged entry knew it). A person has one birthday,
so when both entries have one and they differ, the kept person's birthday wins and
the merged entry's is noted ("Also recorded: birthday: 3 May 1981").
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from rapport.errors import InvalidInput, NotFound
from rapport.keeper.models import MET_CONTEXTS, InteractionPerson, KeySeat, Person, PersonDate
from rapport.keeper.vocabulary import Circle, DateKind
from rapport.keeper.yearly import describe
from rapport.members.models import Member

# Single-valued text: the kept entry's value wins when it has one; a different
# value on the merged entry is written down rather than dropped.
SINGLE_TEXT_FIELDS = ("name", "organisation", "role", "met_context", "met_place", "met_gathering")
_LABELS = {
    "name": "name",
    "organisation": "organisation",
    "role": "role",
    "met_context": "how you met",
    "met_place": "where you met",
    "met_gathering": "gathering",
    "linkedin_url": "LinkedIn",
    "cadence_days": "cadence",
    "met_introducer": "introduced by",
}
_CONTEXT_LABELS = dict(MET_CONTEXTS)


def _union(
    first: Iterable[dict[str, str]], second: Iterable[dict[str, str]], *, key: str
) -> list[dict[str, str]]:
    """Entries of both lists, first list first, each value once (emails case-blind)."""
    seen: set[str] = set()
    merged: list[dict[str, str]] = []
    for entry in [*first, *second]:
        value = str(entry.get(key, "")).strip()
        marker = value.lower() if key == "value" and "@" in value else value
        if not value or marker in seen:
            continue
        seen.add(marker)
        merged.append(entry)
    return merged


def _also_recorded(label: str, value: str) -> str:
    return f"Also recorded: {label}: {value}"


def _same_date(a: PersonDate, b: PersonDate) -> bool:
    return (a.kind, a.label.casefold(), a.month, a.day) == (
        b.kind,
        b.label.casefold(),
        b.month,
        b.day,
    )


def _merge_dates(*, keep: Person, other: Person) -> list[str]:
    """Move ``other``'s dates to ``keep``, each date once; returns notes for what could
    not move (a second birthday, a year that differs)."""
    kept = list(PersonDate.objects.filter(person=keep).order_by("pk"))
    notes: list[str] = []
    for date in PersonDate.objects.filter(person=other).order_by("pk"):
        what = DateKind.labels[date.kind].lower() if date.kind == DateKind.BIRTHDAY else ""
        what = what or date.label or DateKind.labels[date.kind].lower()
        same = next((mine for mine in kept if _same_date(mine, date)), None)
        if same is not None:
            if same.year is None and date.year is not None:
                same.year = date.year
                same.save(update_fields=["year"])
            elif date.year is not None and date.year != same.year:
                notes.append(_also_recorded(what, describe(date.month, date.day, date.year)))
            continue
        if date.kind == DateKind.BIRTHDAY and any(mine.kind == DateKind.BIRTHDAY for mine in kept):
            notes.append(_also_recorded(what, describe(date.month, date.day, date.year)))
            continue
        date.person = keep
        date.save(update_fields=["person"])
        kept.append(date)
    return notes


def _locked_pair(*, owner: Member, keep_id: int, merge_id: int) -> tuple[Person, Person]:
    if keep_id == merge_id:
        raise InvalidInput("Choose two different people to merge.", field="merge_id")
    # Lock in id order so two merges touching the same people cannot deadlock.
    rows = {
        person.pk: person
        for person in Person.objects.select_for_update()
        .filter(owner=owner, pk__in=[keep_id, merge_id])
        .order_by("pk")
    }
    if keep_id not in rows:
        raise NotFound("No such person.", field="keep_id")
    if merge_id not in rows:
        raise NotFound("No such person.", field="merge_id")
    return rows[keep_id], rows[merge_id]


@transaction.atomic
def person_merge(*, owner: Member, keep_id: int, merge_id: int) -> Person:
    """Fold person ``merge_id`` into ``keep_id`` and delete it; returns the kept person.

    Refused when the two are linked to different members: those are two people.
    """
    keep, other = _locked_pair(owner=owner, keep_id=keep_id, merge_id=merge_id)
    if keep.member_id and other.member_id and keep.member_id != other.member_id:
        raise InvalidInput(
            "These two are different Rapport members, so they are not the same person.",
            field="merge_id",
        )
    notes: list[str] = []

    for name in SINGLE_TEXT_FIELDS:
        kept, merged = getattr(keep, name), getattr(other, name)
        if not merged or merged == kept:
            continue
        if not kept:
            setattr(keep, name, merged)
        else:
            shown = _CONTEXT_LABELS.get(merged, merged) if name == "met_context" else merged
            notes.append(_also_recorded(_LABELS[name], shown))

    keep.emails = _union(keep.emails, other.emails, key="value")
    keep.phones = _union(keep.phones, other.phones, key="value")
    keep.links = _union(keep.links, other.links, key="url")
    keep.tags = list(dict.fromkeys([*keep.tags, *other.tags]))
    if other.linkedin_url and other.linkedin_url != keep.linkedin_url:
        if not keep.linkedin_url:
            keep.linkedin_url = other.linkedin_url
        else:
            # A second profile is still a link to them.
            keep.links = _union(
                keep.links, [{"url": other.linkedin_url, "label": "LinkedIn"}], key="url"
            )

    if other.cadence_days is not None and other.cadence_days != keep.cadence_days:
        if keep.cadence_days is None:
            keep.cadence_days = other.cadence_days
        else:
            notes.append(
                _also_recorded(_LABELS["cadence_days"], f"every {other.cadence_days} days")
            )

    # Introducers: the merged person's introducer serves if the kept one has none,
    # and whoever the merged person introduced was introduced by the kept one.
    other_introducer_id = other.met_introducer_id
    if other_introducer_id == keep.pk:
        other_introducer_id = None
    if keep.met_introducer_id == other.pk:
        keep.met_introducer_id = other_introducer_id
    elif other_introducer_id and other_introducer_id != keep.met_introducer_id:
        if keep.met_introducer_id is None:
            keep.met_introducer_id = other_introducer_id
        else:
            introducer = Person.objects.filter(pk=other_introducer_id).values_list(
                "name", flat=True
            )
            notes.append(_also_recorded(_LABELS["met_introducer"], introducer.first() or ""))
    Person.objects.filter(owner=owner, met_introducer=other).exclude(pk=keep.pk).update(
        met_introducer=keep
    )

    notes.extend(_merge_dates(keep=keep, other=other))

    if other.what_makes_them_tick and other.what_makes_them_tick not in keep.what_makes_them_tick:
        notes.insert(0, other.what_makes_them_tick)
    if notes:
        keep.what_makes_them_tick = "\n\n".join(
            part for part in [keep.what_makes_them_tick, *notes] if part
        )

    layered_order = Circle.codes  # innermost first
    keep.circle = min(keep.circle, other.circle, key=layered_order.index)
    if other.met_on and (keep.met_on is None or other.met_on < keep.met_on):
        keep.met_on = other.met_on
    if other.last_contact_at and (
        keep.last_contact_at is None or other.last_contact_at > keep.last_contact_at
    ):
        keep.last_contact_at = other.last_contact_at
    if other.snoozed_until and (
        keep.snoozed_until is None or other.snoozed_until > keep.snoozed_until
    ):
        keep.snoozed_until = other.snoozed_until
    keep.created_at = min(keep.created_at, other.created_at)

    # Interactions: every one the merged person was in now includes the kept one,
    # once (an interaction with both keeps a single row for the kept person).
    already = InteractionPerson.objects.filter(person_id=keep.pk).values("interaction_id")
    InteractionPerson.objects.filter(person_id=other.pk).exclude(interaction_id__in=already).update(
        person_id=keep.pk
    )
    InteractionPerson.objects.filter(person_id=other.pk).delete()

    KeySeat.objects.filter(owner=owner, person=other).update(person=keep)

    # The member link moves last: one person per member per owner, so the merged
    # entry lets go of it first.
    if other.member_id and not keep.member_id:
        member_id = other.member_id
        Person.objects.filter(pk=other.pk).update(member=None)
        keep.member_id = member_id

    keep.updated_at = timezone.now()
    keep.save()
    other.delete()
    return keep
