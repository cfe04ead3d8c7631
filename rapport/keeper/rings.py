"""The picture of a member's circles: where each person's dot goes, in plain numbers.

A pure function, so the geometry is tested alone: people in (id, name, circle, how
overdue), positioned dots out. The template turns the result into SVG.

The rings grow with what they hold instead of having fixed radii: a ring is as many
rows of dots as its people need, each row a circle whose circumference leaves one
``SPACING`` between neighbours, and rows one ``SPACING`` apart. So no two dots are
ever closer than ``SPACING`` (more than their diameter), whether the 150 holds 20
people or 400, and the picture simply grows (the SVG scales to the page).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapport.keeper.vocabulary import Circle

DOT_RADIUS = 7.0
SPACING = 20.0  # centre to centre: the diameter (14) plus a gap of 6
BAND_PAD = 6.0  # between a ring's boundary and its nearest row of dots
EMPTY_BAND = 26.0  # the width of a ring with nobody in it, so it still shows
YOU_RADIUS = 12.0  # the owner, at the centre
LABEL_FONT = 12.0
MARGIN = 8.0
ACQUAINTANCES_DRAWN = 60  # beyond this the outer band says how many more there are

# Inside out. "past" is not drawn.
DRAWN_CIRCLES = [*Circle.layered, Circle.ACQUAINTANCE]
RING_LABELS = {
    Circle.SUPPORT: "5",
    Circle.SYMPATHY: "15",
    Circle.FIFTY: "50",
    Circle.HUNDRED_FIFTY: "150",
    Circle.ACQUAINTANCE: "Acquaintances",
}

# How overdue, from the ratio of time since the last contact to the cadence.
ON_TIME = "on_time"
DUE_SOON = "due_soon"
OVERDUE = "overdue"
LONG_OVERDUE = "long_overdue"
NO_CADENCE = "no_cadence"
DUE_SOON_FROM = 0.8  # the last fifth of the cadence
LONG_OVERDUE_FROM = 2.0  # a whole cadence late
STATE_LABELS = {
    ON_TIME: "On time",
    DUE_SOON: "Due soon",
    OVERDUE: "Overdue",
    LONG_OVERDUE: "Long overdue",
    NO_CADENCE: "No keep-in-touch cadence",
}
STATES = [ON_TIME, DUE_SOON, OVERDUE, LONG_OVERDUE, NO_CADENCE]


@dataclass(frozen=True)
class RingPerson:
    person_id: int
    name: str
    circle: str
    # Time since the last contact over the cadence (1.0: due today, more: overdue);
    # None: no cadence.
    overdue_ratio: float | None


@dataclass(frozen=True)
class Dot:
    person_id: int
    name: str
    circle: str
    state: str
    x: float
    y: float
    r: float

    @property
    def label_y(self) -> float:
        """Where the name shows on focus or hover: just above the dot."""
        return round(self.y - self.r - 4, 1)

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def diamond_points(self) -> str:
        """The long-overdue mark: a diamond (a square on its corner) of the dot's area."""
        half = round(self.r * 1.25, 1)
        x, y = self.x, self.y
        return " ".join(
            f"{px:g},{py:g}"
            for px, py in (
                (x, round(y - half, 1)),
                (round(x + half, 1), y),
                (x, round(y + half, 1)),
                (round(x - half, 1), y),
            )
        )


@dataclass(frozen=True)
class Band:
    circle: str
    label: str
    inner: float
    outer: float
    count: int
    drawn: int

    @property
    def label_y(self) -> float:
        """The ring's label sits at the top, in the gap its rows leave for it."""
        return round(-(self.inner + self.outer) / 2 + LABEL_FONT / 3, 1)

    @property
    def hidden(self) -> int:
        return self.count - self.drawn

    @property
    def caption(self) -> str:
        return ring_caption(self.label, self.hidden)


def ring_caption(label: str, hidden: int) -> str:
    """The words at the top of a ring: its name, and how many it has no dot for
    ("Acquaintances (+240)"). The gap left for them is measured on these words."""
    return f"{label} (+{hidden})" if hidden else label


@dataclass(frozen=True)
class Picture:
    radius: float  # the viewBox is (-radius, -radius, 2 radius, 2 radius)
    you_radius: float
    bands: list[Band]
    dots: list[Dot]

    @property
    def size(self) -> float:
        return round(2 * self.radius, 1)

    @property
    def view_box(self) -> str:
        return f"{-self.radius:g} {-self.radius:g} {self.size:g} {self.size:g}"


