"""When a notification mail may go, across every time zone and its clock changes.

Each property drives ``mail_may_go`` as the worker does, every five minutes, with
something always waiting, and looks at when the mails went on the member's own clock.
"""

from __future__ import annotations

import datetime as dt
import itertools
import zoneinfo

from hypothesis import example, given, settings
from hypothesis import strategies as st

from rapport.members.time_zones import time_zone_names
from rapport.notifications import rhythm

TICK = dt.timedelta(minutes=5)
ZONES = sorted(time_zone_names())
# Clock changes happen in March-April and October-November in most zones: the
# strategy reaches them as often as any other day.
MOMENTS = st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2036, 12, 31)).map(
    lambda naive: naive.replace(tzinfo=dt.UTC)
)


def _mails(frequency: str, zone: dt.tzinfo, start: dt.datetime, days: int) -> list[dt.datetime]:
    sent: list[dt.datetime] = []
    now = start
    while now < start + dt.timedelta(days=days):
        last = sent[-1] if sent else None
        if rhythm.mail_may_go(frequency=frequency, now=now, zone=zone, last_sent_at=last):
            sent.append(now)
        now += TICK
    return sent


@settings(max_examples=150, deadline=None)
@given(zone_name=st.sampled_from(ZONES), start=MOMENTS)
def test_soon_never_mails_at_night_nor_twice_within_the_hour(zone_name, start):
    zone = zoneinfo.ZoneInfo(zone_name)
    sent = _mails(rhythm.SOON, zone, start, days=2)

    assert sent, "two days without a single daytime moment"
    for moment in sent:
        assert rhythm.MORNING <= moment.astimezone(zone).time() < rhythm.NIGHT
    for earlier, later in itertools.pairwise(sent):
        assert later - earlier >= rhythm.SOON_AT_MOST_EVERY
        # Nothing kept waiting longer than the hour unless the night came between.
        if later - earlier > rhythm.SOON_AT_MOST_EVERY:
            assert rhythm.is_night(later - TICK, zone)


@settings(max_examples=150, deadline=None)
@given(zone_name=st.sampled_from(ZONES), start=MOMENTS)
# Three hours back in a night (+11 to +8): the longest day there is since 2000.
@example(zone_name="Antarctica/Casey", start=dt.datetime(2010, 3, 3, tzinfo=dt.UTC))
# Samoa skipped 30 December 2011, crossing the date line.
@example(zone_name="Pacific/Apia", start=dt.datetime(2011, 12, 28, tzinfo=dt.UTC))
def test_daily_mails_once_a_local_day_in_the_hour_after_eight(zone_name, start):
    zone = zoneinfo.ZoneInfo(zone_name)
    sent = _mails(rhythm.DAILY, zone, start, days=4)

    local_days = [moment.astimezone(zone).date() for moment in sent]
    assert len(local_days) == len(set(local_days)), "two mails on one day"
    for moment in sent:
        wall = moment.astimezone(zone).time()
        assert rhythm.MORNING <= wall < dt.time(9, 0), moment.astimezone(zone)
    # A mail every day, about a day apart (a clock change, or a zone moving across the
    # date line as Samoa did in 2011, moves it by hours, never by a day), and never so far
    # apart that what began to wait just after one mail is older than the lookback at
    # the next: a daily mail covers everything since the last.
    assert len(sent) >= 3
    for earlier, later in itertools.pairwise(sent):
        assert later - earlier >= dt.timedelta(hours=20)
        assert later - earlier + rhythm.WAIT <= rhythm.LOOKBACK


@settings(max_examples=200, deadline=None)
@given(zone_name=st.sampled_from(ZONES), moment=MOMENTS)
def test_night_is_read_on_the_members_own_wall_clock(zone_name, moment):
    zone = zoneinfo.ZoneInfo(zone_name)
    wall_hour = zone.fromutc(moment.replace(tzinfo=zone)).hour  # not through astimezone
    assert rhythm.is_night(moment, zone) == (wall_hour >= 21 or wall_hour < 8)


@given(moment=MOMENTS)
def test_off_never_mails(moment):
    assert not rhythm.mail_may_go(frequency=rhythm.OFF, now=moment, zone=dt.UTC, last_sent_at=None)


@given(
    now=MOMENTS,
    covered_ago=st.one_of(
        st.none(), st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=30))
    ),
)
def test_the_window_starts_at_the_last_mail_but_never_before_the_lookback(now, covered_ago):
    covered = None if covered_ago is None else now - covered_ago
    start = rhythm.window_start(now=now, covered_until=covered)
    assert now - rhythm.LOOKBACK <= start <= now
    if covered is not None and covered_ago <= rhythm.LOOKBACK:
        assert start == covered
