"""Seed the demo community through the same services every member's action uses.

Nothing here writes a model directly: members sign up, send requests, accept
them and write messages, each at a time in the past, so the budgets, the cap and
every database constraint are checked exactly as they would be for real people.
The history is replayed in time order because the budgets look back seven days
from the moment of each send.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from rapport.asks import demo as asks_demo
from rapport.audit import demo as audit_demo
from rapport.coffee import demo as coffee_demo
from rapport.conversations.models import Message
from rapport.conversations.selectors import conversation_with
from rapport.conversations.services import message_delete, message_send
from rapport.demo.community import (
    ASKS,
    DEMO_LOGINS,
    DEMO_MODERATORS,
    DEMO_PASSWORD,
    DEMO_TWO_STEP_KEYS,
    MEMBERS,
    TIES,
    Ask,
    Tie,
)
from rapport.demo.keeper_book import keeper_book_seed
from rapport.errors import Conflict, InvalidInput
from rapport.gatherings import demo as gatherings_demo
from rapport.imports import demo as imports_demo
from rapport.introductions import demo as introductions_demo
from rapport.keeper import demo as keeper_demo
from rapport.members import demo as members_demo
from rapport.members.models import Member
from rapport.members.services import member_signup
from rapport.network import demo as network_demo
from rapport.network.models import Connection, ConnectionRequest
from rapport.network.services import (
    connection_request_accept,
    connection_request_send,
    connection_requests_expire,
)
from rapport.notifications import demo as notifications_demo
from rapport.photos import demo as photos_demo
from rapport.safety import demo as safety_demo

DEMO_EMAIL_DOMAIN = "example.org"

# Each feature seeds its own part of the demo, after the community exists.
FEATURE_SEEDS = (
    members_demo.seed,
    network_demo.seed,
    imports_demo.seed,
    audit_demo.seed,
    introductions_demo.seed,
    asks_demo.seed,
    gatherings_demo.seed,
    coffee_demo.seed,
    safety_demo.seed,
    notifications_demo.seed,
    keeper_demo.seed,
    photos_demo.seed,
)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    name: str
    password: str
    # The authenticator key of a login with two-step sign-in on, as an app takes it.
    two_step_key: str = ""
    # A moderator: staff in the "moderators" group, who reads reports in /admin/.
    moderator: bool = False


@dataclass(frozen=True)
class SeedResult:
    created: bool
    message: str
    members: int = 0
    connections: int = 0
    requests_waiting: int = 0
    messages: int = 0
    logins: tuple[DemoLogin, ...] = ()


@dataclass(order=True)
class _Step:
    at: dt.datetime
    order: int
    action: Callable[[dt.datetime], object] = field(compare=False)


def _logins() -> tuple[DemoLogin, ...]:
    names = {profile.username: profile.name for profile in MEMBERS}
    return tuple(
        DemoLogin(
            username,
            names[username],
            DEMO_PASSWORD,
            DEMO_TWO_STEP_KEYS.get(username, ""),
            moderator=username in DEMO_MODERATORS,
        )
        for username in DEMO_LOGINS
    )


def _days_before(now: dt.datetime, days: float) -> dt.datetime:
    return now - dt.timedelta(days=days)


@transaction.atomic
def demo_community_seed(*, now: dt.datetime | None = None) -> SeedResult:
    """Create the demo community once; a second call seeds nothing and says why.

    Refuses an instance that already holds other members: the demo logins have a
    published password, and they must never appear beside real people's accounts.
    """
    now = now or timezone.now()
    if Member.objects.filter(username__in=DEMO_LOGINS).exists():
        return SeedResult(
            created=False,
            message="The demo community is already here; nothing new was seeded.",
            logins=_logins(),
        )
    if Member.objects.exists():
        raise Conflict(
            "This instance already has members, so the demo community was not added: its "
            "logins have a published password. Point RAPPORT_DATA_DIR (or DATABASE_URL) at an "
            "empty database to try the demo.",
            code="instance_not_empty",
        )

    members: dict[str, Member] = {}
    for profile in MEMBERS:
        members[profile.username] = member_signup(
            username=profile.username,
            password=DEMO_PASSWORD,
            name=profile.name,
            email=f"{profile.username}@{DEMO_EMAIL_DOMAIN}",
            headline=profile.headline,
            organisation=profile.organisation,
            location=profile.location,
            bio=profile.bio,
            interests=profile.interests,
            can_help_with=profile.can_help_with,
            looking_for=profile.looking_for,
            time_zone=profile.time_zone,
        )

    request_ids: dict[tuple[str, str], int] = {}

    refused: list[Ask] = []

    def send(request: Tie | Ask) -> Callable[[dt.datetime], object]:
        def act(at: dt.datetime) -> None:
            try:
                sent = connection_request_send(
                    sender=members[request.sender],
                    recipient_id=members[request.recipient].pk,
                    context=request.context,
                    context_detail=request.detail,
                    introducer_id=members[request.introducer].pk if request.introducer else None,
                    note=request.note,
                    offer=request.offer,
                    now=at,
                )
            except InvalidInput as error:
                # The collectors' leaflets are refused at sending, as anyone's would be:
                # they never reach an inbox. A relationship note refused is a bug.
                if error.code != "note_reads_as_leaflet" or not (
                    isinstance(request, Ask) and request.leaflet
                ):
                    raise
                refused.append(request)
                return
            request_ids[request.sender, request.recipient] = sent.pk

        return act

    def accept(tie: Tie) -> Callable[[dt.datetime], object]:
        def act(at: dt.datetime) -> None:
            connection_request_accept(
                member=members[tie.recipient],
                request_id=request_ids[tie.sender, tie.recipient],
                now=at,
            )

        return act

    def say(tie: Tie, sender: str, body: str, deleted: bool) -> Callable[[dt.datetime], object]:
        def act(at: dt.datetime) -> None:
            other = tie.recipient if sender == tie.sender else tie.sender
            conversation = conversation_with(member=members[sender], other_id=members[other].pk)
            if conversation is None:  # a mistake in community.py, not a state a member can reach
                raise RuntimeError(f"{sender} writes to {other} before they are connected")
            sent = message_send(
                sender=members[sender], conversation_id=conversation.pk, body=body, now=at
            )
            if deleted:  # taken back a minute later: the thread shows "Message deleted"
                message_delete(
                    member=members[sender],
                    conversation_id=conversation.pk,
                    message_id=sent.pk,
                    now=at + dt.timedelta(minutes=1),
                )

        return act

    steps: list[_Step] = []
    for tie in TIES:
        sent_at = _days_before(now, tie.days_ago)
        steps.append(_Step(sent_at, len(steps), send(tie)))
        steps.append(
            _Step(sent_at + dt.timedelta(days=tie.accepted_after), len(steps), accept(tie))
        )
        for line in tie.thread:
            steps.append(
                _Step(
                    _days_before(now, line.days_ago),
                    len(steps),
                    say(tie, line.sender, line.body, line.deleted),
                )
            )
    for ask in ASKS:
        steps.append(_Step(_days_before(now, ask.days_ago), len(steps), send(ask)))
    for step in sorted(steps):
        step.action(step.at)
    # Requests nobody answered in time: expired, silently, as the worker would do.
    connection_requests_expire(now=now)
    keeper_book_seed(owner=members["ana"], members=members, now=now)
    for feature_seed in FEATURE_SEEDS:
        feature_seed(members=members, now=now)

    # Counted in the database: every app's demo adds its own connections, requests and
    # messages to the community's, and the summary should say what is there.
    connections = Connection.objects.count()
    waiting = ConnectionRequest.objects.filter(state="pending").count()
    messages = Message.objects.count()
    return SeedResult(
        created=True,
        message=(
            f"Seeded the demo community: {len(MEMBERS)} members, {connections} connections, "
            f"{waiting} requests waiting for an answer, {messages} messages; "
            f"{len(refused)} leaflet notes refused at sending."
        ),
        members=len(MEMBERS),
        connections=connections,
        requests_waiting=waiting,
        messages=messages,
        logins=_logins(),
    )