def due_state(overdue_ratio: float | None) -> str:
    if overdue_ratio is None:
        return NO_CADENCE
    if overdue_ratio >= LONG_OVERDUE_FROM:
        return LONG_OVERDUE
    if overdue_ratio > 1.0:
        return OVERDUE
    if overdue_ratio >= DUE_SOON_FROM:
        return DUE_SOON
    return ON_TIME


def _label_width(text: str) -> float:
    return len(text) * LABEL_FONT * 0.62 + 8


def _row_arc(radius: float, label: str) -> tuple[float, float]:
    """The arc a row may use (start angle, span), leaving a gap at the top for the label."""
    gap = (_label_width(label) + SPACING) / radius
    gap = min(gap, math.pi)  # a tiny ring still keeps half its circle for dots
    # Angles run clockwise on screen from the top (y grows downwards).
    return -math.pi / 2 + gap / 2, 2 * math.pi - gap


def _row_capacity(radius: float, label: str) -> int:
    _start, span = _row_arc(radius, label)
    return max(1, int(span * radius // SPACING))


def _share(count: int, capacities: Sequence[int]) -> list[int]:
    """Spread ``count`` over rows in proportion to their capacity (largest remainder)."""
    total = sum(capacities)
    exact = [count * cap / total for cap in capacities]
    shares = [min(int(value), cap) for value, cap in zip(exact, capacities, strict=True)]
    order = sorted(range(len(capacities)), key=lambda i: exact[i] - shares[i], reverse=True)
    left = count - sum(shares)
    while left:
        for i in order:
            if left and shares[i] < capacities[i]:
                shares[i] += 1
                left -= 1
    return shares


def rings_layout(
    people: Iterable[RingPerson],
    *,
    acquaintances_drawn: int = ACQUAINTANCES_DRAWN,
    acquaintances_total: int | None = None,
) -> Picture:
    """Place each person's dot in their circle's ring, spread evenly by angle.

    People outside the drawn circles (the past) are left out. Within a ring people
    go clockwise from the top in the order given, row by row; the rows of a ring are
    offset by half a step so neighbours in adjacent rows do not line up. Only the
    first ``acquaintances_drawn`` acquaintances get a dot; the band counts the rest
    (``acquaintances_total`` when the caller only passed the ones drawn).
    """
    by_circle: dict[str, list[RingPerson]] = {circle: [] for circle in DRAWN_CIRCLES}
    for person in people:
        if person.circle in by_circle:
            by_circle[person.circle].append(person)

    bands: list[Band] = []
    dots: list[Dot] = []
    inner = YOU_RADIUS + BAND_PAD
    for circle in DRAWN_CIRCLES:
        everyone = by_circle[circle]
        shown = everyone[:acquaintances_drawn] if circle == Circle.ACQUAINTANCE else everyone
        count = (
            acquaintances_total
            if circle == Circle.ACQUAINTANCE and acquaintances_total is not None
            else len(everyone)
        )
        # The rows leave a gap for the caption as drawn, its count of hidden people too.
        label = ring_caption(RING_LABELS[circle], count - len(shown))
        radii: list[float] = []
        capacities: list[int] = []
        radius = inner + BAND_PAD + SPACING / 2
        while shown and sum(capacities) < len(shown):
            radii.append(radius)
            capacities.append(_row_capacity(radius, label))
            radius += SPACING
        outer = radii[-1] + SPACING / 2 + BAND_PAD if shown else inner + EMPTY_BAND
        placed = 0
        for row, (row_radius, share) in enumerate(
            zip(radii, _share(len(shown), capacities), strict=True)
        ):
            start, span = _row_arc(row_radius, label)
            step = span / share if share else 0.0
            # Alternate rows sit a quarter step either way, so neighbours do not line up.
            shift = 0.25 if row % 2 else 0.75
            for index in range(share):
                person = shown[placed]
                placed += 1
                angle = start + (index + shift) * step
                dots.append(
                    Dot(
                        person_id=person.person_id,
                        name=person.name,
                        circle=circle,
                        state=due_state(person.overdue_ratio),
                        x=round(row_radius * math.cos(angle), 1),
                        y=round(row_radius * math.sin(angle), 1),
                        r=DOT_RADIUS,
                    )
                )
        bands.append(
            Band(
                circle=circle,
                label=RING_LABELS[circle],
                inner=round(inner, 1),
                outer=round(outer, 1),
                count=count,
                drawn=len(shown),
            )
        )
        inner = outer
    return Picture(radius=round(inner + MARGIN, 1), you_radius=YOU_RADIUS, bands=bands, dots=dots)
