"""Likely duplicates in a member's keeper: the same person entered twice.

Imports from LinkedIn, vCards and mail archives each add people, so "Ana Ruiz"
and "ana ruiz" at the same firm, or two entries with one email, are common. Pairs
are found by blocking: people are grouped by a key (an email, the last nine digits
of a phone, a LinkedIn URL, an organisation with a name word), and only people
sharing a key are compared. Two queries and near-linear work, even for 3,000 people.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import dateformat, timezone

from rapport.keeper.models import Person
from rapport.keeper.services import normalise_linkedin_url
from rapport.members.folding import strip_accents
from rapport.members.models import Member

NAME_SIMILARITY = 0.88
"""difflib ratio of normalised, token-sorted names at or above which two names match."""
PHONE_DIGITS = 9
"""Phones match on their last nine digits: enough to ignore country and trunk prefixes."""
PHONE_MIN_DIGITS = 7
"""Fewer digits than this is an extension or a typo, not a phone number to match on."""
LARGEST_BLOCK = 200
"""A key shared by more people than this (say, a shared office number) says nothing."""


@dataclass
class DuplicatePair:
    keep: Person
    other: Person
    reasons: list[str] = field(default_factory=list)


def name_tokens(name: str) -> list[str]:
    """Lower-case words of a name, accents and punctuation gone, in written order."""
    cleaned = re.sub(r"[^\w\s]", " ", strip_accents(name).casefold())
    return [token for token in cleaned.split() if token]


def _organisation_key(organisation: str) -> str:
    return " ".join(name_tokens(organisation))


def _phone_key(phone: str) -> str:
    digits = re.sub(r"\D", "", phone.lower().split("x")[0])
    return digits[-PHONE_DIGITS:] if len(digits) >= PHONE_MIN_DIGITS else ""


def names_match(a: str, b: str) -> bool:
    """Similar names: token-sorted difflib ratio ≥ 0.88, or the same surname with a
    first name given as an initial that matches ("J. Smith" and "John Smith")."""
    tokens_a, tokens_b = tuple(name_tokens(a)), tuple(name_tokens(b))
    return bool(tokens_a and tokens_b) and _tokens_match(tokens_a, tokens_b)


@dataclass(frozen=True)
class _Candidate:
    """The few values matching needs, read without building full model instances."""

    pk: int
    name: str
    tokens: tuple[str, ...]
    organisation: str
    member_id: int | None
    created_at: dt.datetime


def _candidates(owner: Member) -> list[tuple[_Candidate, set[tuple[str, str]]]]:
    rows = (
        Person.objects.filter(owner=owner)
        .order_by("id")
        .values_list(
            "id",
            "name",
            "emails",
            "phones",
            "links",
            "linkedin_url",
            "organisation",
            "member_id",
            "created_at",
        )
    )
    candidates = []
    for pk, name, emails, phones, links, linkedin_url, organisation, member_id, created in rows:
        tokens = tuple(name_tokens(name))
        keys: set[tuple[str, str]] = set()
        for entry in emails or []:
            if isinstance(entry, dict) and entry.get("value"):
                keys.add(("email", str(entry["value"]).strip().lower()))
        for entry in phones or []:
            phone = _phone_key(str(entry.get("value", ""))) if isinstance(entry, dict) else ""
            if phone:
                keys.add(("phone", phone))
        urls = {linkedin_url} | {
            normalise_linkedin_url(str(link.get("url", "")))
            for link in links or []
            if isinstance(link, dict)
        }
        keys.update(("linkedin", url) for url in urls if url)
        organisation_key = _organisation_key(organisation)
        if organisation_key:
            keys.update(
                ("name", f"{organisation_key}|{token}") for token in tokens if len(token) > 1
            )
        if len(tokens) > 1:
            # The same full name where one side names no organisation (an address
            # book entry, a mail correspondent): maybe one person, so suggested,
            # never merged. Two different organisations stay apart: namesakes are
            # common, and an import's merge suggestions already name job changes.
            keys.add(("fullname", " ".join(sorted(tokens))))
        candidate = _Candidate(pk, name, tokens, organisation, member_id, created)
        candidates.append((candidate, keys))
    return candidates


def _reason(kind: str, value: str, organisation: str) -> str:
    if kind == "email":
        return f"Same email address: {value}"
    if kind == "phone":
        return "Same phone number"
    if kind == "linkedin":
        return "Same LinkedIn profile"
    if kind == "fullname":
        return "Same name"
    return f"Similar names at {organisation}"


def _keep_first(a: _Candidate, b: _Candidate) -> tuple[int, int]:
    """Keep the entry linked to a member, else the one added first."""
    if (b.member_id is not None) != (a.member_id is not None):
        return (a.pk, b.pk) if a.member_id is not None else (b.pk, a.pk)
    return (a.pk, b.pk) if (a.created_at, a.pk) <= (b.created_at, b.pk) else (b.pk, a.pk)


def _tokens_match(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    sorted_a, sorted_b = " ".join(sorted(a)), " ".join(sorted(b))
    if sorted_a == sorted_b:
        return True
    matcher = difflib.SequenceMatcher(None, sorted_a, sorted_b)
    # quick_ratio is an upper bound of ratio, and far cheaper.
    if matcher.quick_ratio() >= NAME_SIMILARITY and matcher.ratio() >= NAME_SIMILARITY:
        return True
    if len(a) >= 2 and len(b) >= 2 and a[-1] == b[-1]:
        shorter, longer = sorted((a[0], b[0]), key=len)
        return len(shorter) == 1 and longer.startswith(shorter)
    return False


_REASON_ORDER = ("Same email", "Same phone", "Same LinkedIn", "Similar names", "Same name")


def duplicate_suggestions(*, owner: Member) -> list[DuplicatePair]:
    """Pairs that look like one person entered twice, with why. Two queries: the
    matching values of everyone, then the full rows of those paired.

    Two people linked to two different members are never suggested: they are two
    people, whatever their names.
    """
    blocks: dict[tuple[str, str], list[_Candidate]] = defaultdict(list)
    for candidate, keys in _candidates(owner):
        for key in keys:
            blocks[key].append(candidate)
    found: dict[tuple[int, int], list[str]] = {}
    for (kind, value), block in blocks.items():
        if len(block) < 2 or len(block) > LARGEST_BLOCK:
            continue
        for i, a in enumerate(block):
            for b in block[i + 1 :]:
                if a.member_id and b.member_id and a.member_id != b.member_id:
                    continue
                if kind == "name" and not (
                    a.tokens and b.tokens and _tokens_match(a.tokens, b.tokens)
                ):
                    continue
                if kind == "fullname" and a.organisation.strip() and b.organisation.strip():
                    continue
                reason = _reason(kind, value, a.organisation)
                reasons = found.setdefault(_keep_first(a, b), [])
                if reason not in reasons:
                    reasons.append(reason)
    if not found:
        return []
    ids = {pk for pair in found for pk in pair}
    people = Person.objects.in_bulk(ids)
    pairs = [
        DuplicatePair(
            keep=people[keep_id],
            other=people[other_id],
            reasons=sorted(
                reasons,
                key=lambda r: next(i for i, p in enumerate(_REASON_ORDER) if r.startswith(p)),
            ),
        )
        for (keep_id, other_id), reasons in found.items()
    ]
    return sorted(pairs, key=lambda pair: (pair.keep.name.casefold(), pair.keep.pk, pair.other.pk))


def name_beside(person: Person, other: Person) -> str:
    """``person``'s name on a page or button that names ``other`` too, with what tells
    the two apart when the names sound alike (a screen reader says "Ana Ruiz" and
    "ana ruiz" the same): the organisation, else the day each was added, else the time.
    "Merge Hannah Hoffmann (added 3 May) into Hannah Hoffmann (added 1 Mar)"."""
    if name_tokens(person.name) != name_tokens(other.name):
        return person.name
    if _organisation_key(person.organisation) != _organisation_key(other.organisation):
        return f"{person.name} ({person.organisation.strip() or 'no organisation'})"
    mine, theirs = timezone.localtime(person.created_at), timezone.localtime(other.created_at)
    if mine.date() != theirs.date():
        added = dateformat.format(mine, "j M" if mine.year == theirs.year else "j M Y")
    elif (mine.hour, mine.minute) != (theirs.hour, theirs.minute):
        added = dateformat.format(mine, "j M, H:i")
    else:
        added = "first" if (mine, person.pk) < (theirs, other.pk) else "second"
    return f"{person.name} (added {added})"
