"""Who may delete a message: its sender only.

Ana's message in her thread with Ben is hers to delete (the page redirects back to the
thread, the API answers the tombstone). Ben can read it, so refusing him says nothing
new: 403. Cy, a stranger, is told the conversation does not exist (404).
"""

from __future__ import annotations

from rapport.conversations.services import message_send
from tests.authz.core import CONVERSATION, Cell, Scenario, api, page


def arrange(s: Scenario) -> None:
    """A message Ana wrote to Ben."""
    sent = message_send(
        sender=s.owner, conversation_id=s.conversation_id, body="Sent to the wrong thread."
    )
    s.extra["own_message_id"] = sent.pk


MESSAGE = {**CONVERSATION, "message_id": lambda s: s.extra["own_message_id"]}

PAGES: dict[str, Cell] = {
    "message_delete": Cell(
        "POST",
        page("message_delete", **MESSAGE),
        {"anonymous": 302, "stranger": 404, "connected": 403, "owner": 302},
    ),
}
OPERATIONS: dict[tuple[str, str], Cell] = {
    ("DELETE", "/api/conversations/{id}/messages/{message_id}"): Cell(
        "DELETE",
        api("/conversations/{s.conversation_id}/messages/{s.extra[own_message_id]}"),
        {"anonymous": 401, "stranger": 404, "connected": 403, "owner": 200},
    ),
}
# Operations that need no credentials at all.
ANONYMOUS: set[tuple[str, str]] = set()
