"""What `rapport demo` seeds for coffee rounds, so a newcomer sees it working.

A dozen members opted in, Ana among them. Two Mondays ago the round paired her with
someone she had never met; they met, both said so, and she may now ask them to
connect with "a coffee round paired us" vouched for. Neither has written yet: their
conversation points to Ana's opener, which now says the round paired them "last
week" (or on its date). Last Monday's round paired her again: her partner has already
sent their suggested opener.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from rapport.coffee.models import Pairing
from rapport.coffee.schedule import ROUND_WEEKDAY
from rapport.coffee.services import coffee_opt_in, coffee_pairing_met, coffee_round_run
from rapport.conversations.services import message_send
from rapport.members.models import Member

# (member, how often, what they would like to talk about)
OPT_INS = (
    ("ana", "weekly", "designing for older users, plain language"),
    ("lena", "weekly", "accessibility, wayfinding"),
    ("wei", "fortnightly", "document understanding, plain language"),
    ("wanjiru", "weekly", "sms services, designing for low bandwidth"),
    ("kavya", "weekly", "forecasting, heritage architecture"),
    ("joao", "fortnightly", "housing, participatory design"),
    ("elena", "weekly", "social networks, research methods"),
    ("hiroshi", "monthly", "repair, hardware design"),
    ("aisha", "weekly", "customer interviews, small business"),
    ("camille", "fortnightly", "community energy, cooperatives"),
    ("samuel", "weekly", "usability testing, energy"),
    ("noor", "weekly", "labour, cities, technology"),
    ("otieno", "weekly", "offline-first, sync"),
    ("tom", "monthly", "mentoring, repair cafés"),
)


def _last_round_day(now: dt.datetime) -> dt.date:
    """The last round day strictly before today."""
    today = timezone.localdate(now)
    back = (today.weekday() - ROUND_WEEKDAY) % 7 or 7
    return today - dt.timedelta(days=back)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _pairing_of(member: Member, held_on: dt.date) -> Pairing | None:
    for pairing in Pairing.objects.filter(round__held_on=held_on).select_related(
        "member_low", "member_high"
    ):
        if pairing.includes(member.pk):
            return pairing
    return None


def seed(*, members: dict[str, Member], now: dt.datetime) -> None:
    """Called once by the demo seed after the community and Ana's keeper exist."""
    ana = members["ana"]
    last = _last_round_day(now)
    before = last - dt.timedelta(days=7)
    for name, frequency, topics in OPT_INS:
        coffee_opt_in(
            member=members[name],
            frequency=frequency,
            topics=topics,
            now=_at(before, 6) - dt.timedelta(days=10),
        )

    coffee_round_run(held_on=before, now=_at(before, 7))
    earlier = _pairing_of(ana, before)
    if earlier is not None:
        # They met on the Thursday; both said so.
        met_at = _at(before + dt.timedelta(days=3), 11)
        coffee_pairing_met(member=earlier.member_low, pairing_id=earlier.pk, now=met_at)
        coffee_pairing_met(
            member=earlier.member_high, pairing_id=earlier.pk, now=met_at + dt.timedelta(hours=2)
        )

    coffee_round_run(held_on=last, now=_at(last, 7))
    latest = _pairing_of(ana, last)
    if latest is not None and latest.conversation_id is not None:
        partner_is_low = latest.member_high_id == ana.pk
        partner = latest.member_low if partner_is_low else latest.member_high
        message_send(
            sender=partner,
            conversation_id=latest.conversation_id,
            body=latest.opener_low if partner_is_low else latest.opener_high,
            now=min(_at(last, 9), now - dt.timedelta(minutes=5)),
        )
