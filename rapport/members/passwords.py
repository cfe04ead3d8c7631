"""The longest password Rapport takes, as a Django password validator.

Passwords have no column to bound them (only their Argon2 hash is stored), so without a
rule a sign-up could send megabytes to be hashed, and the API could not say how long a
password may be. 4096 characters is the bound Django itself kept for a while
(``MAXIMUM_PASSWORD_LENGTH``, after CVE-2013-1443): far beyond any passphrase or
password manager, and it is the ``maxLength`` of every password field in the API.
Listed in ``AUTH_PASSWORD_VALIDATORS``, so sign-up, a change, a reset and the admin
all refuse a longer one with the other rules' messages.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

PASSWORD_MAX = 4096


class MaximumLengthValidator:
    def __init__(self, max_length: int = PASSWORD_MAX) -> None:
        self.max_length = max_length

    def validate(self, password: str, user: Any = None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(
                f"This password is {len(password):,} characters; the limit is {self.max_length:,}.",
                code="password_too_long",
            )

    def get_help_text(self) -> str:
        return f"Your password can be at most {self.max_length:,} characters."
