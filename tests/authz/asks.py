"""Who may open the asks pages and call the asks operations.

Ana's ask is seen by Ben, her connection, and by nobody else; Ben may answer it,
Ana may not; only Ana closes or withdraws it.
"""

from __future__ import annotations

from rapport.asks.services import ask_post
from tests.authz.core import Cell, Scenario, api, members_only, owner_only, page


def arrange(s: Scenario) -> None:
    """Create this feature's things for the scenario; keep their ids in ``s.extra``."""
    ask = ask_post(poster=s.owner, kind="ask", title="Advice on moving into product management")
    s.extra["ask_id"] = ask.pk


ASK = {"ask_id": lambda s: s.extra["ask_id"]}
SEEN_BY_CONNECTIONS = {"anonymous": 302, "stranger": 404, "connected": 200, "owner": 200}
ANSWER = {"body": "Happy to talk it through: I made the same move two years ago."}

PAGES: dict[str, Cell] = {
    "asks": Cell("GET", page("asks"), members_only(200)),
    "ask_new": Cell("GET", page("ask_new"), members_only(200)),
    "ask": Cell("GET", page("ask", **ASK), SEEN_BY_CONNECTIONS),
    # Ben answers; Ana sees her own ask but may not answer it.
    "ask_answer": Cell(
        "POST",
        page("ask_answer", **ASK),
        {"anonymous": 302, "stranger": 404, "connected": 302, "owner": 403},
        body=lambda s: ANSWER,
    ),
    "ask_close": Cell("GET", page("ask_close", **ASK), owner_only(200)),
    "ask_withdraw": Cell("POST", page("ask_withdraw", **ASK), owner_only(302)),
}

OPERATIONS: dict[tuple[str, str], Cell] = {
    ("GET", "/api/asks"): Cell("GET", api("/asks"), members_only(200, anonymous=401)),
    ("POST", "/api/asks"): Cell(
        "POST",
        api("/asks"),
        members_only(201, anonymous=401),
        body=lambda s: {"kind": "offer", "title": "Happy to review CVs for design roles"},
    ),
    ("GET", "/api/asks/{id}"): Cell(
        "GET", api("/asks/{s.extra[ask_id]}"), {**SEEN_BY_CONNECTIONS, "anonymous": 401}
    ),
    ("POST", "/api/asks/{id}/answers"): Cell(
        "POST",
        api("/asks/{s.extra[ask_id]}/answers"),
        {"anonymous": 401, "stranger": 404, "connected": 201, "owner": 403},
        body=lambda s: ANSWER,
    ),
    ("POST", "/api/asks/{id}/close"): Cell(
        "POST",
        api("/asks/{s.extra[ask_id]}/close"),
        owner_only(200, anonymous=401),
        body=lambda s: {"helper_ids": [s.connected.pk], "favour": "advice"},
    ),
    ("POST", "/api/asks/{id}/withdraw"): Cell(
        "POST", api("/asks/{s.extra[ask_id]}/withdraw"), owner_only(200, anonymous=401)
    ),
}
# Operations that need no credentials at all.
ANONYMOUS: set[tuple[str, str]] = set()
