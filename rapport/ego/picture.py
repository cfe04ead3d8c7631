"""The one picture on the insights page: the member's connections, grouped by cluster.

A pure function, so the geometry is tested alone: clusters of alters in, positioned
circles and dots out; the template turns them into SVG. Only the member's own
connections are drawn (never a second-degree member), each cluster a disc around
"you" whose area grows with the people in it; connections who know none of the
others share one disc, labelled as such.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

DOT_RADIUS = 5.0
DOT_SPACING = 13.0  # centre to centre inside a disc
DISC_PAD = 8.0
RING_GAP = 30.0  # between "you" and the nearest edge of a disc
YOU_RADIUS = 14.0
MARGIN = 24.0  # room for the labels
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))


@dataclass(frozen=True)
class Dot:
    member_id: int
    name: str
    x: float
    y: float
    # Their photo's hash, for the list beside the picture; None without one.
    photo_hash: str | None = None


@dataclass(frozen=True)
class Disc:
    label: str
    size: int
    x: float
    y: float
    r: float
    label_y: float
    loners: bool
    dots: tuple[Dot, ...]


@dataclass(frozen=True)
class ClusterPicture:
    view_box: str
    you_radius: float
    discs: tuple[Disc, ...]

    @property
    def dot_count(self) -> int:
        return sum(len(disc.dots) for disc in self.discs)


def _disc_radius(count: int) -> float:
    # A sunflower of ``count`` dots fills a disc of radius ~ spacing * sqrt(count) / 1.9.
    return DISC_PAD + DOT_SPACING * max(math.sqrt(count) / 1.9, 0.5)


def _sunflower(count: int) -> list[tuple[float, float]]:
    """Points spread evenly over a disc (Vogel's model), centre first."""
    points = []
    for n in range(count):
        radius = DOT_SPACING * math.sqrt(n + 0.5) / 1.9 if count > 1 else 0.0
        angle = n * GOLDEN_ANGLE
        points.append((radius * math.cos(angle), radius * math.sin(angle)))
    return points


def cluster_picture(
    clusters: Sequence[Sequence[int]],
    *,
    names: Mapping[int, str],
    faces: Mapping[int, str | None] | None = None,
) -> ClusterPicture:
    """Discs around the centre, largest cluster at the top, then clockwise.

    ``clusters`` are lists of member ids; those of one member (who knows none of the
    others) are pooled into one disc drawn last. ``faces`` gives each member's photo's
    hash, carried on their dot for the list beside the picture.
    """
    faces = faces or {}
    groups = sorted(
        (
            sorted(cluster, key=lambda pk: (names.get(pk, ""), pk))
            for cluster in clusters
            if len(cluster) > 1
        ),
        key=lambda members: (-len(members), members[0]),
    )
    loners = sorted(
        (pk for cluster in clusters if len(cluster) == 1 for pk in cluster),
        key=lambda pk: (names.get(pk, ""), pk),
    )
    entries: list[tuple[list[int], bool]] = [(members, False) for members in groups]
    if loners:
        entries.append((loners, True))
    if not entries:
        extent = YOU_RADIUS + MARGIN
        return ClusterPicture(
            view_box=f"{-extent:.1f} {-extent:.1f} {2 * extent:.1f} {2 * extent:.1f}",
            you_radius=YOU_RADIUS,
            discs=(),
        )
    radii = [_disc_radius(len(members)) for members, _ in entries]
    # Put the discs on one ring, far enough out that neighbours do not overlap.
    biggest = max(radii)
    if len(entries) == 1:
        ring = YOU_RADIUS + RING_GAP + biggest
    else:
        needed = sum(2 * r + DISC_PAD for r in radii)
        ring = max(YOU_RADIUS + RING_GAP + biggest, needed / (2 * math.pi))
    discs = []
    angle = -math.pi / 2
    total = sum(2 * r + DISC_PAD for r in radii)
    for (members, pooled), r in zip(entries, radii, strict=True):
        share = 2 * math.pi * (2 * r + DISC_PAD) / total
        centre = angle + share / 2 if len(entries) > 1 else -math.pi / 2
        cx, cy = ring * math.cos(centre), ring * math.sin(centre)
        dots = tuple(
            Dot(
                member_id=pk,
                name=names.get(pk, ""),
                x=round(cx + dx, 1),
                y=round(cy + dy, 1),
                photo_hash=faces.get(pk),
            )
            for pk, (dx, dy) in zip(members, _sunflower(len(members)), strict=True)
        )
        label = "Know none of the others" if pooled else f"{len(members)} who know each other"
        discs.append(
            Disc(
                label=label,
                size=len(members),
                x=round(cx, 1),
                y=round(cy, 1),
                r=round(r, 1),
                label_y=round(cy + r + 14, 1),
                loners=pooled,
                dots=dots,
            )
        )
        angle += share
    extent = ring + biggest + MARGIN
    return ClusterPicture(
        view_box=f"{-extent:.1f} {-extent:.1f} {2 * extent:.1f} {2 * extent:.1f}",
        you_radius=YOU_RADIUS,
        discs=tuple(discs),
    )
