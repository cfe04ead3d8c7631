"""What `rapport demo` seeds for the keeper's weekly digest: the members a newcomer
signs in as get theirs, the rest turned it off.

The demo runs `rapport worker`'s schedule in its own process, and its first tick
sends every member due a digest theirs: forty of them, printed on the console, would
bury the logins and Priya's key above them. So the members nobody signs in as turned
the digest off, as anyone may on the keeper's settings page; Ana, Ben and Priya keep
theirs, and Ana's (the people she is due to get back in touch with, a birthday
coming up) is among the first mail the demo prints.
"""

from __future__ import annotations

import datetime as dt

from rapport.demo.community import DEMO_LOGINS
from rapport.keeper.digest import keeper_digest_set_enabled
from rapport.members.models import Member


def seed(*, members: dict[str, Member], now: dt.datetime) -> None:
    """Called once by the demo seed after the community exists."""
    for username, member in members.items():
        if username not in DEMO_LOGINS:
            keeper_digest_set_enabled(owner=member, enabled=False)
