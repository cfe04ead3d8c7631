"""Reads about members."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Lower, StrIndex
from django.db.models.lookups import GreaterThan, LessThan, StartsWith
from django.utils import timezone

from rapport.errors import NotFound
from rapport.members.folding import SEPARATOR, fold
from rapport.members.models import ApiToken, Member, MemberSession, PendingEmail, TwoStep
from rapport.members.sessions import session_public_id
from rapport.photos.selectors import photo_hash_seen
from rapport.safety.models import Block

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

SEARCH_LIMIT = 50
SEARCH_WORDS = 6


def search_words(query: str) -> list[str]:
    """The words of ``query`` a search looks for.

    Commas separate words as spaces do (interests are listed with them, so "," alone
    matched every member who gave two). A word with no letter or digit in it ("-",
    "'", "...") names nobody and is left out, so punctuation alone finds nobody, as
    an empty query does. Control characters are no part of a name either: NUL would
    match everyone on SQLite and is refused by PostgreSQL.
    """
    printable = "".join(ch if ch.isprintable() and ch != "," else " " for ch in query)
    words = [word for word in printable.split() if any(ch.isalnum() for ch in word)]
    return words[:SEARCH_WORDS]


def member_search(
    *, query: str, viewer: Member | None = None, limit: int = SEARCH_LIMIT
) -> QuerySet[Member]:
    """Members whose name, organisation or interests hold every word of ``query``,
    in any case and with or without accents ("jose" finds José), or whose username
    is a word of it, in any case.

    The words are folded here, by the function that folded the members' side when
    it was written (``Member.search_folded``, ``rapport.members.folding``), so the
    database compares folded text only: on PostgreSQL a trigram index serves it. A
    word that folds to nothing (a lone sound mark) would be in every member's fold,
    so it matches a username only. The username is compared lowered by the database,
    as log-in compares it, so its unique index serves that half of the OR.

    You connect with people you already know, so search is for finding a known
    face, not for browsing strangers: an empty query finds nobody. A block hides
    the two members from each other's searches, whichever of them asked for it.
    """
    words = search_words(query)
    if not words:
        return Member.objects.none()
    condition = Q()
    for word in words:
        named = Q(username_lower=Lower(Value(word)))
        folded = fold(word)
        condition &= (named | Q(search_folded__contains=folded)) if folded else named
    found = Member.objects.alias(
        username_lower=Lower("username"), search_rank=_search_rank(words)
    ).filter(condition, is_active=True)
    if viewer is not None:
        found = found.exclude(
            pk__in=Block.objects.filter(blocker=viewer).values("blocked")
        ).exclude(pk__in=Block.objects.filter(blocked=viewer).values("blocker"))
    # Blocks either way are left out above, so each photo found may be seen.
    found = found.annotate(photo_hash=photo_hash_seen("pk", viewer_id=None))
    return found.order_by("search_rank", "name", "id")[:limit]


# Where a word of a folded text may begin: after a space, a hyphen (Jean-Luc) or the
# line between two fields.
_WORD_STARTS = (" ", "-", SEPARATOR)


def _search_rank(words: list[str]) -> Case:
    """How well a member found answers the words, best 0: someone named by them (each
    word begins a word of their name, or one is their username), then someone each
    word begins a word of anywhere (an organisation, an interest), then the rest (a
    word inside another: "ana" in "management"). Searching "Ana" shows Ana Ruiz before
    Aisha, whose interests say "management"; within a rank, by name."""
    folded = [fold(word) for word in words]
    username = Q(username_lower__in=[word.lower() for word in words])
    name_ends = StrIndex("search_folded", Value(SEPARATOR))
    in_name = Q()
    anywhere = Q()
    for word in folded:
        begins = Q(StartsWith(F("search_folded"), word))
        begins_name_word = begins
        begins_a_word = begins
        for start in _WORD_STARTS:
            at = StrIndex("search_folded", Value(start + word))
            if start != SEPARATOR:
                begins_name_word |= Q(GreaterThan(at, 0), LessThan(at, name_ends))
            begins_a_word |= Q(GreaterThan(at, 0))
        in_name &= Q(begins_name_word)
        anywhere &= Q(begins_a_word)
    return Case(
        When(username | in_name, then=Value(0)),
        When(anywhere, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )


def member_by_username(username: str) -> Member | None:
    """The member whose username is ``username`` in any case ("Mobileuser", as a phone
    capitalised it at sign-up, logs in as "mobileuser"). The database lowers both
    sides, so the comparison is its unique index's own (SQLite lowers ASCII only)."""
    return (
        Member.objects.alias(username_lower=Lower("username"))
        .filter(username_lower=Lower(Value(username)))
        .first()
    )


