"""A gathering's times at its place: the zone its host chose for it to be shown in,
and whether the reader's own clock reads otherwise. The pages and mails tell it through
``templatetags/gathering_times.py``, the home page's invitations from their own query."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.templatetags.tz import do_timezone
from django.utils import timezone

from rapport.members.time_zones import time_zone_label, zone_named


@dataclass(frozen=True)
class TimeAtThePlace:
    # The place's zone as the profile's menu names it: "Lisbon".
    zone: str
    # In the place's zone; the ``date`` filter shows them as they are.
    starts_at: dt.datetime
    ends_at: dt.datetime
    # The reader's clock shows another time than the place's, at the start or the end.
    yours_differs: bool
    # The reader's start falls on another day than the place's.
    your_day_differs: bool
    # It ends on another day than it starts, at the place.
    ends_another_day: bool


def time_at_the_place(
    time_zone: str, starts_at: dt.datetime, ends_at: dt.datetime
) -> TimeAtThePlace | None:
    """A gathering's times at its place (``time_zone``, its own), for the reader in the
    current zone; None for a gathering with no zone of its own. Plain values, not the
    gathering: the home page has them from its one query, without the model.

    The place's times come through ``do_timezone`` (the ``timezone`` filter's own), so
    a template's ``date`` filter shows them as they are, not in the reader's zone."""
    if not time_zone:
        return None
    place = zone_named(time_zone)
    starts, ends = do_timezone(starts_at, place), do_timezone(ends_at, place)
    yours_starts, yours_ends = timezone.localtime(starts_at), timezone.localtime(ends_at)
    return TimeAtThePlace(
        zone=time_zone_label(time_zone),
        starts_at=starts,
        ends_at=ends,
        yours_differs=(
            starts.utcoffset() != yours_starts.utcoffset()
            or ends.utcoffset() != yours_ends.utcoffset()
        ),
        your_day_differs=starts.date() != yours_starts.date(),
        ends_another_day=starts.date() != ends.date(),
    )
