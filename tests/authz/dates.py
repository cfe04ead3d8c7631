"""Who may open the pages and call the operations for a person's yearly dates.

A date belongs to a person of Ana's keeper: only Ana sees, adds, changes or removes
it. Anyone else is told the person, and the date, do not exist (404).
"""

from __future__ import annotations

from rapport.keeper.services import person_date_add
from tests.authz.core import PERSON, Cell, Scenario, api, members_only, owner_only, page


def arrange(s: Scenario) -> None:
    """Grace's birthday, in Ana's keeper."""
    birthday = person_date_add(
        owner=s.owner, person_id=s.person_id, kind="birthday", month=4, day=12
    )
    s.extra["date_id"] = birthday.pk


DATE = {**PERSON, "date_id": lambda s: s.extra["date_id"]}

PAGES: dict[str, Cell] = {
    "keeper_person_date_new": Cell(
        "POST",
        page("keeper_person_date_new", **PERSON),
        owner_only(302),
        body=lambda s: {"kind": "anniversary", "when": "17 September"},
    ),
    "keeper_person_date_edit": Cell(
        "GET", page("keeper_person_date_edit", **DATE), owner_only(200)
    ),
    "keeper_person_date_delete": Cell(
        "POST", page("keeper_person_date_delete", **DATE), owner_only(302)
    ),
}
OPERATIONS: dict[tuple[str, str], Cell] = {
    ("POST", "/api/keeper/people/{id}/dates"): Cell(
        "POST",
        api("/keeper/people/{s.person_id}/dates"),
        owner_only(201, anonymous=401),
        body=lambda s: {"kind": "anniversary", "month": 9, "day": 17},
    ),
    ("PATCH", "/api/keeper/people/{id}/dates/{date_id}"): Cell(
        "PATCH",
        api("/keeper/people/{s.person_id}/dates/{s.extra[date_id]}"),
        owner_only(200, anonymous=401),
        body=lambda s: {"day": 13},
    ),
    ("DELETE", "/api/keeper/people/{id}/dates/{date_id}"): Cell(
        "DELETE",
        api("/keeper/people/{s.person_id}/dates/{s.extra[date_id]}"),
        owner_only(204, anonymous=401),
    ),
    # Everyone's own coming dates; Ana's are nobody else's (tests/keeper/test_dates.py).
    ("GET", "/api/keeper/dates/upcoming"): Cell(
        "GET", api("/keeper/dates/upcoming?days=30"), members_only(200, anonymous=401)
    ),
}
# Operations that need no credentials at all.
ANONYMOUS: set[tuple[str, str]] = set()
