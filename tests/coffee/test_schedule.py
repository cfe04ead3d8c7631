"""A pair's hold falls in both members' working day, each in their own time zone.

Dates are passed, not frozen: the hold depends on nothing but its arguments. The
round of Monday 2 November 2026 suggests Thursday 5 November, after both Europe and
North America left summer time; Thursday 12 March 2026 falls between the United
States' change (8 March) and Europe's (29 March).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rapport.coffee.schedule import (
    WORKDAY_ENDS,
    WORKDAY_STARTS,
    hold_day,
    pair_hold_starts_at,
)

WINTER = dt.date(2026, 11, 5)
US_SUMMER_EU_WINTER = dt.date(2026, 3, 12)
# Both on summer time, and Europe back on winter time while the US is not (25 Oct to
# 1 Nov 2026).
SUMMER = dt.date(2026, 6, 4)
EU_WINTER_US_SUMMER = dt.date(2026, 10, 29)


def _local(instant: dt.datetime, zone: str) -> dt.datetime:
    return instant.astimezone(zoneinfo.ZoneInfo(zone))


def _shown(instant: dt.datetime, zone: str) -> str:
    return f"{_local(instant, zone):%a %H:%M}"


def _inside_working_day(instant: dt.datetime, zone: str) -> bool:
    local = _local(instant, zone)
    ends = local + dt.timedelta(minutes=30)
    return local.time() >= WORKDAY_STARTS and ends.time() <= WORKDAY_ENDS and ends.day == local.day


def test_the_hold_is_the_thursday_of_the_rounds_week():
    assert hold_day(dt.date(2026, 11, 2)) == WINTER
    assert WINTER.weekday() == 3


@pytest.mark.parametrize("zone", ["UTC", "Europe/Lisbon", "Asia/Tokyo", "America/Toronto"])
def test_a_pair_in_one_zone_meets_at_ten_their_time(zone):
    for day in (WINTER, US_SUMMER_EU_WINTER, SUMMER):
        starts = pair_hold_starts_at(zone, zone, thursday=day)

        assert _local(starts, zone).replace(tzinfo=None) == dt.datetime.combine(day, dt.time(10, 0))


def test_toronto_and_manchester_meet_in_both_working_days():
    starts = pair_hold_starts_at("America/Toronto", "Europe/London", thursday=WINTER)

    # 10:00 for both is impossible; 10:00 in Toronto is the earliest at or after ten for both.
    assert starts == dt.datetime(2026, 11, 5, 15, 0, tzinfo=dt.UTC)
    assert _shown(starts, "America/Toronto") == "Thu 10:00"
    assert _shown(starts, "Europe/London") == "Thu 15:00"


@pytest.mark.parametrize("day", [US_SUMMER_EU_WINTER, EU_WINTER_US_SUMMER])
def test_while_only_one_side_is_on_summer_time_the_hold_follows_the_clocks(day):
    """Four hours apart for those weeks instead of five: 10:00 in Toronto is 14:00 in
    Manchester, an hour earlier in UTC than in winter."""
    starts = pair_hold_starts_at("America/Toronto", "Europe/London", thursday=day)

    assert starts == dt.datetime.combine(day, dt.time(14, 0), dt.UTC)
    assert _shown(starts, "America/Toronto") == "Thu 10:00"
    assert _shown(starts, "Europe/London") == "Thu 14:00"


def test_tokyo_and_los_angeles_meet_across_the_date_line():
    """Seventeen hours apart: Los Angeles' late afternoon is Tokyo's next morning, so
    a half hour inside both working days exists, on Wednesday in Los Angeles."""
    starts = pair_hold_starts_at("Asia/Tokyo", "America/Los_Angeles", thursday=WINTER)

    assert _shown(starts, "Asia/Tokyo") == "Thu 10:00"
    assert _shown(starts, "America/Los_Angeles") == "Wed 17:00"
    assert _inside_working_day(starts, "Asia/Tokyo")
    assert _inside_working_day(starts, "America/Los_Angeles")


def test_in_summer_tokyo_and_los_angeles_have_one_half_hour_left():
    starts = pair_hold_starts_at("Asia/Tokyo", "America/Los_Angeles", thursday=SUMMER)

    assert _shown(starts, "Asia/Tokyo") == "Thu 09:00"
    assert _shown(starts, "America/Los_Angeles") == "Wed 17:00"


def test_tokyo_and_new_york_share_no_working_half_hour_and_split_the_difference():
    """Fourteen hours apart, ten round the clock: two hours short of a common half hour.
    Each is one hour outside their day, rather than one of them four in the morning."""
    starts = pair_hold_starts_at("Asia/Tokyo", "America/New_York", thursday=WINTER)

    assert _shown(starts, "Asia/Tokyo") == "Thu 08:00"
    assert _shown(starts, "America/New_York") == "Wed 18:00"


def test_tokyo_and_lisbon_in_winter_are_each_half_an_hour_outside():
    """Nine hours apart in winter (the old 10:00 UTC was 19:00 in Tokyo), eight in summer."""
    winter = pair_hold_starts_at("Asia/Tokyo", "Europe/Lisbon", thursday=WINTER)
    summer = pair_hold_starts_at("Asia/Tokyo", "Europe/Lisbon", thursday=SUMMER)

    assert (_shown(winter, "Asia/Tokyo"), _shown(winter, "Europe/Lisbon")) == (
        "Thu 17:30",
        "Thu 08:30",
    )
    assert (_shown(summer, "Asia/Tokyo"), _shown(summer, "Europe/Lisbon")) == (
        "Thu 17:00",
        "Thu 09:00",
    )


def test_zones_may_be_given_as_tzinfo():
    tokyo, london = zoneinfo.ZoneInfo("Asia/Tokyo"), zoneinfo.ZoneInfo("Europe/London")

    assert pair_hold_starts_at(tokyo, london, thursday=WINTER) == pair_hold_starts_at(
        "Asia/Tokyo", "Europe/London", thursday=WINTER
    )


# --- properties -----------------------------------------------------------------------

# Zones that make the rule work: both hemispheres' summer times, offsets of half and
# three quarters of an hour, both sides of the date line, and 26 hours between the
# furthest two (no instant is Thursday in both Kiritimati and Pago Pago).
ZONES = [
    "UTC",
    "Europe/London",
    "Europe/Lisbon",
    "Europe/Berlin",
    "America/Toronto",
    "America/New_York",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "America/St_Johns",
    "Asia/Tokyo",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Australia/Adelaide",
    "Australia/Eucla",
    "Australia/Lord_Howe",
    "Pacific/Auckland",
    "Pacific/Chatham",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
]
zones = st.sampled_from(ZONES)
# Any Thursday from 2024 to 2035, each week's clock changes included.
thursdays = st.integers(min_value=0, max_value=52 * 12).map(
    lambda week: dt.date(2024, 1, 4) + dt.timedelta(weeks=week)
)


@given(a=zones, b=zones, day=thursdays)
def test_the_hold_is_on_the_thursday_on_a_half_hour_for_someone_and_symmetric(a, b, day):
    starts = pair_hold_starts_at(a, b, thursday=day)

    assert starts == pair_hold_starts_at(b, a, thursday=day)
    assert any(_local(starts, zone).date() == day for zone in (a, b))
    assert any(
        _local(starts, zone).minute % 30 == 0 and _local(starts, zone).second == 0
        for zone in (a, b)
    )


@given(a=zones, b=zones, day=thursdays)
def test_when_the_working_days_overlap_the_hold_is_inside_both(a, b, day):
    """Two starts from 09:00 to 17:00 overlap when the clocks are at most eight hours
    apart, round the clock (Tokyo and Los Angeles: 17 hours one way, 7 the other): 09:00
    on Thursday for the one behind is a candidate, and at most 17:00 for the other."""
    noon = dt.datetime.combine(day, dt.time(12, 0), dt.UTC)
    apart = abs(_local(noon, a).utcoffset() - _local(noon, b).utcoffset()) % dt.timedelta(days=1)
    apart = min(apart, dt.timedelta(days=1) - apart)
    starts = pair_hold_starts_at(a, b, thursday=day)

    if apart <= dt.timedelta(hours=8):
        assert _inside_working_day(starts, a) and _inside_working_day(starts, b)
