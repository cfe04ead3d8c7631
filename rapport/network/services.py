"""Writes about requests and connections. The cap and the budgets live here.

A request's note is scored for reading as a leaflet (``note_quality``) and refused
with reasons when it does; the sender's standing (``reputation``) scales their
budgets and, past a threshold, holds their new requests for a moderator.

Each function runs in one transaction. Where two members could race (two accepts
at a member one below the cap; two sends from one member at the edge of their
budget) the member rows are locked first, in id order so that two transactions
never wait on each other in a circle.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from rapport.errors import (
    AtCapacity,
    Conflict,
    InvalidInput,
    InvalidTransition,
    NotFound,
    NotPermitted,
    Problems,
    RapportError,
)
from rapport.limits import limit_of
from rapport.members.models import Member
from rapport.members.time_zones import zone_of
from rapport.network.budget import WEEK, budget_refusal
from rapport.network.models import Connection, ConnectionRequest, PastConnection
from rapport.network.note_quality import note_assess_for, note_refuse_if_leaflet
from rapport.network.reputation import Standing, sender_standing
from rapport.network.selectors import are_connected, connection_count
from rapport.network.states import (
    DETAIL_MAX,
    HIDDEN_FROM_RECIPIENT,
    NOTE_MAX,
    NOTE_MIN,
    OFFER_MAX,
    REQUEST_EXPIRES_AFTER,
    REQUEST_GRAPH,
    WAITING_STATES,
    Context,
    DeclineReason,
    request_refusal,
)
from rapport.network.verification import verified_context
from rapport.pairs import ordered_pair
from rapport.prose import counted_length, one_line, paragraphs
from rapport.safety.selectors import blocked_either_way


def _lock_members(*ids: int) -> dict[int, Member]:
    """Lock member rows in id order; SQLite's IMMEDIATE transactions serialise instead."""
    rows = Member.objects.select_for_update().filter(pk__in=sorted(set(ids))).order_by("pk")
    return {member.pk: member for member in rows}


def _note_length_problems(note: str) -> list[str]:
    """The note counted as the API counts it (``rapport.prose``): a run of spaces or
    line breaks is one character, so the page, the live check and the API agree."""
    length = counted_length(note)
    if length < NOTE_MIN:
        return [f"The note is {length:,} characters; write at least {NOTE_MIN:,}."]
    if length > NOTE_MAX:
        return [f"The note is {length:,} characters; the limit is {NOTE_MAX:,}."]
    return []


def request_note_problems(
    note: str,
    *,
    sender: Member | None = None,
    recipient: Member | None = None,
    context: str | None = None,
    detail: str = "",
    introducer: Member | None = None,
) -> list[str]:
    """What stops a note being sent, as sentences; shared by the live check and the service.

    The length first; then, when the sender is known, what makes the note read as a
    leaflet and how to fix it (the leaflet score, ``rapport.insights.notes``).
    """
    problems = _note_length_problems(note)
    if problems or sender is None:
        return problems
    assessment = note_assess_for(
        sender=sender,
        note=paragraphs(note),
        recipient=recipient,
        context=context,
        detail=one_line(detail),
        introducer=introducer,
    )
    return list(assessment.reasons) if assessment.is_leaflet else []


def _detail_named(context: str) -> str:
    """The detail as the request page asks for it: its label is the chosen context's
    question ("Which gathering?"), which the member answers."""
    prompt = Context.detail_prompt.get(context)
    if prompt is None:
        return "The details"
    return f"Your answer to “{prompt.removesuffix(' (optional)')}”"


