"""A host who moves a gathering again and again does not mail its guests each time.

Before, every move (a new time, place or link) mailed each guest who said yes or
maybe at once: a host dithering between two cafés, or a script with a stolen token,
moving it back and forth fifty times mailed each guest fifty times. Now the first move
is mailed at once; a move within ``MOVE_MAIL_EVERY`` of that mail waits until the
window is up, and then one mail says the plan as it stands (the worker's five-minute
job); none at all when the plan came back to what the guests were last told.

While the moves keep coming the wait grows: each move mail within a day of the one
before doubles the wait before the next (15 minutes, 30, an hour, then two hours at
most), so a host moving it without pause all day mails each guest 15 times, not 96; a
day without a move mail starts again at 15 minutes, and a gathering that starts within
the wait keeps the 15 minutes.
"""

from __future__ import annotations

import datetime as dt
import functools

import pytest
import time_machine

from rapport.gatherings.models import Gathering
from rapport.gatherings.notices import (
    MOVE_MAIL_EVERY,
    MOVE_MAIL_RUN_ENDS_AFTER,
    MOVE_MAIL_WAIT_MAX,
    gathering_move_mails_due_send,
)
from rapport.gatherings.services import gathering_cancel, gathering_update
from rapport.operations.schedule import PERIODIC_JOBS
from tests.conftest import pair_connect
from tests.gatherings.making import NOW, START, hosted
from tests.races import at_once

CAFE_A = "The Anchor, Manchester"
CAFE_B = "The Crown, Salford"
HOUR = dt.timedelta(hours=1)
MINUTE = dt.timedelta(minutes=1)
DAY = dt.timedelta(days=1)
# For the race, on the real clock (threads do not share a travelled one).
START_SOON = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(days=3)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _ben_and_cy_coming(gathering: Gathering, *, ben, cy, api_as) -> Gathering:
    host = gathering.host
    for guest in (ben, cy):
        pair_connect(host, guest)
    api_as(host).post(f"/gatherings/{gathering.pk}/invitations", {"member_ids": [ben.pk, cy.pk]})
    for guest in (ben, cy):
        api_as(guest).post(f"/gatherings/{gathering.pk}/rsvp", {"answer": "yes"})
    return gathering


@pytest.fixture
def coming(clock, ana, ben, cy, api_as):
    """Ana's breakfast at the Anchor in three days: Ben and Cy said yes."""
    return _ben_and_cy_coming(hosted(ana, place=CAFE_A), ben=ben, cy=cy, api_as=api_as)


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


def _mailed_by_the_rule(*, within: dt.timedelta) -> list[dt.timedelta]:
    """When, from the first move, the guests of a gathering moved without pause are
    mailed by the rule: at once, then each wait after the one before, doubled after
    each mail, two hours at most."""
    mailed, at, wait = [], dt.timedelta(0), MOVE_MAIL_EVERY
    while at < within:
        mailed.append(at)
        at += wait
        wait = min(2 * wait, MOVE_MAIL_WAIT_MAX)
    return mailed


def _run_to_the_longest_wait(gathering: Gathering, capture, clock) -> dt.datetime:
    """Four moves, each as its wait is up (at once, then after 15, 30 and 60 minutes):
    four mails, and the next wait is the longest. Returns when the last went."""
    for minute in (0, 15, 45, 105):
        clock.move_to(NOW + minute * MINUTE)
        _move(gathering, capture, place=f"Table {minute}, The Crown, Salford")
    return NOW + 105 * MINUTE


def test_moving_it_every_minute_for_a_day_mails_each_guest_fifteen_times(
    coming, clock, mailoutbox, django_capture_on_commit_callbacks
):
    """The 15 minutes alone let a host (or a stolen token) moving a gathering without
    pause mail each guest 96 times a day; the doubling wait lets 15 through."""
    capture = django_capture_on_commit_callbacks
    mailed = []
    for minute in range(24 * 60):
        clock.move_to(NOW + minute * MINUTE)
        _move(coming, capture, place=f"Table {minute}, The Crown, Salford")
        if minute % 5 == 0:  # the worker's look
            with capture(execute=True):
                gathering_move_mails_due_send()
        if len(_to_ben(mailoutbox)) > len(mailed):
            mailed.append(minute * MINUTE)

    expected = _mailed_by_the_rule(within=DAY)
    assert [int(at / MINUTE) for at in expected[:6]] == [0, 15, 45, 105, 225, 345]
    assert len(expected) == 15
    assert mailed == expected
    assert len(mailoutbox) == 2 * 15  # Ben and Cy
    # Each mail, the plan as it stood then.
    assert "Where: Table 1425, The Crown" in _to_ben(mailoutbox)[-1].body
    # The day's last moves wait their two hours, and then the last plan goes, once.
    assert _due(capture, clock, NOW + (1425 + 120) * MINUTE) == 1
    assert "Where: Table 1439, The Crown" in _to_ben(mailoutbox)[-1].body
    assert _due(capture, clock, NOW + (1425 + 125) * MINUTE) == 0


