"""Times on the busiest lists, formatted directly: what ``date:'c'`` and
``date:"j M Y, H:i"`` give, at a fifth of the cost.

Django's ``date`` filter parses its format string and builds a formatter object for
every value; a conversation page shows up to 200 messages with two times each, and the
filter was a third of its rendering (docs/benchmarks.md, "Load"). Like ``date``, both
filters first move an aware time to the current time zone. tests/web/test_times.py
holds them to Django's filter.

And the current time zone's name for people (``current_time_zone_label``), the one the
profile's menu uses, wherever a page or a mail names the zone its times are in.
"""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone

from rapport.members.time_zones import time_zone_label

register = template.Library()

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@register.filter(expects_localtime=True)
def iso_time(value: dt.datetime | None) -> str:
    """``date:'c'``: ``2026-03-04T05:06:07.000008+00:00``."""
    if not isinstance(value, dt.datetime):
        return ""
    return value.isoformat()


@register.filter(expects_localtime=True)
def day_month_year_time(value: dt.datetime | None) -> str:
    """``date:"j M Y, H:i"``: ``4 Mar 2026, 05:06``."""
    if not isinstance(value, dt.datetime):
        return ""
    return (
        f"{value.day} {MONTHS[value.month - 1]} {value.year}, {value.hour:02d}:{value.minute:02d}"
    )


@register.simple_tag
def current_time_zone_label() -> str:
    """The current zone (the member's, or the one ``member_time_zone`` set for mail),
    named as the profile's menu names it: ``{% current_time_zone_label %}``."""
    return time_zone_label(timezone.get_current_timezone_name())
