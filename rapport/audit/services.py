"""Writes of the network audit: archiving "contacts, not connections", and restoring.

Archiving never deletes: it stamps ``Person.archived_at``, which keeps a person out
of the keeper's lists (people, due, circles, duplicates, the board's names) until
they are restored. Every interaction, field and link stays as it was, so restoring
gives back exactly what was there. Both run in one transaction and touch only the
owner's rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.utils import timezone

from rapport.audit.report import network_audit
from rapport.audit.tasks import audit_prepare
from rapport.errors import Conflict, NotFound
from rapport.keeper.models import Person
from rapport.members.models import Member

BATCH = 2_000
"""Ids per UPDATE: well under SQLite's limit of bound parameters per statement."""


def _batches(ids: Sequence[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), BATCH):
        yield list(ids[start : start + BATCH])


def _prepare_after_commit(owner: Member) -> None:
    """The audit's cached figures are stale now: compute them again in the background."""
    transaction.on_commit(lambda: audit_prepare.enqueue(owner.pk))


def archive_fingerprint(person_ids: Iterable[int]) -> str:
    """Which people a confirmation showed, in a few characters a form can carry back:
    a page may count thousands, too many to send each id."""
    text = ",".join(str(pk) for pk in sorted(person_ids))
    return hashlib.sha256(text.encode("ascii")).hexdigest()[:32]


class ArchiveChanged(Conflict):
    code = "archive_changed"


@transaction.atomic
def contacts_archive(
    *,
    owner: Member,
    now: dt.datetime | None = None,
    confirmed: str | None = None,
    confirmed_count: int | None = None,
) -> int:
    """Archive every one of the owner's "contacts, not connections" as the audit finds
    them now (docs/audit.md); returns how many were archived. Those already archived
    stay as they are. Reversible with ``people_restore``.

    ``confirmed`` is the ``archive_fingerprint`` of the people the member was shown
    (``confirmed_count`` of them): when the set has changed since (an import added
    people, a reply made one a talker), nobody is archived and ``ArchiveChanged``
    says so, rather than archiving people the member never saw counted. With nobody
    left to archive (the button pressed twice) it returns 0, as without one."""
    now = now or timezone.now()
    audit = network_audit(member=owner, now=now)
    to_archive = audit.rest.to_archive
    if confirmed is not None and to_archive and confirmed != archive_fingerprint(to_archive):
        raise _archive_changed(shown=confirmed_count, now=len(to_archive))
    archived = 0
    for ids in _batches(to_archive):
        archived += Person.objects.filter(owner=owner, pk__in=ids, archived_at__isnull=True).update(
            archived_at=now, updated_at=now
        )
    if archived:
        _prepare_after_commit(owner)
    return archived


def _archive_changed(*, shown: int | None, now: int) -> ArchiveChanged:
    if shown is not None and shown != now:
        changed = (
            f"The people to archive changed since the page counted {shown:,}: "
            f"there are {now:,} now."
        )
    else:
        changed = "The people to archive changed since the page showed them."
    return ArchiveChanged(f"{changed} Nothing was archived: look at them again, then confirm.")


@transaction.atomic
def people_restore(
    *, owner: Member, person_ids: Sequence[int] | None = None, now: dt.datetime | None = None
) -> int:
    """Bring archived people back into the keeper's lists: those in ``person_ids``, or
    everyone archived when it is None; returns how many came back. An id that is not
    one of the owner's people is "not found" (field ``person_ids``); one that is not
    archived is left as it is."""
    now = now or timezone.now()
    people = Person.objects.filter(owner=owner)
    if person_ids is not None:
        wanted = list(dict.fromkeys(person_ids))
        found = 0
        for ids in _batches(wanted):
            found += people.filter(pk__in=ids).count()
        if found != len(wanted):
            raise NotFound("No such person in your keeper.", field="person_ids")
        restored = 0
        for ids in _batches(wanted):
            restored += people.filter(pk__in=ids, archived_at__isnull=False).update(
                archived_at=None, updated_at=now
            )
    else:
        restored = people.filter(archived_at__isnull=False).update(archived_at=None, updated_at=now)
    if restored:
        _prepare_after_commit(owner)
    return restored
