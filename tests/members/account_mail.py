"""What the account tests read out of the mail they catch, and the password they change to."""

from __future__ import annotations

import datetime as dt
import re

NEW_PASSWORD = "a fresh and unusual passphrase"
T0 = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)
RESET_LINK = re.compile(r"https?://\S+/password-reset/\S+/")
CONFIRMATION_LINK = re.compile(r"https?://\S+/settings/account/email/\S+/")
