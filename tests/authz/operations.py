"""Who may open the operations pages and call the operations operations."""

from __future__ import annotations

from tests.authz.core import Cell, Scenario, everyone, page


def arrange(s: Scenario) -> None:
    """The health check needs nothing of its own."""


PAGES: dict[str, Cell] = {
    # A load balancer's probe: no login, and it tells nothing about any member.
    "health": Cell("GET", page("health"), everyone(200)),
}
OPERATIONS: dict[tuple[str, str], Cell] = {}
# Operations that need no credentials at all.
ANONYMOUS: set[tuple[str, str]] = set()
