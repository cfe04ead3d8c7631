"""Pages for requests and connections.

Accept, decline, withdraw and end are POST-only. Without JavaScript they redirect
back with a message; with htmx they answer with the request's row, so the list
updates in place. Either way the service decides and its error is what the member
reads.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from rapport.conversations.selectors import conversation_with, conversations_of
from rapport.errors import AtCapacity, InvalidInput, NotFound, RapportError
from rapport.members.models import Member
from rapport.members.selectors import member_get
from rapport.network.budget import next_request_refusal
from rapport.network.forms import ConnectionRequestForm, NoteCheckForm
from rapport.network.models import ConnectionRequest
from rapport.network.note_quality import note_assess_for
from rapport.network.selectors import (
    capacity_of,
    connections_of,
    past_connections_of,
    pending_between,
    request_get,
    requests_outgoing,
    requests_waiting,
    requests_waiting_count,
    visible_state,
)
from rapport.network.services import (
    connection_end as end_connection,
)
from rapport.network.services import (
    connection_request_accept,
    connection_request_decline,
    connection_request_send,
    connection_request_withdraw,
)
from rapport.network.states import NOTE_MAX, NOTE_MIN, Context, DeclineReason
from rapport.prose import counted_length, one_line, paragraphs
from rapport.typed_requests import MemberRequest
from rapport.web.form_errors import show_error
from rapport.web.redirects import redirect_back

OUTGOING_SHOWN = 100


def _note_check_context(
    note: str,
    *,
    sender: Member,
    recipient: Member | None,
    context: str | None,
    detail: str,
    introducer: Member | None = None,
) -> dict[str, object]:
    """The note's length rules, and once it is long enough, how it reads (the leaflet score).

    What reads as a leaflet is listed phrase by phrase, with the sentences that say
    how to turn it into a note about the recipient; what the detail already says
    ("Transit Lab, 2019-2021"), or the member named as introducer, they do not ask for
    again.
    """
    length = counted_length(note)  # as the service counts it
    long_enough, short_enough = length >= NOTE_MIN, length <= NOTE_MAX
    assessment = (
        note_assess_for(
            sender=sender,
            note=paragraphs(note),
            recipient=recipient,
            context=context,
            detail=one_line(detail),
            introducer=introducer,
        )
        if long_enough and short_enough
        else None
    )
    return {
        "length": length,
        "note_min": NOTE_MIN,
        "note_max": NOTE_MAX,
        "long_enough": long_enough,
        "short_enough": short_enough,
        "assessment": assessment,
    }


def _leaflet_said_once(error: RapportError) -> RapportError:
    """A refused leaflet, as the form shows it: the phrases and the advice are listed
    under the note (``_note_check.html``), where they change as it is rewritten, so the
    refusal above it says so in one sentence instead of every reason again in red. The
    API keeps the reasons in its message: it has no list under the note."""
    if error.code != "note_reads_as_leaflet":
        return error
    return InvalidInput(
        "It reads like a leaflet, not the start of a conversation: under the note is "
        "what reads as one and how to make it about them.",
        code=error.code,
        field=error.field,
    )


def _chosen_introducer(form: ConnectionRequestForm, introducers: list[Member]) -> Member | None:
    """The connection the form names as introducer, for "A member introduced us" only:
    the form offers the sender's connections, so none is read again."""
    if form["context"].value() != Context.INTRODUCED:
        return None
    chosen = str(form["introducer_id"].value() or "")
    return next((member for member in introducers if str(member.pk) == chosen), None)


