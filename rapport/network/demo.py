"""What `rapport demo` seeds for requests beyond the community's own history:
reputation and note coaching, so a newcomer sees them working."""

from __future__ import annotations

import datetime as dt

from rapport.members.models import Member


def seed(*, members: dict[str, Member], now: dt.datetime) -> None:
    """Called once by the demo seed after the community and Ana's keeper exist."""
