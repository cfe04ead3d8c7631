"""Filling sentence templates for millions of rows without a Python call per field.

Each member's words (first name, city, organisation, first interest, niche) are
looked up once into object arrays; a template is then filled for all the rows that
picked it in one pass.
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from rapport.seeding import vocabulary as words
from rapport.seeding.people import INTERESTS_CHARS_MAX, People

NO_ORGANISATION = "my last job"


def _objects(values: Sequence[str]) -> np.ndarray:
    array = np.empty(len(values), dtype=object)
    array[:] = list(values)
    return array


@dataclass(frozen=True)
class Voices:
    """Per member: the words other members use when they write to or about them."""

    first: np.ndarray
    full: np.ndarray
    city: np.ndarray
    organisation: np.ndarray  # "" for none
    topic: np.ndarray
    niche: np.ndarray

    @classmethod
    def of(cls, people: People) -> Voices:
        first = _objects(words.FIRST_NAMES)[people.first]
        last = _objects(words.LAST_NAMES)[people.last]
        orgs = _objects([*people.organisations.names, ""])
        starts, ends = people.interest_ptr[:-1], people.interest_ptr[1:]
        names = _objects([*people.interest_names, "our work"])
        first_interest = np.where(
            ends > starts, people.interest_ids[np.minimum(starts, len(people.interest_ids) - 1)], -1
        )
        return cls(
            first=first,
            full=first + " " + last,
            city=_objects([city for city, _, _ in words.PLACES])[people.place],
            organisation=orgs[people.organisation],  # -1 picks the trailing ""
            topic=names[first_interest],
            niche=names[people.niche],
        )


def fields_of(template: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


def templates_fill(
    templates: Sequence[str], pick: np.ndarray, values: dict[str, np.ndarray]
) -> np.ndarray:
    """Row ``k`` gets ``templates[pick[k]]`` filled from ``values[field][k]``."""
    out = np.empty(len(pick), dtype=object)
    for t, template in enumerate(templates):
        rows = np.flatnonzero(pick == t)
        if not len(rows):
            continue
        names = fields_of(template)
        if not names:
            out[rows] = template
            continue
        # Positional fields ("{0} ... {1}") spare a dict per row.
        unique = list(dict.fromkeys(names))
        positional = template.format(**{name: f"{{{k}}}" for k, name in enumerate(unique)})
        columns = [values[name][rows].tolist() for name in unique]
        out[rows] = [positional.format(*row) for row in zip(*columns, strict=True)]
    return out


def choose(count: int, share: np.ndarray) -> np.ndarray:
    """Template indexes from uniform draws in [0, 1)."""
    return np.minimum((share * count).astype(np.int64), count - 1)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def profile_texts(people: People, voices: Voices, rng: np.random.Generator) -> dict[str, list[str]]:
    """Headline, organisation, location, bio, interests and the two asks, per member."""
    count = people.count
    roles = _objects(words.ROLES)[people.role]
    org = voices.organisation
    has_org = org != ""
    values = {
        "org": np.where(has_org, org, NO_ORGANISATION),
        "city": voices.city,
        "topic": voices.topic,
    }
    countries = _objects([country for _, country, _ in words.PLACES])[people.place]
    # The last template of each list is "" for members who left the field blank.
    bio = templates_fill(
        [*words.BIOS, ""],
        np.where(rng.random(count) < 0.6, rng.integers(0, len(words.BIOS), count), len(words.BIOS)),
        values,
    )
    helps = rng.random(count) < 0.7
    first_help = templates_fill(
        words.HELP_WITH, rng.integers(0, len(words.HELP_WITH), count), values
    )
    second_help = templates_fill(
        words.HELP_WITH, rng.integers(0, len(words.HELP_WITH), count), values
    )
    looks = rng.random(count) < 0.5
    looking = templates_fill(
        words.LOOKING_FOR, rng.integers(0, len(words.LOOKING_FOR), count), values
    )
    interests = []
    for i in range(count):
        listed = people.interests_of(i)
        while len(", ".join(listed)) > INTERESTS_CHARS_MAX:
            listed.pop()
        interests.append(", ".join(listed))
    return {
        "headline": np.where(has_org, roles + " at " + org, roles + ", independent").tolist(),
        "organisation": org.tolist(),
        "location": (voices.city + ", " + countries).tolist(),
        "bio": bio.tolist(),
        "interests": interests,
        "can_help_with": [
            _capitalised(f"{a}; {b}.") if helped else ""
            for a, b, helped in zip(first_help, second_help, helps.tolist(), strict=True)
        ],
        "looking_for": [
            _capitalised(f"{a}.") if looked else ""
            for a, looked in zip(looking, looks.tolist(), strict=True)
        ],
    }
