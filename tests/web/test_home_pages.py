"""A member's home page is kept between the changes it shows, and every such change
shows on the very next visit, whichever road it took: a service, a bulk update, a
deletion, a rename, or the clock (rapport/web/home_pages.py, migration web 0001)."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rapport.conversations.models import Conversation, Message, ReadMark
from rapport.conversations.selectors import conversation_with
from rapport.conversations.services import message_send
from rapport.members.models import Member
from rapport.members.services import member_delete, member_update_profile
from rapport.network.models import ConnectionRequest
from rapport.network.services import (
    connection_end,
    connection_request_accept,
    connection_request_decline,
    connection_request_withdraw,
)
from rapport.seeding.community import community_seed
from rapport.web.home_pages import CACHE as HOME_PAGES
from rapport.web.models import HomeVersion
from tests.conftest import PASSWORD
from tests.races import at_once

NOW = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)


def _main(client) -> str:
    """The page's content: what is kept (the page around it is made for each visit)."""
    response = client.get(reverse("home"))
    assert response.status_code == 200
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


def _reads(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("home")).status_code == 200
    return len(captured)


def _version(member: Member) -> int:
    row = HomeVersion.objects.filter(member_id=member.pk).first()
    return row.version if row else 0


@pytest.fixture
def world(make_member, connect, send_request, signed_in, time_machine):
    """Ana, who is connected with Bea (Bea wrote to her, unread) and has a request
    from Cal waiting; her page is kept when the fixture hands it over."""
    time_machine.move_to(NOW, tick=False)
    ana = make_member("Ana Lima")
    bea = make_member("Bea Costa")
    cal = make_member("Cal Ferreira")
    connect(ana, bea)
    thread = conversation_with(member=ana, other_id=bea.pk)
    message_send(sender=bea, conversation_id=thread.pk, body="Lunch on Thursday?")
    waiting = send_request(cal, ana)
    client = signed_in(ana)
    before = _main(client)
    assert "Bea Costa" in before and "1 unread" in before and "Cal Ferreira" in before
    assert "1 of" in before
    assert _reads(client) == 1  # kept: the session, its member and their version
    return {
        "ana": ana,
        "bea": bea,
        "cal": cal,
        "thread": thread,
        "waiting": waiting,
        "client": client,
        "time": time_machine,
        "make_member": make_member,
        "send_request": send_request,
    }


def _arrives(w):
    w["send_request"](w["make_member"]("Dan Moreira"), w["ana"])
    return "Dan Moreira", True


def _withdrawn(w):
    connection_request_withdraw(member=w["cal"], request_id=w["waiting"].pk)
    return "Cal Ferreira", False


def _declined(w):
    connection_request_decline(member=w["ana"], request_id=w["waiting"].pk)
    return "Cal Ferreira", False


def _accepted(w):
    connection_request_accept(member=w["ana"], request_id=w["waiting"].pk)
    return "<strong>2 of", True


def _withdrawn_in_bulk(w):
    ConnectionRequest.objects.filter(recipient=w["ana"]).update(state="withdrawn")
    return "Cal Ferreira", False


def _ended(w):
    connection_end(member=w["bea"], other_id=w["ana"].pk)
    return "<strong>0 of", True


def _written_to(w):
    message_send(sender=w["bea"], conversation_id=w["thread"].pk, body="Or Friday?")
    return "2 unread", True


def _read(w):
    assert w["client"].get(reverse("conversation", args=[w["thread"].pk])).status_code == 200
    return "unread", False


def _message_deleted(w):
    Message.objects.filter(conversation=w["thread"]).delete()
    return "unread", False


def _renamed(w):
    member_update_profile(member=w["ana"], name="Ana Lima Souza")
    return "Welcome, Ana Lima Souza", True


def _zone_changed(w):
    """Bea's message came at 12:00 UTC: 21:00 in Tokyo. The zone is in the page's key."""
    member_update_profile(member=w["ana"], time_zone="Asia/Tokyo")
    return "1 Jun 2026, 21:00", True


def _friend_renamed(w):
    member_update_profile(member=w["bea"], name="Beatriz Nova")
    return "Beatriz Nova", True


def _asker_renamed(w):
    member_update_profile(member=w["cal"], name="Calisto Ferreira")
    return "Calisto Ferreira", True


def _renamed_in_bulk(w):
    Member.objects.filter(pk=w["bea"].pk).update(name="", username="bea_c")
    return "bea_c", True


