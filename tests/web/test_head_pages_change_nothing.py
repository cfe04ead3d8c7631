"""A HEAD on a page changes nothing (RFC 9110 9.2.1: it is safe), though Django runs a
page's GET for it: a link checker, a monitor or a browser's prefetch must not mark a
thread read for its member, nor set up a board they never opened. Its status and
headers stay GET's (the API's HEAD is tested in tests/api/test_head_changes_nothing.py).

Every page whose GET writes is here, one test each: the thread (its read mark), the
board of key people and one seat's form (both set the twelve seats up). The calendar
files answered a HEAD with 405 (``require_GET``); they answer it as GET now.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from rapport.coffee.models import Pairing
from rapport.coffee.services import coffee_opt_in, coffee_round_run
from rapport.conversations.selectors import conversation_with, conversations_of
from rapport.conversations.services import message_send
from rapport.gatherings.services import gathering_create
from rapport.keeper.calendar_feed import calendar_feed_create
from rapport.keeper.models import KeySeat
from tests.coffee.test_rounds import NOW, _week

# Sessions are the signed-in browser's own bookkeeping (when it was last active), not
# something the page does.
NOT_THE_PAGES = {"sessions.session"}


def database_rows() -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table the product writes, to tell whether a request wrote."""
    return {
        model._meta.label_lower: sorted(
            (tuple(row) for row in model._default_manager.order_by("pk").values_list()),
            key=repr,
        )
        for model in apps.get_models()
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.label_lower not in NOT_THE_PAGES
    }


def same_headers(head, got) -> bool:
    return (head.status_code, head["Content-Type"], head.get("Content-Length")) == (
        got.status_code,
        got["Content-Type"],
        got.get("Content-Length"),
    )


@pytest.fixture
def ana(make_member):
    return make_member("Ana Lima")


def test_head_on_a_thread_leaves_it_unread(ana, make_member, connect, signed_in):
    ben = make_member("Ben Okafor")
    connect(ana, ben)
    thread = conversation_with(member=ana, other_id=ben.pk)
    message_send(sender=ben, conversation_id=thread.pk, body="How did the pilot go?")
    client = signed_in(ana)
    url = reverse("conversation", args=[thread.pk])
    before = database_rows()

    head = client.head(url)

    assert head.status_code == 200
    assert database_rows() == before
    assert {c.pk: c.unread for c in conversations_of(member=ana)}[thread.pk] > 0
    got = client.get(url)
    assert {c.pk: c.unread for c in conversations_of(member=ana)}[thread.pk] == 0
    assert same_headers(head, got)


def test_head_on_the_board_sets_nothing_up(ana, signed_in):
    client = signed_in(ana)
    url = reverse("keeper_seats")
    before = database_rows()

    head = client.head(url)

    assert head.status_code == 200
    assert database_rows() == before
    got = client.get(url)
    assert KeySeat.objects.filter(owner=ana).count() == 12  # GET still sets it up
    assert same_headers(head, got)


def test_head_on_a_seats_form_sets_nothing_up(ana, signed_in):
    client = signed_in(ana)
    url = reverse("keeper_seat_edit", args=[3])
    before = database_rows()

    head = client.head(url)

    assert head.status_code == 200
    assert database_rows() == before
    got = client.get(url)
    assert KeySeat.objects.filter(owner=ana).count() == 12
    assert same_headers(head, got)


def _head_is_get(client, url: str) -> None:
    before = database_rows()
    head = client.head(url)
    assert database_rows() == before
    got = client.get(url)
    assert got.status_code == 200
    assert same_headers(head, got)


def test_head_on_a_gatherings_calendar_file_answers_as_get(ana, signed_in):
    starts = timezone.now().replace(microsecond=0) + dt.timedelta(days=30)
    found = gathering_create(
        host=ana,
        title="Maps and tea",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        place="The Old Library",
        no_agenda=True,
    )

    _head_is_get(signed_in(ana), reverse("gathering_ics", args=[found.pk]))


def test_head_on_a_coffee_hold_answers_as_get(ana, make_member, signed_in):
    with time_machine.travel(NOW, tick=False):
        lena = make_member("Lena Vogel")
        for member in (ana, lena):
            coffee_opt_in(member=member, frequency="weekly")
        coffee_round_run(**_week(0))

        _head_is_get(signed_in(ana), reverse("coffee_pairing_ics", args=[Pairing.objects.get().pk]))


def test_head_on_the_keep_in_touch_feed_answers_as_get(ana, client):
    token = calendar_feed_create(owner=ana)

    _head_is_get(client, reverse("keeper_calendar_feed", kwargs={"token": token}))
