"""The audit over the API: the same report as the audit page, and its two writes.

No operation takes a member id: a member can only ever audit their own network.
A person id that is not the caller's answers 404.
"""

from __future__ import annotations

from django.utils import timezone
from ninja import P, QueryEx, Router

from rapport.audit.report import NetworkAudit, network_audit
from rapport.audit.schemas import (
    AuditArchivedPersonOut,
    AuditArchiveOut,
    AuditOut,
    AuditRestoreIn,
    AuditRestoreOut,
)
from rapport.audit.selectors import archived_people
from rapport.audit.services import archive_fingerprint, contacts_archive, people_restore
from rapport.error_schemas import AUTHENTICATED, AUTHENTICATED_UNSAFE, error_responses
from rapport.typed_requests import ApiRequest
from rapport.wording import counted

router = Router(tags=["Network audit"])


def audit_json(audit: NetworkAudit) -> dict[str, object]:
    figures = audit.figures
    return {
        "generated_at": audit.generated_at,
        "figures": {
            "connections": figures.connections,
            "imported": figures.imported,
            "on_rapport": figures.on_rapport,
            "exchanged": figures.exchanged,
            "exchanged_last_12_months": figures.exchanged_recently,
            "both_ways": figures.both_ways,
            "never": figures.never,
            "in_strongest": figures.in_strongest,
            "in_touch_beyond": figures.in_touch_beyond,
            "dormant": figures.dormant,
            "chosen": figures.chosen,
            "rest": figures.rest,
            "rest_archived": figures.rest_archived,
        },
        "sentences": audit.sentences,
        "circles": {
            "sentence": audit.circles_sentence,
            "layers": [{"layer": bar.layer, "found": bar.found} for bar in audit.circles],
        },
        "months": {
            "sentence": audit.months_sentence,
            "months": [
                {
                    "month": f"{month.year:04d}-{month.month:02d}",
                    "conversations": month.conversations,
                }
                for month in audit.months
            ],
            "before_chart": audit.conversations_before_chart,
        },
        "strongest": [
            {
                "rank": tie.rank,
                "person_id": tie.person_id,
                "name": tie.name,
                "score": tie.score,
                "why": tie.why,
                "suggested_circle": tie.suggested_circle,
                "suggested_reason": tie.suggested_reason,
                "circle": tie.circle,
                "archived": tie.archived,
            }
            for tie in audit.strongest
        ],
        "board": [
            {
                "position": item.position,
                "group": item.group,
                "role": item.role,
                "held_by": item.held_by,
                "person_id": item.person_id,
                "name": item.name,
                "why": item.why,
            }
            for item in audit.board
        ],
        "dormant": [
            {
                "person_id": item.person_id,
                "name": item.name,
                "reason": item.reason,
                "peak": item.peak,
                "archived": item.archived,
            }
            for item in audit.dormant
        ],
        "dormant_total": audit.dormant_total,
        "rest": {
            "total": audit.rest.total,
            "archived": audit.rest.archived,
            "to_archive": len(audit.rest.to_archive),
            "to_archive_fingerprint": archive_fingerprint(audit.rest.to_archive),
            "sample": audit.rest.sample,
        },
    }


@router.get(
    "/audit",
    summary="Get your network audit",
    response={200: AuditOut, **error_responses(*AUTHENTICATED)},
)
def audit(request: ApiRequest) -> dict[str, object]:
    """Your network audit: of your connections (imported from LinkedIn or made here),
    how many you ever exchanged a message with, how many in the last 12 months, how
    many both ways; your strongest ties with the circle each suggests; candidates for
    your board of twelve; dormant ties worth reviving; and the rest, contacts, not
    connections. The same figures as the audit page. Yours only."""
    return audit_json(network_audit(member=request.auth, now=timezone.now()))


@router.post(
    "/audit/archive",
    summary="Archive your contacts, not connections",
    response={200: AuditArchiveOut, **error_responses(*AUTHENTICATED_UNSAFE, 409, 422)},
)
def archive(
    request: ApiRequest, confirmed: QueryEx[str, P(min_length=32, max_length=32)] | None = None
) -> dict[str, object]:
    """Archive every one of your contacts, not connections, as the audit finds them
    now: they are kept with everything about them, but leave your keeper's lists.
    Reversible with POST /api/audit/restore.

    `confirmed`, the `rest.to_archive_fingerprint` of GET /api/audit, archives exactly
    the people that answer counted, as the audit page does: if the set has changed
    since (an import added people, a reply made one a talker), nobody is archived and
    409 `archive_changed` says so. Without it, whoever the audit finds now."""
    archived = contacts_archive(owner=request.auth, confirmed=confirmed)
    return {
        "archived": archived,
        "message": f"Archived {counted(archived, 'contact')}, not connections."
        if archived
        else "Nobody to archive.",
    }


@router.post(
    "/audit/restore",
    summary="Restore archived people",
    response={200: AuditRestoreOut, **error_responses(*AUTHENTICATED_UNSAFE, 404, 422)},
)
def restore(request: ApiRequest, payload: AuditRestoreIn) -> dict[str, object]:
    """Bring archived people back into your keeper's lists: those in `person_ids`, or
    everyone archived. 404 (field `person_ids`) when one is not in your keeper."""
    restored = people_restore(owner=request.auth, person_ids=payload.person_ids)
    return {"restored": restored, "message": f"Restored {counted(restored, 'person', 'people')}."}


@router.get(
    "/audit/archived",
    summary="List the people you archived",
    response={200: list[AuditArchivedPersonOut], **error_responses(*AUTHENTICATED, 422)},
)
def archived(request: ApiRequest, page: QueryEx[int, P(ge=1)] = 1) -> list[dict[str, object]]:
    """The people you archived, by name, 100 a page (`page` from 1): a page of fewer
    than 100 is the last; a page past the end is empty."""
    found = archived_people(owner=request.auth, page=page)
    if page > found.paginator.num_pages:
        return []
    return [
        {
            "id": person.pk,
            "name": person.name,
            "organisation": person.organisation,
            "role": person.role,
            "connected_on": person.connected_on,
            "archived_at": person.archived_at,
        }
        for person in found
    ]