@login_required
def request_new(request: MemberRequest, member_id: int) -> HttpResponse:
    recipient = member_get(member_id=member_id, viewer=request.user)
    sender = request.user
    introducers = [view.member for view in connections_of(member=sender)]
    form = ConnectionRequestForm(request.POST or None, introducers=introducers)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                connection_request_send(
                    sender=sender, recipient_id=recipient.pk, **form.cleaned_data
                )
            except RapportError as error:
                show_error(form, _leaflet_said_once(error))
                status = error.status
            else:
                messages.success(
                    request,
                    f"Your request to {recipient.name} is sent. You can follow it here.",
                )
                return redirect_back(request, "requests_inbox")
        else:
            status = 422
    connected = any(member.pk == recipient.pk for member in introducers)
    conversation = conversation_with(member=sender, other_id=recipient.pk) if connected else None
    pending = (
        None
        if connected or recipient.pk == sender.pk
        else pending_between(a=sender.pk, b=recipient.pk)
    )
    # Before the member writes a note, not after: the send would be refused. A refused
    # POST shows the form as it was sent, with the same words above it.
    budget_spent = (
        next_request_refusal(sender=sender, now=timezone.now())
        if request.method == "GET" and not (connected or pending or recipient.pk == sender.pk)
        else None
    )
    return render(
        request,
        "network/request_new.html",
        {
            "recipient": recipient,
            "form": form,
            "budget_spent": budget_spent,
            "connected": connected,
            "conversation": conversation,
            "pending": pending,
            "note": _note_check_context(
                form["note"].value() or "",
                sender=sender,
                recipient=recipient,
                context=form["context"].value() or None,
                detail=form["context_detail"].value() or "",
                introducer=_chosen_introducer(form, introducers),
            ),
            "has_introducers": bool(introducers),
            "is_self": recipient.pk == sender.pk,
        },
        status=status,
    )


@login_required
@require_POST
def request_note_check(request: MemberRequest) -> HttpResponse:
    """The note's length and how it reads, for the live check beside the note as it is typed.

    The request form sends its recipient and context along, so the check can say
    "mention Grace's work at Transit Lab"; a recipient this member may not see is
    left out, as if none was given.
    """
    form = NoteCheckForm(request.POST)
    form.is_valid()  # a field that does not parse is left out; the note is checked anyway
    note = form.cleaned_data.get("note") or ""
    recipient_id = form.cleaned_data.get("recipient_id")
    recipient = None
    if recipient_id:
        try:
            recipient = member_get(member_id=recipient_id, viewer=request.user)
        except NotFound:
            recipient = None
    context = form.cleaned_data.get("context") or None
    detail = form.cleaned_data.get("context_detail") or ""
    introducer = None
    introducer_id = form.cleaned_data.get("introducer_id")
    if (
        context == Context.INTRODUCED
        and introducer_id
        and introducer_id not in (request.user.pk, recipient_id)
    ):
        try:
            introducer = member_get(member_id=introducer_id, viewer=request.user)
        except NotFound:
            introducer = None
    return render(
        request,
        "network/_note_check.html",
        {
            "note": _note_check_context(
                note,
                sender=request.user,
                recipient=recipient,
                context=context,
                detail=detail,
                introducer=introducer,
            )
        },
    )


@login_required
def requests_inbox(request: MemberRequest) -> HttpResponse:
    member = request.user
    now = timezone.now()
    outgoing = [
        (req, visible_state(req, viewer_id=member.pk, now=now))
        for req in requests_outgoing(member=member)[:OUTGOING_SHOWN]
    ]
    return render(
        request,
        "network/requests_inbox.html",
        {
            "incoming": requests_waiting(member=member),
            "outgoing": outgoing,
            "nav_current": "requests",
        },
    )


def _action_failed(
    request: MemberRequest, error: RapportError, request_id: int, *, answering: bool = False
) -> HttpResponse:
    if request.htmx:
        return render(
            request,
            "network/_request_row_result.html",
            {"request_id": request_id, "error": error.message, **_badges(request, answering)},
            status=error.status,
        )
    messages.error(request, error.message)
    return redirect_back(request, "requests_inbox")


def _badges(request: MemberRequest, answering: bool) -> dict[str, object]:
    """The navigation's count of requests waiting, for an htmx answer to one (or a
    refusal: it may have expired, or been answered in another tab) to replace the
    badges out of band; the rest of the page stays as it was."""
    if not answering:
        return {}
    return {"nav_waiting": requests_waiting_count(member_id=request.user.pk)}


