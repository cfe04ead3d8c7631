"""The one-click unsubscribe link every notification mail carries (RFC 8058).

The link needs no login: its token is the credential. It is signed with the site's
secret key under a salt of its own (``django.core.signing``), so no other signed value
of Rapport's can stand in for it, and it names the member by their id and the moment
they joined: a token outlives nothing it names, so once the member is erased it
opens nothing, even if a database restored from a backup handed the id out again.
It does not expire: a mail read months later still unsubscribes.

It only ever turns notification mail off, which anyone holding the mail may ask for.
"""

from __future__ import annotations

import datetime as dt

from django.core import signing

from rapport.errors import NotFound
from rapport.members.models import Member

SALT = "rapport.notifications.unsubscribe"
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _joined(member: Member) -> int:
    """When the member joined, in whole microseconds: exact, where a float is not."""
    return (member.date_joined - _EPOCH) // dt.timedelta(microseconds=1)


def unsubscribe_token(member: Member) -> str:
    """The token of ``member``'s unsubscribe link."""
    return signing.dumps([member.pk, _joined(member)], salt=SALT)


def unsubscribe_member(token: str) -> Member:
    """The member ``token`` names; NotFound for a token that is not one of ours, was
    altered, or names a member who is no longer here."""
    try:
        member_id, joined = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        raise NotFound(
            "This unsubscribe link does not work.", code="bad_unsubscribe_link"
        ) from None
    member = Member.objects.filter(pk=member_id).first() if isinstance(member_id, int) else None
    if member is None or _joined(member) != joined:
        raise NotFound("This unsubscribe link does not work.", code="bad_unsubscribe_link")
    return member
