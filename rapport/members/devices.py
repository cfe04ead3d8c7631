"""A short name for the device a session signed in from, read from its User-Agent.

"Where you're signed in" needs only enough for a member to recognise their own
devices ("Firefox on Linux", "Safari on iPhone"), not a version or a build: so a
dozen substring rules, in order, rather than a dependency that keeps a database of
every browser. The rules are the tokens browsers have sent for a decade. Order
matters because browsers claim one another: Edge and Opera also say "Chrome", Chrome
also says "Safari", an iPhone also says "Mac OS X", Android also says "Linux".

What cannot be told apart is left so: an iPad asking for desktop sites (the default
since iPadOS 13) reads as "Safari on macOS", Brave as Chrome. Anything unknown is
named as unknown, never guessed. A User-Agent is whatever the client says, so the name
is a hint for the member, never a fact anything is decided on.
"""

from __future__ import annotations

# Only the start is read: a header of any length costs the same.
READ_AT_MOST = 512

# (token in the User-Agent, browser), the first match wins.
BROWSERS = (
    ("Edg/", "Edge"),
    ("EdgA/", "Edge"),
    ("EdgiOS/", "Edge"),
    ("OPR/", "Opera"),
    ("SamsungBrowser/", "Samsung Internet"),
    ("Firefox/", "Firefox"),
    ("FxiOS/", "Firefox"),
    ("CriOS/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)

# (token in the User-Agent, operating system), the first match wins.
SYSTEMS = (
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("CrOS", "ChromeOS"),
    ("Windows", "Windows"),
    ("Macintosh", "macOS"),
    ("Linux", "Linux"),
)

UNKNOWN_DEVICE = "Unknown device"


def _first(user_agent: str, rules: tuple[tuple[str, str], ...]) -> str | None:
    return next((name for token, name in rules if token in user_agent), None)


def device_name(user_agent: str) -> str:
    """ "Firefox on Linux", "Safari on iPhone", "A browser on Windows", "Chrome", or
    ``UNKNOWN_DEVICE``: at most 40 characters, whatever the header holds."""
    seen = user_agent[:READ_AT_MOST]
    browser, system = _first(seen, BROWSERS), _first(seen, SYSTEMS)
    if browser and system:
        return f"{browser} on {system}"
    if system:
        return f"A browser on {system}"
    return browser or UNKNOWN_DEVICE
