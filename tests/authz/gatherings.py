"""Who may open the gatherings pages and call the gatherings operations."""

from __future__ import annotations

from tests.authz.core import Cell, Scenario


def arrange(s: Scenario) -> None:
    """Create this feature's things for the scenario; keep their ids in ``s.extra``."""


PAGES: dict[str, Cell] = {}
OPERATIONS: dict[tuple[str, str], Cell] = {}
# Operations that need no credentials at all.
ANONYMOUS: set[tuple[str, str]] = set()
