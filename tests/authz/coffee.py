"""Who may open the coffee pages and call the coffee operations.

Ana and Kit opted in and a round paired them: the pairing is theirs, and 404 to
Ben and Cy. The opt-in pages and operations are everyone's own.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from rapport.coffee.models import Pairing
from rapport.coffee.services import coffee_opt_in, coffee_round_run
from rapport.members.services import member_signup
from tests.authz.core import Cell, Scenario, api, members_only, owner_only, page


def arrange(s: Scenario) -> None:
    """Create this feature's things for the scenario; keep their ids in ``s.extra``."""
    kit = member_signup(username="coffee-kit", password="x" * 20, name="Kit Moreau")
    now = timezone.now() - dt.timedelta(hours=1)
    for member in (s.owner, kit):
        coffee_opt_in(member=member, frequency="weekly", topics="maps", now=now)
    coffee_round_run(held_on=timezone.localdate(now), now=now)
    s.extra["coffee_pairing"] = Pairing.objects.get(member_low__in=[s.owner, kit]).pk


PAIRING = {"pairing_id": lambda s: s.extra["coffee_pairing"]}

PAGES: dict[str, Cell] = {
    "coffee": Cell("GET", page("coffee"), members_only(200)),
    "coffee_opt_out": Cell("POST", page("coffee_opt_out"), members_only(302)),
    "coffee_pairing": Cell("GET", page("coffee_pairing", **PAIRING), owner_only(200)),
    "coffee_pairing_met": Cell("POST", page("coffee_pairing_met", **PAIRING), owner_only(302)),
    "coffee_pairing_ics": Cell("GET", page("coffee_pairing_ics", **PAIRING), owner_only(200)),
}
OPERATIONS: dict[tuple[str, str], Cell] = {
    ("GET", "/api/coffee"): Cell("GET", api("/coffee"), members_only(200, anonymous=401)),
    ("PUT", "/api/coffee/opt-in"): Cell(
        "PUT",
        api("/coffee/opt-in"),
        members_only(200, anonymous=401),
        body=lambda s: {"frequency": "fortnightly", "topics": "maps, jazz"},
    ),
    ("DELETE", "/api/coffee/opt-in"): Cell(
        "DELETE", api("/coffee/opt-in"), members_only(204, anonymous=401)
    ),
    ("GET", "/api/coffee/pairings"): Cell(
        "GET", api("/coffee/pairings"), members_only(200, anonymous=401)
    ),
    ("GET", "/api/coffee/pairings/{id}"): Cell(
        "GET", api("/coffee/pairings/{s.extra[coffee_pairing]}"), owner_only(200, anonymous=401)
    ),
    ("POST", "/api/coffee/pairings/{id}/met"): Cell(
        "POST",
        api("/coffee/pairings/{s.extra[coffee_pairing]}/met"),
        owner_only(200, anonymous=401),
    ),
}
# Operations that need no credentials at all.
ANONYMOUS: set[tuple[str, str]] = set()
