"""What `rapport demo` seeds for requests beyond the community's own history:
reputation and note coaching, so a newcomer sees them working.

Chad, a recruiter, copied one friendly-sounding note to people he had never met.
Three of them answered "I don't know this person" (Ana, months before, declined it
too), nobody accepted, and his latest request (to Sofia) now waits for a moderator: sign in to /admin/ as
tom, the demo's moderator (``DEMO_MODERATORS``), and open "Held requests" to see it,
with his evidence, and release or reject it. Sofia does not see it meanwhile; Chad sees
"pending". And Ana said she does not know Rohan when he wrote to her.

Everything goes through the services with ``now`` in the past, so the budgets, the
leaflet check and the hold are exactly what they would have been.
"""

from __future__ import annotations

import datetime as dt

from rapport.members.models import Member
from rapport.network.services import (
    connection_request_decline,
    connection_request_send,
    connection_requests_expire,
)

CHAD_TEMPLATE = (
    "Hi {first}, I enjoyed your talk at the Manchester tech meetup last month. What are you "
    "working on next?"
)
# (recipient, days ago sent, answer, days after): Chad's copies, long since answered.
CHAD_HISTORY = (
    # The first copy, months before the others, which she declined and, when the copies
    # kept coming, reported (``rapport.safety.demo``). Out of his window by now; then,
    # an "I don't know this person" would have shrunk his budget below the copies.
    ("ana", 120, "declined", 1),
    ("hiroshi", 85, "dont_know", 1),
    ("mehmet", 84, "dont_know", 1),
    ("arjun", 83, "dont_know", 1),
    ("camille", 82, "declined", 2),
    ("diego", 81, "unanswered", 0),
)
CHAD_HELD = ("sofia", 8)
ROHAN_TO_ANA = (
    "Hi Ana, I read about the Fieldnote diary redesign for patients with low vision. How did "
    "you test the large-text version with them?"
)


def _first(member: Member) -> str:
    return member.name.split()[0]


def seed(*, members: dict[str, Member], now: dt.datetime) -> None:
    """Called once by the demo seed after the community and Ana's keeper exist."""
    chad = members["chad"]
    for username, days_ago, answer, after in CHAD_HISTORY:
        recipient = members[username]
        sent_at = now - dt.timedelta(days=days_ago)
        request = connection_request_send(
            sender=chad,
            recipient_id=recipient.pk,
            context="gathering",
            context_detail="Manchester tech meetup",
            note=CHAD_TEMPLATE.format(first=_first(recipient)),
            now=sent_at,
        )
        if answer != "unanswered":
            connection_request_decline(
                member=recipient,
                request_id=request.pk,
                reason="dont_know" if answer == "dont_know" else "",
                now=sent_at + dt.timedelta(days=after),
            )
    username, days_ago = CHAD_HELD
    # Past his threshold by now: this one is held for a moderator, not delivered.
    connection_request_send(
        sender=chad,
        recipient_id=members[username].pk,
        context="gathering",
        context_detail="Manchester tech meetup",
        note=CHAD_TEMPLATE.format(first=_first(members[username])),
        now=now - dt.timedelta(days=days_ago),
    )
    sent_at = now - dt.timedelta(days=12)
    rohan = connection_request_send(
        sender=members["rohan"],
        recipient_id=members["ana"].pk,
        context="other",
        context_detail="I read about your work",
        note=ROHAN_TO_ANA,
        now=sent_at,
    )
    connection_request_decline(
        member=members["ana"],
        request_id=rohan.pk,
        reason="dont_know",
        now=sent_at + dt.timedelta(hours=5),
    )
    connection_requests_expire(now=now)
