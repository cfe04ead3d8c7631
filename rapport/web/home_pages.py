"""Each member's home page, kept between the changes it shows.

The home page is the most visited page, and most visits find it as it was: making it
again cost three times what the framework's own work for a signed-in page costs
(docs/benchmarks.md, "Load"). So the page is kept, in the ``home`` cache, under a key
that changes whenever the page could have:

- the member's **home version** (``web.HomeVersion``), which the database's own
  triggers move on every write the page shows: connections, requests, conversations,
  messages, read marks, and the names of the member and of the people listed
  (migration ``web.0001``). A write through any road moves it, and every worker sees
  the move on its next request: nothing is sent to anyone, so nothing can be lost;
- what else the page is written with: the time zone (the member's own, active for
  the request, which the conversations' times are shown in: choosing another asks
  for another page), the member's day in it (who in their keeper is due for keeping
  in touch changes with the date alone), the connection cap, the address prefix, and
  when the member joined (a database replaced under a running server gives ids again,
  never that pair).

The version is read before the page's data, so a kept page is never older than the
version it is kept under; a write landing between the two reads is kept under the
older version, which the next request no longer asks for. The other things waiting for
the member (introductions, invitations, asks, the keeper's people: see
``web.waiting_for_you``) move it through the triggers of migration ``web.0002``; a
keeper person moves it only when they could be due before or after the write
(``web.0003``), so an import's thousands of plain people leave the page kept.

Requests also leave the page when they expire, which no write announces: a kept page
lives no longer than the first of the requests waiting for the member (listed, or only
counted in the navigation's badge), nor than the first listed introduction, invitation
or ask to stop waiting by the clock, nor than the first notice of an accepted request
to be old news (``web.accepted_requests``, whose writes the triggers above already
follow), and never longer than ``MAX_AGE_SECONDS``.

Two things on the page belong to one request, not to the member: the CSRF token and
the flash messages. The page is kept with ``TOKEN_STAND_IN`` where the token goes,
replaced by the request's own token on the way out (``home_served``), and it is only
kept, or served from the cache, when no message is waiting to be shown.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.urls import get_script_prefix
from django.utils import timezone

from rapport.members.models import Member
from rapport.sql import rows
from rapport.web.csrf_tokens import csrf_token

CACHE = "home"
MAX_AGE_SECONDS = 300
# Written where the CSRF token goes in a kept page. Random per process and never shown
# to anyone, so no member can put it into their name to have it replaced.
TOKEN_STAND_IN = f"csrf-stand-in-{secrets.token_hex(16)}"
_STAND_IN = TOKEN_STAND_IN.encode()

# The version of the member whose id is ``{member}`` (SQL), or NULL: never changed.
HOME_VERSION_OF = "SELECT version FROM web_homeversion WHERE member_id = {member}"


def home_version(member: Member) -> int:
    """How many times the member's home page has changed; 0 for a member whose page
    never has. The signed-in member comes with it, read in the session's own query
    (``members.sessions``); a member loaded any other way costs a query."""
    version = getattr(member, "home_version", None)
    if version is None:
        found = rows(HOME_VERSION_OF.format(member="%s"), [member.pk])
        version = (found[0][0] if found else None) or 0
    return version


def home_key(*, member: Member, version: int, cap: int) -> str:
    zone = timezone.get_current_timezone_name()
    day = timezone.localdate().isoformat()
    joined = member.date_joined.timestamp()
    return f"{member.pk}:{joined}:{version}:{zone}:{day}:{cap}:{get_script_prefix()}"


def home_kept(key: str) -> bytes | None:
    page: bytes | None = caches[CACHE].get(key)
    return page


def home_keep(key: str, page: bytes, *, expiries: list[dt.datetime]) -> None:
    """Keep ``page`` until its first request expires, or ``MAX_AGE_SECONDS``."""
    seconds = float(MAX_AGE_SECONDS)
    if expiries:
        now = timezone.now()
        seconds = min(seconds, min((ends - now).total_seconds() for ends in expiries))
    if seconds > 0:
        caches[CACHE].set(key, page, seconds)


def home_served(request: HttpRequest, page: bytes) -> HttpResponse:
    """A kept page, with this request's CSRF token where the stand-in was."""
    return HttpResponse(page.replace(_STAND_IN, csrf_token(request).encode()))
