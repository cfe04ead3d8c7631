"""Each member's time zone: the names a member may choose, and the zone everything
Rapport shows them runs in.

A member's zone is an IANA name (``Member.time_zone``, "UTC" until they choose one;
at sign-up the browser's own zone, sent by rapport.js). It is theirs alone: no page
or API operation shows it to another member.

- **Pages and the API.** ``AuthenticationMiddleware`` (Django's, in its place in
  ``MIDDLEWARE``) activates the signed-in member's zone for the rest of the request;
  an API token's member gets theirs when the token is checked (``rapport.api``), and
  the middleware deactivates either when the request ends. Templates' ``date`` and
  ``time`` filters and ``timezone.localtime``/``localdate`` then give the member's
  local time and "today"; forms read a typed time in it. The member comes with the
  session's one query (``members.sessions``), so this costs no query, and each zone
  is built once per process.
- **Mail and background work** run outside a request, in the site's zone (UTC):
  whatever they render or count for one member runs inside ``member_time_zone``.
- **Absolute times stay absolute**: calendar files carry UTC, the API ISO 8601 with
  an offset.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from collections import Counter
from collections.abc import Awaitable
from contextlib import AbstractContextManager
from typing import Any

from django import forms
from django.contrib.auth import middleware as auth_middleware
from django.forms.utils import flatatt
from django.http import HttpRequest, HttpResponseBase
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from rapport.errors import InvalidInput
from rapport.members.models import Member

UTC = "UTC"
# What a system's zone database holds besides zones a person lives in.
_NOT_ZONES = frozenset({"localtime", "Factory", "posixrules"})
# The regions of the IANA database's canonical names, offered in this order.
REGIONS = (
    "Africa",
    "America",
    "Antarctica",
    "Arctic",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
)


@functools.cache
def time_zone_names() -> frozenset[str]:
    """Every name a member may hold: the zones this machine's database knows (the
    system's, or the ``tzdata`` package's), old aliases such as ``US/Eastern``
    included, since a browser may report one."""
    return frozenset(
        name
        for name in zoneinfo.available_timezones()
        if name not in _NOT_ZONES and not name.startswith(("posix/", "right/"))
    )


@functools.cache
def _by_folded_name() -> dict[str, str]:
    return {name.casefold(): name for name in time_zone_names()}


def time_zone_checked(name: object, *, field: str = "time_zone") -> str:
    """``name`` as the zone database spells it ("europe/lisbon" is Europe/Lisbon), or
    ``InvalidInput`` naming ``field``."""
    if not isinstance(name, str) or not name.strip():
        raise InvalidInput(
            "Choose a time zone, for example Europe/Lisbon or America/New_York.", field=field
        )
    found = _by_folded_name().get(name.strip().casefold())
    if found is None:
        shown = name.strip()[:64]
        raise InvalidInput(
            f"{shown!r} is not a time zone Rapport knows: choose an IANA name such as "
            "Europe/Lisbon or America/New_York.",
            code="unknown_time_zone",
            field=field,
        )
    return found


def time_zone_of_browser(name: str | None) -> str:
    """The zone a browser reported at sign-up, or UTC when it sent none or one this
    machine does not know: the member cannot see the hidden field to correct it, and
    changes their zone on their profile instead."""
    try:
        return time_zone_checked(name)
    except InvalidInput:
        return UTC


@functools.cache
def zone_named(name: str) -> dt.tzinfo:
    """The zone ``name`` (a member's, or one a host chose for a gathering), built once
    per name and process."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        # A name this machine's zone database no longer holds (tzdata retires some):
        # the member sees UTC, labelled as such, rather than an error on every page.
        return zoneinfo.ZoneInfo(UTC)


def zone_of(member: Member) -> dt.tzinfo:
    """The member's zone, built once per name and process."""
    return zone_named(member.time_zone)


def member_time_zone(member: Member) -> AbstractContextManager[None]:
    """``with member_time_zone(member):`` what is rendered or counted inside is in the
    member's local time, as on their pages: for mail and background work."""
    return timezone.override(zone_of(member))


def _label(name: str) -> str:
    place = name.partition("/")[2] or name
    return place.replace("_", " ").replace("/", " / ")


def time_zone_label(name: str) -> str:
    """The zone ``name`` as the profile's menu offers it, for people to read on every
    page and in mail: "Sao Paulo" for America/Sao_Paulo, "UTC" for UTC, and an alias
    the menu lists under "Other" (US/Eastern) as it is. A machine reads the IANA name
    (the API's ``time_zone``, ``<time datetime>``), never this."""
    if name in _offered_names() and name != UTC:
        label = _label(name)
        if label in _unclear_alone():
            # The menu's group says the region; a page must say it itself.
            return f"{label} ({name.partition('/')[0]})"
        return label
    return name


# Places the menu lists that name no place without their region: old names kept for
# compatibility (Australia/North, Australia/ACT...).
_DIRECTIONS = frozenset({"North", "South", "East", "West", "Central"})


@functools.cache
def _unclear_alone() -> frozenset[str]:
    """Menu labels that need their region on a page: those two regions share
    (Istanbul, Nicosia), directions, and abbreviations (ACT, NSW, LHI)."""
    counts = Counter(label for _region, places in _offered() for _name, label in places)
    return frozenset(
        label
        for label, count in counts.items()
        if count > 1 or label in _DIRECTIONS or label.isupper()
    )


@functools.cache
def _offered() -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    names = time_zone_names()
    groups = []
    for region in REGIONS:
        inside = sorted(
            (name for name in names if name.startswith(region + "/")),
            key=lambda name: _label(name).casefold(),
        )
        if inside:
            groups.append((region, tuple((name, _label(name)) for name in inside)))
    return tuple(groups)


@functools.cache
def _offered_names() -> frozenset[str]:
    return frozenset({UTC} | {name for _region, places in _offered() for name, _label in places})


def time_zone_choices(current: str = "") -> list[tuple[str, object]]:
    """The profile's choices: UTC, then each region's places by name. A name outside
    them that the member holds (an alias such as US/Eastern) is offered too, so that
    saving the profile never changes the zone unasked."""
    choices: list[tuple[str, object]] = [(UTC, "UTC, Coordinated Universal Time")]
    choices += [(region, list(places)) for region, places in _offered()]
    if current in time_zone_names() and current not in _offered_names():
        choices.append(("Other", [(current, current)]))
    return choices


def _options(choices: list[tuple[str, object]]) -> str:
    parts = []
    for value, label in choices:
        if isinstance(label, list):
            inner = "".join(
                f'<option value="{escape(v)}">{escape(text)}</option>' for v, text in label
            )
            parts.append(f'<optgroup label="{escape(value)}">{inner}</optgroup>')
        else:
            parts.append(f'<option value="{escape(value)}">{escape(str(label))}</option>')
    return "".join(parts)


@functools.cache
def _offered_options() -> str:
    return _options(time_zone_choices())


class TimeZoneSelect(forms.Widget):
    """A ``<select>`` of ``time_zone_choices``, marked up as Django's ``Select`` marks it
    up, but written once per process: some 430 options through the template engine
    took 20 ms, most of the profile page's time. Only the selected option (and an
    alias the member holds) changes from one member to the next.

    With ``blank`` (a gathering's zone, which may be none), an option of no zone comes
    first, worded so."""

    def __init__(self, attrs: dict[str, Any] | None = None, *, blank: str = "") -> None:
        super().__init__(attrs)
        self.blank = blank

    def render(
        self, name: str, value: object, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        attributes = {**self.build_attrs(self.attrs, attrs), "name": name}
        options = _offered_options()
        if self.blank:
            chosen = "" if value else " selected"
            options = f'<option value=""{chosen}>{escape(self.blank)}</option>{options}'
        if isinstance(value, str) and value in time_zone_names():
            if value not in _offered_names():
                options += _options([("Other", [(value, value)])])
            chosen = f'<option value="{escape(value)}">'
            options = options.replace(chosen, f"{chosen[:-1]} selected>", 1)
        return mark_safe(f"<select{flatatt(attributes)}>{options}</select>")  # noqa: S308


class AuthenticationMiddleware(auth_middleware.AuthenticationMiddleware):
    """Django's, and then the signed-in member's time zone for the rest of the request.

    In Django's place rather than a middleware of its own beside it: the zone belongs
    to the member Django's sets up, and the home page, load-tested at a thousand
    requests a second, pays for no extra layer. A request without a session key is
    left alone (no session read, no ``Vary: Cookie``); one with a key reads the
    session and its member, in the one query any signed-in page makes anyway.

    The zone is deactivated when the request ends, whoever activated it: a worker
    thread serves other members next.
    """

    sync_capable = True
    async_capable = False

    def __call__(self, request: HttpRequest) -> HttpResponseBase | Awaitable[HttpResponseBase]:
        self.process_request(request)
        if request.session.session_key is not None and request.user.is_authenticated:
            timezone.activate(zone_of(request.user))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
