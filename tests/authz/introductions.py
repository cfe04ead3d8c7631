"""Who may open the introductions pages and call the introductions operations.

Ana introduced Fay and Gus (hers to see and withdraw); Hal introduced Ana to Ivy
(hers to answer). Ben and Cy are in neither, so both are 404 to them.
"""

from __future__ import annotations

from rapport.introductions.services import introduction_make
from rapport.members.models import Member
from rapport.members.services import member_signup
from rapport.network.services import connection_request_accept, connection_request_send
from tests.authz.core import Cell, Scenario, api, members_only, owner_only, page
from tests.conftest import GOOD_NOTE

WHY = "Someone I trust who is working through exactly what you went through last year."


def _member(name: str) -> Member:
    return member_signup(username=f"intro-{name.lower()}", password="x" * 20, name=name)


def _connect(a: Member, b: Member) -> None:
    sent = connection_request_send(
        sender=a, recipient_id=b.pk, context="worked_together", note=GOOD_NOTE.format(name=b.name)
    )
    connection_request_accept(member=b, request_id=sent.pk)


def arrange(s: Scenario) -> None:
    """Create this feature's things for the scenario; keep their ids in ``s.extra``."""
    fay, gus, hal, ivy = (_member(n) for n in ("Fay", "Gus", "Hal", "Ivy"))
    for other in (fay, gus, hal):
        _connect(other, s.owner)
    _connect(hal, ivy)
    made = introduction_make(
        introducer=s.owner, first_id=fay.pk, second_id=gus.pk, why_first=WHY, why_second=WHY
    )
    incoming = introduction_make(
        introducer=hal, first_id=s.owner.pk, second_id=ivy.pk, why_first=WHY, why_second=WHY
    )
    s.extra.update(
        introduction_made=made.pk, introduction_incoming=incoming.pk, introductions_fay=fay.pk
    )


MADE = {"introduction_id": lambda s: s.extra["introduction_made"]}
INCOMING = {"introduction_id": lambda s: s.extra["introduction_incoming"]}

PAGES: dict[str, Cell] = {
    "introductions": Cell("GET", page("introductions"), members_only(200)),
    "introduction_new": Cell("GET", page("introduction_new"), members_only(200)),
    "introduction_note_check": Cell(
        "POST",
        page("introduction_note_check"),
        members_only(200),
        body=lambda s: {"why_first": "Hello"},
    ),
    # Only the two introduced answer; the introducer and everyone else are told nothing.
    "introduction_accept": Cell("POST", page("introduction_accept", **INCOMING), owner_only(302)),
    "introduction_decline": Cell("POST", page("introduction_decline", **INCOMING), owner_only(302)),
    "introduction_withdraw": Cell("POST", page("introduction_withdraw", **MADE), owner_only(302)),
}

OPERATIONS: dict[tuple[str, str], Cell] = {
    ("GET", "/api/introductions"): Cell(
        "GET", api("/introductions"), members_only(200, anonymous=401)
    ),
    # Ana may introduce Ben to Fay (both hers); Ben cannot introduce himself, and Cy
    # is connected with neither.
    ("POST", "/api/introductions"): Cell(
        "POST",
        api("/introductions"),
        {"anonymous": 401, "stranger": 422, "connected": 422, "owner": 201},
        body=lambda s: {
            "first_id": s.connected.pk,
            "why_first": WHY,
            "second_id": s.extra["introductions_fay"],
            "why_second": WHY,
        },
    ),
    ("GET", "/api/introductions/{id}"): Cell(
        "GET",
        api("/introductions/{s.extra[introduction_made]}"),
        owner_only(200, anonymous=401),
    ),
    ("POST", "/api/introductions/{id}/accept"): Cell(
        "POST",
        api("/introductions/{s.extra[introduction_incoming]}/accept"),
        owner_only(200, anonymous=401),
    ),
    ("POST", "/api/introductions/{id}/decline"): Cell(
        "POST",
        api("/introductions/{s.extra[introduction_incoming]}/decline"),
        owner_only(200, anonymous=401),
    ),
    ("POST", "/api/introductions/{id}/withdraw"): Cell(
        "POST",
        api("/introductions/{s.extra[introduction_made]}/withdraw"),
        owner_only(200, anonymous=401),
    ),
}
# Operations that need no credentials at all.
ANONYMOUS: set[tuple[str, str]] = set()
