"""An answer given before the host moved the gathering says so, until it is given again.

Before, a guest who said yes to Tuesday at six still showed "Yes" on the host's list
after the host moved it to Thursday, though nobody knew whether Thursday suits them.
Now the host's list, the guest's own page, the mail telling them of the move and the
API all say the answer came before the move (a new time, place or link: what the
notice is sent for); answering again clears it. A corrected title moves nothing.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import pair_connect
from tests.gatherings.making import NOW, START, hosted, signed_in

LATER = START + dt.timedelta(days=1, hours=2)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def answered(ana, ben, cy, make_member, api_as):
    """Ana's breakfast: Ben said yes, Cy maybe, Dee no."""
    dee = make_member("Dee Park", email="dee@example.org")
    gathering = hosted(ana)
    for guest in (ben, cy, dee):
        pair_connect(ana, guest)
    api_as(ana).post(
        f"/gatherings/{gathering.pk}/invitations", {"member_ids": [ben.pk, cy.pk, dee.pk]}
    )
    for guest, answer in ((ben, "yes"), (cy, "maybe"), (dee, "no")):
        api_as(guest).post(f"/gatherings/{gathering.pk}/rsvp", {"answer": answer})
    return gathering


def _move(gathering, api_as, _frozen, **changes):
    """An hour after the answers, the host changes the gathering (by default, its time)."""
    _frozen.shift(dt.timedelta(hours=1))
    changes = changes or {
        "starts_at": LATER.isoformat(),
        "ends_at": (LATER + dt.timedelta(hours=2)).isoformat(),
    }
    response = api_as(gathering.host).patch(f"/gatherings/{gathering.pk}", changes)
    assert response.status_code == 200, response.content
    _frozen.shift(dt.timedelta(hours=1))
    return response


def _guests(api, gathering) -> dict[str, bool]:
    response = api.get(f"/gatherings/{gathering.pk}/guests")
    assert response.status_code == 200
    return {guest["name"]: guest["answered_before_change"] for guest in response.json()}


def test_the_host_sees_in_the_api_who_answered_yes_or_maybe_before_the_move(
    answered, ana, ben, api_as, _frozen
):
    host_api = api_as(ana)
    assert _guests(host_api, answered) == {"Ben Okafor": False, "Cy Tran": False, "Dee Park": False}

    _move(answered, api_as, _frozen)

    # Dee's "no" asks nothing of the host's plans, and Dee was not told of the move.
    assert _guests(host_api, answered) == {"Ben Okafor": True, "Cy Tran": True, "Dee Park": False}
    assert api_as(ben).get(f"/gatherings/{answered.pk}").json()["answered_before_change"] is True
    # The host said yes by creating it, and moved it themselves.
    assert host_api.get(f"/gatherings/{answered.pk}").json()["answered_before_change"] is False


def test_answering_again_clears_it(answered, ana, ben, api_as, _frozen):
    _move(answered, api_as, _frozen)

    again = api_as(ben).post(f"/gatherings/{answered.pk}/rsvp", {"answer": "yes"})

    assert again.status_code == 200
    assert again.json()["answered_before_change"] is False
    assert _guests(api_as(ana), answered)["Ben Okafor"] is False


def test_a_new_place_counts_as_a_move_and_a_new_title_does_not(answered, ana, api_as, _frozen):
    _move(answered, api_as, _frozen, title="Transit breakfast")
    assert _guests(api_as(ana), answered)["Ben Okafor"] is False

    _move(answered, api_as, _frozen, place="The Crown, Salford")
    assert _guests(api_as(ana), answered)["Ben Okafor"] is True


def test_an_answer_after_the_move_is_not_flagged(answered, ana, api_as, make_member, _frozen):
    answered.visibility = "community"
    answered.save(update_fields=["visibility"])
    _move(answered, api_as, _frozen)
    eve = make_member("Eve Lund")

    api_as(eve).post(f"/gatherings/{answered.pk}/rsvp", {"answer": "yes"})

    assert _guests(api_as(ana), answered)["Eve Lund"] is False


