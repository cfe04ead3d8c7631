"""Reads from a member's keeper, always for its owner only.

Another member's person is "not found", never "forbidden". Every list here costs a
fixed number of queries however many people the keeper holds: the due list reads
the denormalised ``Person.last_contact_at`` instead of scanning interactions, and
the circle suggestions come from one aggregate query grouped by person.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Min, Prefetch, Q, QuerySet
from django.utils import timezone

from rapport.errors import NotFound
from rapport.insights.circle_suggestion import ContactStats, suggest_circle
from rapport.insights.reciprocity import reciprocity_overview, reciprocity_sentence
from rapport.keeper.models import Interaction, Person
from rapport.keeper.vocabulary import Circle, Direction, Kind
from rapport.members.models import Member

# Words that appear in every stored email entry ({"value": ..., "type": ...}); a
# search for them must not match everyone with an email address.
_EMAIL_JSON_KEYS = '{"value": "", "type": ""}'


def _json_spellings(text: str) -> list[str]:
    """The text as typed and as SQLite stores it inside JSON (non-ASCII escaped)."""
    escaped = json.dumps(text)[1:-1]
    return [text] if escaped == text else [text, escaped]


def _search_word_filter(word: str) -> Q:
    condition = Q(name__icontains=word) | Q(organisation__icontains=word) | Q(role__icontains=word)
    for spelling in _json_spellings(word):
        condition |= Q(tags__icontains=spelling)
        if word.lower() not in _EMAIL_JSON_KEYS:
            condition |= Q(emails__icontains=spelling)
    return condition


def people_of(
    *, owner: Member, query: str = "", circle: str | None = None, tag: str | None = None
) -> QuerySet[Person]:
    """The owner's people, ordered by name; every word of ``query`` must match the
    name, organisation, role, an email address or a tag."""
    people = Person.objects.filter(owner=owner)
    for word in query.split():
        people = people.filter(_search_word_filter(word))
    if circle:
        people = people.filter(circle=circle)
    if tag:
        # JSON containment is not portable to SQLite; match the quoted element in
        # the JSON text instead, so "ai" does not match "fair".
        cleaned = " ".join(tag.split()).lower()
        tag_filter = Q()
        for spelling in _json_spellings(cleaned):
            tag_filter |= Q(tags__icontains=f'"{spelling}"')
        people = people.filter(tag_filter)
    return people.order_by("name", "id")


def person_get(*, owner: Member, person_id: int) -> Person:
    person = (
        Person.objects.filter(owner=owner, pk=person_id)
        .select_related("member", "met_introducer")
        .first()
    )
    if person is None:
        raise NotFound("No such person.", field="person_id")
    return person


def interactions_of(
    *, owner: Member, person: Person | None = None, limit: int = 50
) -> list[Interaction]:
    """Newest first, with ``people`` prefetched (two queries)."""
    interactions = Interaction.objects.filter(owner=owner)
    if person is not None:
        interactions = interactions.filter(people=person)
    return list(
        interactions.order_by("-occurred_at", "-id").prefetch_related(
            Prefetch("people", queryset=Person.objects.order_by("name", "id"))
        )[:limit]
    )


# --- Keeping in touch ---------------------------------------------------------


@dataclass
class DueItem:
    """``days_overdue`` is negative while the person is not yet due (days left)."""

    person: Person
    due_on: dt.date
    days_overdue: int
    reason: str


@dataclass
class KeepInTouch:
    overdue: list[DueItem]
    due_soon: list[DueItem]


def _days(count: int) -> str:
    return "1 day" if count == 1 else f"{count} days"


def _due_reason(person: Person, *, today: dt.date, due_on: dt.date) -> str:
    cadence = person.effective_cadence_days
    if person.last_contact_at is not None:
        since = (today - timezone.localtime(person.last_contact_at).date()).days
        contact = f"Last contact {_days(since)} ago" if since > 0 else "Last contact today"
    else:
        contact = "Never in touch since you added them"
    if person.cadence_days is not None:
        cadence_text = f"you chose every {_days(cadence or 0)}"
    elif cadence is not None:
        cadence_text = f"your cadence for the {person.circle} is {_days(cadence)}"
    else:
        cadence_text = ""
    reason = f"{contact}; {cadence_text}" if cadence_text else contact
    if person.snoozed_until and person.snoozed_until == due_on:
        snoozed = f"Snoozed until {person.snoozed_until.day} {person.snoozed_until:%B %Y}"
        reason = f"{snoozed}; {reason[0].lower()}{reason[1:]}"
    return reason


def _due_on(person: Person, *, today: dt.date) -> dt.date | None:
    """As ``Person.due_on``, but with the last contact read in the local time zone."""
    cadence = person.effective_cadence_days
    if cadence is None:
        return None
    if person.last_contact_at is not None:
        due = timezone.localtime(person.last_contact_at).date() + dt.timedelta(days=cadence)
    else:
        due = today
    if person.snoozed_until and person.snoozed_until > due:
        due = person.snoozed_until
    return due


def keep_in_touch(*, owner: Member, today: dt.date, horizon_days: int = 14) -> KeepInTouch:
    """Who to reach out to: overdue (due before ``today``, most overdue first) and due
    soon (due from ``today`` to ``today + horizon_days``, soonest first). One query.

    People in acquaintance or past have no cadence unless one was set for them;
    someone never contacted is due today; a snoozed person is due from the snooze
    date when that is later.
    """
    horizon = today + dt.timedelta(days=horizon_days)
    people = Person.objects.filter(owner=owner).filter(
        Q(circle__in=Circle.layered) | Q(cadence_days__isnull=False)
    )
    overdue: list[DueItem] = []
    due_soon: list[DueItem] = []
    for person in people:
        due_on = _due_on(person, today=today)
        if due_on is None or due_on > horizon:
            continue
        item = DueItem(
            person=person,
            due_on=due_on,
            days_overdue=(today - due_on).days,
            reason=_due_reason(person, today=today, due_on=due_on),
        )
        (overdue if due_on < today else due_soon).append(item)
    overdue.sort(key=lambda item: (item.due_on, item.person.name.lower(), item.person.pk))
    due_soon.sort(key=lambda item: (item.due_on, item.person.name.lower(), item.person.pk))
    return KeepInTouch(overdue=overdue, due_soon=due_soon)


# --- Circles --------------------------------------------------------------------


@dataclass
class CircleLoad:
    circle: str
    label: str
    count: int
    inclusive_count: int
    capacity: int | None
    overflowing: bool


def circle_overview(*, owner: Member) -> list[CircleLoad]:
    """Every circle, innermost first, with its own and inclusive counts. One query.

    Dunbar's layers are inclusive: the 15 holds the 5 too, so its capacity of 15
    counts both. Overflowing is said, never blocked.
    """
    counts = dict(
        Person.objects.filter(owner=owner)
        .order_by()
        .values_list("circle")
        .annotate(count=Count("id"))
        .values_list("circle", "count")
    )
    loads = []
    for code in Circle.codes:
        inclusive = sum(counts.get(inner, 0) for inner in Circle.inner_or_same(code))
        capacity = Circle.capacity.get(code)
        loads.append(
            CircleLoad(
                circle=code,
                label=Circle.labels[code],
                count=counts.get(code, 0),
                inclusive_count=inclusive,
                capacity=capacity,
                overflowing=capacity is not None and inclusive > capacity,
            )
        )
    return loads


@dataclass
class Suggestion:
    circle: str
    reason: str


def _favour_q(prefix: str = "") -> Q:
    """An interaction that gave or received something: a favour named, or a favour kind."""
    return Q(**{f"{prefix}favour__gt": ""}) | Q(**{f"{prefix}kind__in": Kind.favours})


def _stats_annotations(prefix: str, now: dt.datetime) -> dict[str, Count | Max | Min]:
    year_ago = now - dt.timedelta(days=365)
    quarter_ago = now - dt.timedelta(days=90)
    at = f"{prefix}occurred_at"
    direction = f"{prefix}direction"
    in_year = Q(**{f"{at}__gt": year_ago, f"{at}__lte": now})
    return {
        "stat_total": Count(f"{prefix}id", filter=Q(**{f"{at}__lte": now})),
        "stat_90": Count(f"{prefix}id", filter=Q(**{f"{at}__gt": quarter_ago, f"{at}__lte": now})),
        "stat_365": Count(f"{prefix}id", filter=in_year),
        "stat_gave": Count(
            f"{prefix}id", filter=in_year & _favour_q(prefix) & Q(**{direction: Direction.GAVE})
        ),
        "stat_received": Count(
            f"{prefix}id",
            filter=in_year & _favour_q(prefix) & Q(**{direction: Direction.RECEIVED}),
        ),
        "stat_last": Max(at, filter=Q(**{f"{at}__lte": now})),
        "stat_first": Min(at),
    }


def _contact_stats(
    row: Mapping[str, Any], *, created_at: dt.datetime, now: dt.datetime
) -> ContactStats:
    last = row["stat_last"]
    return ContactStats(
        total=row["stat_total"],
        last_90_days=row["stat_90"],
        last_365_days=row["stat_365"],
        gave=row["stat_gave"],
        received=row["stat_received"],
        days_since_last=(
            max((now - last).total_seconds() / 86400, 0.0) if last is not None else None
        ),
        # Known since they were added, or since the first interaction logged when
        # that is earlier (imports and back-dated entries).
        known_days=max(
            (now - min(created_at, row["stat_first"] or created_at)).total_seconds() / 86400, 0.0
        ),
    )


def circle_suggestion(*, owner: Member, person: Person, now: dt.datetime) -> Suggestion:
    """The circle the interaction history suggests, with a one-line reason. One query."""
    row = Interaction.objects.filter(owner=owner, people=person).aggregate(
        **_stats_annotations("", now)
    )
    circle, reason = suggest_circle(_contact_stats(row, created_at=person.created_at, now=now))
    return Suggestion(circle=circle, reason=reason)


def circle_suggestions(*, owner: Member, now: dt.datetime) -> dict[int, Suggestion]:
    """Suggestions for every person of the owner's, by person id. Two queries: the
    people, and one aggregate over their interactions grouped by person.

    The aggregate starts from the interaction-person links rather than from people:
    on 3,000 people and 100,000 interactions that join order is the faster one on
    both SQLite and PostgreSQL.
    """
    added = dict(Person.objects.filter(owner=owner).order_by().values_list("id", "created_at"))
    rows = {
        row["person_id"]: row
        for row in Interaction.people.through.objects.filter(interaction__owner=owner)
        .order_by()
        .values("person_id")
        .annotate(**_stats_annotations("interaction__", now))
    }
    suggestions = {}
    for person_id, created_at in added.items():
        row = rows.get(person_id, _NO_INTERACTIONS)
        circle, reason = suggest_circle(_contact_stats(row, created_at=created_at, now=now))
        suggestions[person_id] = Suggestion(circle=circle, reason=reason)
    return suggestions


_NO_INTERACTIONS: Mapping[str, Any] = {
    "stat_total": 0,
    "stat_90": 0,
    "stat_365": 0,
    "stat_gave": 0,
    "stat_received": 0,
    "stat_last": None,
    "stat_first": None,
}


# --- Reciprocity ------------------------------------------------------------------


def _favour_of(kind: str, favour: str) -> str:
    return favour or kind


def reciprocity_for(*, owner: Member, person: Person, now: dt.datetime) -> str:
    """A sentence on what you gave ``person`` and received from them this year. One query."""
    rows = (
        Interaction.objects.filter(owner=owner, people=person, occurred_at__lte=now)
        .filter(_favour_q(), direction__in=[Direction.GAVE, Direction.RECEIVED])
        .order_by()
        .values_list("occurred_at", "direction", "kind", "favour")
    )
    favours = [
        (timezone.localtime(at).date(), direction, _favour_of(kind, favour))
        for at, direction, kind, favour in rows
    ]
    return reciprocity_sentence(
        _first_name(person.name), favours, today=timezone.localtime(now).date()
    )


def reciprocity_overall(*, owner: Member, now: dt.datetime) -> list[str]:
    """A few sentences about give and take across the whole keeper. One query."""
    through = Interaction.people.through
    rows = (
        through.objects.filter(
            interaction__owner=owner,
            interaction__occurred_at__gt=now - dt.timedelta(days=366),
            interaction__occurred_at__lte=now,
            interaction__direction__in=[Direction.GAVE, Direction.RECEIVED],
        )
        .filter(_favour_q("interaction__"))
        .order_by("person__name", "person_id")
        .values_list(
            "person_id",
            "person__name",
            "interaction__occurred_at",
            "interaction__direction",
            "interaction__kind",
            "interaction__favour",
        )
    )
    by_person: dict[int, tuple[str, list[tuple[dt.date, str, str]]]] = {}
    for person_id, name, at, direction, kind, favour in rows:
        by_person.setdefault(person_id, (name, []))[1].append(
            (timezone.localtime(at).date(), direction, _favour_of(kind, favour))
        )
    return reciprocity_overview(by_person.values(), today=timezone.localtime(now).date())


def _first_name(name: str) -> str:
    """What a sentence calls someone: their first name, or the whole name if one word."""
    parts = name.split()
    return parts[0] if parts else name
