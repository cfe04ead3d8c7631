"""Reads from a member's keeper, always for its owner only.

Another member's person is "not found", never "forbidden". Every list here costs a
fixed number of queries however many people the keeper holds: the due list reads
the denormalised ``Person.last_contact_at`` instead of scanning interactions, and
the circle suggestions come from the circles found in the owner's whole history
(``rapport.insights.circles``), read in one query and cached when it is large.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Max, Prefetch, Q, QuerySet, Sum, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from rapport.ego.circle_mapping import History, circle_code, circle_reason
from rapport.errors import InvalidInput, NotFound
from rapport.insights.circles import EgoCircles, find_circles
from rapport.insights.reciprocity import (
    NOTHING,
    Balance,
    Favour,
    balance_clause,
    balance_of,
    balance_sentence,
    reciprocity_overview,
)
from rapport.insights.tie_strength import Contact, tie_strength
from rapport.insights.track_record import track_record
from rapport.keeper.models import Interaction, InteractionPerson, KeySeat, Person, PersonDate
from rapport.keeper.vocabulary import DEFAULT_SEATS, Circle, DateKind, Direction, Kind
from rapport.keeper.yearly import (
    describe,
    month_day_runs,
    next_occurrence,
    years_on,
    years_text,
)
from rapport.members.folding import search_patterns, strip_accents
from rapport.members.models import Member

# Words that appear in every stored email entry ({"value": ..., "type": ...}); a
# search for them must not match everyone with an email address.
_EMAIL_JSON_KEYS = '{"value": "", "type": ""}'


def _json_spellings(text: str) -> list[str]:
    """The text as typed and as SQLite stores it inside JSON (non-ASCII escaped)."""
    escaped = json.dumps(text)[1:-1]
    return [text] if escaped == text else [text, escaped]


def _begins_a_word(field: str, text: str) -> Q:
    """``text`` where it begins a word of ``field``, in any case: "ana" finds Ana and
    María Ana, not Diana; "fieldnote" finds grace@fieldnote.example. The plain
    ``icontains`` goes first, so SQLite calls its Python ``REGEXP`` only for rows that
    hold the text somewhere. ``\\W`` is a character that is not a letter, digit or "_"
    to Python's ``re`` (SQLite's ``REGEXP``) and to PostgreSQL's regular expressions
    alike, accented and non-Latin letters included."""
    return Q(**{f"{field}__icontains": text}) & Q(
        **{f"{field}__iregex": r"(^|\W)" + re.escape(text)}
    )


def _search_word_filter(word: str) -> Q:
    """``word`` begins a word of the name, organisation, role or a tag, folded ("jose"
    finds José, "zurich" Zürich or the tag "zürich-office"), or of an email address as
    stored.

    The people's side was folded and marked where its words begin when it was written
    (``Person.search_folded``), and the word is folded and marked here by the same
    function as member search's (``rapport.members.folding``), so a plain ``LIKE``
    reads one column and the databases compare folded text only. A word that folds to
    nothing (a lone sound mark, a star, an emoji) has no pattern: it is looked for in
    the tags as stored, where a member may well have put "⭐", and in emails."""
    patterns = search_patterns(word)
    condition = Q()
    for pattern in patterns:
        condition &= Q(search_folded__contains=pattern)
    if not patterns:
        condition = Q(pk__in=[])
    for spelling in _json_spellings(word):
        # In the JSON text each tag and address follows a quote, which begins a word.
        if not patterns:
            condition |= _begins_a_word("tags_text", spelling)
        if word.lower() not in _EMAIL_JSON_KEYS:
            condition |= _begins_a_word("emails_text", spelling)
    return condition


def people_of(
    *,
    owner: Member,
    query: str = "",
    circle: str | None = None,
    tag: str | None = None,
    archived: bool | None = False,
) -> QuerySet[Person]:
    """The owner's people, ordered by name; every word of ``query`` must begin a word
    of the name, organisation, role, a tag or an email address, in any case, and
    without accents in all but the email address ("jose" finds José Álvarez, "cafe"
    the tag café).

    Archived people ("contacts, not connections", set aside by the network audit)
    are kept but left out of the lists: ``archived=True`` gives only them, ``None``
    everyone."""
    people = Person.objects.filter(owner=owner)
    if archived is not None:
        people = people.filter(archived_at__isnull=not archived)
    words = query.split()
    if words:
        # As JSON text, on both databases: a regular expression reads text.
        people = people.alias(
            tags_text=Cast("tags", TextField()), emails_text=Cast("emails", TextField())
        )
    for word in words:
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


# --- A name the member typed ("coffee with Ben") ----------------------------------------
#
# The keeper's "Log it" form and `rapport log` read names the same way, here: a name
# that means one person in one of them means that person in the other.

_BY_NUMBER = re.compile(r"^#(\d+)$")


def folded(text: str) -> str:
    """``"  José  RUIZ "`` -> ``"jose ruiz"``: names compare without case or accents."""
    return " ".join(strip_accents(text).casefold().split())


def people_described(people: Sequence[Person]) -> str:
    """``"Ben Okafor (#2, Acme) or Ben Adeyemi (#3)"``: enough to tell namesakes apart."""
    labels = [
        f"{person.name} (#{person.pk}{', ' + person.organisation if person.organisation else ''})"
        for person in people
    ]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]


class NameAmbiguous(InvalidInput):
    """Several people answer to a typed name. ``full_name`` when they share the whole
    name, so only their numbers (``#12``) tell them apart; otherwise a first name was
    typed and the full name will do."""

    code = "name_ambiguous"

    def __init__(self, *, name: str, candidates: Sequence[Person], full_name: bool) -> None:
        self.name = name
        self.candidates = list(candidates)
        self.full_name = full_name
        self.described = people_described(self.candidates)
        advice = (
            f"give the number, as #{self.candidates[0].pk}" if full_name else "write the full name"
        )
        super().__init__(f"{name!r} could be {self.described}; {advice}.", field="names")


class NameUnknown(InvalidInput):
    """Nobody in the keeper answers to a typed name. ``worth_adding`` unless the
    message offers close names or the name was a number: adding someone is then not
    the likely fix."""

    code = "name_unknown"

    def __init__(self, message: str, *, name: str, worth_adding: bool = False) -> None:
        super().__init__(message, field="names")
        self.name = name
        self.worth_adding = worth_adding


def _person_among(name: str, people: Sequence[Person]) -> Person:
    """The one person ``name`` points at: ``#id``, a full name, or a unique first name."""
    by_number = _BY_NUMBER.match(name.strip())
    if by_number:
        for person in people:
            if person.pk == int(by_number.group(1)):
                return person
        raise NameUnknown(f"Nobody in your keeper has the number {name.strip()}.", name=name)
    wanted = folded(name)
    full = [person for person in people if folded(person.name) == wanted]
    if len(full) == 1:
        return full[0]
    if len(full) > 1:
        raise NameAmbiguous(name=name, candidates=full, full_name=True)
    first = wanted.split(" ")[0] if wanted else ""
    same_first = [person for person in people if folded(person.name).split(" ")[0] == first]
    if " " not in wanted and len(same_first) == 1:
        return same_first[0]
    if " " not in wanted and len(same_first) > 1:
        raise NameAmbiguous(name=name, candidates=same_first, full_name=False)
    by_folded = {folded(person.name): person for person in people}
    close = difflib.get_close_matches(wanted, list(by_folded), n=3, cutoff=0.6)
    candidates = same_first or [by_folded[key] for key in close]
    hint = f" Did you mean {people_described(candidates)}?" if candidates else ""
    raise NameUnknown(
        f"Nobody called {name!r} is in your keeper.{hint}", name=name, worth_adding=not hint
    )


def person_by_name(name: str, *, listed: Sequence[Person], archived: Sequence[Person]) -> Person:
    """The person ``name`` points at among those in the keeper's lists, then among the
    archived ones (the network audit's "contacts, not connections"): "Ben" is the Ben
    you talk to, and an archived Ben does not make the name ambiguous. When nobody
    answers in either, the hint looks through both."""
    try:
        return _person_among(name, listed)
    except NameUnknown:
        pass
    try:
        return _person_among(name, archived)
    except NameUnknown:
        return _person_among(name, [*listed, *archived])


def people_by_names(*, owner: Member, names: Iterable[str]) -> list[Person]:
    """The owner's people the typed ``names`` point at, in the order typed, each once
    (``person_by_name``); raises ``NameUnknown`` or ``NameAmbiguous`` for the first name
    that points at nobody or at several people.

    One query reads the names of the whole keeper: names compare without accents,
    which no portable query can do, and a name matching nobody is answered with the
    close ones."""
    everyone = list(
        Person.objects.filter(owner=owner)
        .only("pk", "name", "organisation", "archived_at")
        .order_by("name", "id")
    )
    listed = [person for person in everyone if person.archived_at is None]
    archived = [person for person in everyone if person.archived_at is not None]
    found = [person_by_name(name, listed=listed, archived=archived) for name in names]
    return list({person.pk: person for person in found}.values())


def interactions_of(
    *, owner: Member, person: Person | None = None, limit: int = 50, offset: int = 0
) -> list[Interaction]:
    """Newest first, ``limit`` of them from ``offset``, with ``people`` prefetched (two
    queries)."""
    interactions = Interaction.objects.filter(owner=owner)
    if person is not None:
        interactions = interactions.filter(people=person)
    return list(
        interactions.order_by("-occurred_at", "-id").prefetch_related(
            Prefetch("people", queryset=Person.objects.order_by("name", "id"))
        )[offset : offset + limit]
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


def due_item(person: Person, *, today: dt.date) -> DueItem | None:
    """``person`` as a row of the due list, or None when they have no next date (no
    cadence). No query: a row answered alone (a refused snooze) reads as in the list."""
    due_on = person.due_on(today=today)
    if due_on is None:
        return None
    return DueItem(
        person=person,
        due_on=due_on,
        days_overdue=(today - due_on).days,
        reason=_due_reason(person, today=today, due_on=due_on),
    )


def keep_in_touch(*, owner: Member, today: dt.date, horizon_days: int = 14) -> KeepInTouch:
    """Who to reach out to: overdue (due before ``today``, most overdue first) and due
    soon (due from ``today`` to ``today + horizon_days``, soonest first). One query.
    ``today`` and the days of last contacts are the owner's: run in their time zone
    (a signed-in request is; mail and tasks use ``members.time_zones.member_time_zone``).

    People in acquaintance or past have no cadence unless one was set for them;
    someone never contacted is due today; a snoozed person is due from the snooze
    date when that is later. Archived people are never due.
    """
    horizon = today + dt.timedelta(days=horizon_days)
    people = Person.objects.filter(owner=owner, archived_at__isnull=True).filter(
        Q(circle__in=Circle.layered) | Q(cadence_days__isnull=False)
    )
    overdue: list[DueItem] = []
    due_soon: list[DueItem] = []
    for person in people:
        item = due_item(person, today=today)
        if item is None or item.due_on > horizon:
            continue
        (overdue if item.due_on < today else due_soon).append(item)
    overdue.sort(key=lambda item: (item.due_on, item.person.name.lower(), item.person.pk))
    due_soon.sort(key=lambda item: (item.due_on, item.person.name.lower(), item.person.pk))
    return KeepInTouch(overdue=overdue, due_soon=due_soon)


# --- Dates that come round every year -------------------------------------------

COMING_UP_DAYS = 14
"""How far ahead the keeper's home and due list look for birthdays and other dates."""


@dataclass(frozen=True)
class ComingDate:
    """One of a person's yearly dates and the next day it comes round (``on``, from
    today on). ``years`` is how old the date is then, when its year is known."""

    date: PersonDate
    on: dt.date
    days_away: int
    years: int | None

    @property
    def person(self) -> Person:
        return self.date.person

    @property
    def title(self) -> str:
        """What the day is: "Birthday", "Anniversary", "Wedding", "Started at Transit Lab"."""
        if self.date.kind == DateKind.BIRTHDAY:
            return "Birthday"
        return self.date.label or DateKind.labels[self.date.kind]

    @property
    def detail(self) -> str:
        """ "turns 40", "10 years", or "" when the year is not known."""
        return years_text(self.date.kind, self.years)

    @property
    def phrase(self) -> str:
        """The title inside a sentence: "birthday", "anniversary", or the owner's words."""
        if self.date.kind == DateKind.OTHER or self.date.label:
            return self.title
        return self.title.lower()

    @property
    def described(self) -> str:
        """The date itself: "12 April 1980", or "12 April" when the year is not known."""
        return describe(self.date.month, self.date.day, self.date.year)

    @property
    def when(self) -> str:
        if self.days_away == 0:
            return "today"
        if self.days_away == 1:
            return "tomorrow"
        return f"in {_days(self.days_away)}"


def coming_date(date: PersonDate, *, today: dt.date) -> ComingDate:
    """``date`` with the next day it comes round from ``today``. No query."""
    on = next_occurrence(date.month, date.day, today=today)
    return ComingDate(date=date, on=on, days_away=(on - today).days, years=years_on(on, date.year))


def _coming_order(item: ComingDate) -> tuple[dt.date, str, int, int, int]:
    return (
        item.on,
        item.person.name.lower(),
        item.person.pk,
        DateKind.codes.index(item.date.kind),
        item.date.pk,
    )


def upcoming_dates(
    *, owner: Member, today: dt.date, days: int = COMING_UP_DAYS
) -> list[ComingDate]:
    """The owner's people's yearly dates that come round from ``today`` to ``days``
    days after it (both included), soonest first, with each person. One query.

    ``today`` is the owner's, as for ``keep_in_touch``: run in their time zone. 29
    February comes round on 28 February in a common year (``yearly.occurrence``), and
    a window over the year's end finds January's dates in December. The database
    selects by month and day (``yearly.month_day_runs``), so a keeper of thousands of
    birthdays reads only the few near today. Archived people's dates are left out,
    as they are left out of every list.
    """
    window = Q()
    for month, first, last in month_day_runs(today, days):
        window |= Q(month=month, day__gte=first, day__lte=last)
    dates = PersonDate.objects.filter(
        window, person__owner=owner, person__archived_at__isnull=True
    ).select_related("person")
    coming = [coming_date(date, today=today) for date in dates]
    return sorted((item for item in coming if item.days_away <= days), key=_coming_order)


def yearly_dates_of(*, owner: Member) -> QuerySet[PersonDate]:
    """Every yearly date of the owner's people, archived people's aside, with each
    person: one query. In calendar order (month, day)."""
    return (
        PersonDate.objects.filter(person__owner=owner, person__archived_at__isnull=True)
        .select_related("person")
        .order_by("month", "day", "person__name", "pk")
    )


def person_date_get(*, owner: Member, person_id: int, date_id: int) -> PersonDate:
    """One date of one of the owner's people; anyone else's is "not found"."""
    date = (
        PersonDate.objects.filter(pk=date_id, person_id=person_id, person__owner=owner)
        .select_related("person")
        .first()
    )
    if date is None:
        raise NotFound("No such date.", field="date_id")
    return date


def person_dates(*, owner: Member, person: Person, today: dt.date) -> list[ComingDate]:
    """Every yearly date of ``person``'s, the next to come round first. One query."""
    dates = PersonDate.objects.filter(person=person, person__owner=owner)
    coming = []
    for date in dates:
        date.person = person
        coming.append(coming_date(date, today=today))
    return sorted(coming, key=_coming_order)


# --- Circles --------------------------------------------------------------------


@dataclass
class CircleLoad:
    circle: str
    label: str
    count: int
    inclusive_count: int
    capacity: int | None
    overflowing: bool
    # Archived people whose circle this is, counted apart: they are in none of the
    # counts above, and the keeper's home only needs to know there are some.
    archived: int = 0


def circle_overview(*, owner: Member) -> list[CircleLoad]:
    """Every circle, innermost first, with its own and inclusive counts. One query.

    Dunbar's layers are inclusive: the 15 holds the 5 too, so its capacity of 15
    counts both. Overflowing is said, never blocked. Archived people are not counted
    in a circle; the same query counts them apart (``CircleLoad.archived``), so a page
    can point at the archived list without a query of its own.
    """
    counts: dict[str, int] = {}
    archived: dict[str, int] = {}
    for code, listed, set_aside in (
        Person.objects.filter(owner=owner)
        .order_by()
        .values_list("circle")
        .annotate(
            listed=Count("id", filter=Q(archived_at__isnull=True)),
            set_aside=Count("id", filter=Q(archived_at__isnull=False)),
        )
        .values_list("circle", "listed", "set_aside")
    ):
        counts[code], archived[code] = listed, set_aside
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
                archived=archived.get(code, 0),
            )
        )
    return loads


