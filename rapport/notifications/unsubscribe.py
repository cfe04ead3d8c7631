"""The one-click unsubscribe link (RFC 8058) of each kind of mail Rapport sends on its
own: notification mail here, the keeper's weekly digest (``rapport.keeper.digest``).

The link needs no login: its token is the credential. It is signed with the site's
secret key under a salt of its own for each kind of mail (``django.core.signing``), so
no other signed value of Rapport's can stand in for it, and a notification mail's link
cannot turn the digest off, nor the reverse. It names the member by their id and the
moment they joined: a token outlives nothing it names, so once the member is erased it
opens nothing, even if a database restored from a backup handed the id out again.
It does not expire: a mail read months later still unsubscribes.

Each link only ever turns its own kind of mail off, which anyone holding the mail may
ask for. Opening it changes nothing, so a mail scanner that follows links unsubscribes
nobody; the page's button, or the mail client's one-click POST, does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from rapport.errors import NotFound
from rapport.members.models import Member

# Notification mail's salt, the default: the links of mails already sent were made
# with it and without a choice of salt, so neither may change.
SALT = "rapport.notifications.unsubscribe"
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _joined(member: Member) -> int:
    """When the member joined, in whole microseconds: exact, where a float is not."""
    return (member.date_joined - _EPOCH) // dt.timedelta(microseconds=1)


def unsubscribe_token(member: Member, *, salt: str = SALT) -> str:
    """The token of ``member``'s unsubscribe link from the kind of mail ``salt`` names."""
    return signing.dumps([member.pk, _joined(member)], salt=salt)


def unsubscribe_member(token: str, *, salt: str = SALT) -> Member:
    """The member ``token`` names; NotFound for a token that is not one of ours, was
    altered, was signed for another kind of mail, or names a member who is no longer
    here."""
    try:
        member_id, joined = signing.loads(token, salt=salt)
    except (signing.BadSignature, ValueError, TypeError):
        raise NotFound(
            "This unsubscribe link does not work.", code="bad_unsubscribe_link"
        ) from None
    member = Member.objects.filter(pk=member_id).first() if isinstance(member_id, int) else None
    if member is None or _joined(member) != joined:
        raise NotFound("This unsubscribe link does not work.", code="bad_unsubscribe_link")
    return member


def unsubscribe_headers(link: str) -> dict[str, str]:
    """The headers of a mail Rapport sends on its own: the unsubscribe ``link``, which a
    mail client offers as its own button and follows with one POST, no page shown (RFC
    2369, RFC 8058), and the mark of a program's mail, which no auto-reply should
    answer (RFC 3834)."""
    return {
        "List-Unsubscribe": f"<{link}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
    }


def unsubscribe_page(
    request: HttpRequest,
    token: str,
    *,
    salt: str,
    template: str,
    turn_off: Callable[[Member], object],
) -> HttpResponse:
    """The page of an unsubscribe link. GET asks, with one button, and changes nothing;
    POST (the button, or a mail client's one click) calls ``turn_off`` with the member.
    ``template`` is shown in the state "ask", "done" or "dead": a link that is not one
    answers 404 and says so. The view that calls this is ``csrf_exempt``: a mail client
    posts with no cookie, and the token is the credential."""
    try:
        member = unsubscribe_member(token, salt=salt)
    except NotFound:
        return render(request, template, {"state": "dead"}, status=404)
    if request.method == "POST":
        turn_off(member)
        state = "done"
    else:
        state = "ask"
    response = render(request, template, {"state": state, "for_member": member})
    response["Cache-Control"] = "no-store"
    return response
