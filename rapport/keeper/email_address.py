"""What counts as an email address in a keeper: one rule for its services, the keeper
file import and every importer, so nothing one of them writes is refused by another.

A keeper is a private address book, never mailed to from here, so the rule asks only
that a value be shaped like an address: a local part and a domain around one "@".
Local parts in any script are real (RFC 6531, SMTPUTF8: ``björn@example.org``), and
Django's ``validate_email`` refuses them; the domain may be internationalised too.
Pure Python, no Django: the importers' parsers use it before any database is open.
"""

from __future__ import annotations

import re

from rapport.limits import EMAIL_MAX

_ATOM = r"[^\s\x00-\x1f\x7f@<>(),;:\"\[\]\\.]+"
_LOCAL = re.compile(rf"{_ATOM}(?:\.{_ATOM})*")
"""RFC 5322's dot-atom, with any non-ASCII character allowed as RFC 6531 does: no
spaces or controls, none of the specials, no leading, trailing or doubled dot."""

_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
_TOP_LEVEL = re.compile(r"[a-z]{2,63}|xn--[a-z0-9-]{1,59}")
"""Django's rule for a domain's last label: letters, or an internationalised one."""


def is_email_address(value: str) -> bool:
    """Whether ``value`` (already trimmed) is an address a keeper keeps.

    At most ``EMAIL_MAX`` characters; one "@"; a dot-atom local part of any script;
    a domain of two or more labels that reads as a hostname once IDNA-encoded.
    """
    if len(value) > EMAIL_MAX or value.count("@") != 1:
        return False
    local, domain = value.split("@")
    if not _LOCAL.fullmatch(local):
        return False
    try:
        ascii_domain = domain.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return False
    labels = ascii_domain.split(".")
    return (
        len(labels) >= 2
        and all(_LABEL.fullmatch(label) for label in labels)
        and bool(_TOP_LEVEL.fullmatch(labels[-1]))
    )
