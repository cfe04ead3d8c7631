"""Writes about asks and offers: post, answer, close with who helped, withdraw, expire.

Closing is where an ask pays off beyond the moment: it records the favour in both
keepers, a "received" interaction in the asker's and a "gave" one in each helper's
(the other way round for an offer), so the reciprocity balance reflects it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from rapport.asks.models import Ask, AskAnswer, AskHelper
from rapport.asks.selectors import ask_visible_to, visible_state
from rapport.asks.states import (
    ANSWER_MAX,
    ASK_EXPIRES_AFTER,
    ASK_GRAPH,
    ASK_REMIND_BEFORE,
    DETAIL_MAX,
    HELPERS_MAX,
    OPEN_MAX,
    TITLE_MAX,
    TITLE_MIN,
    AskKind,
)
from rapport.errors import Conflict, InvalidInput, NotFound, NotPermitted
from rapport.keeper.services import interaction_log, person_link_member
from rapport.keeper.vocabulary import Direction, Kind, Source
from rapport.mail import templated_email
from rapport.members.models import Member
from rapport.members.time_zones import member_time_zone
from rapport.network.selectors import connected_ids
from rapport.prose import counted_length, one_line, paragraphs
from rapport.safety.sending_limits import (
    ASK_ANSWERS_PER_DAY,
    ASKS_PER_DAY,
    refuse_beyond,
    sending_lock,
)

log = logging.getLogger(__name__)


def _validate(*, kind: str, title: str, detail: str) -> None:
    """Each text counted as the API counts it (``rapport.prose``): a run of spaces or
    line breaks is one character."""
    if kind not in AskKind.codes:
        raise InvalidInput(
            f"Say whether it is an ask or an offer, not {kind!r}.",
            code="kind_unknown",
            field="kind",
        )
    if counted_length(title) < TITLE_MIN:
        raise InvalidInput(
            f"The title is {counted_length(title)} characters; write at least {TITLE_MIN}, "
            "for example “Advice on moving into product management”.",
            code="title_length",
            field="title",
        )
    if counted_length(title) > TITLE_MAX:
        raise InvalidInput(
            f"The title is {counted_length(title)} characters; the limit is {TITLE_MAX}.",
            code="title_length",
            field="title",
        )
    if counted_length(detail) > DETAIL_MAX:
        raise InvalidInput(
            f"The detail is {counted_length(detail):,} characters; the limit is {DETAIL_MAX:,}.",
            code="detail_length",
            field="detail",
        )


@transaction.atomic
def ask_post(
    *, poster: Member, kind: str, title: str, detail: str = "", now: dt.datetime | None = None
) -> Ask:
    """Post an ask or an offer for your connections, and nobody else, to see. The title
    is one line, the detail keeps its paragraphs (``rapport.prose``). Past the poster's
    daily limit (``rapport.safety.sending_limits``), ``BudgetExceeded`` says when."""
    title, detail = one_line(title), paragraphs(detail)
    _validate(kind=kind, title=title, detail=detail)
    # The poster's row is locked so two posts at once cannot both pass the limit.
    Member.objects.select_for_update().filter(pk=poster.pk).first()
    # The time is read once the lock is held: read before, a send that waited would
    # not count one written meanwhile with a later time (sending_limits.py).
    now = now or timezone.now()
    refuse_beyond(ASKS_PER_DAY, Ask.objects.filter(poster=poster), now=now)
    open_now = Ask.objects.filter(poster=poster, state="open", expires_at__gt=now).count()
    if open_now >= OPEN_MAX:
        raise Conflict(
            f"You have {open_now} asks and offers open; the limit is {OPEN_MAX}. Close one "
            "(saying who helped) or withdraw it first.",
            code="asks_open_limit",
        )
    # Back, then "Post it" again, sent the same ask twice; one open is enough.
    twin = Ask.objects.filter(
        poster=poster, kind=kind, state="open", expires_at__gt=now, title__iexact=title
    ).first()
    if twin is not None:
        raise Conflict(
            f"You already have this {AskKind.labels[kind].lower()} open, posted "
            f"{timezone.localtime(twin.created_at):%-d %B}: “{twin.title}”. Change its "
            "title if it is another one.",
            code="ask_already_open",
            field="title",
        )
    return Ask.objects.create(
        poster=poster,
        kind=kind,
        title=title,
        detail=detail,
        created_at=now,
        expires_at=now + ASK_EXPIRES_AFTER,
    )


def _ask_for_update(*, viewer: Member, ask_id: int) -> Ask:
    ask = Ask.objects.select_for_update().filter(pk=ask_id).first()
    if ask is None or not ask_visible_to(ask, viewer_id=viewer.pk):
        raise NotFound("No such ask.")
    return ask


def _own_ask_for_update(*, poster: Member, ask_id: int) -> Ask:
    ask = Ask.objects.select_for_update().filter(pk=ask_id, poster=poster).first()
    if ask is None:
        raise NotFound("No such ask.")
    return ask


def _refuse_unless_open(ask: Ask, *, now: dt.datetime) -> None:
    if visible_state(ask, now=now) == "expired":
        raise Conflict("This ask has lapsed.", code="ask_expired")
    if ask.state != "open":
        raise Conflict(f"This ask is {ASK_GRAPH.labels[ask.state].lower()}.", code="ask_closed")


@transaction.atomic
def ask_answer(
    *, author: Member, ask_id: int, body: str, now: dt.datetime | None = None
) -> AskAnswer:
    """Answer a connection's ask privately: only they and you will see it. Past the
    author's daily limit (``rapport.safety.sending_limits``), ``BudgetExceeded``."""
    # Before anything is read: two answers at once (to two asks) are counted in turn.
    sending_lock("ask answers", member_id=author.pk)
    ask = _ask_for_update(viewer=author, ask_id=ask_id)
    if ask.poster_id == author.pk:
        raise NotPermitted(
            "Answers come from your connections; add more detail to your ask instead.",
            code="own_ask",
        )
    now = now or timezone.now()
    _refuse_unless_open(ask, now=now)
    body = paragraphs(body)  # counted as the API counts it (``rapport.prose``)
    if not body:
        raise InvalidInput("Write your answer first.", code="answer_empty", field="body")
    if counted_length(body) > ANSWER_MAX:
        raise InvalidInput(
            f"The answer is {counted_length(body):,} characters; the limit is {ANSWER_MAX:,}.",
            code="answer_length",
            field="body",
        )
    refuse_beyond(ASK_ANSWERS_PER_DAY, AskAnswer.objects.filter(author=author), now=now)
    # A second click, or a client's retry, sent it again: the ask's row is locked, so
    # the first is saved already. The same words after another answer are a new one.
    latest = AskAnswer.objects.filter(ask=ask, author=author).order_by("-pk").first()
    if latest is not None and latest.body == body:
        sent = timezone.localtime(latest.created_at)
        raise Conflict(
            f"You sent this answer already, on {sent:%-d %B at %H:%M}: it is there to read.",
            code="answer_already_sent",
            field="body",
        )
    return AskAnswer.objects.create(ask=ask, author=author, body=body, created_at=now)