@dataclass
class Suggestion:
    """The circle a history suggests, with its reason. ``give_and_take`` is the
    "Give and take" panel's sentence, worded from the same balance as the reason's
    give-and-take clause so that the two never disagree."""

    circle: str
    reason: str
    give_and_take: str = NOTHING


SUGGESTION_CACHE_FROM = 5_000
"""Interaction-person links from which an owner's found circles are cached.

Finding the circles reads every (person, time) pair the owner ever logged: for
100,000 interactions that is 0.6-1 s on SQLite (mostly turning rows into datetimes),
far over the person page's budget. Below this many links the work is quick and is
simply done; from it, the result is kept in Django's cache under a key that any
change to the history changes (see ``_history_key``), for up to a day. Measured on
100,000 interactions over 3,000 people (SQLite): the suggestion for the person with
the most history (4,900 interactions) takes about 75 ms with the circles cached, of
which the key's aggregate is about 28 ms."""
SUGGESTION_CACHE_SECONDS = 24 * 3600


def _history_key(*, owner: Member, now: dt.datetime) -> tuple[int, str]:
    """How many interaction-person links the owner has, and a cache key that changes
    whenever the history does. One query.

    Interactions are only ever created or deleted (ids are never reused: SQLite's
    AUTOINCREMENT, PostgreSQL's sequences), so the count and the highest link id
    catch every log and delete; a merge moves links from one person to another,
    which the sum of person ids catches. The day is in the key because "active" and
    "past" are measured up to now.
    """
    row = InteractionPerson.objects.filter(interaction__owner=owner).aggregate(
        links=Count("id"), top=Max("id"), people=Sum("person_id")
    )
    day = timezone.localtime(now).date().isoformat()
    key = f"keeper:circles:{owner.pk}:{row['links']}:{row['top']}:{row['people']}:{day}"
    return row["links"], key


