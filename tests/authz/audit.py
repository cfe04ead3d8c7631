"""Who may open the audit pages and call the audit operations.

Every audit page and operation is the viewer's own: none takes a member id, so a
member can only ever audit, archive or restore in their own keeper. A person id of
Ana's answers 404 to anyone else.
"""

from __future__ import annotations

from django.utils import timezone

from rapport.keeper.models import Person
from rapport.keeper.services import person_create
from tests.authz.core import Cell, Scenario, api, members_only, owner_only, page


def arrange(s: Scenario) -> None:
    """An archived contact in Ana's keeper: Hal, connected on LinkedIn, never a word."""
    hal = person_create(owner=s.owner, name="Hal Imported")
    Person.objects.filter(pk=hal.pk).update(
        connected_on=timezone.localdate(), archived_at=timezone.now()
    )
    s.extra["archived_id"] = hal.pk


PAGES: dict[str, Cell] = {
    "audit": Cell("GET", page("audit"), members_only(200)),
    "audit_report_html": Cell("GET", page("audit_report_html"), members_only(200)),
    # The confirmation; the POST archives the viewer's own contacts only.
    "audit_archive": Cell("GET", page("audit_archive"), members_only(302)),
    "audit_archived": Cell("GET", page("audit_archived"), members_only(200)),
    # Ana restores her Hal; anyone else is told he does not exist.
    "audit_restore": Cell(
        "POST",
        page("audit_restore"),
        owner_only(302),
        body=lambda s: {"person_id": s.extra["archived_id"]},
    ),
    # Ana seats her Grace; nobody else can seat Ana's people on their board.
    "audit_seat": Cell(
        "POST",
        page("audit_seat"),
        owner_only(302),
        body=lambda s: {"position": 1, "person_id": s.person_id, "why": "A mentor."},
    ),
}
OPERATIONS: dict[tuple[str, str], Cell] = {
    ("GET", "/api/audit"): Cell("GET", api("/audit"), members_only(200, anonymous=401)),
    ("POST", "/api/audit/archive"): Cell(
        "POST", api("/audit/archive"), members_only(200, anonymous=401)
    ),
    ("POST", "/api/audit/restore"): Cell(
        "POST",
        api("/audit/restore"),
        owner_only(200, anonymous=401),
        body=lambda s: {"person_ids": [s.extra["archived_id"]]},
    ),
    ("GET", "/api/audit/archived"): Cell(
        "GET", api("/audit/archived"), members_only(200, anonymous=401)
    ),
}
# Operations that need no credentials at all.
ANONYMOUS: set[tuple[str, str]] = set()