@transaction.atomic
def ask_close(
    *,
    poster: Member,
    ask_id: int,
    helper_ids: Sequence[int] = (),
    favour: str = Kind.HELP,
    now: dt.datetime | None = None,
) -> Ask:
    """Close your ask (or offer), recording who helped (or whom you helped).

    Each helper gets a "gave" interaction in their keeper and you a "received" one in
    yours, for an ask; the other way round for an offer. A lapsed ask may still be
    closed, so help that came late is still counted.
    """
    ask = _own_ask_for_update(poster=poster, ask_id=ask_id)
    ids = list(dict.fromkeys(helper_ids))
    if favour not in Kind.favours:
        raise InvalidInput(
            f"What was given is one of {', '.join(Kind.favours)}; not {favour!r}.",
            code="favour_unknown",
            field="favour",
        )
    if len(ids) > HELPERS_MAX:
        raise InvalidInput(
            f"You chose {len(ids)} people; at most {HELPERS_MAX} can be credited.",
            code="helpers_too_many",
            field="helper_ids",
        )
    if poster.pk in ids:
        raise InvalidInput(
            "Choose the people who helped, not yourself.", code="helper_self", field="helper_ids"
        )
    allowed = connected_ids(member_id=poster.pk) | set(
        AskAnswer.objects.filter(ask=ask).values_list("author_id", flat=True)
    )
    helpers = {m.pk: m for m in Member.objects.filter(pk__in=ids, is_active=True)}
    for member_id in ids:
        if member_id not in allowed or member_id not in helpers:
            raise InvalidInput(
                f"Member {member_id} is not among your connections or those who answered.",
                code="helper_unknown",
                field="helper_ids",
            )
    now = now or timezone.now()
    ASK_GRAPH.check(visible_state(ask, now=now), "closed")
    ask.state, ask.closed_at = "closed", now
    ask.favour = favour if ids else ""
    ask.save(update_fields=["state", "closed_at", "favour"])
    AskHelper.objects.bulk_create([AskHelper(ask=ask, member_id=member_id) for member_id in ids])
    if ids:
        _record_favour(ask, poster=poster, helpers=[helpers[i] for i in ids], now=now)
    return ask