def _found_circles(*, owner: Member, now: dt.datetime) -> EgoCircles[int]:
    """The circles ``find_circles`` finds in ALL the owner's keeper interactions
    (alter = person id, time = occurred_at), measured up to ``now``. One query, plus
    one more to read the pairs unless a large history's result is in the cache."""
    links, key = _history_key(owner=owner, now=now)
    if links >= SUGGESTION_CACHE_FROM:
        # Only this function writes under the key.
        cached: EgoCircles[int] | None = cache.get(key)
        if cached is not None:
            return cached
    pairs = (
        InteractionPerson.objects.filter(interaction__owner=owner)
        .order_by()
        .values_list("person_id", "interaction__occurred_at")
    )
    found = find_circles(((pk, at.timestamp()) for pk, at in pairs), end=now.timestamp())
    if links >= SUGGESTION_CACHE_FROM:
        cache.set(key, found, SUGGESTION_CACHE_SECONDS)
    return found


def _suggest(
    *,
    found: EgoCircles[int],
    person_id: int,
    name: str,
    contacts: list[Contact],
    balance: Balance,
    now: dt.datetime,
) -> Suggestion:
    at = now.timestamp()
    history = History(
        contacts=sum(1 for contact in contacts if contact.timestamp <= at),
        last_contact=max(
            (contact.timestamp for contact in contacts if contact.timestamp <= at), default=None
        ),
        index=found.membership.get(person_id),
        frequency=found.frequencies.get(person_id),
        record=track_record(contacts, now=at),
    )
    circle = circle_code(history, now=at)
    first_name = _first_name(name)
    reason = circle_reason(history, now=at, n_circles=found.n_circles, name=first_name)
    if history.contacts:
        why = tie_strength(contacts, now=at).why
        clause = balance_clause(balance)
        reason = f"{reason}. {why[:1].upper()}{why[1:]}" + (f"; {clause}" if clause else "")
    return Suggestion(
        circle=circle,
        reason=reason[:1].upper() + reason[1:],
        give_and_take=balance_sentence(first_name, balance),
    )


