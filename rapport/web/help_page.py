"""The help page: the rules a newcomer from any other network trips over, and why.

Every number on it is read from where the site enforces it (the instance's settings,
the services' constants), never written again in the template: an instance that sets
another cap, or a change to a budget, changes what the page says with it.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from rapport.coffee.schedule import RECENT_ROUNDS
from rapport.gatherings import notices
from rapport.imports.services import max_bytes
from rapport.introductions.states import INTRODUCTION_EXPIRES_AFTER
from rapport.keeper.vocabulary import SEAT_COUNT, Circle
from rapport.network.states import NOTE_MAX, NOTE_MIN, REQUEST_EXPIRES_AFTER
from rapport.notifications.rhythm import MORNING, NIGHT, SOON_AT_MOST_EVERY, WAIT
from rapport.photos.processing import megabytes
from rapport.safety import sending_limits


def _rules() -> dict[str, object]:
    """The numbers the page explains, as the services hold them now."""
    return {
        "cap": settings.RAPPORT_CONNECTION_CAP,
        "pending": settings.RAPPORT_REQUEST_BUDGET_PENDING,
        "week": settings.RAPPORT_REQUEST_BUDGET_WEEK,
        "note_min": NOTE_MIN,
        "note_max": NOTE_MAX,
        "request_days": REQUEST_EXPIRES_AFTER.days,
        "introduction_days": INTRODUCTION_EXPIRES_AFTER.days,
        "circles": [Circle.capacity[code] for code in Circle.layered],
        "cadences": [
            (Circle.capacity[code], Circle.default_cadence_days[code]) for code in Circle.layered
        ],
        "seats": SEAT_COUNT,
        "coffee_rounds": RECENT_ROUNDS,
        "mail_wait_minutes": int(WAIT.total_seconds() // 60),
        "mail_every_hours": int(SOON_AT_MOST_EVERY.total_seconds() // 3600),
        "night": NIGHT,
        "morning": MORNING,
        "import_size": megabytes(max_bytes()),
        # Read from the module each time, as the services read them.
        "messages_a_minute": sending_limits.MESSAGES_PER_MINUTE.limit,
        "messages_a_day": sending_limits.MESSAGES_PER_DAY.limit,
        "asks_a_day": sending_limits.ASKS_PER_DAY.limit,
        "answers_a_day": sending_limits.ASK_ANSWERS_PER_DAY.limit,
        "introductions_a_day": sending_limits.INTRODUCTIONS_PER_DAY.limit,
        "invitations_a_day": sending_limits.INVITATIONS_PER_DAY.limit,
        "reports_a_day": sending_limits.REPORTS_PER_DAY.limit,
        "imports_a_day": sending_limits.IMPORTS_PER_DAY.limit,
        "imports_at_once": sending_limits.IMPORTS_AT_ONCE,
        "photos_a_day": sending_limits.PHOTO_UPLOADS_PER_DAY.limit,
        "move_mail_minutes": int(notices.MOVE_MAIL_EVERY.total_seconds() // 60),
    }


def help_page(request: HttpRequest) -> HttpResponse:
    """Open to everyone: a visitor deciding whether to join reads the same rules."""
    return render(request, "web/help.html", {"rules": _rules(), "nav_current": "help"})
