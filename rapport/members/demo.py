"""What `rapport demo` seeds for accounts: Priya signs in in two steps, and Ana is
signed in on her phone as well as wherever the visitor logs in.

She turned two-step sign-in on a month ago, through the same services as the Account
page, with the demo's published key (``DEMO_TWO_STEP_KEYS``): `rapport demo` prints it
beside her password, for a newcomer to add to an authenticator app. A month ago, so
that the code she confirmed it with is long past and every code an app shows now works.
Without the "two-step sign-in is on" notice her own setup would mail: seeding mails
nobody, and the notice would be the first thing the demo printed on its console.

Ana's phone is a session like any other (Safari on an iPhone, signed in three days ago,
last used this morning), so that "Where you're signed in" on her Account page lists
two devices and its "Sign out" buttons have something to act on. Its key is random and
printed nowhere.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

from rapport.demo.community import DEMO_PASSWORD, DEMO_TWO_STEP_KEYS
from rapport.members.models import Member, MemberSession
from rapport.members.services import member_two_step_begin, member_two_step_confirm
from rapport.members.sessions import SessionStore, sign_in_record
from rapport.members.two_step_codes import code_now

TURNED_ON_DAYS_AGO = 30
ANA_PHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
)
ANA_PHONE_SIGNED_IN_DAYS_AGO = 3
ANA_PHONE_USED_HOURS_AGO = 5


def seed(*, members: dict[str, Member], now: dt.datetime) -> None:
    """Called once by the demo seed after the community exists."""
    since = now - dt.timedelta(days=TURNED_ON_DAYS_AGO)
    for username, key in DEMO_TWO_STEP_KEYS.items():
        member = members[username]
        member_two_step_begin(member=member, secret=key, now=since)
        member_two_step_confirm(
            member=member,
            code=code_now(key, since),
            current_password=DEMO_PASSWORD,
            now=since,
            mail_notice=False,
        )
    _signed_in_on_a_phone(members["ana"], now=now)


def _signed_in_on_a_phone(member: Member, *, now: dt.datetime) -> None:
    """A session as ``login()`` leaves one, from an iPhone's Safari, signed in days ago."""
    store = SessionStore()
    store[SESSION_KEY] = str(member.pk)
    store[BACKEND_SESSION_KEY] = "rapport.members.backends.MemberBackend"
    store[HASH_SESSION_KEY] = member.get_session_auth_hash()
    sign_in_record(
        store,
        user_agent=ANA_PHONE,
        now=now - dt.timedelta(days=ANA_PHONE_SIGNED_IN_DAYS_AGO),
    )
    store.create()
    # Saving made it "last active" now; the phone was last used this morning.
    MemberSession.objects.filter(session_key=store.session_key).update(
        last_active=now - dt.timedelta(hours=ANA_PHONE_USED_HOURS_AGO)
    )
