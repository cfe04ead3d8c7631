"""Who may open the reputation pages and call the reputation operations.

Reputation adds no page and no operation a member can reach: the evidence is shown
only in Django admin (staff only, checked by ``test_admin_is_for_staff_only``), and
the "I don't know this person" answer rides on the existing decline page and
operation. What this module adds is a held request in every scenario: Hal's request
to Ana, held for a moderator, so every row of the matrix also runs with a request
Ana must not see (tests/network/test_reputation.py checks that she does not).
"""

from __future__ import annotations

from django.contrib.auth.models import Permission

from rapport.members.services import member_signup
from rapport.network.services import connection_request_hold, connection_request_send
from tests.authz.core import Cell, Scenario


def arrange(s: Scenario) -> None:
    """Hal asked Ana; a moderator held the request before she saw it."""
    hal = member_signup(username="hal", password="correct horse battery", name="Hal Hold")
    moderator = member_signup(username="mo", password="correct horse battery", name="Mo Mod")
    moderator.is_staff = True
    moderator.save(update_fields=["is_staff"])
    # Holding is a change to requests, as the request list's action asks.
    moderator.user_permissions.add(Permission.objects.get(codename="change_connectionrequest"))
    request = connection_request_send(
        sender=hal,
        recipient_id=s.owner.pk,
        context="gathering",
        context_detail="Open Transport meetup",
        note="Ana, your bus bunching chart at the Open Transport meetup was brilliant. "
        "How long did the data take to clean?",
    )
    connection_request_hold(
        moderator=moderator, request_id=request.pk, reason="Reported twice this week."
    )
    s.extra["held_request_id"] = request.pk


PAGES: dict[str, Cell] = {}
OPERATIONS: dict[tuple[str, str], Cell] = {}
# Operations that need no credentials at all.
ANONYMOUS: set[tuple[str, str]] = set()