def _record_favour(ask: Ask, *, poster: Member, helpers: list[Member], now: dt.datetime) -> None:
    poster_received = ask.kind == AskKind.ASK
    label = "ask" if poster_received else "offer"
    key = f"rapport-ask:{ask.pk}"
    interaction_log(
        owner=poster,
        person_ids=[person_link_member(owner=poster, member=helper).pk for helper in helpers],
        kind=ask.favour,
        direction=Direction.RECEIVED if poster_received else Direction.GAVE,
        favour=ask.favour,
        occurred_at=now,
        note=f"Your {label} on Rapport: “{ask.title}”.",
        source=Source.RAPPORT,
        external_key=key,
    )
    for helper in helpers:
        interaction_log(
            owner=helper,
            person_ids=[person_link_member(owner=helper, member=poster).pk],
            kind=ask.favour,
            direction=Direction.GAVE if poster_received else Direction.RECEIVED,
            favour=ask.favour,
            occurred_at=now,
            note=f"{poster.name}'s {label} on Rapport: “{ask.title}”.",
            source=Source.RAPPORT,
            external_key=key,
        )


@transaction.atomic
def ask_withdraw(*, poster: Member, ask_id: int, now: dt.datetime | None = None) -> Ask:
    """Take an open ask off the board without recording anyone."""
    ask = _own_ask_for_update(poster=poster, ask_id=ask_id)
    now = now or timezone.now()
    if ask.state == "open" and ask.expires_at <= now:
        raise Conflict("This ask has lapsed already.", code="ask_expired")
    ASK_GRAPH.check(ask.state, "withdrawn")
    ask.state = "withdrawn"
    ask.save(update_fields=["state"])
    return ask


def asks_expire(*, now: dt.datetime | None = None) -> int:
    """Move every open ask past its 30 days to "expired"; returns how many moved."""
    now = now or timezone.now()
    return Ask.objects.filter(state="open", expires_at__lte=now).update(state="expired")


def ask_reminders_send(*, now: dt.datetime | None = None) -> int:
    """Remind each poster, once, three days before an open ask lapses.

    The reminder asks whether someone helped, because closing with a name is what
    records the favour. Each ask is claimed with its row locked; a failed send rolls
    the claim back and the next run tries again.
    """
    now = now or timezone.now()
    due = Ask.objects.filter(
        state="open",
        reminded_at__isnull=True,
        expires_at__gt=now,
        expires_at__lte=now + ASK_REMIND_BEFORE,
    ).values_list("pk", flat=True)
    sent = 0
    for ask_id in list(due):
        try:
            with transaction.atomic():
                ask = (
                    Ask.objects.select_for_update(of=("self",))
                    .select_related("poster")
                    .filter(pk=ask_id, reminded_at__isnull=True)
                    .first()
                )
                if ask is None:
                    continue
                # A deactivated account cannot sign in to close it: no mail, as the
                # notification mail does; the claim stands, so it is not retried.
                if ask.poster.is_active and ask.poster.email:
                    context = {"ask": ask, "poster": ask.poster}
                    with member_time_zone(ask.poster):  # the closing day is the poster's
                        message = templated_email(
                            "asks/email/reminder", context, to=ask.poster.email
                        )
                    message.send()
                    sent += 1
                ask.reminded_at = now
                ask.save(update_fields=["reminded_at"])
        except Exception:  # one refused address must not stop everyone else's reminder
            log.exception("ask reminder %s failed", ask_id)
    return sent