def member_get(*, member_id: int, viewer: Member | None = None) -> Member:
    """One active member, as ``viewer`` may see them.

    Someone who blocked the viewer is "no such member" to them, word for word, so
    a blocked member cannot tell a block from a deleted account. The blocker still
    sees the member they blocked: that is where they undo it.
    """
    found = Member.objects.filter(pk=member_id, is_active=True)
    if viewer is not None and viewer.pk != member_id:
        found = found.exclude(pk__in=Block.objects.filter(blocked=viewer).values("blocker"))
    # Whoever may see the member may see their photo (rapport.photos.selectors).
    member = found.annotate(photo_hash=photo_hash_seen("pk", viewer_id=None)).first()
    if member is None:
        raise NotFound("No such member.")
    return member


def api_tokens_of(*, member: Member) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(member=member)


def email_pending_of(*, member: Member) -> PendingEmail | None:
    """The new address the member asked for and has not confirmed yet, if any."""
    return PendingEmail.objects.filter(member_id=member.pk).first()


class RecoveryCodesLeft(TypedDict):
    """What ``two_step_of`` adds to the row it reads."""

    recovery_codes_left: int


def two_step_of(*, member: Member) -> WithAnnotations[TwoStep, RecoveryCodesLeft] | None:
    """The member's two-step sign-in, on or being set up, if any, with how many of its
    recovery codes are unused as ``recovery_codes_left``: one query."""
    return (
        TwoStep.objects.filter(member_id=member.pk)
        .annotate(
            recovery_codes_left=Count(
                "recovery_codes", filter=Q(recovery_codes__used_at__isnull=True)
            )
        )
        .first()
    )


def two_step_required(*, member_id: int) -> bool:
    """Whether signing in as this member asks for a code after the password."""
    return TwoStep.objects.filter(member_id=member_id, confirmed_at__isnull=False).exists()


@dataclass(frozen=True)
class SignedIn:
    """One session a member is signed in with, as they are shown it: named by its
    public id, never its key; ``current`` when it is the one asking."""

    id: str
    device: str
    signed_in_at: dt.datetime | None
    last_active: dt.datetime | None
    expires_at: dt.datetime
    current: bool


def sessions_of(
    *, member: Member, current_key: str | None = None, now: dt.datetime | None = None
) -> list[SignedIn]:
    """Where ``member`` is signed in: their sessions that have not expired, one query,
    the one with ``current_key`` (the asking browser's; none for an API token) first,
    then the most recently active. Only this member's: the query is by member id."""
    now = now or timezone.now()
    found = MemberSession.objects.filter(member_id=member.pk, expire_date__gt=now).values_list(
        "session_key", "device", "signed_in_at", "last_active", "expire_date"
    )
    listed = [
        SignedIn(
            id=session_public_id(key),
            device=device,
            signed_in_at=signed_in_at,
            last_active=last_active,
            expires_at=expire_date,
            current=key == current_key,
        )
        for key, device, signed_in_at, last_active, expire_date in found
    ]
    oldest = dt.datetime.min.replace(tzinfo=dt.UTC)
    listed.sort(key=lambda row: (row.current, row.last_active or oldest), reverse=True)
    return listed
