"""Who may open the imports pages and call the imports operations.

Every import is its owner's: the upload page is any member's own, and Ana's job is
not found for anyone else.
"""

from __future__ import annotations

from rapport.imports.models import ImportJob
from tests.authz.core import Cell, Scenario, api, members_only, owner_only, page


def arrange(s: Scenario) -> None:
    """Create this feature's things for the scenario; keep their ids in ``s.extra``."""
    from django.utils import timezone

    now = timezone.now()
    job = ImportJob.objects.create(
        owner=s.owner,
        source="vcard",
        filename="contacts.vcf",
        state="done",
        summary={},
        created_at=now,
        updated_at=now,
        finished_at=now,
    )
    s.extra["import_job_id"] = job.pk


JOB = {"job_id": lambda s: s.extra["import_job_id"]}

PAGES: dict[str, Cell] = {
    "imports": Cell("GET", page("imports"), members_only(200)),
    "import_job": Cell("GET", page("import_job", **JOB), owner_only(200)),
    "import_job_status": Cell("GET", page("import_job_status", **JOB), owner_only(200)),
}
OPERATIONS: dict[tuple[str, str], Cell] = {
    # The matrix sends JSON; an upload is multipart, so a member's JSON call is 422.
    ("POST", "/api/imports"): Cell(
        "POST", api("/imports"), members_only(422, anonymous=401), body=lambda s: {}
    ),
    ("GET", "/api/imports"): Cell("GET", api("/imports"), members_only(200, anonymous=401)),
    ("GET", "/api/imports/{id}"): Cell(
        "GET", api("/imports/{s.extra[import_job_id]}"), owner_only(200, anonymous=401)
    ),
}
# Operations that need no credentials at all.
ANONYMOUS: set[tuple[str, str]] = set()
