"""Reads about members."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict

from django.db import connection
from django.db.models import Case, Count, Func, IntegerField, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Lower
from django.utils import timezone

from rapport.errors import NotFound
from rapport.members.folding import search_patterns
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
    """Members for whom each word of ``query`` begins a word of their name,
    organisation or interests ("ana" finds Ana Ruiz and María Ana López, not Diana),
    in any case and with or without accents ("jose" finds José), or is their
    username, in any case. At most ``limit``, best first: those the words name (each
    begins a word of their name, or one is their username), then the rest, by name.

    The words are folded and marked here, by the functions that folded and marked the
    members' side when it was written (``Member.search_folded``,
    ``rapport.members.folding``), so the database compares folded text only: on
    PostgreSQL trigram indexes serve it. A word that folds to nothing (a lone sound
    mark) would be in every member's fold, so it matches a username only. The username
    is compared lowered by the database, as log-in compares it, so its unique index
    serves that half of the OR.

    You connect with people you already know, so search is for finding a known
    face, not for browsing strangers: an empty query finds nobody. A block hides
    the two members from each other's searches, whichever of them asked for it.
    """
    words = search_words(query)
    if not words:
        return Member.objects.none()
    postgresql = connection.vendor == "postgresql"
    username = Q(username_lower__in=[word.lower() for word in words])
    matched = Q()
    pieces: list[str] = []  # what each word of the query must begin, all of them
    only_usernames = False  # a word that can only be a username: nobody is named by all
    for word in words:
        patterns = search_patterns(word)
        is_username = Q(username_lower=Lower(Value(word)))
        if patterns:
            # The fold first: SQLite tests the conditions in the order written.
            matched &= _all(_held(piece, postgresql=postgresql) for piece in patterns) | is_username
        else:
            matched &= is_username
            only_usernames = True
        pieces += patterns
    in_name = None if only_usernames else _all(_in(NAME, piece) for piece in pieces)
    if postgresql:
        return _first_page_by_rank(_searched(viewer), matched, username, in_name, pieces, limit)
    # SQLite has no index for a word inside a text: it reads every member once, and
    # sorts what it found by rank and name as narrow rows; only the first page is read
    # whole, with its photos.
    named = username if in_name is None else username | in_name
    first_page = (
        _searched(viewer, matched)
        .alias(search_rank=_rank(named))
        .order_by("search_rank", "name", "id")
        .values("pk")[:limit]
    )
    return (
        _searched(None, Q(pk__in=first_page))
        .alias(search_rank=_rank(named))
        .annotate(photo_hash=photo_hash_seen("pk", viewer_id=None))
        .order_by("search_rank", "name", "id")
    )


NAME = "name_folded"
REST = "rest_folded"


def _held(piece: str, *, postgresql: bool) -> Q:
    """The stored fold holds ``piece``. SQLite's ``LIKE '% word%'`` tries a match at
    every space of every fold it reads, so there the piece without its first space is
    asked first: ``LIKE '%word%'`` skips to the piece's first letter, and the rows it
    leaves are few (a word matching nobody, at 100,000 members: 54 ms rather than 85,
    docs/benchmarks.md). PostgreSQL's trigram indexes read the marked piece alone."""
    held = Q(search_folded__contains=piece)
    return held if postgresql else Q(search_folded__contains=piece[1:]) & held


def _in(part: str, piece: str) -> Q:
    return Q(**{f"{part}__contains": piece})


def _all(conditions: Iterable[Q]) -> Q:
    every = Q()
    for condition in conditions:
        every &= condition
    return every


def _any(conditions: Iterable[Q]) -> Q:
    some = Q()
    for condition in conditions:
        some |= condition
    return some


def _searched(viewer: Member | None, condition: Q | None = None) -> QuerySet[Member]:
    """Active members, less those a block hides from ``viewer``, with what a search
    compares: the lowered username, and the name's part of the stored fold and the
    rest of it (organisation and interests). ``condition`` goes first, before the
    blocks, for SQLite: it reads every member, and most fail it."""
    found = Member.objects.alias(
        username_lower=Lower("username"),
        name_folded=NameFolded("search_folded"),
        rest_folded=RestFolded("search_folded"),
    ).filter(condition or Q(), is_active=True)
    if viewer is not None:
        found = found.exclude(
            pk__in=Block.objects.filter(blocker=viewer).values("blocked")
        ).exclude(pk__in=Block.objects.filter(blocked=viewer).values("blocker"))
    return found


def _rank(named: Q) -> Case:
    return Case(When(named, then=Value(0)), default=Value(1), output_field=IntegerField())


def _first_page_by_rank(
    searched: QuerySet[Member],
    matched: Q,
    username: Q,
    in_name: Q | None,
    pieces: list[str],
    limit: int,
) -> QuerySet[Member]:
    """The first ``limit`` members ``matched`` by rank, then name, on PostgreSQL: the first
    ``limit`` of each rank by name, then the first ``limit`` of those, in one query.

    A common word (an interest thousands share) matched thousands of members, and all
    of them were read and sorted by rank before the page was cut. Apart, each rank is
    ordered by name alone, so PostgreSQL may walk the name index and stop at the
    ``limit``-th match, or, for a rare word, take the few rows the trigram indexes give
    and sort them; it picks by how many rows it expects, so each rank says what it
    needs in the words of those indexes (migration 0012): named, a username matched
    or the name's part holds every piece; the rest, some piece is in the organisation
    or interests and not the name, and every other in one or the other, which is
    ``matched`` and not named when no word is a username. Written as "matched, and not
    named", the planner counted every Müller for the second rank, which holds none of
    them, and walked the whole name index to find nobody.
    """
    # Blocks either way are left out of ``searched``, so each photo found may be seen.
    faced = searched.annotate(photo_hash=photo_hash_seen("pk", viewer_id=None))
    named = username & matched if in_name is None else (username & matched) | in_name
    first = faced.filter(named).annotate(search_rank=Value(0, IntegerField()))
    # A word that can only be a username leaves nobody for the second rank.
    rest = (faced if in_name is not None else faced.none()).filter(
        ~username
        & _any(
            _in(REST, piece)
            & ~_in(NAME, piece)
            & _all(_in(NAME, other) | _in(REST, other) for other in pieces[:at] + pieces[at + 1 :])
            for at, piece in enumerate(pieces)
        )
    )
    rest = rest.annotate(search_rank=Value(1, IntegerField()))
    ranks = first.order_by("name", "id")[:limit].union(
        rest.order_by("name", "id")[:limit], all=True
    )
    return ranks.order_by("search_rank", "name", "id")[:limit]


class NameFolded(Func):
    """The name's part of a stored fold (``folding.search_text``): up to the first
    separator. On PostgreSQL, an expression members migration 0012 indexes by
    trigrams, written as the index has it so that the planner recognises it."""

    arity = 1
    output_field = TextField()
    template = "split_part(%(expressions)s, E'\\n', 1)"

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="substr(%(expressions)s, 1, instr(%(expressions)s, char(10)))",
            **extra,
        )


class RestFolded(Func):
    """The organisation and interests of a stored fold: from the first separator on.
    Indexed by trigrams on PostgreSQL (members migration 0012), as ``NameFolded``."""

    arity = 1
    output_field = TextField()
    template = "substr(%(expressions)s, strpos(%(expressions)s, E'\\n'))"

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="substr(%(expressions)s, instr(%(expressions)s, char(10)))",
            **extra,
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
