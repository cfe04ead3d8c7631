"""Conversation pages: the list, newest first, and one thread with its reply box.

With htmx a sent message is appended without reloading; without JavaScript the
form posts and redirects back to the thread (POST-redirect-GET). Deleting one's own
message works the same way: htmx swaps the message for its tombstone in place, and
without JavaScript the form posts and the thread comes back at that message.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_htmx.http import reswap, retarget

from rapport.conversations.forms import MessageForm
from rapport.conversations.selectors import (
    conversation_get,
    conversation_page,
    conversations_of,
    first_message_suggested,
    messages_of,
)
from rapport.conversations.services import (
    conversation_is_open,
    conversation_mark_read,
    message_delete,
    message_send,
)
from rapport.errors import NotPermitted, RapportError
from rapport.head_requests import asked_with_head
from rapport.input_schema import LARGEST_STORED
from rapport.typed_requests import MemberRequest
from rapport.web.form_errors import show_error, with_retry_after

# As many as the API gives at most (``conversations.api.MESSAGES_LIMIT``); the rest of
# a longer thread is a link away, paged back by message id as the API pages.
MESSAGES_SHOWN = 200


def _before(request: MemberRequest) -> int | None:
    """The ``before`` of an earlier page: a message id, or None (the latest page) for
    anything that cannot be one, so an edited address shows the thread, not an error."""
    text = request.GET.get("before", "")
    return int(text) if text.isdigit() and 0 < int(text) <= LARGEST_STORED else None


@login_required
def conversations(request: MemberRequest) -> HttpResponse:
    return render(
        request,
        "conversations/conversations.html",
        {
            "conversations": list(conversations_of(member=request.user)),
            "nav_current": "conversations",
        },
    )


@login_required
def conversation(request: MemberRequest, conversation_id: int) -> HttpResponse:
    member = request.user
    form = MessageForm(request.POST or None)
    status = 200
    refused: RapportError | None = None
    if request.method == "POST":
        thread = conversation_get(member=member, conversation_id=conversation_id)
        if form.is_valid():
            try:
                message = message_send(
                    sender=member,
                    conversation_id=thread.pk,
                    body=form.cleaned_data["body"],
                    conversation=thread,
                )
            except RapportError as error:
                show_error(form, error)
                status, refused = error.status, error
            else:
                if request.htmx:
                    return render(
                        request,
                        "conversations/_message_sent.html",
                        {"message": message, "form": MessageForm(), "thread": thread},
                    )
                return redirect(reverse("conversation", args=[thread.pk]) + "#latest")
        else:
            status = 422
        if request.htmx:
            # A first message refused (a leaflet, say) keeps the suggestion beside it.
            suggested = first_message_suggested(member=member, conversation=thread)
            response = render(
                request,
                "conversations/_reply.html",
                {"form": form, "thread": thread, "suggested": suggested},
                status=status,
            )
            return with_retry_after(reswap(retarget(response, "#reply"), "outerHTML"), refused)
    page = conversation_page(member=member, conversation_id=conversation_id)
    thread = page.thread
    other = thread.member_high if thread.member_low_id == member.pk else thread.member_low
    before = _before(request)
    # One more than shown, to know whether there is an earlier page, at no extra query.
    read = messages_of(conversation=thread, limit=MESSAGES_SHOWN + 1, before=before)
    thread_messages = read[-MESSAGES_SHOWN:]
    earlier_before = thread_messages[0].pk if len(read) > MESSAGES_SHOWN else None
    # Reading the page is reading the messages it shows. The navigation's unread count
    # (``own_unread``) leaves this thread out, as it will once marked; its requests
    # waiting (``own_waiting``) come with the same query. An earlier page marks
    # nothing, as the API's paging back does not: the latest are still unread. A HEAD
    # marks nothing either (rapport/head_requests.py).
    if thread_messages and before is None and not asked_with_head(request):
        conversation_mark_read(member=member, conversation=thread, up_to=thread_messages[-1].pk)
    is_open = conversation_is_open(a=member.pk, b=other.pk, connected=page.connected)
    # A suggested first message (a coffee pairing's opener) sits by the reply box. Not
    # asked of a connected pair: their request's note was written when they connected
    # (``services.conversation_open_from_request``), so the page's usual reads stay as
    # they were.
    suggested = None
    if is_open and before is None and not page.connected:
        suggested = first_message_suggested(member=member, conversation=thread)
    page_response = render(
        request,
        "conversations/conversation.html",
        {
            "thread": thread,
            "other": other,
            "other_photo_hash": page.other_photo_hash,
            "thread_messages": thread_messages,
            "earlier_before": earlier_before,
            "paged_back": before is not None,
            "is_open": is_open,
            "suggested": suggested,
            "form": form,
            "nav_current": "conversations",
            "own_unread": page.unread_elsewhere,
            "own_waiting": page.waiting,
        },
        status=status,
    )
    return with_retry_after(page_response, refused)


@login_required
@require_POST
def conversation_message_delete(
    request: MemberRequest, conversation_id: int, message_id: int
) -> HttpResponse:
    """Delete one's own message (the thread's "Delete" disclosure, confirmed by its
    second button). The other member's message is refused with 403: they can see it."""
    try:
        message = message_delete(
            member=request.user, conversation_id=conversation_id, message_id=message_id
        )
    except NotPermitted as error:
        raise PermissionDenied(error.message) from None
    if request.htmx:
        return render(request, "conversations/_message.html", {"message": message})
    messages.success(request, "Message deleted. Its text is erased for both of you.")
    return redirect(reverse("conversation", args=[conversation_id]) + f"#message-{message.pk}")
