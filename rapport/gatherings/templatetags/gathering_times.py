"""A gathering's times as its pages and mails tell them: at the place, then the
reader's own when their clock reads otherwise.

A gathering with a zone of its own (``Gathering.time_zone``) is told in it, named for
people ("19:00 Lisbon time"), and beside it the reader's time, in the current zone (the
signed-in member's, or the one ``member_time_zone`` set for mail), only when that clock
shows another time: a reader in London needs no second line for a dinner in Lisbon. A
gathering with none is told in the reader's zone alone, as it always was. Nothing here
reads the database.
"""

from __future__ import annotations

from django import template
from django.utils import dateformat, timezone

from rapport.gatherings.models import Gathering
from rapport.gatherings.place_times import TimeAtThePlace, time_at_the_place
from rapport.members.time_zones import time_zone_label

register = template.Library()


@register.simple_tag(name="time_at_the_place")
def time_at_the_place_tag(gathering: Gathering) -> TimeAtThePlace | None:
    """``{% time_at_the_place gathering as at_place %}``."""
    return _at_place(gathering)


def _at_place(gathering: Gathering) -> TimeAtThePlace | None:
    return time_at_the_place(gathering.time_zone, gathering.starts_at, gathering.ends_at)


@register.simple_tag
def gathering_start_in_words(gathering: Gathering, *, year: bool = False) -> str:
    """When it starts, for a mail's sentence: "Friday 6 November, 19:00 Lisbon time
    (14:00 your time, New York)", or for a gathering with no zone, in the reader's
    alone: "Thursday 5 November, 18:30 EST, your time (New York)". With ``year`` the
    day says its year, for an invitation that may be months ahead."""
    day = "l j F Y" if year else "l j F"
    yours = timezone.localtime(gathering.starts_at)
    your_zone = time_zone_label(timezone.get_current_timezone_name())
    at_place = _at_place(gathering)
    if at_place is None:
        return f"{dateformat.format(yours, f'{day}, H:i T')}, your time ({your_zone})"
    said = f"{dateformat.format(at_place.starts_at, f'{day}, H:i')} {at_place.zone} time"
    if not at_place.yours_differs:
        return said
    your_time = dateformat.format(yours, f"{day}, H:i" if at_place.your_day_differs else "H:i")
    return f"{said} ({your_time} your time, {your_zone})"
