"""Who may open the gatherings pages and call the gatherings operations.

Ana hosts three gatherings: one open to the community, one for invited members only
(Ben is invited, Cy is not), and one that is over, where the host confirmed that
Ben came. An invite-only gathering is 404 to the uninvited; the host's actions are
403 to a guest, who may see the gathering anyway.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from rapport.gatherings.services import (
    gathering_confirm_attendance,
    gathering_create,
    gathering_invite,
    gathering_rsvp,
)
from tests.authz.core import Cell, Scenario, api, members_only, page


def _gathering(s: Scenario, *, title: str, visibility: str, start: dt.datetime, now=None):
    return gathering_create(
        host=s.owner,
        title=title,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        place="The Anchor, Manchester",
        no_agenda=True,
        visibility=visibility,
        now=now,
    )


def arrange(s: Scenario) -> None:
    """Create this feature's things for the scenario; keep their ids in ``s.extra``."""
    now = timezone.now()
    soon = now + dt.timedelta(days=3)
    open_one = _gathering(s, title="Open supper", visibility="community", start=soon)
    private = _gathering(s, title="Design breakfast", visibility="invite", start=soon)
    gathering_invite(host=s.owner, gathering_id=private.pk, member_ids=[s.connected.pk])
    then = now - dt.timedelta(days=10)
    past = _gathering(
        s,
        title="Transit data meetup",
        visibility="invite",
        start=then + dt.timedelta(days=1),
        now=then,
    )
    gathering_invite(host=s.owner, gathering_id=past.pk, member_ids=[s.connected.pk], now=then)
    gathering_rsvp(member=s.connected, gathering_id=past.pk, answer="yes", now=then)
    gathering_confirm_attendance(
        host=s.owner, gathering_id=past.pk, attended_ids=[s.connected.pk], now=now
    )
    s.extra.update(gathering_open=open_one.pk, gathering_private=private.pk, gathering_past=past.pk)


PRIVATE = {"gathering_id": lambda s: s.extra["gathering_private"]}
PAST = {"gathering_id": lambda s: s.extra["gathering_past"]}
# Ben is invited (or came): he sees it; Cy is 404; only Ana hosts.
SEEN_BY_GUEST = {"anonymous": 302, "stranger": 404, "connected": 200, "owner": 200}
HOST_ACTION = {"anonymous": 302, "stranger": 404, "connected": 403, "owner": 302}


def _body(s: Scenario) -> dict:
    start = timezone.now() + dt.timedelta(days=5)
    return {
        "title": "Walk and talk",
        "starts_at": start.isoformat(),
        "ends_at": (start + dt.timedelta(hours=1)).isoformat(),
        "place": "Platt Fields Park",
        "no_agenda": True,
        "visibility": "community",
    }


def _api(status: dict[str, int]) -> dict[str, int]:
    return {**status, "anonymous": 401}


PAGES: dict[str, Cell] = {
    "gatherings": Cell("GET", page("gatherings"), members_only(200)),
    "gathering_new": Cell("GET", page("gathering_new"), members_only(200)),
    "gathering": Cell("GET", page("gathering", **PRIVATE), SEEN_BY_GUEST),
    "gathering_ics": Cell("GET", page("gathering_ics", **PRIVATE), SEEN_BY_GUEST),
    "gathering_edit": Cell("GET", page("gathering_edit", **PRIVATE), {**HOST_ACTION, "owner": 200}),
    # Anyone who may see it answers; the host is told they are coming anyway.
    "gathering_rsvp": Cell(
        "POST",
        page("gathering_rsvp", **PRIVATE),
        {"anonymous": 302, "stranger": 404, "connected": 302, "owner": 302},
        body=lambda s: {"answer": "yes"},
    ),
    "gathering_invite": Cell(
        "POST",
        page("gathering_invite", **PRIVATE),
        HOST_ACTION,
        body=lambda s: {"member_ids": [s.connected.pk]},
    ),
    "gathering_cancel": Cell("POST", page("gathering_cancel", **PRIVATE), HOST_ACTION),
    "gathering_attendance": Cell(
        "GET", page("gathering_attendance", **PAST), {**HOST_ACTION, "owner": 200}
    ),
}

OPERATIONS: dict[tuple[str, str], Cell] = {
    ("GET", "/api/gatherings"): Cell("GET", api("/gatherings"), members_only(200, anonymous=401)),
    ("POST", "/api/gatherings"): Cell(
        "POST", api("/gatherings"), members_only(201, anonymous=401), body=_body
    ),
    ("GET", "/api/gatherings/{id}"): Cell(
        "GET", api("/gatherings/{s.extra[gathering_private]}"), _api(SEEN_BY_GUEST)
    ),
    ("PATCH", "/api/gatherings/{id}"): Cell(
        "PATCH",
        api("/gatherings/{s.extra[gathering_private]}"),
        _api({**HOST_ACTION, "owner": 200}),
        body=lambda s: {"title": "Design breakfast, take two"},
    ),
    ("POST", "/api/gatherings/{id}/cancel"): Cell(
        "POST",
        api("/gatherings/{s.extra[gathering_private]}/cancel"),
        _api({**HOST_ACTION, "owner": 200}),
    ),
    ("POST", "/api/gatherings/{id}/invitations"): Cell(
        "POST",
        api("/gatherings/{s.extra[gathering_private]}/invitations"),
        _api({**HOST_ACTION, "owner": 200}),
        # A host invites their connections (a stranger is refused: 422).
        body=lambda s: {"member_ids": [s.connected.pk]},
    ),
    # The host is coming anyway (409); Ben, invited, answers.
    ("POST", "/api/gatherings/{id}/rsvp"): Cell(
        "POST",
        api("/gatherings/{s.extra[gathering_private]}/rsvp"),
        {"anonymous": 401, "stranger": 404, "connected": 200, "owner": 409},
        body=lambda s: {"answer": "maybe"},
    ),
    # The guests and their answers are the host's alone; a guest, who sees the
    # gathering, is refused (403), anyone else finds no such gathering.
    ("GET", "/api/gatherings/{id}/guests"): Cell(
        "GET",
        api("/gatherings/{s.extra[gathering_private]}/guests"),
        {"anonymous": 401, "stranger": 404, "connected": 403, "owner": 200},
    ),
    ("POST", "/api/gatherings/{id}/attendance"): Cell(
        "POST",
        api("/gatherings/{s.extra[gathering_past]}/attendance"),
        _api({**HOST_ACTION, "owner": 200}),
        body=lambda s: {"attended_ids": [s.connected.pk]},
    ),
    # Who came is for those who came.
    ("GET", "/api/gatherings/{id}/attendees"): Cell(
        "GET", api("/gatherings/{s.extra[gathering_past]}/attendees"), _api(SEEN_BY_GUEST)
    ),
}
# Operations that need no credentials at all.
ANONYMOUS: set[tuple[str, str]] = set()