def _validate_request(
    *, context: str, context_detail: str, introducer_id: int | None, note: str, offer: str
) -> None:
    problems = Problems()
    with problems.check():
        if not context:
            raise InvalidInput(
                "Say how you know this person.", code="context_missing", field="context"
            )
        if context not in Context.labels:
            raise InvalidInput(
                f"Unknown context {context!r}.", code="context_unknown", field="context"
            )
    with problems.check():
        if context in Context.detail_required and not context_detail:
            raise InvalidInput(
                Context.detail_missing[context],
                code="context_detail_missing",
                field="context_detail",
            )
        if counted_length(context_detail) > DETAIL_MAX:
            raise InvalidInput(
                f"{_detail_named(context)} is {counted_length(context_detail):,} characters; "
                f"the limit is {DETAIL_MAX:,}.",
                field="context_detail",
            )
    with problems.check():
        if context == Context.INTRODUCED and introducer_id is None:
            raise InvalidInput(
                "Name the member who introduced you.",
                code="introducer_missing",
                field="introducer_id",
            )
    with problems.check():
        length_problems = _note_length_problems(note)
        if length_problems:
            raise InvalidInput(length_problems[0], code="note_length", field="note")
    with problems.check():
        if counted_length(offer) > OFFER_MAX:
            raise InvalidInput(
                f"The offer is {counted_length(offer):,} characters; the limit is {OFFER_MAX:,}.",
                field="offer",
            )
    problems.raise_any()


def _check_budget(*, sender: Member, now: dt.datetime, standing: Standing) -> None:
    """Refuse a send beyond the pending or weekly budget (``budget``)."""
    # Requests sent up to ``now``: a history written into the past (the demo seed)
    # is judged as it would have been then.
    open_expiries = list(
        ConnectionRequest.objects.filter(
            sender=sender, state__in=WAITING_STATES, created_at__lte=now, expires_at__gt=now
        )
        .order_by("expires_at")
        .values_list("expires_at", flat=True)
    )
    sent_times = list(
        ConnectionRequest.objects.filter(
            sender=sender, created_at__gt=now - WEEK, created_at__lte=now
        )
        .order_by("created_at")
        .values_list("created_at", flat=True)
    )
    refusal = budget_refusal(standing=standing, open_expiries=open_expiries, sent_times=sent_times)
    if refusal is not None:
        raise refusal


@transaction.atomic
def connection_request_send(
    *,
    sender: Member,
    recipient_id: int,
    context: str,
    note: str,
    context_detail: str = "",
    introducer_id: int | None = None,
    offer: str = "",
    now: dt.datetime | None = None,
) -> ConnectionRequest:
    """Send a request; ``now`` lets the demo seed write a history spread over past months.

    The note and the offer keep their paragraphs, the detail is one line (``rapport.prose``),
    and the note coach reads the note as it is kept, as the recipient will."""
    note, offer, context_detail = paragraphs(note), paragraphs(offer), one_line(context_detail)
    if recipient_id == sender.pk:
        raise RapportError(
            "You cannot send a request to yourself.", code="request_to_self", field="recipient_id"
        )
    locked = _lock_members(sender.pk, recipient_id)
    recipient = locked.get(recipient_id)
    # Whoever blocked the sender, or was blocked by them, is "no such member" to them.
    if recipient is None or not recipient.is_active or blocked_either_way(sender.pk, recipient_id):
        raise NotFound("No such member.", field="recipient_id")
    _validate_request(
        context=context,
        context_detail=context_detail,
        introducer_id=introducer_id,
        note=note,
        offer=offer,
    )
    introducer = None
    if introducer_id is not None:
        introducer = Member.objects.filter(pk=introducer_id, is_active=True).first()
        # A block either way with the sender makes the introducer "no such member" too:
        # accepted, it would tell the blocked sender the blocker's account is there, and
        # put the blocker's name on their request to someone else.
        if (
            introducer is None
            or introducer_id in (sender.pk, recipient_id)
            or blocked_either_way(sender.pk, introducer_id)
        ):
            raise InvalidInput(
                "The introducer must be another member.",
                code="introducer_unknown",
                field="introducer_id",
            )
    if are_connected(a=sender.pk, b=recipient_id):
        raise Conflict(
            f"You are already connected with {recipient.name}.", code="already_connected"
        )
    now = now or timezone.now()
    low, high = ordered_pair(sender.pk, recipient_id)
    open_requests = ConnectionRequest.objects.filter(
        member_low_id=low,
        member_high_id=high,
        state__in=WAITING_STATES,
        created_at__lte=now,
        expires_at__gt=now,
    ).order_by("-created_at")
    for open_request in open_requests:
        if open_request.sender_id == sender.pk:
            raise Conflict(
                f"You already have a request waiting with {recipient.name}.",
                code="request_pending",
            )
        # Theirs, if it reached this sender's inbox; a held one has not, and says nothing.
        if open_request.state == "pending":
            raise Conflict(
                f"{recipient.name} has already sent you a request: answer it in your inbox.",
                code="request_pending_reverse",
            )
    standing = sender_standing(sender_id=sender.pk, now=now)
    _check_budget(sender=sender, now=now, standing=standing)
    # Last, because it costs the most and a spent budget makes it moot.
    note_refuse_if_leaflet(
        sender=sender,
        note=note,
        recipient=recipient,
        context=context,
        detail=context_detail,
        introducer=introducer,
    )
    # A pending request whose time ran out but that the worker has not reached yet
    # would trip the one-pending-per-pair constraint: expire it now.
    ConnectionRequest.objects.filter(
        member_low_id=low, member_high_id=high, state="pending", expires_at__lte=now
    ).update(state="expired", decided_at=now)
    try:
        with transaction.atomic():
            return ConnectionRequest.objects.create(
                sender=sender,
                recipient=recipient,
                member_low_id=low,
                member_high_id=high,
                context=context,
                context_detail=context_detail,
                introducer=introducer,
                verified=verified_context(
                    sender_id=sender.pk, recipient_id=recipient_id, context=context
                ),
                note=note,
                offer=offer,
                state="held" if standing.held else REQUEST_GRAPH.initial,
                hold_reason=standing.hold_reason() if standing.held else "",
                created_at=now,
                expires_at=now + REQUEST_EXPIRES_AFTER,
            )
    except IntegrityError:
        raise Conflict(
            f"There is already a request waiting between you and {recipient.name}.",
            code="request_pending",
        ) from None


