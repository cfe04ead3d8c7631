"""A host who moves a gathering again and again does not mail its guests each time.

Before, every move (a new time, place or link) mailed each guest who said yes or
maybe at once: a host dithering between two cafés, or a script with a stolen token,
moving it back and forth fifty times mailed each guest fifty times. Now the first move
is mailed at once; a move within ``MOVE_MAIL_EVERY`` of that mail waits until the
window is up, and then one mail says the plan as it stands (the worker's five-minute
job); none at all when the plan came back to what the guests were last told.
"""

from __future__ import annotations

import datetime as dt
import functools

import pytest
import time_machine

from rapport.gatherings.models import Gathering
from rapport.gatherings.notices import MOVE_MAIL_EVERY, gathering_move_mails_due_send
from rapport.gatherings.services import gathering_cancel, gathering_update
from rapport.operations.schedule import PERIODIC_JOBS
from tests.conftest import pair_connect
from tests.gatherings.making import NOW, START, hosted
from tests.races import at_once

CAFE_A = "The Anchor, Manchester"
CAFE_B = "The Crown, Salford"
HOUR = dt.timedelta(hours=1)
# For the race, on the real clock (threads do not share a travelled one).
START_SOON = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(days=3)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def coming(clock, ana, ben, cy, api_as):
    """Ana's breakfast at the Anchor: Ben and Cy said yes."""
    gathering = hosted(ana, place=CAFE_A)
    for guest in (ben, cy):
        pair_connect(ana, guest)
    api_as(ana).post(f"/gatherings/{gathering.pk}/invitations", {"member_ids": [ben.pk, cy.pk]})
    for guest in (ben, cy):
        api_as(guest).post(f"/gatherings/{gathering.pk}/rsvp", {"answer": "yes"})
    return gathering


def _to_ben(mailoutbox) -> list:
    return [m for m in mailoutbox if m.to == ["ben@example.org"]]


def _move(gathering: Gathering, capture, **changes) -> None:
    with capture(execute=True):
        gathering_update(host=gathering.host, gathering_id=gathering.pk, **changes)


def _due(capture, clock, at: dt.datetime) -> int:
    clock.move_to(at)
    with capture(execute=True):
        return gathering_move_mails_due_send()


def test_fifty_moves_back_and_forth_mail_each_guest_once(
    coming, clock, mailoutbox, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    for n in range(51):  # ending at the Crown: the 1st, 3rd... 51st moves go there
        clock.move_to(NOW + n * dt.timedelta(seconds=10))
        _move(coming, capture, place=CAFE_B if n % 2 == 0 else CAFE_A)
    # The first move, at once; the fifty after it wait.
    assert [CAFE_B in m.body for m in _to_ben(mailoutbox)] == [True]

    # Nothing more before the window is up, however often the worker looks; and once
    # it is, nothing either: the guests were told the Crown, and the Crown it is.
    assert _due(capture, clock, NOW + MOVE_MAIL_EVERY - dt.timedelta(minutes=1)) == 0
    assert _due(capture, clock, NOW + MOVE_MAIL_EVERY) == 0
    assert len(_to_ben(mailoutbox)) == 1
    assert len(mailoutbox) == 2  # Ben and Cy, once each


def test_a_plan_that_settled_elsewhere_is_mailed_once_when_the_window_is_up(
    coming, clock, mailoutbox, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    later = START + dt.timedelta(hours=3)
    for n in range(50):
        clock.move_to(NOW + n * dt.timedelta(seconds=10))
        _move(coming, capture, place=CAFE_B if n % 2 == 0 else CAFE_A)
    # The fiftieth move took it back to the Anchor; then the host moves the time too.
    _move(coming, capture, starts_at=later, ends_at=later + dt.timedelta(hours=2))
    assert len(_to_ben(mailoutbox)) == 1

    assert _due(capture, clock, NOW + MOVE_MAIL_EVERY) == 1

    mails = _to_ben(mailoutbox)
    assert len(mails) == 2
    assert "Where: The Anchor, Manchester" in mails[1].body
    assert ", 12:00 " in mails[1].body  # 09:00 moved by three hours
    assert len(mailoutbox) == 4  # Ben and Cy, twice each
    # Sent once: the worker looking again sends nothing.
    assert _due(capture, clock, NOW + 2 * MOVE_MAIL_EVERY) == 0
    assert len(mailoutbox) == 4


def test_moved_back_to_what_the_guests_were_told_mails_nothing_more(
    coming, clock, mailoutbox, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    _move(coming, capture, place=CAFE_B)
    clock.move_to(NOW + dt.timedelta(minutes=2))
    _move(coming, capture, place=CAFE_A)
    clock.move_to(NOW + dt.timedelta(minutes=3))
    _move(coming, capture, place=CAFE_B)

    assert _due(capture, clock, NOW + MOVE_MAIL_EVERY + dt.timedelta(minutes=5)) == 0
    assert len(_to_ben(mailoutbox)) == 1
    assert Gathering.objects.get(pk=coming.pk).move_mail_due_at is None


def test_a_move_after_the_window_is_mailed_at_once(
    coming, clock, mailoutbox, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    _move(coming, capture, place=CAFE_B)
    clock.move_to(NOW + MOVE_MAIL_EVERY)
    _move(coming, capture, place=CAFE_A)

    assert ["Where: The Crown" in m.body for m in _to_ben(mailoutbox)] == [True, False]


def test_a_cancellation_says_all_and_the_waiting_move_is_not_mailed(
    coming, clock, mailoutbox, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    _move(coming, capture, place=CAFE_B)
    clock.move_to(NOW + dt.timedelta(minutes=2))
    _move(coming, capture, place="The Bell, Leeds")
    with capture(execute=True):
        gathering_cancel(host=coming.host, gathering_id=coming.pk)

    assert _due(capture, clock, NOW + MOVE_MAIL_EVERY) == 0
    subjects = [m.subject for m in _to_ben(mailoutbox)]
    assert len(subjects) == 2 and "Cancelled" in subjects[1]


def test_the_worker_looks_every_five_minutes():
    job = next(j for j in PERIODIC_JOBS if j.task_path.endswith("send_gathering_move_mails"))
    assert job.every == dt.timedelta(minutes=5)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_moves_at_once_mail_the_guests_once(postgres_only, ana, ben, cy, api_as, mailoutbox):
    """Each move takes the gathering's row lock before it decides: one finds the window
    open and mails; the others find that mail and wait for the worker."""
    gathering = hosted(ana, place=CAFE_A, starts_at=START_SOON, ends_at=START_SOON + HOUR)
    for guest in (ben, cy):
        pair_connect(ana, guest)
    api_as(ana).post(f"/gatherings/{gathering.pk}/invitations", {"member_ids": [ben.pk, cy.pk]})
    for guest in (ben, cy):
        api_as(guest).post(f"/gatherings/{gathering.pk}/rsvp", {"answer": "yes"})
    places = [f"Table {n}, The Crown, Salford" for n in range(20)]

    outcomes = at_once(
        [
            functools.partial(gathering_update, host=ana, gathering_id=gathering.pk, place=place)
            for place in places
        ]
    )

    assert all(isinstance(o, Gathering) for o in outcomes), outcomes
    assert len(_to_ben(mailoutbox)) == 1
    assert Gathering.objects.get(pk=gathering.pk).move_mail_due_at is not None
