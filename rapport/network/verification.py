"""Verified contexts: "introduced by Ana", "met at the Transit Data Meetup".

A request says how the sender knows the recipient; usually the recipient has only
the sender's word for it. Some features know the context for a fact: an
introduction both sides accepted, a gathering the host confirmed both attended, a
coffee round that paired them. Each such feature registers a verifier here (in its
AppConfig.ready), and a request sent with that context carries the sentence the
verifier returns, which the recipient sees beside the note.

The registry keeps the dependency pointing one way: the network app never imports
introductions, gatherings or coffee rounds.
"""

from __future__ import annotations

from collections.abc import Callable

Verifier = Callable[[int, int], "str | None"]
"""``(sender_id, recipient_id) -> sentence or None``; the sentence is shown to the recipient."""

_verifiers: dict[str, list[Verifier]] = {}

VERIFIED_MAX = 200


def verifier_register(context: str, verifier: Verifier) -> None:
    """Add a verifier for a context code; registering the same function twice is harmless."""
    registered = _verifiers.setdefault(context, [])
    if verifier not in registered:
        registered.append(verifier)


def verified_context(*, sender_id: int, recipient_id: int, context: str) -> str:
    """The first verifier's sentence for this pair and context, or "" when none vouches."""
    for verifier in _verifiers.get(context, ()):
        sentence = verifier(sender_id, recipient_id)
        if sentence:
            return sentence[:VERIFIED_MAX]
    return ""
