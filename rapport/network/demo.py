"""What `rapport demo` seeds for requests beyond the community's own history:
reputation and note coaching, so a newcomer sees them working.

Chad, a recruiter, copied one friendly-sounding note to people he had never met.
Three of them answered "I don't know this person" (Ana, months before, declined it
too), nobody accepted, and his latest request (to Sofia) now waits for a moderator: sign in to /admin/ as
tom, the demo's moderator (``DEMO_MODERATORS``), and open "Held requests" to see it,
with his evidence, and release or reject it. Sofia does not see it meanwhile; Chad sees
"pending". And Ana said she does not know Rohan when he wrote to her.

Gary, the PowerNetworker, left what the reports about him rest on
(``rapport.safety.demo``): the same note to Jonas three times, each left to expire,
and, once Hannah accepted him after a breakfast they both went to, a pitch and a
plea for referrals in their thread, after her one polite answer, which is all she
ever sent him (his report about her, dismissed, rests on it).

Everything goes through the services with ``now`` in the past, so the budgets, the
leaflet check and the hold are exactly what they would have been.
"""

from __future__ import annotations

import datetime as dt

from rapport.conversations.selectors import conversation_with
from rapport.conversations.services import message_send
from rapport.members.models import Member
from rapport.network.services import (
    connection_request_accept,
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


# The note Gary sent Jonas three times, a month and more apart; nobody answered.
GARY_TO_JONAS = (
    "Jonas, we met at the Berlin mobility summit. How are the cargo bikes doing in Neukölln, "
    "and what comes next for Kontur Mobility?"
)
GARY_TO_JONAS_SENT = (135, 100, 65)
# (days ago, sender, body): Gary's request to Hannah, accepted, and what followed.
GARY_TO_HANNAH = (
    "Hannah, we shared a table at the Manchester digital health breakfast. How is the "
    "Fieldnote diary going with the NHS trusts?"
)
GARY_TO_HANNAH_SENT, HANNAH_ACCEPTED = 30, 29.5
GARY_AND_HANNAH = (
    (
        29,
        "hannah",
        "Good to meet you too, Gary. We are heads-down on our clinical safety case until the "
        "spring, so I am not taking on anything new, but good luck with the breakfasts.",
    ),
    (
        28,
        "gary",
        "Understood! Before you go: I offer founders a free 30-minute growth consultation. "
        "And if you know other founders who could benefit from my services, I would "
        "appreciate you referring me to them.",
    ),
    (
        20,
        "gary",
        "Hannah, did you see my offer of a free consultation? I also help with fundraising. "
        "Please refer me to anyone who could use my services.",
    ),
)


def _gary_seed(*, members: dict[str, Member], now: dt.datetime) -> None:
    gary, jonas, hannah = members["gary"], members["jonas"], members["hannah"]
    for days_ago in GARY_TO_JONAS_SENT:
        # Each one's 30 days had run out when the next was sent: nothing else was
        # waiting between the two.
        connection_request_send(
            sender=gary,
            recipient_id=jonas.pk,
            context="gathering",
            context_detail="Berlin mobility summit",
            note=GARY_TO_JONAS,
            now=now - dt.timedelta(days=days_ago),
        )
    request = connection_request_send(
        sender=gary,
        recipient_id=hannah.pk,
        context="gathering",
        context_detail="Manchester digital health breakfast",
        note=GARY_TO_HANNAH,
        now=now - dt.timedelta(days=GARY_TO_HANNAH_SENT),
    )
    connection_request_accept(
        member=hannah, request_id=request.pk, now=now - dt.timedelta(days=HANNAH_ACCEPTED)
    )
    thread = conversation_with(member=gary, other_id=hannah.pk)
    assert thread is not None  # opened by the accept
    for days_ago, sender, body in GARY_AND_HANNAH:
        message_send(
            sender=members[sender],
            conversation_id=thread.pk,
            body=body,
            now=now - dt.timedelta(days=days_ago),
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
    _gary_seed(members=members, now=now)
    connection_requests_expire(now=now)