def _action_done(
    request: MemberRequest,
    conn_request: ConnectionRequest,
    text: str,
    *,
    answering: bool = False,
    **extra: object,
) -> HttpResponse:
    if request.htmx:
        return render(
            request,
            "network/_request_row_result.html",
            {"request_id": conn_request.pk, "text": text, **extra, **_badges(request, answering)},
        )
    messages.success(request, text)
    return redirect_back(request, "requests_inbox")


def _at_capacity(request: MemberRequest, error: AtCapacity, request_id: int) -> HttpResponse:
    """Explain the cap and offer to make room; the request stays pending meanwhile."""
    conn_request = request_get(member=request.user, request_id=request_id)
    count, cap = capacity_of(member=request.user)
    template = "network/_at_capacity_row.html" if request.htmx else "network/at_capacity.html"
    return render(
        request,
        template,
        {
            "conn_request": conn_request,
            "message": error.message,
            "capacity_count": count,
            "capacity_cap": cap,
            "nav_current": "requests",
        },
        status=error.status,
    )


@login_required
@require_POST
def request_accept(request: MemberRequest, request_id: int) -> HttpResponse:
    try:
        connection_request_accept(member=request.user, request_id=request_id)
    except NotFound:
        raise Http404("No such request.") from None
    except AtCapacity as error:
        if error.code == "at_capacity":
            return _at_capacity(request, error, request_id)
        return _action_failed(request, error, request_id, answering=True)
    except RapportError as error:
        return _action_failed(request, error, request_id, answering=True)
    conn_request = request_get(member=request.user, request_id=request_id)
    conversation = conversation_with(member=request.user, other_id=conn_request.sender_id)
    return _action_done(
        request,
        conn_request,
        f"You and {conn_request.sender.name} are connected; your conversation is open.",
        answering=True,
        conversation=conversation,
    )


@login_required
@require_POST
def request_decline(request: MemberRequest, request_id: int) -> HttpResponse:
    """Decline; the form's ``reason`` may be ``dont_know`` ("I don't know this person")."""
    reason = request.POST.get("reason", "")
    try:
        connection_request_decline(member=request.user, request_id=request_id, reason=reason)
    except NotFound:
        raise Http404("No such request.") from None
    except RapportError as error:
        return _action_failed(request, error, request_id, answering=True)
    conn_request = request_get(member=request.user, request_id=request_id)
    text = f"Request from {conn_request.sender.name} declined. They will not be told."
    if reason == DeclineReason.DONT_KNOW:
        text = (
            f"Request from {conn_request.sender.name} declined: you don't know them. They will "
            "not be told; Rapport looks more carefully at requests from people nobody knows."
        )
    return _action_done(request, conn_request, text, answering=True)


@login_required
@require_POST
def request_withdraw(request: MemberRequest, request_id: int) -> HttpResponse:
    try:
        connection_request_withdraw(member=request.user, request_id=request_id)
    except NotFound:
        raise Http404("No such request.") from None
    except RapportError as error:
        return _action_failed(request, error, request_id)
    conn_request = request_get(member=request.user, request_id=request_id)
    return _action_done(
        request, conn_request, f"Your request to {conn_request.recipient.name} is withdrawn."
    )


@login_required
def connections(request: MemberRequest) -> HttpResponse:
    member = request.user
    count, cap = capacity_of(member=member)
    conversation_ids = {
        conversation.other(member.pk): conversation.pk
        for conversation in conversations_of(member=member)
    }
    rows = [(view, conversation_ids.get(view.member.pk)) for view in connections_of(member=member)]
    return render(
        request,
        "network/connections.html",
        {
            "rows": rows,
            "past": list(past_connections_of(member=member)),
            "capacity_count": count,
            "capacity_cap": cap,
            "nav_current": "connections",
        },
    )


@login_required
@require_POST
def connection_end(request: MemberRequest, member_id: int) -> HttpResponse:
    """End a connection; the other member is not notified.

    The confirmation step is on the page that holds the button (a disclosure that
    explains what happens, then the real submit), so this POST ends it at once.
    """
    other = member_get(member_id=member_id, viewer=request.user)
    end_connection(member=request.user, other_id=other.pk)
    messages.success(
        request,
        f"{other.name} is now in your past connections. They are not told, and only you see "
        "that list.",
    )
    return redirect_back(request, "connections")
