"""Who may open the safety pages and call the safety operations.

Blocks and reports act on the caller's own list: anyone may block or report another
member they can see; nobody sees anyone else's blocks. Account deletion and the data
export touch only the signed-in member's own account.
"""

from __future__ import annotations

from rapport.members.services import member_signup
from rapport.safety.services import block_create
from tests.authz.core import OWNER_ID, Cell, Scenario, api, members_only, page

# Ana blocked Fay: only Ana can undo it; Fay learns nothing.
BLOCKED = {"member_id": lambda s: s.extra["safety_blocked_id"]}


def arrange(s: Scenario) -> None:
    """Ana blocked Fay, a member nobody else in the scenario knows."""
    fay = member_signup(
        username="fay-blocked", password="correct horse battery staple", name="Fay Quist"
    )
    block_create(blocker=s.owner, blocked_id=fay.pk)
    s.extra["safety_blocked_id"] = fay.pk


def _unblock(anonymous: int) -> dict[str, int]:
    # Only Ana has a block to undo; for anyone else there is no such block.
    return {"anonymous": anonymous, "stranger": 404, "connected": 404, "owner": 302}


PAGES: dict[str, Cell] = {
    "safety": Cell("GET", page("safety"), members_only(200)),
    # Blocking Ana: Ana cannot block herself (400); everyone else may.
    "safety_block": Cell(
        "POST",
        page("safety_block", **OWNER_ID),
        {"anonymous": 302, "stranger": 302, "connected": 302, "owner": 400},
    ),
    "safety_unblock": Cell("POST", page("safety_unblock", **BLOCKED), _unblock(302)),
    "safety_report": Cell("GET", page("safety_report", **OWNER_ID), members_only(200)),
    "account_export": Cell("GET", page("account_export"), members_only(200)),
    "account_delete": Cell("GET", page("account_delete"), members_only(200)),
}

OPERATIONS: dict[tuple[str, str], Cell] = {
    ("GET", "/api/blocks"): Cell("GET", api("/blocks"), members_only(200, anonymous=401)),
    ("POST", "/api/members/{id}/block"): Cell(
        "POST",
        api("/members/{s.owner.pk}/block"),
        {"anonymous": 401, "stranger": 201, "connected": 201, "owner": 400},
    ),
    ("DELETE", "/api/members/{id}/block"): Cell(
        "DELETE",
        api("/members/{s.extra[safety_blocked_id]}/block"),
        {"anonymous": 401, "stranger": 404, "connected": 404, "owner": 204},
    ),
    ("POST", "/api/members/{id}/report"): Cell(
        "POST",
        api("/members/{s.owner.pk}/report"),
        {"anonymous": 401, "stranger": 201, "connected": 201, "owner": 400},
        body=lambda s: {"reason": "spam"},
    ),
    ("GET", "/api/me/export"): Cell("GET", api("/me/export"), members_only(200, anonymous=401)),
    # Each member deletes only their own account, with their own password.
    ("DELETE", "/api/me"): Cell(
        "DELETE",
        api("/me"),
        members_only(204, anonymous=401),
        body=lambda s: {"password": "correct horse battery staple"},
    ),
}
# Operations that need no credentials at all.
ANONYMOUS: set[tuple[str, str]] = set()
