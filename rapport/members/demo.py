"""What `rapport demo` seeds for accounts: Priya signs in in two steps.

She turned two-step sign-in on a month ago, through the same services as the Account
page, with the demo's published key (``DEMO_TWO_STEP_KEYS``): `rapport demo` prints it
beside her password, for a newcomer to add to an authenticator app. A month ago, so
that the code she confirmed it with is long past and every code an app shows now works.
"""

from __future__ import annotations

import datetime as dt

from rapport.demo.community import DEMO_PASSWORD, DEMO_TWO_STEP_KEYS
from rapport.members.models import Member
from rapport.members.services import member_two_step_begin, member_two_step_confirm
from rapport.members.two_step_codes import code_now

TURNED_ON_DAYS_AGO = 30


def seed(*, members: dict[str, Member], now: dt.datetime) -> None:
    """Called once by the demo seed after the community exists."""
    since = now - dt.timedelta(days=TURNED_ON_DAYS_AGO)
    for username, key in DEMO_TWO_STEP_KEYS.items():
        member = members[username]
        member_two_step_begin(member=member, secret=key, now=since)
        member_two_step_confirm(
            member=member,
            code=code_now(key, since),
            current_password=DEMO_PASSWORD,
            now=since,
        )
