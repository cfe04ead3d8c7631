"""The notification pages: the member's settings, and the unsubscribe link's page.

The unsubscribe page needs no login and no CSRF token: its token is the credential
(``rapport.notifications.unsubscribe``), and a mail client's one-click unsubscribe
(RFC 8058) is a bare POST from outside the site. Opening the link changes nothing, so a
mail scanner that follows links unsubscribes nobody; the button, or the mail
client's POST, does. All it can ever do is turn mail off.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from rapport.errors import RapportError
from rapport.members.selectors import email_pending_of
from rapport.notifications import rhythm
from rapport.notifications.forms import NotificationsForm
from rapport.notifications.models import Frequency
from rapport.notifications.selectors import notification_preference_of
from rapport.notifications.services import notification_frequency_set
from rapport.notifications.unsubscribe import SALT, unsubscribe_page
from rapport.typed_requests import MemberRequest
from rapport.web.form_errors import show_error

NAV = "notifications"
SAID = {
    Frequency.SOON: "Notifications on: what waits for you is mailed soon, never at night.",
    Frequency.DAILY: "Notifications once a day: at 08:00 your time, when something is new.",
    Frequency.OFF: "Notifications off: no more mail about what waits for you.",
}


@login_required
def notification_settings(request: MemberRequest) -> HttpResponse:
    member = request.user
    preference = notification_preference_of(member=member)
    form = NotificationsForm(request.POST or None, initial={"frequency": preference.frequency})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            frequency = form.cleaned_data["frequency"]
            try:
                notification_frequency_set(member=member, frequency=frequency)
            except RapportError as error:
                show_error(form, error)
                status = error.status
            else:
                messages.success(request, SAID[frequency])
                return redirect("notification_settings")
        else:
            status = 422
    return render(
        request,
        "notifications/settings.html",
        {
            "form": form,
            "preference": preference,
            "has_email": bool(member.email),
            # Sign-up's address waits for its link: say so, rather than "add one".
            "pending_email": None if member.email else email_pending_of(member=member),
            "wait_minutes": int(rhythm.WAIT.total_seconds() // 60),
            "nav_current": NAV,
        },
        status=status,
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def notifications_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET: a page with one button. POST (the button, or a mail client's one click):
    notification mail off. A link that is not one answers 404 and says so."""
    return unsubscribe_page(
        request,
        token,
        salt=SALT,
        template="notifications/unsubscribe.html",
        turn_off=lambda member: notification_frequency_set(member=member, frequency=Frequency.OFF),
    )
