"""Declared state graphs for things with a life: requests, introductions, gatherings.

After Takahē's ``stator``: the states and their allowed transitions are written down
in one place and checked when the graph is defined, so a wrong move is an
``InvalidTransition`` with a name rather than an ``if`` buried in a view.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from rapport.errors import InvalidTransition


@dataclass(frozen=True)
class StateGraph:
    """States, the moves between them, and which states time out into which.

    ``timeouts`` maps a state to ``(after, target)``: a thing left in that state
    longer than ``after`` is moved to ``target`` by the worker (and treated so by
    readers in the meantime).
    """

    name: str
    initial: str
    transitions: Mapping[str, frozenset[str]]
    labels: Mapping[str, str]
    timeouts: Mapping[str, tuple[dt.timedelta, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        states = set(self.transitions)
        if self.initial not in states:
            raise ValueError(f"{self.name}: initial state {self.initial!r} is not declared")
        for source, targets in self.transitions.items():
            unknown = set(targets) - states
            if unknown:
                raise ValueError(f"{self.name}: {source!r} moves to undeclared {sorted(unknown)}")
        for source, (_after, target) in self.timeouts.items():
            if target not in self.transitions.get(source, ()):
                raise ValueError(
                    f"{self.name}: timeout {source!r} -> {target!r} is not a transition"
                )
        if set(self.labels) != states:
            raise ValueError(f"{self.name}: every state needs a label")
        reachable = self._reachable()
        if reachable != states:
            raise ValueError(f"{self.name}: unreachable states {sorted(states - reachable)}")

    def _reachable(self) -> set[str]:
        seen, frontier = {self.initial}, [self.initial]
        while frontier:
            for target in self.transitions[frontier.pop()]:
                if target not in seen:
                    seen.add(target)
                    frontier.append(target)
        return seen

    @property
    def states(self) -> list[str]:
        return list(self.transitions)

    @property
    def terminal(self) -> frozenset[str]:
        return frozenset(s for s, targets in self.transitions.items() if not targets)

    @property
    def choices(self) -> list[tuple[str, str]]:
        return [(state, self.labels[state]) for state in self.transitions]

    def check(self, current: str, target: str) -> None:
        if target not in self.transitions.get(current, ()):
            name = self.name.lower()
            article = "An" if name[:1] in "aeiou" else "A"
            raise InvalidTransition(
                f"{article} {name} that is {self.labels.get(current, current).lower()} "
                f"cannot become {self.labels.get(target, target).lower()}.",
            )


def graph(
    name: str,
    *,
    initial: str,
    transitions: Mapping[str, Iterable[str]],
    labels: Mapping[str, str],
    timeouts: Mapping[str, tuple[dt.timedelta, str]] | None = None,
) -> StateGraph:
    return StateGraph(
        name=name,
        initial=initial,
        transitions={s: frozenset(t) for s, t in transitions.items()},
        labels=dict(labels),
        timeouts=dict(timeouts or {}),
    )
