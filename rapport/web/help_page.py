"""The help page: the rules a newcomer from any other network trips over, and why.

Every number on it is read from where the site enforces it (the instance's settings,
the services' constants), never written again in the template: an instance that sets
another cap, or a change to a budget, changes what the page says with it.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from rapport.audit import report as audit_report
from rapport.coffee.schedule import RECENT_ROUNDS
from rapport.gatherings import notices
from rapport.imports.services import max_bytes
from rapport.insights import circles, notes, reciprocity, suggestions, tie_strength
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
        "move_mail_wait_max_hours": int(notices.MOVE_MAIL_WAIT_MAX.total_seconds() // 3600),
        "move_mail_run_hours": int(notices.MOVE_MAIL_RUN_ENDS_AFTER.total_seconds() // 3600),
    }


def _months(days: float) -> int:
    """365 days as "12 months", as the pages that use the window say it."""
    return round(days / 365.25 * 12)


def _times(factor: float) -> str:
    return {1: "once", 2: "twice"}.get(int(factor), f"{factor:g} times")


def _measures() -> dict[str, object]:
    """What the insights and the audit measure, as the engine holds it now (read from
    the modules each time, so that the page follows a change there)."""
    return {
        "active_a_year": _times(circles.ACTIVE_PER_YEAR),
        "circle_factor": _times(circles.MIN_FACTOR),
        "intimate_core": tie_strength.INTIMATE_CORE,
        "full_frequency": f"{tie_strength.FULL_FREQUENCY_PER_YEAR:g}",
        "give_take_months": _months(reciprocity.WINDOW.days),
        "pattern_from": reciprocity.PATTERN_FROM,
        "dormant_months": _months(suggestions.DORMANT_QUIET_DAYS),
        "dormant_shown": audit_report.DORMANT_SHOWN,
        "strongest": audit_report.STRONGEST,
        "talked_months": _months(audit_report.RECENT_DAYS),
        "notes_compared": notes.EARLIER_NOTES_COMPARED,
    }


def help_page(request: HttpRequest) -> HttpResponse:
    """Open to everyone: a visitor deciding whether to join reads the same rules."""
    return render(
        request,
        "web/help.html",
        {"rules": _rules(), "measures": _measures(), "nav_current": "help"},
    )