Row = tuple[int, dt.datetime, str, str, str, int]
"""One interaction of a person's: id, when, kind, direction, favour, how many took part."""


def _contacts(rows: Iterable[Row]) -> list[Contact]:
    return [
        Contact(timestamp=at.timestamp(), kind=kind, direction=direction, group_size=size)
        for _interaction, at, kind, direction, _favour, size in rows
    ]


def _balance(rows: Iterable[Row], *, now: dt.datetime) -> Balance:
    """The favours among ``rows`` by ``_favour_q``'s rule, weighed as the panel weighs them."""
    favours: list[Favour] = [
        (timezone.localtime(at).date(), direction, _favour_of(kind, favour))
        for _interaction, at, kind, direction, favour, _size in rows
        if at <= now
        and direction in (Direction.GAVE, Direction.RECEIVED)
        and (favour or kind in Kind.favours)
    ]
    return balance_of(favours, today=timezone.localtime(now).date())


def circle_suggestion(*, owner: Member, person: Person, now: dt.datetime) -> Suggestion:
    """The circle the owner's whole history suggests for ``person``, with a reason.

    The circles come from ``find_circles`` over every keeper interaction of the
    owner's, mapped onto the keeper's codes by ``rapport.ego.circle_mapping``; the
    reason adds the tie strength's why line and the give-and-take verdict, whose
    sentence for the panel comes with it. Three queries (two when a large
    history's circles are cached): the history key, the owner's (person, time)
    pairs, and this person's interactions with how many took part in each.
    """
    found = _found_circles(owner=owner, now=now)
    # Selected by id rather than by ``people=person``, so that counting ``people``
    # counts everyone in the interaction, not only the person filtered on.
    rows: list[Row] = list(
        Interaction.objects.filter(
            owner=owner,
            pk__in=InteractionPerson.objects.filter(person_id=person.pk).values("interaction_id"),
        )
        .order_by()
        .annotate(group_size=Count("people"))
        .values_list("pk", "occurred_at", "kind", "direction", "favour", "group_size")
    )
    return _suggest(
        found=found,
        person_id=person.pk,
        name=person.name,
        contacts=_contacts(rows),
        balance=_balance(rows, now=now),
        now=now,
    )


