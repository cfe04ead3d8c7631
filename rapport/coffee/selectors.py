"""Reads about coffee rounds, always from one member's side: their opt-in, their
pairings (never anyone else's), and when their next round is."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, Exists, F, OuterRef, Q, QuerySet, When
from django.urls import reverse
from django.utils import timezone

from rapport.coffee.models import CoffeeOptIn, CoffeeRound, Pairing
from rapport.coffee.openers import Side, opener_as_read, reasons
from rapport.coffee.schedule import is_due, next_round_on, round_label
from rapport.conversations.models import Conversation, Message
from rapport.conversations.selectors import SuggestedFirstMessage
from rapport.errors import NotFound
from rapport.members.models import Member
from rapport.members.time_zones import zone_of
from rapport.photos.selectors import photo_hash_seen
from rapport.safety.models import Block
from rapport.safety.selectors import blocked_either_way

PAIRINGS_SHOWN = 20
LOOKAHEAD_ROUNDS = 5


def opt_in_of(*, member: Member) -> CoffeeOptIn | None:
    return CoffeeOptIn.objects.filter(member=member).first()


def round_held_on(day: dt.date) -> bool:
    return CoffeeRound.objects.filter(held_on=day).exists()


def member_next_round_on(*, opt_in: CoffeeOptIn | None, today: dt.date) -> dt.date:
    """The next round this member will be in (the next round at all when not opted in)."""
    day = next_round_on(today, held_today=round_held_on(today))
    if opt_in is None:
        return day
    for _ in range(LOOKAHEAD_ROUNDS):
        if is_due(opt_in, day):
            return day
        day += dt.timedelta(days=7)
    return day


@dataclass(frozen=True)
class PairingView:
    """A pairing as one of the two sees it: the other member, my opener, why us."""

    pairing: Pairing
    other: Member
    opener: str
    reasons: list[str]
    i_met: bool
    other_met: bool
    # The other blocked this member since: their name is all that shows of them.
    other_hidden: bool = False

    @property
    def other_headline(self) -> str:
        return "" if self.other_hidden else self.other.headline

    @property
    def other_organisation(self) -> str:
        return "" if self.other_hidden else self.other.organisation

    @property
    def held_on(self) -> dt.date:
        return self.pairing.round.held_on

    @property
    def round_label(self) -> str:
        return round_label(self.pairing.round.held_on)

    @property
    def hold_starts_at(self) -> dt.datetime:
        return self.pairing.hold_starts_at

    @property
    def met(self) -> bool:
        return self.i_met or self.other_met


def _side(member: Member) -> Side:
    return Side(
        name=member.name or member.username,
        organisation=member.organisation,
        looking_for=member.looking_for,
        can_help_with=member.can_help_with,
    )


def _with_other_face(rows: QuerySet[Pairing], member: Member) -> QuerySet[Pairing]:
    """Each pairing with the other member's photo's hash (``other_photo_hash``) as they
    let ``member`` see it, in the same query: a pairing outlives a block, and the one
    who blocked shows no photo, nor anything of their profile but their name
    (``other_blocked_me``)."""
    other_id = Case(
        When(member_low_id=member.pk, then=F("member_high_id")), default=F("member_low_id")
    )
    return rows.annotate(other_member_id=other_id).annotate(
        other_photo_hash=photo_hash_seen("other_member_id", viewer_id=member.pk),
        other_blocked_me=Exists(
            Block.objects.filter(blocker_id=OuterRef("other_member_id"), blocked_id=member.pk)
        ),
    )


def pairing_of(*, member: Member, pairing_id: int, lock: bool = False) -> Pairing:
    """One of the member's pairings (locked for a write when asked); any other is 404.
    Read for a page (not locked), with the other member's photo (``_with_other_face``)."""
    rows = Pairing.objects.select_related("round", "member_low", "member_high")
    # PostgreSQL locks no row on the nullable side of an outer join: no conversation then.
    if lock:
        rows = rows.select_for_update()
    else:
        rows = _with_other_face(rows.select_related("conversation"), member)
    pairing = (
        rows.filter(pk=pairing_id).filter(Q(member_low=member) | Q(member_high=member)).first()
    )
    if pairing is None:
        raise NotFound("No such pairing.", field="pairing_id")
    return pairing


def _my_opener(pairing: Pairing, *, member: Member) -> str:
    """The member's own side's opener (the other's is written for the other alone), as
    true today in the member's time zone (``opener_as_read``)."""
    low = pairing.member_low_id == member.pk
    return opener_as_read(
        pairing.opener_low if low else pairing.opener_high,
        held_on=pairing.round.held_on,
        today=timezone.localdate(timezone.now(), zone_of(member)),
    )


