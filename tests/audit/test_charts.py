"""The two charts: bars a reader can check, labels they can read, words for a screen reader."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from hypothesis import given
from hypothesis import strategies as st

from rapport.audit.charts import (
    LayerBar,
    MonthBar,
    circles_chart_svg,
    months_chart_svg,
    nice_ceiling,
)


def _parse(svg: str) -> ET.Element:
    # The markup is HTML-inline SVG (no xmlns); it is also well-formed XML.
    return ET.fromstring(svg)


def _texts(root: ET.Element) -> list[str]:
    return [text.text or "" for text in root.iter("text")]


def test_circles_put_each_found_size_beside_dunbars_layer():
    bars = [LayerBar(5, 4), LayerBar(15, 17), LayerBar(50, 60), LayerBar(150, None)]

    root = _parse(circles_chart_svg(bars))

    assert root.get("role") == "img"
    assert root.find("title").text == "Your circles beside Dunbar's layers"
    desc = root.find("desc").text
    assert "4 for the 5, 17 for the 15, 60 for the 50, none for the 150" in desc
    labels = _texts(root)
    for expected in ("4", "5", "17", "15", "60", "50", "none", "150", "the 5", "the 150"):
        assert expected in labels
    rects = [rect for rect in root.iter("rect") if rect.find("title") is not None]
    assert len(rects) == 8  # two bars per layer
    heights = {rect.find("title").text: float(rect.get("height")) for rect in rects}
    # Log scale: 60 stands taller than 50, 17 than 15, and none has no height.
    assert heights["The 50, found in your history: 60"] > heights["The 50, Dunbar's layer: 50"]
    assert heights["The 15, found in your history: 17"] > heights["The 15, Dunbar's layer: 15"]
    assert heights["The 150, found in your history: none"] == 0


def test_months_draw_one_bar_per_month_with_its_figure():
    months = [MonthBar(2025, m, m % 3) for m in range(1, 13)] + [MonthBar(2026, 1, 9)]

    root = _parse(months_chart_svg(months))

    bars = [rect for rect in root.iter("rect") if rect.find("title") is not None]
    assert len(bars) == sum(1 for month in months if month.conversations)
    assert {bar.find("title").text for bar in bars} >= {"January 2026: 9", "February 2025: 2"}
    assert "2025" in _texts(root) and "2026" in _texts(root)
    assert "busiest month was January 2026 with 9" in root.find("desc").text
    tallest = max(bars, key=lambda bar: float(bar.get("height")))
    assert tallest.find("title").text == "January 2026: 9"


def test_no_months_is_said_in_words():
    root = _parse(months_chart_svg([]))

    assert root.find("desc").text == "No conversations yet."


def test_charts_carry_no_style_script_or_link():
    """They go into a page under a strict Content-Security-Policy and into an offline file."""
    svg = circles_chart_svg([LayerBar(5, 3)]) + months_chart_svg([MonthBar(2026, 5, 1)])

    for forbidden in ("style=", "<script", "href", "url(", "xmlns", "<style"):
        assert forbidden not in svg


@given(st.lists(st.integers(min_value=0, max_value=100_000), min_size=1, max_size=300))
def test_every_bar_fits_the_chart(counts):
    months = [MonthBar(2000 + n // 12, n % 12 + 1, c) for n, c in enumerate(counts)]

    root = _parse(months_chart_svg(months))

    width, height = (float(v) for v in root.get("viewBox").split()[2:])
    for rect in root.iter("rect"):
        x, y = float(rect.get("x")), float(rect.get("y"))
        assert x >= 0 and x + float(rect.get("width")) <= width + 0.1
        assert y >= 0 and y + float(rect.get("height")) <= height + 0.1


@given(st.integers(min_value=0, max_value=10**9))
def test_the_scale_always_reaches_the_top(value):
    top = nice_ceiling(value)

    assert top >= max(value, 1)
    assert top < max(value, 1) * 2.5 + 1
    assert str(top).lstrip("125").strip("0") == ""