def _request_for_update(*, member: Member, request_id: int) -> ConnectionRequest:
    request = ConnectionRequest.objects.select_for_update().filter(pk=request_id).first()
    if request is None or member.pk not in (request.sender_id, request.recipient_id):
        raise NotFound("No such request.")
    if member.pk == request.recipient_id and request.state in HIDDEN_FROM_RECIPIENT:
        # Held for a moderator: to its recipient it does not exist yet.
        raise NotFound("No such request.")
    return request


def _refusal(request: ConnectionRequest, current: str, target: str) -> str | None:
    # Read only when refusing: the two names cost two queries a successful move skips.
    return request_refusal(
        current, target, sender=str(request.sender), recipient=str(request.recipient)
    )


def _refuse_wrong_move(request: ConnectionRequest, target: str) -> None:
    """``REQUEST_GRAPH.check``, told as people talk (``states.REQUEST_REFUSALS``)."""
    if target in REQUEST_GRAPH.transitions.get(request.state, ()):
        return
    told = _refusal(request, request.state, target)
    if told is not None:
        raise InvalidTransition(told)
    REQUEST_GRAPH.check(request.state, target)


def _refuse_if_timed_out(request: ConnectionRequest, now: dt.datetime, target: str) -> None:
    """A request past its time reads as expired before the worker moves it."""
    if request.state == "pending" and request.expires_at <= now:
        _refuse_as_expired(request, target)


def _refuse_as_expired(request: ConnectionRequest, target: str) -> None:
    told = _refusal(request, "expired", target) or "This request has expired."
    raise Conflict(told, code="request_expired")


