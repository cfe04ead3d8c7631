"""The CSRF token a page carries: Django's token, masked with one read of randomness.

Django masks the CSRF secret anew for every response, so that a compressed page never
repeats it (BREACH). It draws the 32-character mask one character at a time through
``secrets.choice``: 32 reads of the kernel's randomness, 42-51 µs, 3% of a kept home
page's time (docs/benchmarks.md, "Load"). Here the mask is drawn the same way in
substance (each character uniform over Django's alphabet, from ``secrets``) from one
read, and the token has Django's format, so ``CsrfViewMiddleware`` checks it as its own.

The secret and its cookie stay Django's: a request that brought no secret gets one from
``get_token`` itself, and one that did has its cookie renewed, as ``get_token`` does.
Templates get this token through the ``csrf`` context processor below, listed after
Django's own (which the template engine always runs first), so ``{% csrf_token %}``
is unchanged.
"""

from __future__ import annotations

import secrets

from django.http import HttpRequest
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token
from django.utils.functional import SimpleLazyObject

_ALPHABET = CSRF_ALLOWED_CHARS
_SIZE = len(_ALPHABET)
_INDEX = {char: index for index, char in enumerate(_ALPHABET)}
# A byte below this maps onto the alphabet evenly (248 = 4 x 62); others are drawn again.
_EVEN = 256 - 256 % _SIZE


def _mask() -> list[int]:
    """``CSRF_SECRET_LENGTH`` indexes into the alphabet, each uniform and independent."""
    drawn: list[int] = []
    while len(drawn) < CSRF_SECRET_LENGTH:
        # Half as many again as needed: one read in 10^13 falls short and reads again.
        read = secrets.token_bytes(CSRF_SECRET_LENGTH + CSRF_SECRET_LENGTH // 2)
        drawn += [byte % _SIZE for byte in read if byte < _EVEN]
    return drawn[:CSRF_SECRET_LENGTH]


def masked(secret: str) -> str:
    """``secret`` (Django's CSRF secret) as a token: a fresh mask, then the secret
    shifted by it, character by character (Django's ``_unmask_cipher_token`` undoes it)."""
    mask = _mask()
    return "".join([_ALPHABET[index] for index in mask]) + "".join(
        [
            _ALPHABET[(_INDEX[char] + index) % _SIZE]
            for char, index in zip(secret, mask, strict=True)
        ]
    )


def csrf_token(request: HttpRequest) -> str:
    """The token for this response's forms, as ``django.middleware.csrf.get_token``."""
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        return get_token(request)  # a new secret and its cookie: Django's own way
    # As get_token: the cookie in use is sent again, to renew its expiry.
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    return masked(secret)


def csrf(request: HttpRequest) -> dict[str, object]:
    """Context processor: ``csrf_token`` for templates, made only if a page uses it."""
    return {"csrf_token": SimpleLazyObject(lambda: csrf_token(request))}
