"""The codes of two-step sign-in: an authenticator app's, and recovery codes.

An authenticator app (any of them: they all follow RFC 6238) and Rapport share a key.
Each makes a 6-digit code from the key and the current 30-second time step (TOTP with
HMAC-SHA1, which is what every app expects; ``pyotp`` computes it). A code is accepted
for its own step and for one step either side (a phone's clock a little off, a code
typed as it changed), and only for a step later than the last one accepted, so that
each code works once (``TwoStep.last_used_step``).

Recovery codes stand in for the app when the phone is lost: ten, each used once,
shown once. They are twelve random digits (about 40 bits) rather than letters, so one
field with a numeric keyboard (``inputmode="numeric"``) takes either kind of code.
Only a keyed digest of each is kept: HMAC-SHA256 with the site's secret key
(``salted_hmac``), not Django's password hashers. A password hasher is slow on purpose
because people choose guessable passwords; a recovery code is random, so there is no
dictionary to slow down, and with a salted slow hash every code typed would cost ten
Argon2 runs (one per code, since salted hashes cannot be looked up). A keyed digest is
found through an index in one query, and a copy of the database without the secret
key tells nobody a code. Guessing through the site is what the throttle stops
(``rapport.safety.throttle``: ten wrong codes per account in fifteen minutes). A code
typed is looked up under the secret key and under each retired one
(``RAPPORT_SECRET_KEY_FALLBACKS``), so rotating the key, done as docs/deploy.md says,
voids no recovery code; dropping a retired key voids the codes made under it, as it
ends the sessions signed with it.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets

import pyotp
import segno
from django.conf import settings
from django.utils.crypto import salted_hmac

STEP_SECONDS = 30
DIGITS = 6
# Steps either side of now whose codes are accepted: one is what RFC 6238 suggests.
DRIFT_STEPS = 1
RECOVERY_CODES = 10
RECOVERY_CODE_DIGITS = 12
ISSUER = "Rapport"


def secret_new() -> str:
    """A new key: 20 random bytes (RFC 4226's 160 bits) as 32 base32 characters."""
    return pyotp.random_base32(length=32)


def secret_grouped(secret: str) -> str:
    """The key in groups of four, as it is easiest to type into an app by hand."""
    return " ".join(secret[start : start + 4] for start in range(0, len(secret), 4))


def time_step(now: dt.datetime) -> int:
    """The RFC 6238 time step of ``now``: 30-second periods since the Unix epoch."""
    return int(now.timestamp()) // STEP_SECONDS


def code_at(secret: str, step: int) -> str:
    """The code an app shows during time step ``step``."""
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS).generate_otp(step)


def code_now(secret: str, now: dt.datetime) -> str:
    return code_at(secret, time_step(now))


def code_typed(text: str) -> str:
    """What was typed, without the spaces and dashes people put between groups."""
    return "".join(ch for ch in text if not ch.isspace() and ch != "-")


def is_app_code(code: str) -> bool:
    """Shaped as an app's code (``code_typed`` first): six digits."""
    return len(code) == DIGITS and code.isascii() and code.isdigit()


def is_recovery_code(code: str) -> bool:
    """Shaped as a recovery code (``code_typed`` first): twelve digits."""
    return len(code) == RECOVERY_CODE_DIGITS and code.isascii() and code.isdigit()


def step_of_code(secret: str, code: str, *, now: dt.datetime) -> int | None:
    """The time step, among now's and ``DRIFT_STEPS`` either side, whose code ``code``
    is; None when it is none of them. Compared in constant time."""
    current = time_step(now)
    found = None
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if hmac.compare_digest(code_at(secret, step), code):
            found = step
    return found


def provisioning_uri(secret: str, *, username: str) -> str:
    """The ``otpauth://`` address a QR code carries: the key, and the account's name as
    the app will list it ("Rapport: ana")."""
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS).provisioning_uri(
        name=username, issuer_name=ISSUER
    )


def qr_code_svg(uri: str, *, title: str) -> str:
    """``uri`` as a QR code, an SVG element to put in the page as it is: made here, no
    image fetched and no script run, black on white whatever the page's colours. Its
    ``title`` (escaped by segno) is what a screen reader says of it."""
    svg = segno.make(uri, error="m").svg_inline(scale=5, dark="#000", light="#fff", title=title)
    return svg.replace("<svg ", '<svg role="img" ', 1)


def recovery_codes_new() -> list[str]:
    """``RECOVERY_CODES`` new recovery codes, all different."""
    codes: dict[str, None] = {}
    while len(codes) < RECOVERY_CODES:
        codes.setdefault(f"{secrets.randbelow(10**RECOVERY_CODE_DIGITS):0{RECOVERY_CODE_DIGITS}d}")
    return list(codes)


def recovery_code_grouped(code: str) -> str:
    """``123456789012`` as ``1234 5678 9012``: easier to copy and to read out."""
    return " ".join(code[start : start + 4] for start in range(0, len(code), 4))


def recovery_code_digest(code: str, *, secret: str | None = None) -> str:
    """The keyed digest kept for a recovery code (``code_typed`` first), under the
    site's secret key or the one given."""
    return salted_hmac(
        "rapport.members.recovery_code", code, secret=secret, algorithm="sha256"
    ).hexdigest()


def recovery_code_digests(code: str) -> list[str]:
    """The digests ``code`` may be kept under: the secret key's, then each retired key's."""
    secrets_known = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    return [recovery_code_digest(code, secret=secret) for secret in secrets_known]