@transaction.atomic
def connection_request_accept(
    *, member: Member, request_id: int, now: dt.datetime | None = None
) -> Connection:
    request = _request_for_update(member=member, request_id=request_id)
    if request.recipient_id != member.pk:
        raise NotPermitted("Only the recipient can accept a request.", code="not_recipient")
    now = now or timezone.now()
    _refuse_if_timed_out(request, now, "accepted")
    _refuse_wrong_move(request, "accepted")
    locked = _lock_members(request.sender_id, request.recipient_id)
    cap = settings.RAPPORT_CONNECTION_CAP
    if connection_count(member_id=member.pk) >= cap:
        raise AtCapacity(
            f"You are at your cap of {cap} connections. Move someone to past connections "
            "to make room first.",
            code="at_capacity",
        )
    if connection_count(member_id=request.sender_id) >= cap:
        raise AtCapacity(
            f"{locked[request.sender_id].name} has no room for a new connection right now.",
            code="other_at_capacity",
        )
    low, high = ordered_pair(request.sender_id, request.recipient_id)
    connection = Connection.objects.create(
        member_low_id=low, member_high_id=high, request=request, created_at=now
    )
    request.state = "accepted"
    request.decided_at = now
    request.save(update_fields=["state", "decided_at"])
    # Late imports: conversations and the keeper build on the network, not the reverse.
    from rapport.conversations.services import conversation_open_from_request
    from rapport.keeper.services import person_link_member

    # Each one's keeper gains (or links) an entry for the other, met as the request says.
    for owner_id, other_id in (
        (request.sender_id, request.recipient_id),
        (request.recipient_id, request.sender_id),
    ):
        person_link_member(
            owner=locked[owner_id],
            member=locked[other_id],
            met_context=request.context,
            # The day it was in the keeper owner's own time zone.
            met_on=timezone.localdate(now, zone_of(locked[owner_id])),
        )
    conversation_open_from_request(request=request, now=now)
    return connection


@transaction.atomic
def connection_request_decline(
    *, member: Member, request_id: int, reason: str = "", now: dt.datetime | None = None
) -> None:
    """Decline silently: nothing about it ever reaches the sender.

    ``reason`` may be ``dont_know`` ("I don't know this person"): the sender is not
    told either, but it weighs on their standing (``reputation``).
    """
    if reason not in DeclineReason.labels:
        raise InvalidInput(
            f"Unknown reason {reason!r}: leave it empty, or say {DeclineReason.DONT_KNOW!r}.",
            code="decline_reason_unknown",
            field="reason",
        )
    request = _request_for_update(member=member, request_id=request_id)
    if request.recipient_id != member.pk:
        raise NotPermitted("Only the recipient can decline a request.", code="not_recipient")
    now = now or timezone.now()
    _refuse_if_timed_out(request, now, "declined")
    _refuse_wrong_move(request, "declined")
    request.state = "declined"
    request.decided_at = now
    request.decline_reason = reason
    request.save(update_fields=["state", "decided_at", "decline_reason"])


@transaction.atomic
def connection_request_withdraw(*, member: Member, request_id: int) -> None:
    request = _request_for_update(member=member, request_id=request_id)
    if request.sender_id != member.pk:
        raise NotPermitted("Only the sender can withdraw a request.", code="not_sender")
    now = timezone.now()
    if request.state in WAITING_STATES and request.expires_at <= now:
        _refuse_as_expired(request, "withdrawn")
    _refuse_wrong_move(request, "withdrawn")
    request.state = "withdrawn"
    # The time of the state the sender sees now; a silent decline's time is not theirs.
    request.decided_at = now
    request.save(update_fields=["state", "decided_at"])


# The admin's rule, kept here so that every caller (the admin, a command, an API to
# come) is held to it: deciding a held request is a change to held requests
# (``HeldRequestAdmin``'s release and reject, what the "moderators" group is given),
# holding one a change to requests (``ConnectionRequestAdmin``'s hold).
DECIDE_HELD_PERMISSION = "network.change_heldrequest"
HOLD_PERMISSION = "network.change_connectionrequest"


def _moderated_request(*, moderator: Member, request_id: int, permission: str) -> ConnectionRequest:
    # Staff as well: the admin opens for nobody else, whatever their permissions.
    if not (moderator.is_active and moderator.is_staff and moderator.has_perm(permission)):
        raise NotPermitted("Only a moderator can do this.", code="not_moderator")
    request = ConnectionRequest.objects.select_for_update().filter(pk=request_id).first()
    if request is None:
        raise NotFound("No such request.")
    return request


