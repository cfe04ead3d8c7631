"""When a notification mail may go: the wait, the night, the morning, the hourly limit.

Pure Python over aware datetimes and ``tzinfo`` objects, so the arithmetic across
time zones and clock changes is tested alone (tests/notifications/test_rhythm.py).

- **The wait.** A thing is mailed only once it has waited ``WAIT`` unseen: two
  members writing to each other live never get mail, and a message read within
  the wait is never mailed.
- **Soon** (the default): the first mail within about a quarter of an hour (the wait,
  then the next five-minute run), then at most one an hour, and none at night,
  21:00 to 08:00 on the member's own clock; what arrives at night waits for the morning.
- **Daily**: one mail in the hour after 08:00 on the member's clock, when something is
  new. A morning missed for that whole hour (the worker down) skips that day's mail.
- **Off**: none.
"""

from __future__ import annotations

import datetime as dt

SOON = "soon"
DAILY = "daily"
OFF = "off"
FREQUENCIES = (SOON, DAILY, OFF)

# How long a thing waits unseen before it is worth a mail.
WAIT = dt.timedelta(minutes=10)
# The least time between two "soon" mails: a conversation that goes on while the member
# is away makes one mail an hour, not one a message.
SOON_AT_MOST_EVERY = dt.timedelta(hours=1)
# Nothing older than this is mailed about, whatever the member's last mail: a member who
# turns mail back on, or a new instance, is not sent the history. Enough for a daily
# mail to cover all since the last one: a day of the member's, 25 hours when the clocks
# go back, 27 when a zone moves by three (Antarctica/Casey did, more than once), and the
# wait. No more, since the five-minute search for who has something waiting reads all
# that began to wait this recently.
LOOKBACK = dt.timedelta(hours=28)

MORNING = dt.time(8, 0)  # the night ends, and the daily mail goes
NIGHT = dt.time(21, 0)  # the night begins
DAILY_HOUR = dt.timedelta(hours=1)  # the daily mail goes within this after MORNING


def local(moment: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    """``moment`` on the clock of ``zone``."""
    return moment.astimezone(zone)


def is_night(moment: dt.datetime, zone: dt.tzinfo) -> bool:
    """Whether ``moment`` falls between 21:00 and 08:00 on the clock of ``zone``."""
    clock = local(moment, zone).time()
    return not (MORNING <= clock < NIGHT)


def in_daily_hour(moment: dt.datetime, zone: dt.tzinfo) -> bool:
    """Whether ``moment`` falls in the hour from 08:00 on the clock of ``zone``."""
    wall = local(moment, zone)
    morning = dt.datetime.combine(wall.date(), MORNING)
    return morning <= wall.replace(tzinfo=None) < morning + DAILY_HOUR


def mail_may_go(
    *, frequency: str, now: dt.datetime, zone: dt.tzinfo, last_sent_at: dt.datetime | None
) -> bool:
    """Whether a member with this ``frequency``, in ``zone``, whose last notification
    mail went at ``last_sent_at`` (None: never), may be mailed at ``now``, if something
    new waits for them."""
    if frequency == SOON:
        if is_night(now, zone):
            return False
        return last_sent_at is None or now - last_sent_at >= SOON_AT_MOST_EVERY
    if frequency == DAILY:
        if not in_daily_hour(now, zone):
            return False
        return last_sent_at is None or local(last_sent_at, zone).date() < local(now, zone).date()
    return False


def window_start(*, now: dt.datetime, covered_until: dt.datetime | None) -> dt.datetime:
    """The moment after which things count as new: the end of what the last mail
    covered, but never more than ``LOOKBACK`` ago."""
    oldest = now - LOOKBACK
    return oldest if covered_until is None else max(oldest, covered_until)
