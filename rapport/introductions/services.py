"""Writes about introductions: make one, answer it, withdraw it, expire and remind.

Each function runs in one transaction with the introduction's row locked, so two
answers arriving at once cannot both miss that the other said yes. What each person
may learn is decided in ``selectors.visible_state``; the services only make sure the
rows never contradict it (a late answer after a decline is recorded, not refused).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from rapport.errors import Conflict, InvalidInput, InvalidTransition, NotFound, NotPermitted
from rapport.insights.notes import LEAFLET_THRESHOLD, REASON_MIN
from rapport.introductions.models import Introduction
from rapport.introductions.selectors import hidden_by_block
from rapport.introductions.states import (
    ANSWER_GRAPH,
    INTRODUCTION_EXPIRES_AFTER,
    INTRODUCTION_GRAPH,
    INTRODUCTION_REMIND_AFTER,
    WHY_MAX,
    WHY_MIN,
)
from rapport.mail import templated_email
from rapport.members.models import Member
from rapport.members.time_zones import member_time_zone
from rapport.network.note_quality import note_assess_for
from rapport.network.selectors import are_connected
from rapport.pairs import ordered_pair
from rapport.prose import counted_length, paragraphs
from rapport.safety.selectors import blocked_ids, has_blocked
from rapport.safety.sending_limits import INTRODUCTIONS_PER_DAY, refuse_beyond

if TYPE_CHECKING:
    from rapport.conversations.models import Conversation

log = logging.getLogger(__name__)


def names_in(text: str, *, name: str) -> bool:
    """Whether ``text`` names someone called ``name``: the whole name, the first name, or
    another part of three letters or more (short ones are too often ordinary words)."""
    words = name.split()
    parts = [name, *words[:1], *(part for part in words[1:] if len(part) >= 3)]
    return any(re.search(rf"\b{re.escape(part)}\b", text, re.IGNORECASE) for part in parts)


def why_problems(text: str, *, other_name: str = "") -> list[str]:
    """The rules for one sentence, shared by the live check and the service.

    The sentence must describe the other person without naming them: each side learns
    who the other is only once both have said yes. Its length is counted as the API
    counts it (``rapport.prose``): a run of spaces or line breaks is one character.
    """
    length = counted_length(text)
    problems = []
    if length < WHY_MIN:
        problems.append(f"The sentence is {length:,} characters; write at least {WHY_MIN:,}.")
    if length > WHY_MAX:
        problems.append(f"The sentence is {length:,} characters; the limit is {WHY_MAX:,}.")
    if other_name and names_in(text, name=other_name):
        problems.append(
            f"Leave out {other_name}'s name: say who they are and why you think of them; "
            "names are shared only once both say yes."
        )
    return problems


def blocked_either_way(a_id: int, b_id: int) -> bool:
    """Whether a block stands between two members (rapport.safety owns blocks)."""
    from rapport.safety.selectors import blocked_either_way as blocked

    return blocked(a_id, b_id)


# The scorer also counts three absences (no question for the reader, no mention of
# them, nothing the two share). They fit a request, which is written *to* someone; an
# introduction sentence describes a third person to the reader, so their absence
# says nothing. What still makes it a leaflet: selling, advertising the introducer,
# the phrases everybody writes, asking for referrals, hype, a copied note.
NOT_FOR_INTRODUCTIONS = frozenset({"no_question", "no_recipient", "no_shared_context"})


def leaflet_reasons(*, sender: Member, text: str, reader: Member | None) -> list[str]:
    """Why ``text`` reads as a leaflet to ``reader`` (empty when it does not).

    The leaflet score of every note on Rapport (``rapport.network.note_quality``),
    without the three request-shaped absences above.
    """
    assessment = note_assess_for(sender=sender, note=text, recipient=reader, context="introduced")
    contributions = assessment.contributions
    score = sum(
        weight for name, weight in contributions.items() if name not in NOT_FOR_INTRODUCTIONS
    )
    if score < LEAFLET_THRESHOLD:
        return []
    # The scorer gives one reason per feature worth REASON_MIN, weightiest first.
    ranked = sorted(
        (name for name, weight in contributions.items() if weight >= REASON_MIN),
        key=lambda name: (-contributions[name], name),
    )
    if len(ranked) != len(assessment.reasons):
        return list(assessment.reasons)
    return [
        reason
        for name, reason in zip(ranked, assessment.reasons, strict=True)
        if name not in NOT_FOR_INTRODUCTIONS
    ]


def refuse_if_leaflet(*, sender: Member, text: str, reader: Member, field: str) -> None:
    reasons = leaflet_reasons(sender=sender, text=text, reader=reader)
    if reasons:
        raise InvalidInput(
            "It reads like a leaflet, not an introduction. " + " ".join(reasons),
            code="note_reads_as_leaflet",
            field=field,
        )


def _lock_members(*ids: int) -> dict[int, Member]:
    rows = Member.objects.select_for_update().filter(pk__in=sorted(set(ids))).order_by("pk")
    return {member.pk: member for member in rows}


def _your_connection(*, introducer: Member, member: Member | None, field: str) -> Member:
    # A member who blocked the introducer (or whom they blocked) is "no such member" to
    # them, as everywhere: "not among your connections" would name the blocker and tell
    # the blocked member the account is there.
    if member is None or not member.is_active or blocked_either_way(introducer.pk, member.pk):
        raise NotFound("No such member.", field=field)
    if not are_connected(a=introducer.pk, b=member.pk):
        raise InvalidInput(
            f"{member.name} is not among your connections: you can introduce only people "
            "you are connected with.",
            code="not_your_connection",
            field=field,
        )
    return member


def _expire_stale(*, low: int, high: int, now: dt.datetime) -> None:
    """A pending introduction past its time that the worker has not reached yet would
    trip the one-pending-per-pair index: expire it now."""
    Introduction.objects.filter(
        member_low_id=low, member_high_id=high, state="pending", expires_at__lte=now
    ).update(state="expired", decided_at=now)


@transaction.atomic
def introduction_make(
    *,
    introducer: Member,
    first_id: int,
    second_id: int,
    why_first: str,
    why_second: str,
    now: dt.datetime | None = None,
) -> Introduction:
    """Ask two of your connections, each privately, whether they would like to meet.

    ``why_first`` is what ``first`` reads before answering: why they should meet the
    other, without naming them. Neither learns who the other is until both say yes.
    Each sentence keeps its paragraphs (``rapport.prose``), and is judged as kept.
    Past the introducer's daily limit (``rapport.safety.sending_limits``),
    ``BudgetExceeded`` says when the next introduction is possible.
    """
    why_first, why_second = paragraphs(why_first), paragraphs(why_second)
    if first_id == second_id:
        raise InvalidInput(
            "Choose two different people to introduce.", code="same_person", field="second_id"
        )
    if introducer.pk in (first_id, second_id):
        raise InvalidInput(
            "You cannot introduce yourself: choose two of your connections. To meet "
            "someone yourself, ask them to connect.",
            code="introducing_yourself",
            field="first_id" if introducer.pk == first_id else "second_id",
        )
    locked = _lock_members(introducer.pk, first_id, second_id)
    now = now or timezone.now()
    # The introducer's row is locked: two introductions at once are counted in turn.
    refuse_beyond(
        INTRODUCTIONS_PER_DAY, Introduction.objects.filter(introducer=introducer), now=now
    )
    first = _your_connection(introducer=introducer, member=locked.get(first_id), field="first_id")
    second = _your_connection(
        introducer=introducer, member=locked.get(second_id), field="second_id"
    )
    for field, text, reader, other in (
        ("why_first", why_first, first, second),
        ("why_second", why_second, second, first),
    ):
        problems = why_problems(text, other_name=other.name)
        if problems:
            # Length first: a sentence too short to judge is not yet worth a naming hint.
            code = "why_length" if why_problems(text) else "why_names_other"
            raise InvalidInput(f"For {reader.name}: {problems[0]}", code=code, field=field)
    if are_connected(a=first.pk, b=second.pk):
        raise Conflict(
            f"{first.name} and {second.name} are already connected.", code="already_connected"
        )
    for field, text, reader in (
        ("why_first", why_first, first),
        ("why_second", why_second, second),
    ):
        refuse_if_leaflet(sender=introducer, text=text, reader=reader, field=field)
    low, high = ordered_pair(first.pk, second.pk)
    _expire_stale(low=low, high=high, now=now)
    # A decline reads as "waiting" to everyone but the decliner until the time runs
    # out, so the pair stays taken until then as well.
    taken = (
        Introduction.objects.filter(
            member_low_id=low,
            member_high_id=high,
            state__in=("pending", "declined"),
            expires_at__gt=now,
        )
        .only("introducer_id", "state", "expires_at")
        .first()
    )
    if taken is not None:
        raise _pair_taken(taken, introducer=introducer, first=first, second=second)
    try:
        with transaction.atomic():
            return Introduction.objects.create(
                introducer=introducer,
                first=first,
                second=second,
                member_low_id=low,
                member_high_id=high,
                why_first=why_first,
                why_second=why_second,
                withheld=blocked_either_way(first.pk, second.pk),
                created_at=now,
                expires_at=now + INTRODUCTION_EXPIRES_AFTER,
            )
    except IntegrityError:
        raise Conflict(
            f"{first.name} and {second.name} already have an introduction waiting for their "
            "answers.",
            code="introduction_pending",
        ) from None


def _pair_taken(
    taken: Introduction, *, introducer: Member, first: Member, second: Member
) -> Conflict:
    """Why the pair cannot be introduced now. To another introducer, only that they
    have an introduction waiting (a decline reads as waiting to all but the decliner);
    to the one who made it, who sees it declined on their list, what their list says."""
    pair = f"{first.name} and {second.name}"
    if taken.introducer_id != introducer.pk:
        message = f"{pair} already have an introduction waiting for their answers."
    else:
        until = timezone.localtime(taken.expires_at)
        done = (
            "one of them declined it" if taken.state == "declined" else "it waits for their answers"
        )
        message = (
            f"You introduced {pair} already: {done}. The pair stays taken until {until:%-d %B}."
        )
    return Conflict(message, code="introduction_pending")


def _introduction_for_update(*, member: Member, introduction_id: int) -> Introduction:
    """The introduction, locked, if ``member`` made it or is one of two it was shown to.

    Its row alone: on PostgreSQL, locking the three members' rows with it would stop a
    block between the two from committing (its foreign keys share-lock them) while the
    answer waits for the block's home-page rows, a deadlock.
    """
    introduction = (
        Introduction.objects.select_for_update(of=("self",))
        .select_related("introducer", "first", "second")
        .filter(pk=introduction_id)
        .first()
    )
    if introduction is None:
        raise NotFound("No such introduction.")
    side = introduction.side_of(member.pk)
    if side is None and introduction.introducer_id != member.pk:
        raise NotFound("No such introduction.")
    # A block hides it from a side (``selectors.hidden_by_block``), whenever it was made.
    if side is not None and (
        introduction.withheld
        or hidden_by_block(introduction, side=side, blocked=blocked_ids(member.pk))
    ):
        raise NotFound("No such introduction.")
    return introduction


def introductions_held_for_block(*, a_id: int, b_id: int) -> None:
    """Lock the introductions of ``a_id`` and ``b_id`` to each other that still wait, for a
    block between them (``rapport.safety.services.block_create``), before it writes.

    A yes on its way then either commits first (their conversation opened before the
    block, which closes it as any other) or waits for the block and finds the
    introduction hidden: never a conversation opened across a block the answer could
    not see yet.
    """
    low, high = ordered_pair(a_id, b_id)
    list(
        Introduction.objects.select_for_update()
        .filter(member_low_id=low, member_high_id=high, state="pending")
        .values_list("pk", flat=True)
    )


def _answer(
    *, member: Member, introduction_id: int, answer: str, now: dt.datetime | None
) -> Introduction:
    introduction = _introduction_for_update(member=member, introduction_id=introduction_id)
    side = introduction.side_of(member.pk)
    if side is None:
        raise NotPermitted(
            "Only the two people you introduced answer an introduction.", code="not_introduced"
        )
    now = now or timezone.now()
    if introduction.state == "withdrawn":
        raise Conflict(
            f"{introduction.introducer.name} withdrew this introduction.",
            code="introduction_withdrawn",
        )
    if introduction.state == "expired" or (
        introduction.state in ("pending", "declined") and introduction.expires_at <= now
    ):
        raise Conflict("This introduction has expired.", code="introduction_expired")
    given = introduction.answer_of(side)
    if given != "waiting":
        # A double click, the back button, a tab left open: the answer stands, and
        # the member is told which one it is.
        raise InvalidTransition(
            f"You already said {'yes' if given == 'accepted' else 'no'} to this introduction."
        )
    ANSWER_GRAPH.check(given, answer)
    setattr(introduction, f"{side}_answer", answer)
    changed = [f"{side}_answer"]
    if introduction.state == "pending":
        if answer == "declined":
            INTRODUCTION_GRAPH.check(introduction.state, "declined")
            introduction.state, introduction.decided_at = "declined", now
            changed += ["state", "decided_at"]
        elif introduction.answer_of("second" if side == "first" else "first") == "accepted":
            INTRODUCTION_GRAPH.check(introduction.state, "accepted")
            introduction.state, introduction.decided_at = "accepted", now
            introduction.conversation = _open_conversation(introduction, now=now)
            changed += ["state", "decided_at", "conversation"]
    # After a decline by the other side, this answer is recorded and changes nothing:
    # refusing it would tell this side that the other had said no.
    introduction.save(update_fields=changed)
    if introduction.state == "accepted" and "state" in changed:
        _record_favour(introduction, now=now)
    return introduction


def opening_message(introduction: Introduction) -> str:
    """The introducer's note that opens the two members' conversation."""
    return (
        f"{introduction.introducer.name} introduced you to each other.\n\n"
        f"To {introduction.first.name}: {introduction.why_first}\n\n"
        f"To {introduction.second.name}: {introduction.why_second}"
    )


def _open_conversation(introduction: Introduction, *, now: dt.datetime) -> Conversation:
    from rapport.conversations.services import conversation_open_for_introduction

    return conversation_open_for_introduction(
        a=introduction.first_id,
        b=introduction.second_id,
        introducer=introduction.introducer,
        body=opening_message(introduction),
        now=now,
    )


def _record_favour(introduction: Introduction, *, now: dt.datetime) -> None:
    """An introduction is a favour: the introducer gave it, each side received it.

    Also across a block between the introducer and one side, which does not stop the
    introduction: a keeper entry it adds for a blocker holds their name alone.
    """
    from rapport.keeper.services import interaction_log, person_link_member
    from rapport.keeper.vocabulary import Direction, Kind, Source

    def entry(owner: Member, member: Member) -> int:
        withheld = has_blocked(blocker_id=member.pk, blocked_id=owner.pk)
        return person_link_member(owner=owner, member=member, withheld=withheld).pk

    introducer, first, second = introduction.introducer, introduction.first, introduction.second
    key = f"rapport-introduction:{introduction.pk}"
    interaction_log(
        owner=introducer,
        person_ids=[entry(introducer, first), entry(introducer, second)],
        kind=Kind.INTRODUCTION,
        direction=Direction.GAVE,
        favour=Kind.INTRODUCTION,
        occurred_at=now,
        note=f"You introduced {first.name} and {second.name}; both said yes.",
        source=Source.RAPPORT,
        external_key=key,
    )
    for side, other in ((first, second), (second, first)):
        interaction_log(
            owner=side,
            person_ids=[entry(side, introducer)],
            kind=Kind.INTRODUCTION,
            direction=Direction.RECEIVED,
            favour=Kind.INTRODUCTION,
            occurred_at=now,
            note=f"{introducer.name} introduced you to {other.name}.",
            source=Source.RAPPORT,
            external_key=key,
        )


@transaction.atomic
def introduction_accept(
    *, member: Member, introduction_id: int, now: dt.datetime | None = None
) -> Introduction:
    """Say yes. When the other side has said yes too, their conversation opens."""
    return _answer(member=member, introduction_id=introduction_id, answer="accepted", now=now)


@transaction.atomic
def introduction_decline(
    *, member: Member, introduction_id: int, now: dt.datetime | None = None
) -> Introduction:
    """Say no. The other side is never told; the introducer sees only "declined"."""
    return _answer(member=member, introduction_id=introduction_id, answer="declined", now=now)


@transaction.atomic
def introduction_withdraw(
    *, member: Member, introduction_id: int, now: dt.datetime | None = None
) -> Introduction:
    introduction = _introduction_for_update(member=member, introduction_id=introduction_id)
    if introduction.introducer_id != member.pk:
        raise NotPermitted(
            "Only the member who made an introduction can withdraw it.", code="not_introducer"
        )
    now = now or timezone.now()
    if introduction.state == "pending" and introduction.expires_at <= now:
        raise Conflict("This introduction has expired.", code="introduction_expired")
    INTRODUCTION_GRAPH.check(introduction.state, "withdrawn")
    introduction.state, introduction.decided_at = "withdrawn", now
    introduction.save(update_fields=["state", "decided_at"])
    return introduction


def introductions_expire(*, now: dt.datetime | None = None) -> int:
    """Move every pending introduction past its 14 days to "expired"; returns how many."""
    now = now or timezone.now()
    return Introduction.objects.filter(state="pending", expires_at__lte=now).update(
        state="expired", decided_at=now
    )


def _remind(introduction: Introduction, *, side: str, now: dt.datetime) -> bool:
    member: Member = getattr(introduction, side)
    # A deactivated account cannot sign in to answer, and is mailed nothing (as the
    # notification mail does). A block between them and the introducer: no mail in the
    # introducer's name.
    if (
        not member.is_active
        or not member.email
        or blocked_either_way(member.pk, introduction.introducer_id)
    ):
        return False
    context = {
        "member": member,
        "introduction": introduction,
        "why": introduction.why_for(side),
        "expires_at": introduction.expires_at,
    }
    with member_time_zone(member):  # "answer by" is a day in the member's zone
        message = templated_email("introductions/email/reminder", context, to=member.email)
    message.send()
    return True


def introduction_reminders_send(*, now: dt.datetime | None = None) -> int:
    """Remind, once, each side who has not answered an introduction a week old.

    The reminder goes to a side whose own answer is missing whatever the other did, so
    that getting one (or not) says nothing about the other's answer. Each
    introduction is claimed with its row locked, so two workers never both send; a
    failed send rolls the claim back and the next run tries again.
    """
    now = now or timezone.now()
    due = Introduction.objects.filter(
        Q(first_answer="waiting") | Q(second_answer="waiting"),
        state__in=("pending", "declined"),
        withheld=False,
        reminded_at__isnull=True,
        created_at__lte=now - INTRODUCTION_REMIND_AFTER,
        expires_at__gt=now,
    ).values_list("pk", flat=True)
    sent = 0
    for introduction_id in list(due):
        try:
            with transaction.atomic():
                introduction = (
                    Introduction.objects.select_for_update(of=("self",))
                    .select_related("introducer", "first", "second")
                    .filter(pk=introduction_id, reminded_at__isnull=True)
                    .first()
                )
                if introduction is None:
                    continue
                if blocked_either_way(introduction.first_id, introduction.second_id):
                    continue  # hidden from both since the block; nothing to remind of
                for side in ("first", "second"):
                    if introduction.answer_of(side) == "waiting":
                        sent += _remind(introduction, side=side, now=now)
                introduction.reminded_at = now
                introduction.save(update_fields=["reminded_at"])
        except Exception:  # one refused address must not stop everyone else's reminder
            log.exception("introduction reminder %s failed", introduction_id)
    return sent
