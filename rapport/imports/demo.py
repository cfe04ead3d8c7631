"""What `rapport demo` seeds for imports, so a newcomer sees it working.

Ana brings in her LinkedIn export: about 300 connections, of whom a handful get most
of her messages and most none at all, as in a real network. Three of them are people
already in her keeper, so the import matches them instead of adding them twice. It
goes through the import services, so the demo's keeper is what a real import makes.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from rapport.imports.services import import_job_create, import_job_run
from rapport.imports.synthetic import linkedin_export, write_export
from rapport.keeper.models import Person
from rapport.members.models import Member

DEMO_SEED = 2026
CONNECTIONS = 300
MESSAGES = 900
TALKERS = 25


def seed(*, members: dict[str, Member], now: dt.datetime) -> None:
    """Called once by the demo seed after the community and Ana's keeper exist."""
    ana = members["ana"]
    known: list[tuple[str, str, str, str]] = [
        (
            person.name.split(" ", 1)[0],
            person.name.split(" ", 1)[1],
            person.organisation,
            person.role,
        )
        for person in Person.objects.filter(owner=ana)
        .exclude(organisation="")
        .filter(name__contains=" ")
        .order_by("pk")[:3]
    ]
    files = linkedin_export(
        connections=CONNECTIONS,
        messages=MESSAGES,
        seed=DEMO_SEED,
        owner=tuple((ana.name or "Ana Ruiz").split(" ", 1)),  # type: ignore[arg-type]
        now=now - dt.timedelta(days=1),
        talkers=TALKERS,
        extra_connections=known,
    )
    with tempfile.TemporaryDirectory() as folder:
        path = write_export(files, Path(folder) / "Basic_LinkedInDataExport.zip")
        job = import_job_create(owner=ana, source="linkedin", path=path, now=now)
        job = import_job_run(job_id=job.pk, now=now)
        job.path = ""
        job.save(update_fields=["path"])
    if job.state != "done":
        raise RuntimeError(f"the demo's LinkedIn import failed: {job.error}")
