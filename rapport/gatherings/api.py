"""The gatherings operations of the JSON API.

A gathering you may not see answers 404 like one that does not exist; one you may
see but do not host answers 403 to the host's operations. Guests are the host's to
see; who came is for those who came, once the host confirmed it.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from ninja import P, QueryEx, Router, Status

from rapport.error_schemas import AUTHENTICATED, AUTHENTICATED_UNSAFE, error_responses
from rapport.errors import NotFound
from rapport.gatherings.models import Attendance, Gathering
from rapport.gatherings.schemas import (
    AttendanceIn,
    AttendeeOut,
    GatheringIn,
    GatheringListsOut,
    GatheringOut,
    GatheringPatchIn,
    GuestOut,
    InviteIn,
    RsvpIn,
)
from rapport.gatherings.selectors import (
    answered_before_move,
    attendees_for,
    effective_state,
    gathering_get,
    gatherings_of,
    guests_for_host,
    happening_now,
    mine,
)
from rapport.gatherings.services import (
    gathering_cancel,
    gathering_confirm_attendance,
    gathering_create,
    gathering_invite,
    gathering_rsvp,
    gathering_update,
)
from rapport.gatherings.states import GATHERING_GRAPH
from rapport.list_pages import PageNumber, page_of
from rapport.members.models import Member
from rapport.members.schemas import photo_addresses
from rapport.photos.selectors import photo_hash_loaded
from rapport.typed_requests import ApiRequest

router = Router(tags=["Gatherings"])

# As many as a host may invite at once (INVITE_MAX).
GUESTS_PER_PAGE = 200


def _gathering(
    gathering: Gathering, *, viewer: Member, now: dt.datetime | None = None
) -> dict[str, object]:
    attendance = mine(gathering)
    now = now or timezone.now()
    state = effective_state(gathering, now=now)
    return {
        "id": gathering.pk,
        "title": gathering.title,
        "starts_at": gathering.starts_at,
        "ends_at": gathering.ends_at,
        "time_zone": gathering.time_zone,
        "place": gathering.place,
        "link": gathering.link,
        "agenda": gathering.agenda,
        "no_agenda": gathering.no_agenda,
        "visibility": gathering.visibility,
        "state": state,
        "state_label": GATHERING_GRAPH.labels[state],
        "happening_now": happening_now(gathering, now=now),
        "host": gathering.host,  # with its photo's hash, as ``_with_mine`` read it
        "you_host": gathering.host_id == viewer.pk,
        "you_are_invited": bool(attendance and attendance.invited),
        "your_answer": attendance.rsvp if attendance else "",
        "answered_before_change": answered_before_move(attendance, gathering=gathering),
        "you_attended": bool(attendance and attendance.attended and state == "confirmed"),
        "ics_url": reverse("gathering_ics", args=[gathering.pk]),
    }


def _reloaded(request: ApiRequest, gathering_id: int) -> dict[str, object]:
    return _gathering(
        gathering_get(member=request.auth, gathering_id=gathering_id), viewer=request.auth
    )


def _guest(attendance: Attendance) -> dict[str, object]:
    member = attendance.member  # with its photo's hash, as ``with_guest_faces`` read it
    return {
        "id": member.pk,
        "name": member.name,
        "invited": attendance.invited,
        "answer": attendance.rsvp,
        # The gathering as ``with_guest_faces`` put it on the row: no query.
        "answered_before_change": answered_before_move(attendance, gathering=attendance.gathering),
        "attended": attendance.attended,
        **photo_addresses(member.pk, photo_hash_loaded(member)),
    }


@router.get(
    "/gatherings",
    summary="List gatherings",
    response={200: GatheringListsOut, **error_responses(*AUTHENTICATED, 422)},
)
def gatherings_list(
    request: ApiRequest,
    upcoming_page: QueryEx[int, P(ge=1)] = 1,
    past_page: QueryEx[int, P(ge=1)] = 1,
) -> dict[str, object]:
    """Upcoming gatherings you may come to, soonest first; and your past ones, latest
    first. Each list comes 50 at a time: `upcoming_next_page` and `past_next_page` say
    which page to ask for next (`upcoming_page`, `past_page`, from 1), null at the end."""
    now = timezone.now()
    lists = gatherings_of(
        member=request.auth, now=now, upcoming_page=upcoming_page, past_page=past_page
    )
    return {
        "upcoming": [_gathering(g, viewer=request.auth, now=now) for g in lists.upcoming],
        "past": [_gathering(g, viewer=request.auth, now=now) for g in lists.past],
        "upcoming_next_page": upcoming_page + 1 if lists.more_upcoming else None,
        "past_next_page": past_page + 1 if lists.more_past else None,
    }


@router.post(
    "/gatherings",
    summary="Host a gathering",
    response={201: GatheringOut, **error_responses(*AUTHENTICATED_UNSAFE, 422)},
)
def gatherings_create(request: ApiRequest, payload: GatheringIn) -> Status[dict[str, object]]:
    """Host a gathering: a title, a time, a place or a link, and an agenda or
    `no_agenda` ("no agenda, just conversation"). Invite members, or open it to the
    community with `visibility: community`."""
    gathering = gathering_create(host=request.auth, **payload.model_dump())
    return Status(201, _reloaded(request, gathering.pk))


@router.get(
    "/gatherings/{id}",
    summary="Get a gathering",
    response={200: GatheringOut, **error_responses(*AUTHENTICATED, 404, 422)},
)
def gatherings_get(request: ApiRequest, id: int) -> dict[str, object]:
    """One gathering you may see, with your answer."""
    return _reloaded(request, id)


@router.patch(
    "/gatherings/{id}",
    summary="Change your gathering",
    response={200: GatheringOut, **error_responses(*AUTHENTICATED_UNSAFE, 404, 409, 422)},
)
def gatherings_update(request: ApiRequest, id: int, payload: GatheringPatchIn) -> dict[str, object]:
    """Change your gathering before it starts (host only: 403 for a guest). One that
    has started (`started`), ended or been cancelled (`invalid_transition`) answers
    409 saying so. A new `link` must start with https://; one saved as http:// before
    that was required is kept while it is left out or sent back unchanged."""
    gathering_update(host=request.auth, gathering_id=id, **payload.changes())
    return _reloaded(request, id)


@router.post(
    "/gatherings/{id}/cancel",
    summary="Cancel your gathering",
    response={200: GatheringOut, **error_responses(*AUTHENTICATED_UNSAFE, 404, 409, 422)},
)
def gatherings_cancel(request: ApiRequest, id: int) -> dict[str, object]:
    """Cancel your gathering before it starts (host only)."""
    gathering_cancel(host=request.auth, gathering_id=id)
    return _reloaded(request, id)


@router.post(
    "/gatherings/{id}/invitations",
    summary="Invite members to your gathering",
    response={200: list[GuestOut], **error_responses(*AUTHENTICATED_UNSAFE, 404, 409, 422, 429)},
)
def gatherings_invite(request: ApiRequest, id: int, payload: InviteIn) -> list[dict[str, object]]:
    """Invite members (host only); answers with those invited. Inviting twice is harmless.
    429 `invitations_per_day` (300 members invited in 24 hours, all gatherings together)
    with `retry_at` and `Retry-After`: nobody is invited, and the message says how many
    more are possible now."""
    invited = gathering_invite(host=request.auth, gathering_id=id, member_ids=payload.member_ids)
    return [_guest(attendance) for attendance in invited]


@router.post(
    "/gatherings/{id}/rsvp",
    summary="Say whether you will come",
    response={200: GatheringOut, **error_responses(*AUTHENTICATED_UNSAFE, 404, 409, 422)},
)
def gatherings_rsvp(request: ApiRequest, id: int, payload: RsvpIn) -> dict[str, object]:
    """Answer yes, maybe or no until it starts; answering again replaces your answer."""
    gathering_rsvp(member=request.auth, gathering_id=id, answer=payload.answer)
    return _reloaded(request, id)


@router.get(
    "/gatherings/{id}/guests",
    summary="List your gathering's guests",
    response={200: list[GuestOut], **error_responses(*AUTHENTICATED, 403, 404, 422)},
)
def gatherings_guests(
    request: ApiRequest, id: int, page: PageNumber = 1
) -> list[dict[str, object]]:
    """Everyone invited or who answered, with their answer, by name: for the host only.

    200 a page (`page` from 1), as a community gathering is open to every member: a
    page of fewer than 200 is the last; a page past the end is empty."""
    gathering = gathering_get(member=request.auth, gathering_id=id)
    guests = guests_for_host(host=request.auth, gathering=gathering)
    return [_guest(a) for a in page_of(guests, page, GUESTS_PER_PAGE)]


@router.post(
    "/gatherings/{id}/attendance",
    summary="Say who came to your gathering",
    response={200: GatheringOut, **error_responses(*AUTHENTICATED_UNSAFE, 404, 409, 422)},
)
def gatherings_attendance(request: ApiRequest, id: int, payload: AttendanceIn) -> dict[str, object]:
    """After it ends (for 30 days), say who came (host only). They then see one
    another, and "met at" this gathering becomes a verified context between them."""
    gathering_confirm_attendance(
        host=request.auth, gathering_id=id, attended_ids=payload.attended_ids
    )
    return _reloaded(request, id)


@router.get(
    "/gatherings/{id}/attendees",
    summary="List the others who came",
    response={200: list[AttendeeOut], **error_responses(*AUTHENTICATED, 404, 422)},
)
def gatherings_attendees(
    request: ApiRequest, id: int, page: PageNumber = 1
) -> list[dict[str, object]]:
    """The others who came, once the host confirmed it: for those who came only.

    200 a page (`page` from 1): a page of fewer than 200 is the last; a page past the
    end is empty."""
    gathering = gathering_get(member=request.auth, gathering_id=id)
    attendees = attendees_for(member=request.auth, gathering=gathering)
    if attendees is None:
        raise NotFound("Who came is shown to those who came, once the host confirms it.")
    return [
        {
            "id": a.member.pk,
            "name": a.member.name,
            "headline": a.member.headline,
            "organisation": a.member.organisation,
            "connected": a.connected,
            "request": a.request or None,
            **photo_addresses(a.member.pk, photo_hash_loaded(a.member)),
        }
        for a in page_of(attendees, page, GUESTS_PER_PAGE)
    ]
