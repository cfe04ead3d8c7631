"""The leaflet score, for members: who the note is for, and what the sender wrote before.

``rapport.insights.notes.assess_note`` is pure; this module feeds it from the
database. Requests, introductions and first messages all go through these two
functions, so a note is judged the same way wherever it is written.
"""

from __future__ import annotations

from rapport.errors import InvalidInput
from rapport.insights.notes import EARLIER_NOTES_COMPARED, NoteAssessment, assess_note
from rapport.members.models import Member
from rapport.network.models import ConnectionRequest


def recipient_mapping(member: Member) -> dict[str, object]:
    """What the scorer may look for in the note: the recipient's public profile words."""
    return {
        "name": member.name,
        "organisation": member.organisation,
        "interests": member.interest_list,
    }


def earlier_notes_of(sender: Member) -> list[str]:
    """The sender's previous request notes, newest first (the newest 50)."""
    return list(
        ConnectionRequest.objects.filter(sender=sender)
        .order_by("-created_at", "-id")
        .values_list("note", flat=True)[:EARLIER_NOTES_COMPARED]
    )


def note_assess_for(
    *,
    sender: Member,
    note: str,
    recipient: Member | None = None,
    context: str | None = None,
    detail: str = "",
    introducer: Member | None = None,
) -> NoteAssessment:
    """Score ``note`` from ``sender`` to ``recipient`` (a member, or None when unknown).

    ``detail`` is the request's answer to its context's question, and ``introducer``
    the member it names as having introduced the two: what they say, the advice does
    not ask the note for again. The caller vouches that the sender may see the
    introducer's name (the service's own checks, or ``member_get``)."""
    return assess_note(
        note,
        recipient=recipient_mapping(recipient) if recipient is not None else None,
        context=context or None,
        detail=detail,
        introducer=(introducer.name or introducer.username) if introducer is not None else "",
        earlier_notes=earlier_notes_of(sender),
    )


def note_refuse_if_leaflet(
    *,
    sender: Member,
    note: str,
    recipient: Member | None = None,
    context: str | None = None,
    detail: str = "",
    introducer: Member | None = None,
) -> NoteAssessment:
    """Raise ``InvalidInput`` (``note_reads_as_leaflet``, field ``note``) for a leaflet.

    The message lists what reads as a leaflet and how to fix it, one sentence each,
    so the sender can rewrite the note rather than guess. Returns the assessment
    of a note that passes.
    """
    assessment = note_assess_for(
        sender=sender,
        note=note,
        recipient=recipient,
        context=context,
        detail=detail,
        introducer=introducer,
    )
    if assessment.is_leaflet:
        raise InvalidInput(
            "It reads like a leaflet, not the start of a conversation. "
            + " ".join(assessment.reasons),
            code="note_reads_as_leaflet",
            field="note",
        )
    return assessment
