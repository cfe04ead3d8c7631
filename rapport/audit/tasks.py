"""Background work for the network audit, run by `rapport worker`."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from rapport.members.models import Member
from rapport.members.time_zones import member_time_zone


@task()
def audit_prepare(member_id: int) -> bool:
    """Compute a member's audit ahead of their visit, so a large network's page opens
    from the cache (``rapport.audit.report.AUDIT_CACHE_FROM``). Enqueue it after
    anything that changes many rows at once: an import, an archive, a restore.
    Returns whether it computed anything (not for a small history, which is quick
    to compute on the visit, nor for a member who is gone)."""
    from rapport.audit.report import network_audit_prepare

    member = Member.objects.filter(pk=member_id, is_active=True).first()
    if member is None:
        return False
    with member_time_zone(member):  # its months are the member's, as on their page
        return network_audit_prepare(member=member, now=timezone.now())
