"""What `rapport demo` seeds for gatherings, so a newcomer sees it working.

Ana went to Maggie's zine evening three weeks ago (Maggie invited her connections,
Ana among them; others found it open to the community), and Maggie confirmed who came:
Ana sees the others there and can ask them to connect, "met at" vouched for. Coming
up: Daniel's wayfinding walk, open to everyone, and Ben's call from Toronto, to which
Ana is invited and has not answered yet. Each starts on the hour in its host's time
zone. Ben keeps his call's time in Toronto, and says so (the gathering's own zone):
everyone sees "12:00 Toronto time", and Ana, in Manchester, her own time beside it,
17:00 (16:00 for the few weeks a year the two countries change their clocks on
different days). The others have no zone of their own, and read in each member's own,
as every gathering did before gatherings had one. And one of Ana's own,
a breakfast she has begun to invite people to: as its host she sees her guests'
answers, and her other connections, faces and all, in the boxes to invite them. She
moved it half an hour later once Grace had said yes, so her list says Grace answered
before the move.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from rapport.gatherings.models import Gathering
from rapport.gatherings.services import (
    gathering_confirm_attendance,
    gathering_create,
    gathering_invite,
    gathering_rsvp,
)
from rapport.members.models import Member
from rapport.members.time_zones import zone_of

# Where the demo's gatherings in person are held: their hosts keep their times there.
MANCHESTER = "Europe/London"
ZINES_GUESTS = ("ana", "samuel", "daniel", "fatima", "grace", "beatriz")
ZINES_CAME = ("ana", "samuel", "daniel", "fatima", "grace")
# A host invites their connections only: Maggie's among the guests.
ZINES_INVITED = ("ana", "fatima")


def _on_the_hour(now: dt.datetime, days: int, hour: int, *, host: Member) -> dt.datetime:
    """``hour`` o'clock, ``days`` from now, in the host's time zone."""
    day = timezone.localtime(now, zone_of(host)) + dt.timedelta(days=days)
    return day.replace(hour=hour, minute=0, second=0, microsecond=0)


def _invite(
    gathering: Gathering,
    members: dict[str, Member],
    *,
    invited: tuple[str, ...],
    coming: str,
    invited_at: dt.datetime,
    answered_at: dt.datetime,
) -> None:
    """The host invites ``invited``; ``coming`` says yes, the others have not answered."""
    gathering_invite(
        host=gathering.host,
        gathering_id=gathering.pk,
        member_ids=[members[name].pk for name in invited],
        now=invited_at,
    )
    gathering_rsvp(member=members[coming], gathering_id=gathering.pk, answer="yes", now=answered_at)


def seed(*, members: dict[str, Member], now: dt.datetime) -> None:
    """Called once by the demo seed after the community and Ana's keeper exist."""
    maggie, daniel, ben = members["maggie"], members["daniel"], members["ben"]

    planned = now - dt.timedelta(days=32)
    start = _on_the_hour(now, -21, 18, host=maggie)
    zines = gathering_create(
        host=maggie,
        title="Zines and natter at Doyle & Daughter",
        time_zone=MANCHESTER,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2, minutes=30),
        place="Doyle & Daughter Books, Beech Road, Chorlton",
        no_agenda=True,
        visibility="community",
        now=planned,
    )
    # Maggie invited her connections; the others found it open to the community.
    gathering_invite(
        host=maggie,
        gathering_id=zines.pk,
        member_ids=[members[name].pk for name in ZINES_INVITED],
        now=planned,
    )
    for offset, name in enumerate(ZINES_GUESTS):
        answer = "maybe" if name == "beatriz" else "yes"
        gathering_rsvp(
            member=members[name],
            gathering_id=zines.pk,
            answer=answer,
            now=planned + dt.timedelta(days=1 + offset),
        )
    gathering_confirm_attendance(
        host=maggie,
        gathering_id=zines.pk,
        attended_ids=[members[name].pk for name in ZINES_CAME],
        now=start + dt.timedelta(days=1),
    )

    walk_start = _on_the_hour(now, 6, 10, host=daniel)
    walk = gathering_create(
        host=daniel,
        title="Wayfinding walk: the Northern Quarter with a cane and a pushchair",
        time_zone=MANCHESTER,
        starts_at=walk_start,
        ends_at=walk_start + dt.timedelta(hours=2),
        place="Meet at the Stevenson Square clock, Manchester",
        agenda=(
            "We walk a route the council is about to re-sign, two of us with a cane or a "
            "pushchair, and note where the signs fail. Then tea at Fig + Sparrow and a "
            "short list of fixes for the wayfinding team. Comfortable shoes."
        ),
        visibility="community",
        now=now - dt.timedelta(days=4),
    )
    for offset, name in enumerate(("samuel", "lena", "yusuf")):
        gathering_rsvp(
            member=members[name],
            gathering_id=walk.pk,
            answer="yes",
            now=now - dt.timedelta(days=3 - offset),
        )

    call_start = _on_the_hour(now, 10, 12, host=ben)
    call = gathering_create(
        host=ben,
        title="Brightwater open code call, Manchester and Toronto",
        time_zone=ben.time_zone,
        starts_at=call_start,
        ends_at=call_start + dt.timedelta(hours=1),
        link="https://meet.example.org/brightwater-open-code",
        agenda=(
            "Ben shows the metering and payout code the Toronto co-op now runs, then "
            "we talk about what community energy groups could share next."
        ),
        visibility="invite",
        now=now - dt.timedelta(days=2),
    )
    _invite(
        call,
        members,
        invited=("ana", "siobhan", "kwame"),
        coming="kwame",
        invited_at=now - dt.timedelta(days=2),
        answered_at=now - dt.timedelta(days=1),
    )

    breakfast_start = _on_the_hour(now, 12, 8, host=members["ana"])
    breakfast = gathering_create(
        host=members["ana"],
        title="Small screens, big text: a show-and-tell breakfast",
        time_zone=MANCHESTER,
        starts_at=breakfast_start,
        ends_at=breakfast_start + dt.timedelta(hours=1, minutes=30),
        place="Fig + Sparrow, Oldham Street, Manchester",
        agenda=(
            "Bring one screen that works for someone with shaky hands or tired eyes, and one "
            "that does not. Five minutes each, then pastries and whatever comes up."
        ),
        visibility="invite",
        now=now - dt.timedelta(days=1),
    )
    _invite(
        breakfast,
        members,
        invited=("grace", "tomasz"),
        coming="grace",
        invited_at=now - dt.timedelta(days=1),
        answered_at=now - dt.timedelta(hours=20),
    )
    # Then the café could only have them from half past: Ana moved it, and her guest
    # list shows that Grace's yes was given for the old time. The move is recorded as
    # ``gathering_update`` records it, without the mail it sends Grace: the seed mails
    # nobody (tests/demo/test_seed_alone.py).
    Gathering.objects.filter(pk=breakfast.pk).update(
        starts_at=breakfast_start + dt.timedelta(minutes=30),
        ends_at=breakfast_start + dt.timedelta(hours=2),
        moved_at=now - dt.timedelta(hours=2),
        updated_at=now - dt.timedelta(hours=2),
    )
