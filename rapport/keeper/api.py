"""The keeper over the API: a member's private book of the people they know.

Every operation reads or writes only the caller's own keeper. An id that belongs to
someone else answers 404 exactly as an id that does not exist, so the API never
tells one member anything about another's keeper. The rules live in the services
and selectors; these handlers translate between JSON and those calls.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils import timezone
from ninja import P, Query, QueryEx, Router, Status

from rapport.error_schemas import AUTHENTICATED, AUTHENTICATED_UNSAFE, error_responses
from rapport.errors import InvalidInput
from rapport.head_requests import asked_with_head
from rapport.keeper.duplicates import duplicate_suggestions
from rapport.keeper.merging import person_merge
from rapport.keeper.models import Interaction, KeySeat, Person
from rapport.keeper.schemas import (
    CircleCode,
    CircleOut,
    DueOut,
    DuplicateOut,
    InteractionIn,
    InteractionLoggedOut,
    InteractionOut,
    MergeIn,
    PersonDateIn,
    PersonDateOut,
    PersonDatePatchIn,
    PersonIn,
    PersonOut,
    PersonPatchIn,
    PersonSummaryOut,
    ReachOutIn,
    SeatIn,
    SeatOut,
    SnoozeIn,
    UpcomingDateOut,
)
from rapport.keeper.selectors import (
    CircleLoad,
    ComingDate,
    DueItem,
    circle_overview,
    circle_suggestion,
    coming_date,
    interactions_of,
    keep_in_touch,
    key_seats_shown,
    people_of,
    person_dates,
    person_get,
    upcoming_dates,
)
from rapport.keeper.services import (
    EntryInvalid,
    interaction_delete,
    interaction_log_restoring,
    key_seat_update,
    key_seats_ensure,
    person_create,
    person_date_add,
    person_date_remove,
    person_date_update,
    person_delete,
    person_reach_out,
    person_snooze,
    person_update,
)
from rapport.keeper.vocabulary import Circle, DateKind, Kind, SeatGroup
from rapport.list_pages import PageNumber, page_of, page_window
from rapport.members.models import Member
from rapport.typed_requests import ApiRequest

router = Router(tags=["Keeper"])

INTERACTIONS_LIMIT = 200
# As many as the keeper's page shows: a keeper an import has filled holds thousands.
PEOPLE_PER_PAGE = 50
HORIZON_MAX = 90
# A window this long holds every date: each comes round within 365 days.
DATES_DAYS_MAX = 366
# The keeper's pages show every upcoming date and every pair; an imported keeper may
# hold thousands of either.
DATES_PER_PAGE = 100
DUPLICATES_PER_PAGE = 100


def _ref(person: Person | None) -> dict[str, object] | None:
    return None if person is None else {"id": person.pk, "name": person.name}


def _summary(person: Person, *, today: dt.date) -> dict[str, object]:
    return {
        "id": person.pk,
        "name": person.name,
        "organisation": person.organisation,
        "role": person.role,
        "circle": person.circle,
        "circle_label": Circle.labels[person.circle],
        "tags": person.tags,
        "member_id": person.member_id,
        "last_contact_at": person.last_contact_at,
        "due_on": person.due_on(today=today),
    }


def _date(item: ComingDate) -> dict[str, object]:
    date = item.date
    return {
        "id": date.pk,
        "kind": date.kind,
        "kind_label": DateKind.labels[date.kind],
        "label": date.label,
        "month": date.month,
        "day": date.day,
        "year": date.year,
        "title": item.title,
        "next_on": item.on,
        "days_away": item.days_away,
        "years": item.years,
        "detail": item.detail,
    }


def _person(person: Person, *, owner: Member) -> dict[str, object]:
    """The whole entry, with the circle the history suggests and the balance in words."""
    now = timezone.now()
    today = timezone.localdate(now)
    suggestion = circle_suggestion(owner=owner, person=person, now=now)
    return {
        **_summary(person, today=today),
        "emails": person.emails,
        "phones": person.phones,
        "links": person.links,
        "linkedin_url": person.linkedin_url,
        "met_context": person.met_context,
        "met_on": person.met_on,
        "met_place": person.met_place,
        "met_gathering": person.met_gathering,
        "met_introducer": _ref(person.met_introducer),
        "what_makes_them_tick": person.what_makes_them_tick,
        "cadence_days": person.cadence_days,
        "effective_cadence_days": person.effective_cadence_days,
        "snoozed_until": person.snoozed_until,
        "dates": [_date(item) for item in person_dates(owner=owner, person=person, today=today)],
        "suggestion": {
            "circle": suggestion.circle,
            "circle_label": Circle.labels[suggestion.circle],
            "reason": suggestion.reason,
        },
        "reciprocity": suggestion.give_and_take,
        "created_at": person.created_at,
        "updated_at": person.updated_at,
    }


def _interaction(interaction: Interaction) -> dict[str, object]:
    return {
        "id": interaction.pk,
        "occurred_at": interaction.occurred_at,
        "kind": interaction.kind,
        "kind_label": Kind.labels[interaction.kind],
        "direction": interaction.direction,
        "favour": interaction.favour,
        "note": interaction.note,
        "source": interaction.source,
        "people": [_ref(person) for person in interaction.people.all()],
    }


def _due(item: DueItem, *, today: dt.date) -> dict[str, object]:
    return {
        "person": _summary(item.person, today=today),
        "due_on": item.due_on,
        "days_overdue": item.days_overdue,
        "reason": item.reason,
    }


def _circle(load: CircleLoad) -> dict[str, object]:
    overflow = max(load.inclusive_count - load.capacity, 0) if load.capacity else 0
    message = (
        f"{load.inclusive_count} people sit in the {load.circle} or inside it; Dunbar's "
        f"layer holds about {load.capacity}. That is allowed: it is only worth a look."
        if overflow
        else ""
    )
    return {
        "circle": load.circle,
        "circle_label": load.label,
        "size": load.count,
        "inclusive_size": load.inclusive_count,
        "capacity": load.capacity,
        "overflow": overflow,
        "message": message,
    }


def _seat(seat: KeySeat) -> dict[str, object]:
    return {
        "position": seat.position,
        "group": seat.group,
        "group_label": SeatGroup.labels[seat.group],
        "role": seat.role,
        "person": _ref(seat.person),
        "why": seat.why,
    }


# --- people ------------------------------------------------------------------------


@contextmanager
def _tag_by_place() -> Iterator[None]:
    """A tag the service refuses is named by its place in the list (``tags.1``), as the
    API names every item of a list; the message, naming the tag, is the page's."""
    try:
        yield
    except EntryInvalid as error:
        if error.field == "tags":
            error.field = f"tags.{error.index}"
        raise


