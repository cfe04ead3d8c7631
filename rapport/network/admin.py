"""The moderators' view of requests: Django admin, for staff only.

"Held requests" lists what waits for a moderator, with the sender's evidence
(``reputation.sender_standing``) beside each one, and two actions, release and
reject, that go through the services like any other change. This is the only
place a member's standing is shown; members never see anyone's.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from rapport.errors import RapportError
from rapport.members.models import Member
from rapport.network.models import Connection, ConnectionRequest, HeldRequest
from rapport.network.reputation import sender_standing
from rapport.network.services import (
    connection_request_hold,
    connection_request_reject,
    connection_request_release,
)
from rapport.safety.admin import MemberNamesLinkedWhereAllowed

RECENT_NOTES_SHOWN = 10


@admin.register(ConnectionRequest)
class ConnectionRequestAdmin(MemberNamesLinkedWhereAllowed[ConnectionRequest]):
    list_display = ("sender", "recipient", "context", "state", "created_at", "expires_at")
    list_display_links = ("created_at",)
    list_filter = ("state", "context", "decline_reason")
    raw_id_fields = (
        "sender",
        "recipient",
        "member_low",
        "member_high",
        "introducer",
        "moderated_by",
    )
    actions = ["hold_for_review"]
    # A request changes only through its services (the actions here, the held
    # requests' release and reject): a state set by hand made no connection, and a
    # note or a sender edited would put words in a member's mouth.
    readonly_fields = tuple(field.name for field in ConnectionRequest._meta.concrete_fields)
    member_names = {
        "sender": ("sender", "Requests from {}"),
        "recipient": ("recipient", "Requests to {}"),
        "member_low": ("member low", "Requests with {} as the pair's lower id"),
        "member_high": ("member high", "Requests with {} as the pair's higher id"),
        "introducer": ("introducer", "Requests {} introduced"),
        "moderated_by": ("moderated by", "Requests {} moderated"),
    }

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(
        description="Hold for a moderator (take out of the recipient's inbox)",
        permissions=["change"],
    )
    def hold_for_review(self, request: HttpRequest, queryset: QuerySet[ConnectionRequest]) -> None:
        _apply(
            request,
            queryset,
            lambda row: connection_request_hold(
                moderator=_moderator(request),
                request_id=row.pk,
                reason=f"Held by {request.user.get_username()} from the request list.",
            ),
            done="held",
        )


def _moderator(request: HttpRequest) -> Member:
    user = request.user
    assert isinstance(user, Member)  # the admin lets only signed-in staff this far
    return user


def _apply(
    request: HttpRequest,
    queryset: QuerySet[ConnectionRequest],
    act: Callable[[ConnectionRequest], object],
    *,
    done: str,
) -> None:
    """Run a service on each selected request; each refusal is shown with its reason."""
    succeeded = 0
    for row in queryset.select_related("sender", "recipient"):
        try:
            act(row)
        except RapportError as error:
            messages.error(request, f"{row.sender} to {row.recipient}: {error.message}")
        else:
            succeeded += 1
    if succeeded:
        messages.success(request, f"{succeeded} request{'s' if succeeded != 1 else ''} {done}.")


@admin.register(HeldRequest)
class HeldRequestAdmin(MemberNamesLinkedWhereAllowed[HeldRequest]):
    """What waits for a moderator, oldest first, with the evidence about each sender."""

    list_display = ("sender", "recipient", "created_at", "note_start", "evidence")
    list_display_links = ("created_at",)
    member_names = {
        "sender": ("sender", "Held requests from {}"),
        "recipient": ("recipient", "Held requests to {}"),
    }
    ordering = ("created_at", "id")
    actions = ["release", "reject"]
    fields = (
        "sender",
        "recipient",
        "context",
        "context_detail",
        "note",
        "offer",
        "created_at",
        "hold_reason",
        "evidence",
        "recent_notes",
    )
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[HeldRequest]:
        return super().get_queryset(request).filter(state="held")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.display(description="note")
    def note_start(self, obj: HeldRequest) -> str:
        return obj.note if len(obj.note) <= 120 else obj.note[:119] + "…"

    @admin.display(description="sender's evidence, now")
    def evidence(self, obj: HeldRequest) -> str:
        return sender_standing(sender_id=obj.sender_id, now=timezone.now()).summary()

    @admin.display(description="sender's latest notes")
    def recent_notes(self, obj: HeldRequest) -> str:
        rows = (
            ConnectionRequest.objects.filter(sender_id=obj.sender_id)
            .exclude(pk=obj.pk)
            .select_related("recipient")
            .order_by("-created_at", "-id")[:RECENT_NOTES_SHOWN]
        )
        items = format_html_join(
            "",
            "<li><strong>{}</strong>, {} ({}): {}</li>",
            (
                (
                    row.recipient.name,
                    f"{row.created_at:%d %b %Y}",
                    row.get_state_display(),
                    row.note,
                )
                for row in rows
            ),
        )
        return format_html("<ul>{}</ul>", items) if rows else "None."

    @admin.action(description="Release: send on to the recipient", permissions=["change"])
    def release(self, request: HttpRequest, queryset: QuerySet[ConnectionRequest]) -> None:
        _apply(
            request,
            queryset,
            lambda row: connection_request_release(
                moderator=_moderator(request),
                request_id=row.pk,
            ),
            done="released to their recipients",
        )

    @admin.action(
        description="Reject: never deliver (the sender is not told)", permissions=["change"]
    )
    def reject(self, request: HttpRequest, queryset: QuerySet[ConnectionRequest]) -> None:
        _apply(
            request,
            queryset,
            lambda row: connection_request_reject(
                moderator=_moderator(request),
                request_id=row.pk,
            ),
            done="rejected",
        )


@admin.register(Connection)
class ConnectionAdmin(MemberNamesLinkedWhereAllowed[Connection]):
    """Seen, not made: a connection comes from a request both sides agreed to (the cap,
    the reasons, the past connection it leaves behind all live in the services)."""

    list_display = ("member_low", "member_high", "created_at")
    list_display_links = ("created_at",)
    raw_id_fields = ("member_low", "member_high", "request")
    readonly_fields = tuple(field.name for field in Connection._meta.concrete_fields)
    member_names = {
        "member_low": ("member low", "Connections of {} as the pair's lower id"),
        "member_high": ("member high", "Connections of {} as the pair's higher id"),
    }

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