def circle_suggestions(*, owner: Member, now: dt.datetime) -> dict[int, Suggestion]:
    """Suggestions for every person of the owner's, by person id. Two queries: the
    people, and every interaction-person link with its time, kind and direction
    (how many took part in an interaction is counted from the same rows)."""
    names = dict(Person.objects.filter(owner=owner).order_by().values_list("id", "name"))
    links = list(
        InteractionPerson.objects.filter(interaction__owner=owner)
        .order_by()
        .values_list(
            "person_id",
            "interaction_id",
            "interaction__occurred_at",
            "interaction__kind",
            "interaction__direction",
            "interaction__favour",
        )
    )
    at = now.timestamp()
    found = find_circles(
        ((person_id, occurred.timestamp()) for person_id, _pk, occurred, *_rest in links),
        end=at,
    )
    sizes = Counter(interaction_id for _person, interaction_id, *_rest in links)
    by_person: dict[int, list[Row]] = {}
    for person_id, interaction_id, occurred, kind, direction, favour in links:
        by_person.setdefault(person_id, []).append(
            (interaction_id, occurred, kind, direction, favour, sizes[interaction_id])
        )
    return {
        person_id: _suggest(
            found=found,
            person_id=person_id,
            name=name,
            contacts=_contacts(by_person.get(person_id, [])),
            balance=_balance(by_person.get(person_id, []), now=now),
            now=now,
        )
        for person_id, name in names.items()
    }