@router.get(
    "/keeper/people",
    summary="List your people",
    response={200: list[PersonSummaryOut], **error_responses(*AUTHENTICATED, 422)},
)
def people_list(
    request: ApiRequest,
    q: str = "",
    circle: Query[CircleCode | None] = None,
    tag: str = "",
    page: PageNumber = 1,
) -> list[dict[str, object]]:
    """The people in your keeper, by name, 50 a page (`page` from 1). Each word of `q`
    must begin a word of a name, organisation, role, email address or tag, in any case
    and, but in an email address, without accents ("ana" finds Ana, not Diana; "cafe"
    finds the tag café); `circle` and `tag` narrow the list before it is paged. A page of fewer than 50 is the last; a page past the end is empty."""
    today = timezone.localdate()
    people = people_of(owner=request.auth, query=q, circle=circle, tag=tag or None)
    return [_summary(person, today=today) for person in page_of(people, page, PEOPLE_PER_PAGE)]


@router.post(
    "/keeper/people",
    summary="Add a person",
    response={201: PersonOut, **error_responses(*AUTHENTICATED_UNSAFE, 422)},
)
def people_create(request: ApiRequest, payload: PersonIn) -> Status[dict[str, object]]:
    """Add someone you know; only the name is required.

    422 names the field at fault (an email that is not an address, an unknown circle,
    a cadence outside 1 to 3650 days, ...).
    """
    with _tag_by_place():
        person = person_create(owner=request.auth, name=payload.name, **payload.fields())
    return Status(201, _person(person, owner=request.auth))