def _friend_left(w):
    member_delete(member=w["bea"], password=PASSWORD)
    return "Bea Costa", False


def _thread_deleted_in_bulk(w):
    Conversation.objects.filter(pk=w["thread"].pk).delete()
    return "Bea Costa", False


CHANGES: dict[str, Callable] = {
    "a request arrives": _arrives,
    "the sender withdraws it": _withdrawn,
    "the member declines it": _declined,
    "the member accepts it": _accepted,
    "requests withdrawn by a bulk update": _withdrawn_in_bulk,
    "a connection ends": _ended,
    "a message arrives": _written_to,
    "the member reads the thread": _read,
    "messages deleted in bulk": _message_deleted,
    "the member renames": _renamed,
    "the member changes time zone": _zone_changed,
    "a friend renames": _friend_renamed,
    "a waiting sender renames": _asker_renamed,
    "a name changed by a bulk update": _renamed_in_bulk,
    "a friend deletes their account": _friend_left,
    "a thread deleted in bulk": _thread_deleted_in_bulk,
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_every_change_the_page_shows_is_seen_on_the_next_visit(world, change):
    text, shown = change(world)
    page = _main(world["client"])
    assert "Welcome, Ana Lima" in page
    assert (text in page) is shown
    assert _reads(world["client"]) == 1  # and the new page is kept in turn


def test_a_time_zone_chosen_on_the_profile_shows_on_the_next_visit(world):
    client = world["client"]
    assert "1 Jun 2026, 12:00" in _main(client)

    saved = client.post(reverse("profile_edit"), {"name": "Ana Lima", "time_zone": "Asia/Tokyo"})

    assert saved.status_code == 302
    assert "1 Jun 2026, 21:00" in _main(client)  # made for the flash message
    assert "1 Jun 2026, 21:00" in _main(client)  # made again, and kept
    assert _reads(client) == 1
    assert "1 Jun 2026, 21:00" in _main(client)


def test_a_kept_page_ends_when_its_first_request_expires(world, signed_in):
    """No write announces an expiry: the page is kept until then, and not a moment more."""
    ConnectionRequest.objects.filter(pk=world["waiting"].pk).update(
        expires_at=NOW + dt.timedelta(minutes=2)
    )
    client = world["client"]
    assert "Cal Ferreira" in _main(client)
    world["time"].shift(dt.timedelta(minutes=1))
    assert _reads(client) == 1
    world["time"].shift(dt.timedelta(minutes=1, seconds=1))
    assert _reads(client) == 2
    assert "Cal Ferreira" not in _main(client)


def test_a_kept_page_is_made_again_after_five_minutes_at_most(world):
    client = world["client"]
    world["time"].shift(dt.timedelta(minutes=4, seconds=59))
    assert _reads(client) == 1
    world["time"].shift(dt.timedelta(seconds=2))
    assert _reads(client) == 2


def test_the_navigation_badge_follows_the_kept_count(world):
    badge = re.compile(r'id="nav-unread">(\d+)<')

    def count() -> int | None:
        found = badge.search(world["client"].get(reverse("home")).content.decode())
        return int(found.group(1)) if found else None

    assert count() == 1
    message_send(sender=world["bea"], conversation_id=world["thread"].pk, body="Or Friday?")
    assert count() == 2
    world["client"].get(reverse("conversation", args=[world["thread"].pk]))
    assert count() is None


def _token(page: str) -> str:
    found = re.findall(r'"X-CSRFToken": "([^"]+)"|name="csrfmiddlewaretoken" value="([^"]+)"', page)
    tokens = {a or b for a, b in found}
    assert len(found) == 2 and len(tokens) == 1
    return tokens.pop()


def test_a_kept_page_is_the_page_made_afresh_with_this_visits_token(world, signed_in):
    client = world["client"]
    kept = client.get(reverse("home")).content.decode()
    caches[HOME_PAGES].clear()
    made = client.get(reverse("home")).content.decode()
    assert kept.replace(_token(kept), "T") == made.replace(_token(made), "T")
    # Another session of the same member: the same page, with that session's token.
    other = signed_in(world["ana"]).get(reverse("home")).content.decode()
    assert _token(other) != _token(kept) and _token(kept) not in other
    assert other.replace(_token(other), "T") == made.replace(_token(made), "T")


def test_the_token_in_a_kept_page_is_accepted(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["ana"])
    client.get(reverse("home"))
    page = client.get(reverse("home")).content.decode()  # kept
    response = client.post(reverse("logout"), {"csrfmiddlewaretoken": _token(page)})
    assert response.status_code == 302
    assert "Welcome" not in client.get(reverse("home")).content.decode()


def test_a_flash_message_is_shown_once_and_never_kept(world):
    client = world["client"]
    assert client.post(reverse("coffee_opt_out")).status_code == 302
    assert "You left the coffee rounds" in _main(client)
    assert "You left the coffee rounds" not in _main(client)
    assert _reads(client) == 1


def test_members_never_see_each_others_kept_page(world, signed_in):
    bea_client = signed_in(world["bea"])
    bea_page = _main(bea_client)
    ana_page = _main(world["client"])
    assert "Welcome, Bea Costa" in bea_page and "Ana Lima" in bea_page
    assert "Cal Ferreira" not in bea_page  # Cal's request waits for Ana only
    assert "Welcome, Ana Lima" in ana_page and "Bea Costa" in ana_page


def test_a_change_moves_the_versions_of_the_members_it_concerns_only(world):
    ana, bea, cal = world["ana"], world["bea"], world["cal"]
    before = {m.pk: _version(m) for m in (ana, bea, cal)}
    message_send(sender=bea, conversation_id=world["thread"].pk, body="Or Friday?")
    after = {m.pk: _version(m) for m in (ana, bea, cal)}
    assert after[ana.pk] > before[ana.pk] and after[bea.pk] > before[bea.pk]
    assert after[cal.pk] == before[cal.pk]
    # A read mark written again where it already was changes nothing the page shows.
    mark = ReadMark.objects.get(member=bea, conversation=world["thread"])
    ReadMark.objects.filter(pk=mark.pk).update(last_read_message_id=mark.last_read_message_id)
    assert _version(bea) == after[bea.pk]


def test_a_deleted_member_leaves_no_version_behind(world):
    bea = world["bea"]
    assert _version(bea) > 0
    member_delete(member=bea, password=PASSWORD)
    assert not HomeVersion.objects.filter(member_id=bea.pk).exists()


def test_the_seed_writes_without_the_triggers_and_puts_them_back(db, time_machine):
    time_machine.move_to(NOW, tick=False)
    community_seed(members=40, seed=3, now=NOW)
    assert not HomeVersion.objects.exists()  # a new community: no page was kept
    thread = Conversation.objects.order_by("id").first()
    Conversation.objects.filter(pk=thread.pk).update(last_message_at=NOW)
    assert set(HomeVersion.objects.values_list("member_id", "version")) == {
        (thread.member_low_id, 1),
        (thread.member_high_id, 1),
    }


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_members_writing_to_each_other_at_once_never_deadlock(postgres_only, make_member, connect):
    """Every write moves the versions of the members it concerns, each a row lock held
    to the end of the transaction: locked in one order everywhere (the lower id first),
    two people replying to each other at the same moment wait in turn, never deadlock.
    Three friends, every one writing to both others at once, each thread on its own
    connection, as web workers are."""
    friends = [make_member(f"Friend {n}") for n in range(3)]
    threads_of = {}
    for i, a in enumerate(friends):
        for b in friends[i + 1 :]:
            connect(a, b)
            threads_of[a.pk, b.pk] = threads_of[b.pk, a.pk] = conversation_with(
                member=a, other_id=b.pk
            ).pk
    writes = [(a, b) for a in friends for b in friends if a != b] * 3
    before = Message.objects.count()  # the request notes that opened the threads
    outcomes = at_once(
        [
            functools.partial(
                message_send,
                sender=sender,
                conversation_id=threads_of[sender.pk, other.pk],
                body="Yes!",
            )
            for sender, other in writes
        ]
    )
    assert [o for o in outcomes if not isinstance(o, Message)] == []
    assert Message.objects.count() == before + len(writes)
    # Each message moved both of its members' versions at least once.
    for member in friends:
        assert _version(member) >= 2 * 3 * 2


def test_a_session_from_djangos_own_backend_reads_the_version_itself(world):
    """Sessions signed in before MemberBackend existed load the member through the ORM,
    without the version: the page asks for it (one query more), and is kept as well."""
    client = Client()
    client.force_login(world["ana"], backend="django.contrib.auth.backends.ModelBackend")
    assert "Welcome, Ana Lima" in _main(client)
    assert _reads(client) == 3  # the session with its member, Django's member, the version
    message_send(sender=world["bea"], conversation_id=world["thread"].pk, body="Or Friday?")
    assert "2 unread" in _main(client)
