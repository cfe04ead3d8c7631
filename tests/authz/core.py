"""The authorization matrix's vocabulary: the scenario, its cells and shorthands.

Each feature keeps its rows in its own module beside this one (see FEATURES in
``tests/authz/__init__.py``): ``arrange(s)`` adds the feature's things to the
scenario, under ``s.extra``, and ``PAGES`` and ``OPERATIONS`` say who gets what.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from rapport.members.models import Member
from rapport.network.models import ConnectionRequest

ROLES = ("anonymous", "stranger", "connected", "owner")


@dataclass
class Scenario:
    """Ana owns things; Ben is connected to her; Cy is a stranger to both."""

    owner: Member
    connected: Member
    stranger: Member
    incoming: ConnectionRequest  # Dee -> Ana, pending
    outgoing: ConnectionRequest  # Ana -> Eve, pending
    conversation_id: int
    token_id: int
    person_id: int  # Grace, in Ana's keeper
    twin_id: int  # "grace mensah", a likely duplicate of Grace in Ana's keeper
    interaction_id: int  # Ana's coffee with Grace
    # Each feature's own things, by the names its arrange() gives them.
    extra: dict[str, Any] = field(default_factory=dict)

    def member(self, role: str) -> Member | None:
        return None if role == "anonymous" else getattr(self, role)


@dataclass
class Cell:
    method: str
    url: Callable[[Scenario], str]
    expect: dict[str, int]
    body: Callable[[Scenario], dict] = field(default=lambda s: {})

    def __post_init__(self) -> None:
        assert set(self.expect) == set(ROLES), self.expect


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(ROLES, status)


def members_only(status: int, *, anonymous: int = 302) -> dict[str, int]:
    return {"anonymous": anonymous, "stranger": status, "connected": status, "owner": status}


def owner_only(status: int, *, anonymous: int = 302, others: int = 404) -> dict[str, int]:
    return {"anonymous": anonymous, "stranger": others, "connected": others, "owner": status}


def page(name: str, **kwargs: Callable[[Scenario], int]) -> Callable[[Scenario], str]:
    return lambda s: reverse(name, kwargs={key: get(s) for key, get in kwargs.items()})


def api(path: str) -> Callable[[Scenario], str]:
    return lambda s: "/api" + path.format(s=s)


OWNER_ID = {"member_id": lambda s: s.owner.pk}
CONNECTED_ID = {"member_id": lambda s: s.connected.pk}
INCOMING = {"request_id": lambda s: s.incoming.pk}
OUTGOING = {"request_id": lambda s: s.outgoing.pk}
CONVERSATION = {"conversation_id": lambda s: s.conversation_id}
TOKEN = {"token_id": lambda s: s.token_id}
PERSON = {"person_id": lambda s: s.person_id}
INTERACTION = {"interaction_id": lambda s: s.interaction_id}


def note_for(s: Scenario) -> dict:
    return {
        "context": "worked_together",
        "note": "We sat together on the transit data project at the council. How is it going?",
    }
