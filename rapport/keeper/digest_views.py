"""The weekly digest's unsubscribe link: the one keeper page that needs no login.

Its signed token is the credential (``rapport.notifications.unsubscribe``, under the
digest's own salt), and a mail client's one-click unsubscribe (RFC 8058) is a bare
POST from outside the site, with no cookie: so no CSRF token either, as for
notification mail's link. Opening the link changes nothing, so a mail scanner that
follows links unsubscribes nobody; the button, or the mail client's POST, does. All it
can ever do is turn its member's digest off.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from rapport.keeper.digest import UNSUBSCRIBE_SALT, keeper_digest_set_enabled
from rapport.notifications.unsubscribe import unsubscribe_page


@csrf_exempt
@require_http_methods(["GET", "POST"])
def keeper_digest_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET: a page with one button. POST (the button, or a mail client's one click):
    the weekly digest off. A link that is not one answers 404 and says so."""
    return unsubscribe_page(
        request,
        token,
        salt=UNSUBSCRIBE_SALT,
        template="keeper/digest_unsubscribe.html",
        turn_off=lambda member: keeper_digest_set_enabled(owner=member, enabled=False),
    )