def test_the_hosts_page_says_who_said_yes_before_the_move(answered, ana, api_as, _frozen):
    page = signed_in(ana).get(reverse("gathering", args=[answered.pk])).content.decode()
    assert "before you moved it" not in page

    _move(answered, api_as, _frozen)

    page = signed_in(ana).get(reverse("gathering", args=[answered.pk])).content.decode()
    # Ben's yes and Cy's maybe; not Dee's no.
    assert page.count("said before you moved it") == 2
    assert "Maybe · said before you moved it" in page


def test_the_guests_page_asks_whether_they_are_still_coming(answered, ben, api_as, _frozen):
    _move(answered, api_as, _frozen)
    client = signed_in(ben)

    page = client.get(reverse("gathering", args=[answered.pk])).content.decode()
    assert "You said yes before the host moved it: still coming?" in page
    assert 'name="answer"' in page  # the answer buttons, right there

    client.post(reverse("gathering_rsvp", args=[answered.pk]), {"answer": "yes"})

    page = client.get(reverse("gathering", args=[answered.pk])).content.decode()
    assert "before the host moved it" not in page
    assert "You answered “Yes, I&#x27;ll be there”." in page


def test_the_guests_list_of_gatherings_says_the_answer_came_before_the_move(
    answered, ben, api_as, _frozen
):
    _move(answered, api_as, _frozen)

    page = signed_in(ben).get(reverse("gatherings")).content.decode()

    assert "Yes, I&#x27;ll be there (before it moved)" in page


def test_the_moved_notice_asks_those_coming_to_answer_again(
    answered, api_as, mailoutbox, django_capture_on_commit_callbacks, _frozen
):
    with django_capture_on_commit_callbacks(execute=True):
        _move(answered, api_as, _frozen)

    to_ben = next(m for m in mailoutbox if m.to == ["ben@example.org"])
    to_cy = next(m for m in mailoutbox if m.to == ["cy@example.org"])
    assert "You said yes before Ana Ruiz moved it: are you still coming?" in to_ben.body
    assert "Answer again on the gathering's page" in to_ben.body
    assert reverse("gathering", args=[answered.pk]) in to_ben.body
    assert "You said maybe before Ana Ruiz moved it" in to_cy.body


def test_a_guest_who_answered_again_before_the_mail_went_is_not_asked_twice(
    answered, ben, api_as, mailoutbox, django_capture_on_commit_callbacks, _frozen
):
    from rapport.gatherings.notices import MOVED, gathering_change_notices_send

    _move(answered, api_as, _frozen)
    api_as(ben).post(f"/gatherings/{answered.pk}/rsvp", {"answer": "yes"})

    gathering_change_notices_send(gathering_id=answered.pk, change=MOVED)

    to_ben = next(m for m in mailoutbox if m.to == ["ben@example.org"])
    assert "before Ana Ruiz moved it" not in to_ben.body


def _queries(client, path) -> int:
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_saying_so_costs_no_query(answered, ana, ben, api_as, _frozen):
    host_page = reverse("gathering", args=[answered.pk])
    host, guest = signed_in(ana), signed_in(ben)
    host_api, guest_api = api_as(ana), api_as(ben)
    before = (
        _queries(host, host_page),
        _queries(guest, host_page),
        _queries(guest, reverse("gatherings")),
        host_api.queries(f"/gatherings/{answered.pk}/guests"),
        guest_api.queries(f"/gatherings/{answered.pk}"),
        guest_api.queries("/gatherings"),
    )

    _move(answered, api_as, _frozen)

    after = (
        _queries(host, host_page),
        _queries(guest, host_page),
        _queries(guest, reverse("gatherings")),
        host_api.queries(f"/gatherings/{answered.pk}/guests"),
        guest_api.queries(f"/gatherings/{answered.pk}"),
        guest_api.queries("/gatherings"),
    )
    assert after == before
    assert "before you moved it" in host.get(host_page).content.decode()