@router.get(
    "/keeper/people/{id}",
    summary="Get a person",
    response={200: PersonOut, **error_responses(*AUTHENTICATED, 404, 422)},
)
def people_get(request: ApiRequest, id: int) -> dict[str, object]:
    """One person: everything you keep about them, the circle their history suggests
    with its reason, the reciprocity balance in words, and when they are next due."""
    return _person(person_get(owner=request.auth, person_id=id), owner=request.auth)


@router.patch(
    "/keeper/people/{id}",
    summary="Change what you keep about a person",
    response={200: PersonOut, **error_responses(*AUTHENTICATED_UNSAFE, 404, 422)},
)
def people_update(request: ApiRequest, id: int, payload: PersonPatchIn) -> dict[str, object]:
    """Change what you keep about a person; fields left out stay as they are, and
    `null` clears one (a null `cadence_days` goes back to the circle's default)."""
    with _tag_by_place():
        person = person_update(owner=request.auth, person_id=id, **payload.changes())
    return _person(person, owner=request.auth)


@router.delete(
    "/keeper/people/{id}",
    summary="Remove a person",
    response={204: None, **error_responses(*AUTHENTICATED_UNSAFE, 404, 422)},
)
def people_delete(request: ApiRequest, id: int) -> Status[None]:
    """Remove a person, and every interaction that involved only them. Answers 204."""
    person_delete(owner=request.auth, person_id=id)
    return Status(204, None)


@router.post(
    "/keeper/people/{id}/snooze",
    summary="Put off reaching out to a person",
    response={200: PersonOut, **error_responses(*AUTHENTICATED_UNSAFE, 404, 422)},
)
def people_snooze(request: ApiRequest, id: int, payload: SnoozeIn) -> dict[str, object]:
    """Put off reaching out until a day (at most a year ahead); `null` ends the snooze."""
    try:
        person = person_snooze(owner=request.auth, person_id=id, until=payload.until)
    except InvalidInput as error:
        error.field = "until"  # the service's name for it is snoozed_until
        raise
    return _person(person, owner=request.auth)


@router.post(
    "/keeper/people/{id}/reach-out",
    summary="Log that you reached out",
    response={201: InteractionLoggedOut, **error_responses(*AUTHENTICATED_UNSAFE, 404, 422)},
)
def people_reach_out(
    request: ApiRequest, id: int, payload: ReachOutIn
) -> Status[dict[str, object]]:
    """You reached out (a message by default): log it now, which moves the due date on.
    Answers 201 with the interaction.

    Someone you archived comes back into your lists, as with `POST
    /keeper/interactions`, and `restored` names them; with `keep_archived` they stay
    archived and `restored` is empty."""
    interaction, was_archived = person_reach_out(
        owner=request.auth,
        person_id=id,
        kind=payload.kind,
        note=payload.note,
        keep_archived=payload.keep_archived,
    )
    restored = [] if payload.keep_archived else [_ref(person) for person in was_archived]
    return Status(201, {**_interaction(interaction), "restored": restored})


# --- yearly dates ------------------------------------------------------------------


@router.post(
    "/keeper/people/{id}/dates",
    summary="Keep a person's yearly date",
    response={201: PersonDateOut, **error_responses(*AUTHENTICATED_UNSAFE, 404, 422)},
)
def dates_create(request: ApiRequest, id: int, payload: PersonDateIn) -> Status[dict[str, object]]:
    """Keep a birthday, an anniversary or another yearly date of a person's. Answers 201
    with the date and when it next comes round.

    422 names the field at fault: `day` for a day the month lacks ("April has 30 days
    at most"), `year` for a year still to come, `kind` for a second birthday, `label`
    for an "other" date without one."""
    date = person_date_add(
        owner=request.auth,
        person_id=id,
        kind=payload.kind,
        month=payload.month,
        day=payload.day,
        year=payload.year,
        label=payload.label or "",
    )
    return Status(201, _date(coming_date(date, today=timezone.localdate())))


@router.patch(
    "/keeper/people/{id}/dates/{date_id}",
    summary="Change a person's date",
    response={200: PersonDateOut, **error_responses(*AUTHENTICATED_UNSAFE, 404, 422)},
)
def dates_update(
    request: ApiRequest, id: int, date_id: int, payload: PersonDatePatchIn
) -> dict[str, object]:
    """Change a date; fields left out stay as they are, and a null `year` forgets it."""
    date = person_date_update(
        owner=request.auth, person_id=id, date_id=date_id, **payload.changes()
    )
    return _date(coming_date(date, today=timezone.localdate()))


