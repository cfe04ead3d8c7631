"""The moderators' view of requests: Django admin, for staff only.

"Held requests" lists what waits for a moderator, with the sender's evidence
(``reputation.sender_standing``) beside each one, and two actions, release and
reject, that go through the services like any other change; a held request's own
page has them as its Release and Reject buttons. This is the only place a member's
standing is shown; members never see anyone's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST

from rapport.errors import RapportError
from rapport.members.models import Member
from rapport.network.models import Connection, ConnectionRequest, HeldRequest
from rapport.network.reputation import Standing, sender_standing, senders_standing
from rapport.network.services import (
    connection_request_hold,
    connection_request_reject,
    connection_request_release,
)
from rapport.safety.admin import DecidedOnItsPage, MemberNamesLinkedWhereAllowed
from rapport.safety.services import moment_as_read

RECENT_NOTES_SHOWN = 10
# A held request's page: each decision, the service that makes it, what it is called
# in the journal, and what the moderator is told ("{sender}", "{recipient}": names).
DECISIONS: dict[str, tuple[Callable[..., ConnectionRequest], str, str]] = {
    "release": (
        connection_request_release,
        "Released from its page.",
        "Released: {sender}'s request now waits for {recipient}'s answer.",
    ),
    "reject": (
        connection_request_reject,
        "Rejected from its page.",
        "Rejected: {sender}'s request will never reach {recipient}; the sender is not told.",
    ),
}


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
            self,
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
    model_admin: MemberNamesLinkedWhereAllowed[Any],
    request: HttpRequest,
    queryset: QuerySet[ConnectionRequest],
    act: Callable[[ConnectionRequest], object],
    *,
    done: str,
) -> None:
    """Run a service on each selected request; each refusal is shown with its reason,
    and each decision goes into the admin's journal, as one taken on a row's page does."""
    succeeded = 0
    for row in queryset.select_related("sender", "recipient"):
        try:
            act(row)
        except RapportError as error:
            messages.error(request, f"{row.sender} to {row.recipient}: {error.message}")
        else:
            model_admin.log_change(request, row, f"{done.capitalize()} from the list.")
            succeeded += 1
    if succeeded:
        messages.success(request, f"{succeeded} request{'s' if succeeded != 1 else ''} {done}.")


_STANDING = "sender_standing_now"


class _HeldRequestsWithEvidence(ChangeList):
    """The held requests' list, reading the evidence about every sender on the page in
    the same two queries, whether it shows one request or a hundred."""

    def get_results(self, request: HttpRequest) -> None:
        super().get_results(request)
        rows = list(self.result_list)
        standings = senders_standing(sender_ids={row.sender_id for row in rows}, now=timezone.now())
        for row in rows:
            setattr(row, _STANDING, standings[row.sender_id])


@admin.register(HeldRequest)
class HeldRequestAdmin(DecidedOnItsPage[HeldRequest], MemberNamesLinkedWhereAllowed[HeldRequest]):
    """What waits for a moderator, oldest first, with the evidence about each sender."""

    list_display = ("sender", "recipient", "created_at", "note_start", "evidence")
    list_display_links = ("created_at",)
    member_names = {
        "sender": ("sender", "Held requests from {}"),
        "recipient": ("recipient", "Held requests to {}"),
    }
    ordering = ("created_at", "id")
    actions = ["release", "reject"]
    change_form_template = "admin/network/heldrequest/change_form.html"
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

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return _HeldRequestsWithEvidence

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    # Nothing on the page is edited (no Save: ``MemberNamesLinkedWhereAllowed``); the
    # decisions are its actions.
    decide_url_name = "network_heldrequest_decide"

    @method_decorator(require_POST)
    def decide_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Release or reject one held request from its page (a POST with the admin's CSRF
        check), through the same services as the list's actions.

        Read among all requests, not only the held: one withdrawn since the page was
        drawn is refused by the service, which says what happened to it."""
        if not object_id.isdigit():
            raise Http404("No such request.")
        row = (
            HeldRequest.objects.select_related("sender", "recipient")
            .filter(pk=int(object_id))
            .first()
        )
        if row is None:
            raise Http404("No such request.")
        if not self.has_change_permission(request, row):
            raise PermissionDenied
        page = reverse("admin:network_heldrequest_change", args=[row.pk])
        listing = reverse("admin:network_heldrequest_changelist")
        chosen = DECISIONS.get(request.POST.get("decision", ""))
        if chosen is None:
            messages.error(request, "Choose a decision: release or reject.")
            return HttpResponseRedirect(page)
        decide, journal, told = chosen
        try:
            decide(moderator=_moderator(request), request_id=row.pk)
        except RapportError as error:
            messages.error(request, error.message)
            still_held = ConnectionRequest.objects.filter(pk=row.pk, state="held").exists()
            return HttpResponseRedirect(page if still_held else listing)
        self.log_change(request, row, journal)
        messages.success(request, told.format(sender=row.sender, recipient=row.recipient))
        # Decided, it has left the held requests: back to those that wait.
        return HttpResponseRedirect(listing)

    @admin.display(description="note")
    def note_start(self, obj: HeldRequest) -> str:
        return obj.note if len(obj.note) <= 120 else obj.note[:119] + "…"

    @admin.display(description="sender's evidence, now")
    def evidence(self, obj: HeldRequest) -> str:
        # Read with the list's page (``_HeldRequestsWithEvidence``); on a request's own
        # page, for its sender alone.
        standing: Standing | None = getattr(obj, _STANDING, None)
        if standing is None:
            standing = sender_standing(sender_id=obj.sender_id, now=timezone.now())
        return standing.summary()

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
                    moment_as_read(row.created_at),
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
            self,
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
            self,
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

    def get_queryset(self, request: HttpRequest) -> QuerySet[Connection]:
        # The request is named on the connection's page: its two names with the row.
        return super().get_queryset(request).select_related("request__sender", "request__recipient")

    @admin.display(description="request")
    def request_in_request_admin(self, obj: Connection) -> str:
        if obj.request_id is None:
            return self.get_empty_value_display()
        url = reverse("admin:network_connectionrequest_change", args=[obj.request_id])
        return format_html('<a href="{}">{}</a>', url, obj.request)

    @admin.display(description="request")
    def request_unlinked(self, obj: Connection) -> str:
        return self.get_empty_value_display() if obj.request is None else str(obj.request)

    def _request_field(self, request: HttpRequest) -> str:
        """Django links a read-only request to its admin page whoever looks; a viewer who
        may not open it met a 403 there. Linked only for those who may."""
        request_admin = (
            self.admin_site.get_model_admin(ConnectionRequest)
            if self.admin_site.is_registered(ConnectionRequest)
            else None
        )
        if request_admin is not None and request_admin.has_view_permission(request):
            return "request_in_request_admin"
        return "request_unlinked"

    def _request_named(self, request: HttpRequest, names: list[Any]) -> list[Any]:
        field = self._request_field(request)
        return [field if name == "request" else name for name in names]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        return self._request_named(request, super().get_fields(request, obj))

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        return self._request_named(request, super().get_readonly_fields(request, obj))

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        return [*super().get_exclude(request, obj), "request"]
