"""The demo community: what a visitor meets when they log in as Ana, Ben, Priya or Tom."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from django.conf import settings
from django.db.models import F, Max, Min
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rapport.conversations.models import Conversation, Message, ReadMark
from rapport.conversations.selectors import conversation_with, conversations_of, messages_of
from rapport.demo.community import ASKS, DEMO_PASSWORD
from rapport.demo.seed import DemoLogin, demo_community_seed
from rapport.members.models import Member, MemberSession
from rapport.members.services import PROFILE_FIELDS
from rapport.members.two_step_codes import code_now
from rapport.network.models import Connection, ConnectionRequest
from rapport.network.selectors import (
    are_connected,
    connection_count,
    connections_of,
    requests_incoming,
    requests_outgoing,
    visible_state,
)

LEAFLET_NOTES = {(ask.sender, ask.recipient) for ask in ASKS if ask.leaflet}
LEAFLET_TEXTS = [ask.note for ask in ASKS if ask.leaflet]


def _rows() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Member, ConnectionRequest, Connection, Conversation, Message, ReadMark)
    }


def _member(username: str) -> Member:
    return Member.objects.get(username=username)


def test_seed_builds_about_forty_members_with_complete_profiles(community):
    members = list(Member.objects.all())

    assert community.created
    assert 35 <= len(members) <= 45
    assert community.members == len(members)
    for member in members:
        empty = [name for name in PROFILE_FIELDS if not getattr(member, name)]
        assert not empty, f"{member.username} has no {empty}"
        assert member.interest_list


def test_members_share_employers_and_cities_and_interests_have_a_long_tail(community):
    members = list(Member.objects.all())
    employers = Counter(m.organisation for m in members if m.organisation != "Freelance")
    cities = Counter(m.location.split(",")[-2].strip() for m in members)
    interests = Counter(interest for m in members for interest in m.interest_list)

    assert sum(1 for n in employers.values() if n >= 3) >= 3
    assert sum(1 for n in employers.values() if n >= 2) >= 6
    assert cities["Manchester"] >= 10
    assert sum(1 for n in cities.values() if n >= 3) >= 4
    assert sum(1 for n in interests.values() if n == 1) > len(members)
    assert interests.most_common(1)[0][1] >= 4


def _log_in(client: Client, login: DemoLogin) -> None:
    """Through the log-in page with what `rapport demo` prints: the password, and for a
    login with two-step sign-in on, the code an app shows for the printed key."""
    response = client.post(
        reverse("login"), {"username": login.username, "password": login.password}
    )
    assert response.status_code == 302
    if login.two_step_key:
        assert response["Location"] == reverse("login_two_step")
        assert "_auth_user_id" not in client.session  # not before the code
        code = code_now(login.two_step_key, timezone.now())
        response = client.post(reverse("login_two_step"), {"code": code})
        assert response.status_code == 302, response.content.decode()[:500]
    assert client.session["_auth_user_id"] == str(_member(login.username).pk)


def test_the_demo_logins_log_in_through_the_login_page_with_what_is_printed(community, client):
    assert [(login.username, login.password) for login in community.logins] == [
        ("ana", DEMO_PASSWORD),
        ("ben", DEMO_PASSWORD),
        ("priya", DEMO_PASSWORD),
        ("tom", DEMO_PASSWORD),
    ]
    assert [login.username for login in community.logins if login.two_step_key] == ["priya"]
    assert [login.username for login in community.logins if login.moderator] == ["tom"]
    for login in community.logins:
        _log_in(client, login)
        client.logout()
    assert not client.login(username="ana", password="wrong-password")


def test_every_page_in_the_menus_opens_for_each_demo_login(community):
    """Logged in with the printed password (and Priya's code), each demo login opens
    every page the navigation links to, the Account page among them."""
    for login in community.logins:
        client = Client()
        _log_in(client, login)
        home = client.get(reverse("home")).content.decode()
        nav = home[home.index('<nav aria-label="Main">') : home.index("</nav>")]
        links = re.findall(r'<a href="([^"]+)"', nav)
        assert reverse("account_settings") in links
        for link in links:
            assert client.get(link).status_code == 200, (login.username, link)


def test_a_demo_login_can_ask_for_a_reset_link(
    community, client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": "ben@example.org"})
    [mail] = mailoutbox
    assert mail.to == ["ben@example.org"]
    assert "http://testserver/password-reset/" in mail.body


def test_ana_sees_requests_that_ask_about_her_and_no_leaflets(community, client):
    ana = _member("ana")
    incoming = list(requests_incoming(member=ana))

    assert len(incoming) >= 3
    for request in incoming:
        # About the recipient: names her, asks her something, says where they met.
        assert "Ana" in request.note
        assert "?" in request.note
        assert request.context_detail or request.introducer_id
        assert (request.sender.username, "ana") not in LEAFLET_NOTES
    assert any(r.context == "introduced" and r.introducer.username == "ingrid" for r in incoming)
    # The collectors' leaflets were refused at sending: none was written anywhere.
    for sender, recipient in LEAFLET_NOTES:
        assert not ConnectionRequest.objects.filter(
            sender__username=sender, recipient__username=recipient, note__in=LEAFLET_TEXTS
        ).exists()

    client.force_login(ana)
    page = client.get(reverse("requests_inbox"))
    assert page.status_code == 200
    assert "you asked how people with low vision find the right bus stop" in page.content.decode()
    assert "I am building a wide network here" not in page.content.decode()


def test_ana_has_an_outgoing_request_connections_and_unread_conversations(community):
    ana = _member("ana")
    outgoing = [
        r for r in requests_outgoing(member=ana) if visible_state(r, viewer_id=ana.pk) == "pending"
    ]
    connected = {view.member.username for view in connections_of(member=ana)}
    conversations = list(conversations_of(member=ana))
    unread = {c.other(ana.pk) for c in conversations if c.unread}

    assert [r.recipient.username for r in outgoing] == ["elena"]
    assert {"ben", "priya", "grace", "maggie", "rosa"} <= connected
    assert len(connected) >= 8
    assert {_member(u).pk for u in ("ben", "grace", "maggie")} <= unread
    assert len(unread) < len(conversations), "some threads are read, as in real life"


def test_ben_has_the_same_mix_and_a_conversation_with_ana(community):
    ben, ana = _member("ben"), _member("ana")
    incoming = {r.sender.username for r in requests_incoming(member=ben)}
    outgoing = [
        r.recipient.username
        for r in requests_outgoing(member=ben)
        if visible_state(r, viewer_id=ben.pk) == "pending"
    ]
    unread = [c for c in conversations_of(member=ben) if c.unread]

    assert {"otieno", "samuel"} <= incoming
    assert not {"gary", "chad", "rohan"} & incoming  # their leaflets were refused
    assert outgoing == ["camille"]
    assert len(connections_of(member=ben)) >= 8
    assert len(unread) >= 2
    assert are_connected(a=ana.pk, b=ben.pk)
    thread = messages_of(conversation=conversation_with(member=ana, other_id=ben.pk))
    assert {m.sender_id for m in thread} == {ana.pk, ben.pk}
    assert len(thread) >= 4


def test_the_rest_of_the_network_has_clusters_and_a_few_open_requests(community):
    kontur = Member.objects.filter(organisation="Kontur Mobility")
    ids = [m.pk for m in kontur]
    pairs_inside = sum(are_connected(a=a, b=b) for a in ids for b in ids if a < b)
    others = ConnectionRequest.objects.filter(state="pending").exclude(
        sender__username__in=("ana", "ben")
    )

    assert pairs_inside == len(ids) * (len(ids) - 1) // 2
    # A few real requests wait elsewhere (the collectors' leaflets were refused).
    assert others.exclude(recipient__username__in=("ana", "ben")).count() >= 2
    assert ConnectionRequest.objects.filter(state="expired").exists()


def test_history_is_spread_over_years_and_conversations_over_weeks(community):
    now = timezone.now()
    connected = Connection.objects.aggregate(first=Min("created_at"), last=Max("created_at"))
    # The first message of each thread is the request's note; the rest were replies.
    replies = Message.objects.filter(created_at__gt=F("conversation__created_at"))
    written = replies.aggregate(first=Min("created_at"), last=Max("created_at"))

    assert now - connected["first"] > dt.timedelta(days=3 * 365)
    assert connected["last"] < now
    assert now - written["first"] > dt.timedelta(weeks=4)
    assert written["last"] < now


def test_every_member_stays_within_the_cap_and_the_request_budgets(community):
    now = timezone.now()
    for member in Member.objects.all():
        assert connection_count(member_id=member.pk) <= settings.RAPPORT_CONNECTION_CAP
        waiting = ConnectionRequest.objects.filter(
            sender=member, state__in=("pending", "declined"), expires_at__gt=now
        ).count()
        assert waiting <= settings.RAPPORT_REQUEST_BUDGET_PENDING
        sent = sorted(
            ConnectionRequest.objects.filter(sender=member).values_list("created_at", flat=True)
        )
        for i, start in enumerate(sent):
            in_week = [t for t in sent[i:] if t - start < dt.timedelta(days=7)]
            assert len(in_week) <= settings.RAPPORT_REQUEST_BUDGET_WEEK
    # The collectors tried to send more than anyone; every leaflet was refused.
    gary = _member("gary")
    assert not ConnectionRequest.objects.filter(sender=gary, state="pending").exists()


def test_seeding_twice_creates_nothing_new(community):
    before = _rows()

    again = demo_community_seed()

    assert not again.created
    assert "already" in again.message
    assert [login.username for login in again.logins] == ["ana", "ben", "priya", "tom"]
    assert _rows() == before


def test_ana_took_back_a_message_to_ben_and_the_thread_shows_it_deleted(community):
    ana, ben = Member.objects.get(username="ana"), Member.objects.get(username="ben")
    thread = conversation_with(member=ana, other_id=ben.pk)
    [tombstone] = [m for m in messages_of(conversation=thread) if m.deleted_at is not None]
    assert (tombstone.sender_id, tombstone.body) == (ana.pk, "")
    client = Client()
    client.force_login(ben)
    html = client.get(reverse("conversation", args=[thread.pk])).content.decode()
    assert "Message deleted" in html and "team drive" not in html


def test_ana_is_signed_in_on_her_phone_too_and_her_account_page_lists_both(community):
    client = Client(headers={"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/126.0"})
    login = client.post(reverse("login"), {"username": "ana", "password": DEMO_PASSWORD})
    assert login.status_code == 302
    html = client.get(reverse("account_settings")).content.decode()
    section = html[html.index("Where you're signed in") :]
    assert "Firefox on Linux" in section and "This device" in section
    assert "Safari on iPhone" in section
    assert "Sign out everywhere else" in section
    phone = MemberSession.objects.get(member_id=_member("ana").pk, device="Safari on iPhone")
    assert timezone.now() - phone.signed_in_at > dt.timedelta(days=2)
