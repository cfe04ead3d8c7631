"""The member's own requests to connect that were accepted lately, for the home page's
"New connections": who said yes, with a link to their conversation.

Accepting tells the sender nothing on the site: the request leaves the sender's list of
those waiting, and they learned of it only from their connections or a mail. So the
home page says it, for as long as it is news and no longer:

- **until the member has written to them since.** The notice is there to say "you can
  write now"; once they have, it has been read and acted on. This is the mail's own rule
  for a new connection (``notifications.selectors._accepted_requests``), so the page and
  the mail agree on what is new: the note became the thread's first message at the
  acceptance, so a second message of the member's from then on is their writing (two
  messages at the same moment are told apart by counting, where a time would not);
- **or ``SHOWN_FOR``, 14 days.** A member who has not written in two weeks has chosen
  not to, and a notice that stayed would turn into a nag; the connection itself stays
  in their connections and the thread in their conversations. Two weeks is also how
  long an introduction waits, so nothing on the page is news for longer than that.

Only what the member already knows or is being told: the name (and photo, as they may
see it) of the one who accepted, never a count or anything about anyone else. Never a
decline, which is silent, nor a request still waiting. Only while the two are still
connected: a block either way ends the connection (``safety``), and so does either of
them ending it; the block is tested here too, so that the rule does not rest on that.

Every write that changes it moves the member's home version through triggers that are
already there: the request and the connection (both members, ``web.0001``), the
member's message (both members of the conversation, ``web.0001``), the other's name
and photo (their conversation partners, ``web.0001`` and ``photos.0001``: the
acceptance opened the conversation this links to), a block (both, ``web.0002``). The
clock ends it too: the kept page lives no longer than the first listed notice
(``WaitingForYou``'s ``first_ends`` for the rest; here ``first_ends``).

One part of the home page's one round trip (``web.selectors``), newest first, ``limit``
rows (one more than shown, to know whether more were accepted).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from rapport.photos.selectors import photo_hash_sql
from rapport.web.waiting_for_you import BLOCK_BETWEEN

SHOWN_FOR = dt.timedelta(days=14)

ACCEPTED_SQL = f"""
    SELECT c.id AS conversation_id, q.recipient_id AS other_id,
           COALESCE(NULLIF(m.name, ''), m.username) AS other_name,
           q.decided_at AS decided_at,
           {photo_hash_sql("q.recipient_id", "q.sender_id")} AS photo
    FROM network_connectionrequest q
    JOIN members_member m ON m.id = q.recipient_id
    JOIN conversations_conversation c
      ON c.member_low_id = q.member_low_id AND c.member_high_id = q.member_high_id
    WHERE q.sender_id = %s AND q.state = 'accepted' AND q.decided_at > %s
      AND EXISTS (
          SELECT 1 FROM network_connection n
          WHERE n.member_low_id = q.member_low_id AND n.member_high_id = q.member_high_id
      )
      AND (
          SELECT COUNT(*) FROM conversations_message w
          WHERE w.conversation_id = c.id AND w.sender_id = q.sender_id
            AND w.created_at >= q.decided_at
      ) < 2
      AND NOT {BLOCK_BETWEEN.format(other="q.recipient_id")}
    ORDER BY q.decided_at DESC, c.id DESC
    LIMIT %s
"""  # noqa: S608 - constants only: the photos app's rule and waiting_for_you's


def accepted_params(*, member_id: int, now: dt.datetime, limit: int) -> list[Any]:
    return [member_id, now - SHOWN_FOR, member_id, member_id, limit]


@dataclass(frozen=True)
class AcceptedRequest:
    conversation_id: int
    other_id: int
    other_name: str
    decided_at: dt.datetime
    other_photo_hash: str | None = None


def newest_first(accepted: list[AcceptedRequest]) -> list[AcceptedRequest]:
    """UNION ALL keeps no order: the latest acceptance first."""
    return sorted(accepted, key=lambda a: (a.decided_at, a.conversation_id), reverse=True)


def first_ends(accepted: list[AcceptedRequest]) -> dt.datetime | None:
    """When the first listed notice stops being shown by the clock alone."""
    return min((a.decided_at + SHOWN_FOR for a in accepted), default=None)
