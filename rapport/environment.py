"""Rapport's settings as the environment gives them, each checked when a process starts.

A deployment is configured by environment variables, and a slip in one must stop the
start with one line naming the variable, what it holds and what it should hold: not a
ValueError traceback from deep inside Django, a failure an hour later (the first mail,
the first queued task), or a quiet fall-back to a default (``RAPPORT_SSL_REDIRECT=maybe``
must not turn HTTPS redirects off). An empty variable counts as unset, as in the shell.

Only the standard library here: settings.py and gunicorn's settings import it before
Django is set up.
"""

from __future__ import annotations

import ipaddress
import os
import re
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import SplitResult, urlsplit

_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})
_DOTTED_PATH = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)+")
# A path under which the site is served: segments of URL-safe characters, none empty,
# none "." or ".." (a browser would fold those away, and the links with them).
_SITE_PATH = re.compile(r"(/(?!\.\.?(/|$))[A-Za-z0-9._~-]+)+")
_HOST_NAME = re.compile(r"[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?\.?")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class MalformedSetting(SystemExit):
    """A SystemExit, so the process stops with the message alone (status 1), before it
    serves or runs anything; no traceback hides the one line the operator needs."""

    def __init__(self, name: str, shown: str, expected: str) -> None:
        super().__init__(f"{name} is {shown!r}: expected {expected}.")


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    return None if value is None or value.strip() == "" else value


def text(name: str, default: str) -> str:
    """Free text (a password, a user name): nothing to check."""
    return _raw(name) or default