@router.delete(
    "/keeper/people/{id}/dates/{date_id}",
    summary="Forget a person's date",
    response={204: None, **error_responses(*AUTHENTICATED_UNSAFE, 404, 422)},
)
def dates_delete(request: ApiRequest, id: int, date_id: int) -> Status[None]:
    """Forget a date. Answers 204."""
    person_date_remove(owner=request.auth, person_id=id, date_id=date_id)
    return Status(204, None)


@router.get(
    "/keeper/dates/upcoming",
    summary="List dates coming up",
    response={200: list[UpcomingDateOut], **error_responses(*AUTHENTICATED, 422)},
)
def dates_upcoming(
    request: ApiRequest,
    days: QueryEx[int, P(ge=0, le=DATES_DAYS_MAX)] = 14,
    page: PageNumber = 1,
) -> list[dict[str, object]]:
    """Birthdays and other yearly dates that come round from today (in your time zone)
    to `days` days ahead, both included (14 by default; 366 gives every date), soonest
    first. People you archived are left out.

    100 a page (`page` from 1), as a keeper an import filled holds thousands: a page of
    fewer than 100 is the last; a page past the end is empty."""
    found = upcoming_dates(owner=request.auth, today=timezone.localdate(), days=days)
    return [
        {**_date(item), "person": _ref(item.person)}
        for item in page_of(found, page, DATES_PER_PAGE)
    ]


# --- interactions ------------------------------------------------------------------


@router.get(
    "/keeper/interactions",
    summary="List your interactions",
    response={200: list[InteractionOut], **error_responses(*AUTHENTICATED, 404, 422)},
)
def interactions_list(
    request: ApiRequest,
    person_id: QueryEx[int | None, P(ge=1)] = None,
    limit: QueryEx[int, P(ge=1, le=INTERACTIONS_LIMIT)] = 50,
    page: PageNumber = 1,
) -> list[dict[str, object]]:
    """Your interactions, newest first; `person_id` keeps those with one person (404
    when that person is not in your keeper).

    50 a page by default (`limit` sets it, at most 200), `page` from 1: a page of fewer
    than `limit` is the last; a page past the end is empty."""
    owner = request.auth
    person = person_get(owner=owner, person_id=person_id) if person_id is not None else None
    window = page_window(page, limit)
    if window is None:
        return []
    listed = interactions_of(owner=owner, person=person, limit=limit, offset=window.start)
    return [_interaction(interaction) for interaction in listed]


@router.post(
    "/keeper/interactions",
    summary="Log an interaction",
    response={201: InteractionLoggedOut, **error_responses(*AUTHENTICATED_UNSAFE, 404, 422)},
)
def interactions_create(request: ApiRequest, payload: InteractionIn) -> Status[dict[str, object]]:
    """Log an interaction with one or more people: what kind, who gave and who
    received, and the favour when there was one (advice, an introduction, ...).

    Someone you archived (the network audit's "contacts, not connections") comes back
    into your lists when you log with them, since you are talking again, as on the
    keeper's pages and with `rapport log`; `restored` names them. With `keep_archived`
    they stay archived (an old conversation remembered) and `restored` is empty.

    404 `not_found` (field `person_ids`) when a person is not in your keeper; 422 names
    the field at fault (an unknown kind, a favour without a giver, a future date).
    """
    interaction, was_archived = interaction_log_restoring(
        owner=request.auth, **payload.model_dump(exclude_unset=True)
    )
    restored = [] if payload.keep_archived else [_ref(person) for person in was_archived]
    return Status(201, {**_interaction(interaction), "restored": restored})


@router.delete(
    "/keeper/interactions/{id}",
    summary="Remove an interaction",
    response={204: None, **error_responses(*AUTHENTICATED_UNSAFE, 404, 422)},
)
def interactions_delete(request: ApiRequest, id: int) -> Status[None]:
    """Remove an interaction; each person's last contact goes back to the one before."""
    interaction_delete(owner=request.auth, interaction_id=id)
    return Status(204, None)


