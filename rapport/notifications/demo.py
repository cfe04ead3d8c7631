"""What `rapport demo` seeds for notification mail, so a newcomer sees the choice made.

Ana keeps the default, "soon": what waits for her is mailed within a quarter of an
hour, never at night in Manchester. Ben, who reads his mail once a day in Toronto,
chose "daily": his comes at 08:00 there. Both choices show on
/settings/notifications/. The mails themselves go out from `rapport worker`'s
five-minute schedule, which `rapport demo` runs in its own process: they are printed
on its console.
"""

from __future__ import annotations

import datetime as dt

from rapport.members.models import Member
from rapport.notifications.models import Frequency
from rapport.notifications.services import notification_frequency_set

CHOICES = (("ana", Frequency.SOON), ("ben", Frequency.DAILY))


def seed(*, members: dict[str, Member], now: dt.datetime) -> None:
    """Called once by the demo seed after the community exists."""
    for username, frequency in CHOICES:
        if username in members:
            notification_frequency_set(member=members[username], frequency=frequency)
