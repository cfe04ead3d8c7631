"""The external key of an imported interaction: what it is, when, and a digest.

    linkedin:message:2023-06-11T15:33:58:<sha1 of what makes the message itself>

The key is why importing a file twice adds nothing: the keeper's unique
``(owner, external_key)`` index holds each once. Its time, in UTC to the second, comes
before the digest so that keys rise with time, and an import writes oldest first: the
index then grows at its end, as the ``(owner, occurred_at)`` index does. With the
digest first, 200,000 keys landed at random places in the index, which took two of
the three seconds SQLite spent storing a large LinkedIn export (docs/benchmarks.md).

Keys written before the time was added (``linkedin:message:<sha1>``) are given theirs
by keeper migration 0005, and when a keeper file from before is loaded
(``timed_key``), so a file imported before the change still adds nothing after it.
The key now depends on how a file's time is read, not only on its text: a change to
how a source's times are read (a zone-less time, say) must rewrite its keys as 0005
does, or the same file would import twice.
"""

from __future__ import annotations

import datetime as dt
import re

UNTIMED_PATTERN = r"^(linkedin:[a-z-]+:|mbox:)([0-9a-f]{40})$"
"""An imported interaction's key from before times were added (migration 0005 uses it)."""
_UNTIMED = re.compile(UNTIMED_PATTERN)


def import_key(prefix: str, when: dt.datetime, digest: str) -> str:
    """``prefix`` names the source and kind (``"linkedin:message:"``); ``when`` is aware
    and in UTC, as every parser's times are."""
    return import_key_at(prefix, when.isoformat()[:19], digest)


def import_key_at(prefix: str, second: str, digest: str) -> str:
    """``import_key`` for a parser that has the time's text already, ``second`` as
    ``when.isoformat()[:19]`` gives it (``2023-06-11T15:33:58``): LinkedIn's messages
    are dated in nearly that text, and formatting 200,000 times again cost a quarter of
    a second."""
    return f"{prefix}{second}:{digest}"


def timed_key(key: str, *, source: str, when: dt.datetime) -> str:
    """``key`` with the time ``when`` in it, if it is an imported interaction's key from
    before times were added; any other key unchanged."""
    match = _UNTIMED.match(key) if source == "import" else None
    if match is None:
        return key
    return import_key(match[1], when.astimezone(dt.UTC), match[2])
