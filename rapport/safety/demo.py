"""What `rapport demo` seeds for safety, so a newcomer sees it working.

The collectors' leaflets did not go unnoticed: Ana reported Chad's copied note,
Hannah and Jonas reported Gary's pitches (a moderator upheld Jonas's), Gary
reported Hannah back for ignoring his offer (dismissed as unfounded, so it does not
weigh on her standing), and Marcus, tired of Chad, reported him and then blocked him.
Each report's page shows what it is about, seeded with the requests
(``rapport.network.demo``): Chad's copied note to Ana, his note and message to
Marcus, Gary's three copies to Jonas, his pitch in his thread with Hannah, and her
one polite answer to him.
Tom moderates (``DEMO_MODERATORS``): sign in to /admin/ as tom to read the reports
(Marcus's shows what Chad sent him, his request and its note), the blocks and the
requests held for a moderator, with only the permissions the role needs (the
"moderators" group; the members' own admin pages answer 403). Sign in as ana to find
"Block" and "Report" at the foot of any profile and your blocks, your data download
and account deletion under /safety/.

Nobody blocks a member with a request still waiting: the demo's inboxes stay as the
network's seed left them.
"""

from __future__ import annotations

import datetime as dt

from rapport.demo.community import DEMO_MODERATORS
from rapport.members.models import Member
from rapport.safety.models import Report
from rapport.safety.services import (
    block_create,
    moderator_appoint,
    report_create,
    report_resolve,
)

REPORTS = (
    # (reporter, reported, reason, detail, days ago, (days later, outcome) or None)
    (
        "ana",
        "chad",
        "leaflet",
        "The same note he sent to half the community; we have never met.",
        2,
        None,
    ),
    ("hannah", "gary", "leaflet", "A sales pitch and a request for referrals.", 2, None),
    ("jonas", "gary", "spam", "Third request with the same text.", 40, (1, "upheld")),
    (
        "gary",
        "hannah",
        "other",
        "She never answered my offer of a free consultation.",
        1,
        (1, "dismissed"),
    ),
    (
        "marcus",
        "chad",
        "leaflet",
        "We connected after the fintech night and all he wanted was a job at Ledgerly.",
        61,
        None,
    ),
)
BLOCKS = (("marcus", "chad", 60),)


def seed(*, members: dict[str, Member], now: dt.datetime) -> None:
    """Called once by the demo seed after the community and Ana's keeper exist."""
    for username in DEMO_MODERATORS:
        if username in members:
            moderator_appoint(member=members[username])
    if Report.objects.exists():
        return
    for reporter, reported, reason, detail, days_ago, resolution in REPORTS:
        if reporter not in members or reported not in members:
            continue
        at = now - dt.timedelta(days=days_ago)
        report = report_create(
            reporter=members[reporter],
            reported_id=members[reported].pk,
            reason=reason,
            detail=detail,
            now=at,
        )
        if resolution is not None:
            days_later, outcome = resolution
            report_resolve(
                report_id=report.pk, outcome=outcome, now=at + dt.timedelta(days=days_later)
            )
    for blocker, blocked, days_ago in BLOCKS:
        if blocker in members and blocked in members:
            block_create(
                blocker=members[blocker],
                blocked_id=members[blocked].pk,
                now=now - dt.timedelta(days=days_ago),
            )
