"""``iso_time`` and ``day_month_year_time`` (rapport/web/templatetags/rapport_times.py)
write what Django's ``date`` filter writes, in the current time zone."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import timezone

TIMES = [
    dt.datetime(2026, 3, 4, 5, 6, 7, 8, tzinfo=dt.UTC),
    dt.datetime(2026, 12, 31, 23, 59, tzinfo=dt.UTC),
    dt.datetime(2027, 1, 1, 0, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Tokyo")),
]


def _render(source: str, value) -> str:
    return Template("{% load rapport_times %}" + source).render(Context({"t": value}))


@pytest.mark.parametrize("value", TIMES)
@pytest.mark.parametrize("zone", ["UTC", "Europe/Paris", "America/Los_Angeles"])
def test_the_same_text_as_djangos_date_filter(value, zone):
    with timezone.override(zoneinfo.ZoneInfo(zone)):
        assert _render("{{ t|iso_time }}", value) == _render("{{ t|date:'c' }}", value)
        assert _render("{{ t|day_month_year_time }}", value) == _render(
            '{{ t|date:"j M Y, H:i" }}', value
        )


def test_no_time_gives_nothing_as_the_date_filter_does():
    for value in (None, ""):
        assert _render("{{ t|iso_time }}|{{ t|day_month_year_time }}", value) == "|"