@transaction.atomic
def connection_request_release(
    *, moderator: Member, request_id: int, now: dt.datetime | None = None
) -> ConnectionRequest:
    """A moderator lets a held request through: it reaches the recipient, with 30 days to answer."""
    request = _moderated_request(
        moderator=moderator, request_id=request_id, permission=DECIDE_HELD_PERMISSION
    )
    _refuse_wrong_move(request, "pending")
    now = now or timezone.now()
    if are_connected(a=request.sender_id, b=request.recipient_id):
        raise Conflict(
            "The two are connected already; reject this request instead.", code="already_connected"
        )
    # Late import: safety builds on the network, not the reverse.
    from rapport.safety.selectors import blocked_either_way

    if blocked_either_way(request.sender_id, request.recipient_id):
        raise Conflict(
            "One of the two has blocked the other since; reject this request instead.",
            code="blocked",
        )
    request.state = "pending"
    request.expires_at = now + REQUEST_EXPIRES_AFTER
    request.moderated_by = moderator
    request.moderated_at = now
    try:
        with transaction.atomic():
            request.save(update_fields=["state", "expires_at", "moderated_by", "moderated_at"])
    except IntegrityError:
        raise Conflict(
            "Another request between the two is waiting already; reject this one instead.",
            code="request_pending",
        ) from None
    return request


@transaction.atomic
def connection_request_reject(
    *, moderator: Member, request_id: int, now: dt.datetime | None = None
) -> ConnectionRequest:
    """A moderator stops a held request. The sender is not told: it reads "pending" until expiry."""
    request = _moderated_request(
        moderator=moderator, request_id=request_id, permission=DECIDE_HELD_PERMISSION
    )
    _refuse_wrong_move(request, "rejected")
    now = now or timezone.now()
    request.state = "rejected"
    request.decided_at = now
    request.moderated_by = moderator
    request.moderated_at = now
    request.save(update_fields=["state", "decided_at", "moderated_by", "moderated_at"])
    return request


@transaction.atomic
def connection_request_hold(
    *, moderator: Member, request_id: int, reason: str, now: dt.datetime | None = None
) -> ConnectionRequest:
    """A moderator takes a waiting request out of its recipient's inbox, for example after reports."""
    request = _moderated_request(
        moderator=moderator, request_id=request_id, permission=HOLD_PERMISSION
    )
    if request.state == "pending" and request.expires_at <= (now or timezone.now()):
        _refuse_as_expired(request, "held")
    _refuse_wrong_move(request, "held")
    reason = reason.strip()
    if not reason:
        raise InvalidInput(
            "Say why the request is held.", code="hold_reason_missing", field="reason"
        )
    limit = limit_of(ConnectionRequest, "hold_reason")
    if len(reason) > limit:
        raise InvalidInput(
            f"A hold reason is at most {limit} characters; this one is {len(reason)}.",
            code="hold_reason_too_long",
            field="reason",
        )
    request.state = "held"
    request.hold_reason = reason
    request.moderated_by = moderator
    request.moderated_at = now or timezone.now()
    request.save(update_fields=["state", "hold_reason", "moderated_by", "moderated_at"])
    return request


def connection_requests_expire(*, now: dt.datetime | None = None) -> int:
    """Move every pending request past its time to "expired"; returns how many moved."""
    now = now or timezone.now()
    return ConnectionRequest.objects.filter(state="pending", expires_at__lte=now).update(
        state="expired", decided_at=now
    )


@transaction.atomic
def connection_end(*, member: Member, other_id: int) -> PastConnection:
    """End a connection quietly; it moves to the ender's own past connections."""
    low, high = ordered_pair(member.pk, other_id)
    connection = (
        Connection.objects.select_for_update()
        .filter(member_low_id=low, member_high_id=high)
        .first()
    )
    if connection is None:
        raise NotFound("You are not connected with this member.")
    past = PastConnection.objects.create(
        owner=member, other_id=other_id, connected_at=connection.created_at, ended_at=timezone.now()
    )
    connection.delete()
    return past