# --- keeping in touch, circles, seats ------------------------------------------------


@router.get(
    "/keeper/due",
    summary="See who to reach out to",
    response={200: DueOut, **error_responses(*AUTHENTICATED, 422)},
)
def due_list(
    request: ApiRequest, horizon_days: QueryEx[int, P(ge=1, le=HORIZON_MAX)] = 14
) -> dict[str, object]:
    """Who to reach out to: `overdue`, most overdue first, and `due_soon`, due within
    `horizon_days` (14 by default). Snoozed people wait until their snooze ends."""
    today = timezone.localdate()
    due = keep_in_touch(owner=request.auth, today=today, horizon_days=horizon_days)
    return {
        "overdue": [_due(item, today=today) for item in due.overdue],
        "due_soon": [_due(item, today=today) for item in due.due_soon],
    }


@router.get(
    "/keeper/circles",
    summary="List your circles",
    response={200: list[CircleOut], **error_responses(*AUTHENTICATED)},
)
def circles_list(request: ApiRequest) -> list[dict[str, object]]:
    """Your circles, innermost first, with Dunbar's capacities (5, 15, 50, 150,
    inclusive) and how far each overflows. An overflowing circle is allowed; it is
    only said.

    Not paged: at most one row a circle, and the circles are fixed."""
    return [_circle(load) for load in circle_overview(owner=request.auth)]


@router.get(
    "/keeper/seats",
    summary="See your board of key people",
    response={200: list[SeatOut], **error_responses(*AUTHENTICATED)},
)
def seats_list(request: ApiRequest) -> list[dict[str, object]]:
    """Your board of twelve key people, in four groups of three; an empty seat is a gap
    to fill. The first GET sets the board up with the default roles; a HEAD sets up
    nothing.

    Not paged: at most twelve, the seats of the board."""
    if asked_with_head(request):  # the same board, set up by no HEAD (head_requests.py)
        return [_seat(seat) for seat in key_seats_shown(owner=request.auth)]
    return [_seat(seat) for seat in key_seats_ensure(owner=request.auth)]


@router.put(
    "/keeper/seats/{position}",
    summary="Change a seat on your board",
    response={200: SeatOut, **error_responses(*AUTHENTICATED_UNSAFE, 404, 422)},
)
def seats_update(request: ApiRequest, position: int, payload: SeatIn) -> dict[str, object]:
    """Rename a seat's role, seat a person of yours in it, say why, or empty it
    (`clear_person`). Positions run from 1 to 12; another is 404.

    422 (field `person_id`) when the person is not in your keeper."""
    seat = key_seat_update(
        owner=request.auth,
        position=position,
        role=payload.role,
        person_id=payload.person_id,
        why=payload.why,
        clear_person=payload.clear_person,
    )
    return _seat(seat)


# --- duplicates and merge -----------------------------------------------------------


@router.get(
    "/keeper/duplicates",
    summary="List people who may be one person",
    response={200: list[DuplicateOut], **error_responses(*AUTHENTICATED)},
)
def duplicates_list(request: ApiRequest, page: PageNumber = 1) -> list[dict[str, object]]:
    """People who look like one person (the same email, phone or profile address, or
    similar names at the same organisation), each pair with the reasons.

    100 a page (`page` from 1), as a keeper an import filled may pair many: a page of
    fewer than 100 is the last; a page past the end is empty."""
    today = timezone.localdate()
    return [
        {
            "keep": _summary(pair.keep, today=today),
            "other": _summary(pair.other, today=today),
            "reasons": pair.reasons,
        }
        for pair in page_of(duplicate_suggestions(owner=request.auth), page, DUPLICATES_PER_PAGE)
    ]


@router.post(
    "/keeper/merge",
    summary="Merge two people into one",
    response={200: PersonOut, **error_responses(*AUTHENTICATED_UNSAFE, 404, 422)},
)
def people_merge(request: ApiRequest, payload: MergeIn) -> dict[str, object]:
    """Fold `merge_id` into `keep_id`: every interaction and every field value is kept.
    Answers with the person who stays."""
    person = person_merge(owner=request.auth, keep_id=payload.keep_id, merge_id=payload.merge_id)
    return _person(person, owner=request.auth)