def flag(name: str, default: bool = False) -> bool:
    raw = _raw(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value not in _TRUE | _FALSE:
        raise MalformedSetting(name, raw, "1 or 0 (true/false, yes/no and on/off work too)")
    return value in _TRUE


def whole_number(
    name: str, default: int, *, minimum: int = 0, maximum: int | None = None, unit: str = ""
) -> int:
    raw = _raw(name)
    if raw is None:
        return default
    what = f"a whole number{' of ' + unit if unit else ''}"
    limits = f"from {minimum} to {maximum}" if maximum is not None else f"{minimum} or more"
    expected = f"{what}, {limits} (default {default})"
    try:
        value = int(raw.strip())
    except ValueError:
        raise MalformedSetting(name, raw, expected) from None
    if value < minimum or (maximum is not None and value > maximum):
        raise MalformedSetting(name, raw, expected)
    return value


def directory(name: str, default: Path) -> Path:
    """A folder Rapport writes to, made at start if missing (a file in its place, or no
    right to make it, stops the start here rather than at the first write)."""
    raw = _raw(name)
    path = Path(raw.strip() if raw else default).resolve()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise MalformedSetting(
            name, str(raw or default), f"a folder Rapport can create and write to ({error})"
        ) from None
    return path


def dotted_path(name: str, default: str) -> str:
    """A Python class path (a Django backend), checked for its form only: importing it
    here would load Django before its settings are made."""
    raw = _raw(name)
    if raw is None:
        return default
    if not _DOTTED_PATH.fullmatch(raw.strip()):
        raise MalformedSetting(name, raw, f"a dotted Python path, such as {default}")
    return raw.strip()


def log_level(name: str, default: str) -> str:
    raw = _raw(name)
    if raw is None:
        return default
    if raw.strip().upper() not in LOG_LEVELS:
        raise MalformedSetting(name, raw, f"one of {', '.join(LOG_LEVELS)}")
    return raw.strip().upper()


def _host_problem(host: str) -> str | None:
    if "://" in host:
        return "no scheme"
    if "/" in host:
        return "no path"
    if host.startswith("["):  # an IPv6 address, as Django writes it
        try:
            ipaddress.IPv6Address(host.removeprefix("[").removesuffix("]"))
        except ValueError:
            return "a valid IPv6 address in brackets"
        return None if host.endswith("]") else "no port"
    if ":" in host:
        return "no port"
    if not _HOST_NAME.fullmatch(host):
        return "letters, digits, dots and hyphens only"
    return None


def host_names(name: str, default: str) -> list[str]:
    """Django's ALLOWED_HOSTS: host names without scheme or port; ``.example.org`` takes
    its subdomains too, ``*`` any host."""
    raw = _raw(name) or default
    hosts = [host.strip() for host in raw.split(",") if host.strip()]
    expected = "host names separated by commas, such as rapport.example.org,www.example.org"
    if not hosts:
        raise MalformedSetting(name, raw, expected)
    for host in hosts:
        if host == "*":
            continue
        if any(space.isspace() for space in host):
            raise MalformedSetting(name, raw, expected + " (commas between them, not spaces)")
        problem = _host_problem(host.removeprefix("."))
        if problem:
            raise MalformedSetting(name, raw, f"{expected} ({host!r}: {problem})")
    return hosts


def host_name(name: str, default: str) -> str:
    raw = _raw(name)
    if raw is None:
        return default
    host = raw.strip()
    problem = "no spaces" if any(c.isspace() for c in host) else _host_problem(host)
    if problem:
        raise MalformedSetting(
            name, raw, f"a host name or address, such as smtp.example.org ({problem})"
        )
    return host


def ip_networks(name: str, default: str) -> str:
    """gunicorn's FORWARDED_ALLOW_IPS: addresses or networks, comma-separated, or ``*``."""
    raw = _raw(name)
    if raw is None:
        return default
    expected = "IP addresses or networks separated by commas, such as 127.0.0.1,10.0.0.0/8, or *"
    for address in (part.strip() for part in raw.split(",")):
        if address == "*":
            continue
        try:
            ipaddress.ip_network(address)
        except ValueError:
            raise MalformedSetting(name, raw, f"{expected} ({address!r} is not one)") from None
    return raw.strip()


def mail_sender(name: str, default: str) -> str:
    raw = _raw(name)
    if raw is None:
        return default
    _, address = parseaddr(raw)
    local, _, domain = address.rpartition("@")
    domain_ok = domain == "localhost" or "." in domain.strip(".")
    if not (local and domain_ok) or any(c.isspace() for c in address):
        raise MalformedSetting(
            name,
            raw,
            'an address, or a name and an address: "Rapport <rapport@example.org>" '
            "(quoted in a shell or an env file)",
        )
    return raw.strip()


def _shown(url: str, parts: SplitResult) -> str:
    """The URL as the error shows it: a password never reaches a log."""
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@", 1)
    return url


def _port_problem(parts: SplitResult) -> bool:
    try:
        parts.port  # noqa: B018  # urllib checks the port when asked for it
    except ValueError:
        return True
    return False


def site_address(name: str, default: str) -> str:
    """The site's address as members reach it, for links in mail: scheme and host (and
    port), and the path when Rapport is served under one of its host's paths
    (``https://example.org/rapport``). One trailing slash is forgiven, as people copy
    the address from a browser's bar; the value is kept without it."""
    raw = _raw(name)
    if raw is None:
        return default
    value = raw.strip()
    value = value[:-1] if value.endswith("/") and not value.endswith("//") else value
    parts = urlsplit(value)
    expected = (
        "the site's address, such as https://rapport.example.org, or "
        "https://example.org/rapport under a path (a scheme, a host and an optional path; "
        "no query)"
    )
    if (
        parts.scheme not in {"http", "https"}
        or not parts.hostname
        or (parts.path and not _SITE_PATH.fullmatch(parts.path))
        or parts.query
        or parts.fragment
        or "?" in value
        or "#" in value
        or parts.username is not None
        or any(c.isspace() for c in value)
        or _port_problem(parts)
        or _host_problem(parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]")
    ):
        raise MalformedSetting(name, raw, expected)
    return value


def database_url(name: str) -> str | None:
    """PostgreSQL's address, or None for SQLite in the data folder. SQLite is never taken
    from a URL: Rapport opens it with its own options (transaction_mode=IMMEDIATE is
    what keeps two accepts from both passing the cap), which a URL cannot say."""
    raw = _raw(name)
    if raw is None:
        return None
    value = raw.strip()
    parts = urlsplit(value)
    if (
        parts.scheme not in {"postgres", "postgresql"}
        or not value.startswith(f"{parts.scheme}://")
        or parts.path.strip("/") == ""
        or "/" in parts.path.strip("/")
        or _port_problem(parts)
    ):
        raise MalformedSetting(
            name,
            _shown(raw, parts),
            "postgres://USER:PASSWORD@HOST:5432/NAME (or unset, for SQLite in RAPPORT_DATA_DIR)",
        )
    return value


def redis_url(name: str, default: str) -> str:
    raw = _raw(name)
    if raw is None:
        return default
    value = raw.strip()
    parts = urlsplit(value)
    expected = "redis://HOST:6379/0 (rediss:// for TLS, unix:///PATH for a socket)"
    if parts.scheme == "unix":
        bad = not parts.path
    else:
        bad = (
            parts.scheme not in {"redis", "rediss"}
            or not value.startswith(f"{parts.scheme}://")
            or _port_problem(parts)
            or not re.fullmatch(r"/?\d*", parts.path)
        )
    if bad:
        raise MalformedSetting(name, _shown(raw, parts), expected)
    return value