def pairing_view(pairing: Pairing, *, member: Member) -> PairingView:
    low = pairing.member_low_id == member.pk
    other = pairing.member_high if low else pairing.member_low
    me = pairing.member_low if low else pairing.member_high
    # As ``_with_other_face`` read it; a pairing read without it shows the initials and
    # the name only, as if the other had blocked the member: unsure, show less.
    other.photo_hash = getattr(pairing, "other_photo_hash", None)  # type: ignore[attr-defined]  # Member declares no photo_hash
    hidden = getattr(pairing, "other_blocked_me", True)
    # The reasons were worked out in the round and kept, but for the other's
    # organisation, read now: one who blocked the member since shows none.
    other_side = Side(name=other.name or other.username) if hidden else _side(other)
    return PairingView(
        pairing=pairing,
        other=other,
        opener=_my_opener(pairing, member=me),
        reasons=reasons(
            me=_side(me),
            other=other_side,
            shared=list(pairing.shared),
            i_get=list(pairing.low_gets if low else pairing.high_gets),
            they_get=list(pairing.high_gets if low else pairing.low_gets),
            bridges=list(pairing.bridges),
            other_organisation=other_side.organisation,
        ),
        i_met=(pairing.low_met_at if low else pairing.high_met_at) is not None,
        other_met=(pairing.high_met_at if low else pairing.low_met_at) is not None,
        other_hidden=hidden,
    )


def pairings_of(
    *, member: Member, limit: int = PAIRINGS_SHOWN, offset: int = 0
) -> list[PairingView]:
    """The member's pairings, latest round first, ``limit`` of them from ``offset``, in
    one query."""
    rows = _with_other_face(
        Pairing.objects.filter(Q(member_low=member) | Q(member_high=member)).select_related(
            "round", "member_low", "member_high"
        ),
        member,
    ).order_by("-round__held_on", "-id")[offset : offset + limit]
    return [pairing_view(pairing, member=member) for pairing in rows]


def pairing_get(*, member: Member, pairing_id: int) -> PairingView:
    """One of the member's pairings; anyone else's is "not found"."""
    return pairing_view(pairing_of(member=member, pairing_id=pairing_id), member=member)


def who_wrote(*, view: PairingView) -> str:
    """Who of the two has written in the pairing's conversation, as the page says it:
    "" (nobody), "me", "other" or "both". A message taken back keeps its place in the
    thread ("Message deleted"), so it counts: it was written."""
    thread = view.pairing.conversation
    if thread is None or thread.last_message_at is None:
        return ""
    senders = set(
        Message.objects.filter(conversation=thread).values_list("sender_id", flat=True).distinct()
    )
    theirs, mine = view.other.pk in senders, bool(senders - {view.other.pk})
    return "both" if mine and theirs else "me" if mine else "other" if theirs else ""


def left_out_on(*, member: Member) -> dt.date | None:
    """The day of the member's last round, when they were the odd one out in it."""
    opt_in = opt_in_of(member=member)
    if opt_in is None or not opt_in.first_in_line:
        return None
    return opt_in.last_round_on


def coffee_verified(sender_id: int, recipient_id: int) -> str | None:
    """The verified context "coffee": they were paired and at least one said "we met"."""
    low, high = sorted((sender_id, recipient_id))
    held_on = (
        Pairing.objects.filter(member_low_id=low, member_high_id=high)
        .filter(Q(low_met_at__isnull=False) | Q(high_met_at__isnull=False))
        .order_by("-round__held_on")
        .values_list("round__held_on", flat=True)
        .first()
    )
    if held_on is None:
        return None
    return f"Paired in the coffee round of {round_label(held_on)}"


def coffee_paired(a_id: int, b_id: int) -> bool:
    """Whether a coffee round paired the two (and neither blocked the other since):
    their conversation stays open although they are not connected."""
    low, high = sorted((a_id, b_id))
    return Pairing.objects.filter(member_low_id=low, member_high_id=high).exists() and (
        not blocked_either_way(a_id, b_id)
    )


def coffee_first_message(
    member: Member, conversation: Conversation
) -> SuggestedFirstMessage | None:
    """The member's opener from the pair's latest pairing, for their conversation's
    page, while neither of the two has written there since the round paired them (what
    they wrote before it answers nothing of it), in one query.

    None across a block either way: a block hides the pairing, and the opener is for
    the two of them only, each their own side's."""
    if not conversation.includes(member.pk):
        return None
    low, high = conversation.member_low_id, conversation.member_high_id
    pairing = (
        Pairing.objects.filter(member_low_id=low, member_high_id=high)
        .select_related("round")
        .annotate(
            written_since=Exists(
                Message.objects.filter(
                    conversation_id=conversation.pk,
                    sender_id__in=(low, high),
                    created_at__gte=OuterRef("round__ran_at"),
                )
            ),
            blocked=Exists(
                Block.objects.filter(
                    Q(blocker_id=low, blocked_id=high) | Q(blocker_id=high, blocked_id=low)
                )
            ),
        )
        .order_by("-round__held_on")
        .first()
    )
    if pairing is None or pairing.written_since or pairing.blocked:
        return None
    return SuggestedFirstMessage(
        why=f"The coffee round of {pairing.round.held_on.day} {pairing.round.held_on:%B %Y} "
        "paired you",
        body=_my_opener(pairing, member=member),
        offered_at=reverse("coffee_pairing", args=[pairing.pk]) + "#opener-title",
    )
