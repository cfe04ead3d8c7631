"""Writes of the network audit: archiving "contacts, not connections", and restoring.

Archiving never deletes: it stamps ``Person.archived_at``, which keeps a person out
of the keeper's lists (people, due, circles, duplicates, the board's names) until
they are restored. Every interaction, field and link stays as it was, so restoring
gives back exactly what was there. Both run in one transaction and touch only the
owner's rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.utils import timezone

from rapport.audit.report import network_audit
from rapport.audit.tasks import audit_prepare
from rapport.errors import NotFound
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


@transaction.atomic
def contacts_archive(*, owner: Member, now: dt.datetime | None = None) -> int:
    """Archive every one of the owner's "contacts, not connections" as the audit finds
    them now (docs/audit.md); returns how many were archived. Those already archived
    stay as they are. Reversible with ``people_restore``."""
    now = now or timezone.now()
    audit = network_audit(member=owner, now=now)
    archived = 0
    for ids in _batches(audit.rest.to_archive):
        archived += Person.objects.filter(owner=owner, pk__in=ids, archived_at__isnull=True).update(
            archived_at=now, updated_at=now
        )
    if archived:
        _prepare_after_commit(owner)
    return archived


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