# --- Reciprocity ------------------------------------------------------------------


def _favour_q(prefix: str = "") -> Q:
    """An interaction that gave or received something: a favour named, or a favour kind."""
    return Q(**{f"{prefix}favour__gt": ""}) | Q(**{f"{prefix}kind__in": Kind.favours})


def _favour_of(kind: str, favour: str) -> str:
    return favour or kind


def reciprocity_for(*, owner: Member, person: Person, now: dt.datetime) -> str:
    """A sentence on what you gave ``person`` and received from them this year. One query.

    The person page takes it from ``circle_suggestion`` instead (``give_and_take``),
    worded from the balance its reason uses; this is for callers without one."""
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
    return balance_sentence(
        _first_name(person.name), balance_of(favours, today=timezone.localtime(now).date())
    )


def reciprocity_overall(*, owner: Member, now: dt.datetime) -> list[str]:
    """A few sentences about give and take across the whole keeper. One query."""
    rows = (
        InteractionPerson.objects.filter(
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


def key_seats_shown(*, owner: Member) -> list[KeySeat]:
    """The member's twelve seats as ``key_seats_ensure`` gives them, without setting the
    board up: a seat never stored stands in with its default role, unsaved. For a look
    that must write nothing (a HEAD on the API). One query."""
    stored = {
        seat.position: seat for seat in KeySeat.objects.filter(owner=owner).select_related("person")
    }
    return [
        stored.get(position) or KeySeat(owner=owner, position=position, group=group, role=role)
        for position, (group, role) in enumerate(DEFAULT_SEATS, start=1)
    ]