def test_each_mail_in_a_run_doubles_the_wait_before_the_next_up_to_two_hours(
    coming, clock, mailoutbox, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    _move(coming, capture, place="Table 0, The Crown, Salford")  # mailed at once
    last, waits = NOW, []
    for n in range(1, 7):
        clock.move_to(last + MINUTE)
        _move(coming, capture, place=f"Table {n}, The Crown, Salford")
        due = Gathering.objects.get(pk=coming.pk).move_mail_due_at
        waits.append(due - last)
        # The worker mails it when the wait is up, not a minute before.
        assert _due(capture, clock, due - MINUTE) == 0
        assert _due(capture, clock, due) == 1
        assert f"Where: Table {n}, The Crown" in _to_ben(mailoutbox)[-1].body
        last = due

    assert waits == [MOVE_MAIL_EVERY, 2 * MOVE_MAIL_EVERY, HOUR, 2 * HOUR, 2 * HOUR, 2 * HOUR]
    assert MOVE_MAIL_WAIT_MAX == 2 * HOUR
    assert len(_to_ben(mailoutbox)) == 7


@pytest.mark.parametrize(
    ("quiet", "next_wait"),
    [(DAY, MOVE_MAIL_EVERY), (DAY - MINUTE, 2 * HOUR)],
    ids=["a day without a move mail", "a minute short of a day"],
)
def test_a_day_without_a_move_mail_starts_again_at_fifteen_minutes(
    coming, clock, mailoutbox, django_capture_on_commit_callbacks, quiet, next_wait
):
    capture = django_capture_on_commit_callbacks
    last = _run_to_the_longest_wait(coming, capture, clock)
    assert MOVE_MAIL_RUN_ENDS_AFTER == DAY

    clock.move_to(last + quiet)
    _move(coming, capture, place="The Bell, Leeds")  # mailed at once
    clock.move_to(last + quiet + MINUTE)
    _move(coming, capture, place="The Bell, Leeds, upstairs")

    assert len(_to_ben(mailoutbox)) == 5
    assert Gathering.objects.get(pk=coming.pk).move_mail_due_at == last + quiet + next_wait


@pytest.mark.parametrize(
    "move",
    [
        {"place": "The Bell, Leeds"},
        # Away from a time soon: the guests were told that time, and would go then.
        {"starts_at": START + 7 * DAY, "ends_at": START + 7 * DAY + HOUR},
    ],
    ids=["elsewhere, at the time soon", "from the time soon to next week"],
)
def test_a_gathering_that_starts_within_the_wait_is_mailed_within_fifteen_minutes(
    clock, ana, ben, cy, api_as, mailoutbox, django_capture_on_commit_callbacks, move
):
    """Ana's lunch is in three hours, and she has been moving it: the next wait would be
    two hours, but a guest told of a move then might learn of it too late."""
    capture = django_capture_on_commit_callbacks
    lunch = NOW + 3 * HOUR
    gathering = hosted(ana, place=CAFE_A, starts_at=lunch, ends_at=lunch + HOUR)
    _ben_and_cy_coming(gathering, ben=ben, cy=cy, api_as=api_as)
    last = _run_to_the_longest_wait(gathering, capture, clock)
    assert lunch < last + 2 * HOUR

    clock.move_to(last + MINUTE)
    _move(gathering, capture, **move)

    assert Gathering.objects.get(pk=gathering.pk).move_mail_due_at == last + MOVE_MAIL_EVERY
    assert _due(capture, clock, last + MOVE_MAIL_EVERY) == 1
    assert len(_to_ben(mailoutbox)) == 5


def test_a_cancellation_late_in_a_run_is_mailed_at_once(
    coming, clock, mailoutbox, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    last = _run_to_the_longest_wait(coming, capture, clock)
    clock.move_to(last + MINUTE)
    _move(coming, capture, place="The Bell, Leeds")  # waits its two hours
    with capture(execute=True):
        gathering_cancel(host=coming.host, gathering_id=coming.pk)

    subjects = [m.subject for m in _to_ben(mailoutbox)]
    assert len(subjects) == 5 and "Cancelled" in subjects[-1]
    assert _due(capture, clock, last + 2 * HOUR) == 0
    assert len(_to_ben(mailoutbox)) == 5


def test_the_worker_looks_every_five_minutes():
    job = next(j for j in PERIODIC_JOBS if j.task_path.endswith("send_gathering_move_mails"))
    assert job.every == dt.timedelta(minutes=5)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_moves_at_once_mail_the_guests_once(postgres_only, ana, ben, cy, api_as, mailoutbox):
    """Each move takes the gathering's row lock before it decides: one finds the window
    open and mails; the others find that mail and wait for the worker."""
    gathering = hosted(ana, place=CAFE_A, starts_at=START_SOON, ends_at=START_SOON + HOUR)
    _ben_and_cy_coming(gathering, ben=ben, cy=cy, api_as=api_as)
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


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_mail_a_waiting_move_once(
    postgres_only, ana, ben, cy, api_as, mailoutbox
):
    """Each worker takes the gathering's row lock, skipping it when the other holds it;
    whoever comes second finds nothing due."""
    gathering = hosted(ana, place=CAFE_A, starts_at=START_SOON, ends_at=START_SOON + HOUR)
    _ben_and_cy_coming(gathering, ben=ben, cy=cy, api_as=api_as)
    now = dt.datetime.now(dt.UTC)
    gathering_update(host=ana, gathering_id=gathering.pk, place=CAFE_B, now=now - 20 * MINUTE)
    gathering_update(host=ana, gathering_id=gathering.pk, place="The Bell", now=now - 19 * MINUTE)
    assert len(_to_ben(mailoutbox)) == 1

    outcomes = at_once([functools.partial(gathering_move_mails_due_send, now=now)] * 2)

    assert sorted(outcomes) == [0, 1], outcomes
    assert len(_to_ben(mailoutbox)) == 2
    assert "Where: The Bell" in _to_ben(mailoutbox)[-1].body
