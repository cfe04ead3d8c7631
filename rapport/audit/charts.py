"""The audit's two charts, drawn on the server as SVG text.

One string serves the page and the downloadable report alike: no script, no
stylesheet, no reference to anything outside it (colours are presentation
attributes, text inherits the page's font). Each chart is an ``<svg role="img">``
with a ``<title>`` and a ``<desc>`` that says in words what the bars show, every
bar carries its number as a text label, and the page also gives the figures as a
table, so nothing depends on seeing the picture.

Pure: plain numbers in, markup out; every text is escaped.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from rapport.keeper.yearly import MONTHS as MONTH_NAMES

INK = "#1b1f24"
INK_SOFT = "#4a525c"
GRID = "#d3d7dd"
YOURS = "#0b5cad"
DUNBAR = "#8d99a6"


@dataclass(frozen=True)
class LayerBar:
    """One of Dunbar's layers: its number (5, 15, 50, 150) and the size found for it
    in the member's history (inclusive; None when no circle reads as that layer)."""

    layer: int
    found: int | None


@dataclass(frozen=True)
class MonthBar:
    year: int
    month: int
    conversations: int

    @property
    def label(self) -> str:
        return f"{MONTH_NAMES[self.month - 1]} {self.year}"


def _number(value: float) -> str:
    """Coordinates with one decimal at most, never in an exponent form."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _attrs(**values: object) -> str:
    parts = []
    for key, value in values.items():
        name = key.rstrip("_").replace("_", "-")
        shown = _number(value) if isinstance(value, float) else str(value)
        parts.append(f'{name}="{escape(shown)}"')
    return " ".join(parts)


def _text(x: float, y: float, content: str, **extra: object) -> str:
    return f"<text {_attrs(x=x, y=y, **extra)}>{escape(content)}</text>"


def _open_svg(*, ident: str, width: int, height: int, title: str, desc: str) -> list[str]:
    return [
        f'<svg class="audit-chart" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-labelledby="{ident}-title {ident}-desc">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(desc)}</desc>',
    ]


# --- Circle sizes against Dunbar's layers ---------------------------------------------

CIRCLES_WIDTH = 640
CIRCLES_HEIGHT = 320


def _log_height(value: float, *, top: float, span: float) -> float:
    """Height of a bar on a log scale where 0 has none and ``top`` fills ``span``:
    log10(value + 1), so a circle of one person still shows."""
    if value <= 0:
        return 0.0
    return span * math.log10(value + 1) / math.log10(top + 1)


def circles_chart_svg(bars: Sequence[LayerBar], *, ident: str = "audit-circles") -> str:
    """Bars side by side for each of Dunbar's layers: the size found in the member's
    history, then Dunbar's number. A log scale, because the layers grow about
    threefold each and an imported network can run to thousands."""
    left, right, top_margin, bottom = 60.0, 16.0, 52.0, 44.0
    plot_w = CIRCLES_WIDTH - left - right
    plot_h = CIRCLES_HEIGHT - top_margin - bottom
    base = CIRCLES_HEIGHT - bottom
    largest = max([150, *(bar.found or 0 for bar in bars)])
    top = 10 ** math.ceil(math.log10(largest))
    found_words = ", ".join(
        f"{bar.found if bar.found is not None else 'none'} for the {bar.layer}" for bar in bars
    )
    out = _open_svg(
        ident=ident,
        width=CIRCLES_WIDTH,
        height=CIRCLES_HEIGHT,
        title="Your circles beside Dunbar's layers",
        desc=(
            f"Bars on a log scale, one pair per layer. Found in your history: {found_words}. "
            "Dunbar's layers hold about 5, 15, 50 and 150 people, each counting those inside."
        ),
    )
    tick = 1
    while tick <= top:
        y = base - _log_height(tick, top=top, span=plot_h)
        out.append(
            f"<line {_attrs(x1=left, y1=y, x2=CIRCLES_WIDTH - right, y2=y)} "
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        out.append(
            _text(left - 8, y + 4, f"{tick:,}", text_anchor="end", font_size=11, fill=INK_SOFT)
        )
        tick *= 10
    out.append(
        _text(
            14,
            top_margin + plot_h / 2,
            "people (log scale)",
            text_anchor="middle",
            font_size=11,
            fill=INK_SOFT,
            transform=f"rotate(-90 14 {_number(top_margin + plot_h / 2)})",
        )
    )
    group_w = plot_w / max(len(bars), 1)
    bar_w = min(44.0, group_w / 3)
    for index, bar in enumerate(bars):
        centre = left + group_w * (index + 0.5)
        for offset, value, fill, who in (
            (-bar_w - 2, bar.found, YOURS, "found in your history"),
            (2.0, bar.layer, DUNBAR, "Dunbar's layer"),
        ):
            x = centre + offset
            height = _log_height(value or 0, top=top, span=plot_h)
            shown = "none" if value is None else f"{value:,}"
            out.append(
                f"<rect {_attrs(x=x, y=base - height, width=bar_w, height=height)} "
                f'fill="{fill}"><title>{escape(f"The {bar.layer}, {who}: {shown}")}</title></rect>'
            )
            out.append(
                _text(
                    x + bar_w / 2,
                    base - height - 5,
                    shown,
                    text_anchor="middle",
                    font_size=12,
                    font_weight="bold" if fill == YOURS else "normal",
                    fill=INK,
                )
            )
        out.append(
            _text(
                centre, base + 18, f"the {bar.layer}", text_anchor="middle", font_size=12, fill=INK
            )
        )
    out.append(
        f"<line {_attrs(x1=left, y1=base, x2=CIRCLES_WIDTH - right, y2=base)} "
        f'stroke="{INK_SOFT}" stroke-width="1"/>'
    )
    legend_y = 18.0
    for x, fill, words in (
        (left, YOURS, "Found in your history"),
        (left + 190, DUNBAR, "Dunbar's layer"),
    ):
        out.append(f'<rect {_attrs(x=x, y=legend_y - 10, width=12, height=12)} fill="{fill}"/>')
        out.append(_text(x + 18, legend_y, words, font_size=12, fill=INK))
    out.append("</svg>")
    return "".join(out)


# --- Conversations per month ------------------------------------------------------

MONTHS_WIDTH = 720
MONTHS_HEIGHT = 260
YEAR_LABEL_SPACING = 44.0
"""Least room (SVG units) between two year labels; years are skipped to keep it."""
YEAR_LABEL_MIN_ROOM = 28.0
"""A partly drawn year (the first or the last) gets a label only with this much room."""


def nice_ceiling(value: int) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50, ... at or above ``value`` (at least 1)."""
    if value <= 1:
        return 1
    magnitude: int = 10 ** len(str(value)) // 10  # the power of ten at or below value
    for step in (1, 2, 5, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude  # pragma: no cover - the loop always returns


def months_chart_svg(months: Sequence[MonthBar], *, ident: str = "audit-months") -> str:
    """One bar per month, oldest on the left, a year label under each January (every
    second or fifth year when they would crowd)."""
    left, right, top_margin, bottom = 52.0, 16.0, 24.0, 40.0
    plot_w = MONTHS_WIDTH - left - right
    plot_h = MONTHS_HEIGHT - top_margin - bottom
    base = MONTHS_HEIGHT - bottom
    total = sum(month.conversations for month in months)
    if months:
        busiest = max(months, key=lambda month: (month.conversations, month.year, month.month))
        desc = (
            f"One bar per month from {months[0].label} to {months[-1].label}: "
            f"{total:,} conversations in all; the busiest month was {busiest.label} "
            f"with {busiest.conversations:,}."
        )
    else:
        desc = "No conversations yet."
    out = _open_svg(
        ident=ident,
        width=MONTHS_WIDTH,
        height=MONTHS_HEIGHT,
        title="Conversations per month",
        desc=desc,
    )
    peak = nice_ceiling(max((month.conversations for month in months), default=0))
    for value in sorted({0, peak // 2, peak} if peak >= 2 else {0, peak}):
        y = base - plot_h * value / peak
        out.append(
            f"<line {_attrs(x1=left, y1=y, x2=MONTHS_WIDTH - right, y2=y)} "
            f'stroke="{GRID if value else INK_SOFT}" stroke-width="1"/>'
        )
        out.append(
            _text(left - 8, y + 4, f"{value:,}", text_anchor="end", font_size=11, fill=INK_SOFT)
        )
    slot = plot_w / max(len(months), 1)
    year_w = slot * 12
    every = 1
    while year_w * every < YEAR_LABEL_SPACING:
        every = {1: 2, 2: 5}.get(every, every * 2)
    for index, month in enumerate(months):
        x = left + slot * index
        height = plot_h * month.conversations / peak
        if month.conversations:
            box = _attrs(
                x=x + slot * 0.1, y=base - height, width=max(slot * 0.8, 1.0), height=height
            )
            out.append(
                f'<rect {box} fill="{YOURS}">'
                f"<title>{escape(f'{month.label}: {month.conversations:,}')}</title></rect>"
            )
        if month.month == 1 or index == 0:
            # The year's label sits under the months of it that are drawn.
            span = slot * min(13 - month.month, len(months) - index)
            out.append(
                f"<line {_attrs(x1=x, y1=base, x2=x, y2=base + 5)} "
                f'stroke="{INK_SOFT}" stroke-width="1"/>'
            )
            if month.year % every == 0 and span >= YEAR_LABEL_MIN_ROOM:
                out.append(
                    _text(
                        x + span / 2,
                        base + 20,
                        str(month.year),
                        text_anchor="middle",
                        font_size=11,
                        fill=INK,
                    )
                )
    out.append("</svg>")
    return "".join(out)
