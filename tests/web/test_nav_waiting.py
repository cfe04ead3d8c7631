"""The navigation's badge for requests waiting for the member's answer: on the People
menu (seen while it is closed) and its Requests link, counted as the inbox lists them,
kept with the unread count, and never one member's on another's page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rapport.conversations.selectors import conversation_with
from rapport.network.models import ConnectionRequest
from rapport.network.services import connection_request_hold, connection_request_release
from rapport.network.states import REQUEST_EXPIRES_AFTER

NOW = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)
SUMMARY = re.compile(
    r'<summary>People <span class="badge" id="nav-waiting">(\d+)<span class="visually-hidden">'
    r" requests? waiting for your answer</span></span></summary>"
)
LINK = re.compile(
    r'>Requests <span class="badge" id="nav-waiting-link">(\d+)<span class="visually-hidden">'
    r" waiting for your answer</span></span></a>"
)


def _badges(html: str) -> int:
    """The number both badges show (0: neither is there); they never disagree."""
    summary, link = SUMMARY.search(html), LINK.search(html)
    assert (summary is None) == (link is None), "one badge without the other"
    if summary is None:
        assert 'id="nav-waiting' not in html
        return 0
    assert summary.group(1) == link.group(1)
    return int(summary.group(1))


def _visit(client, url: str) -> tuple[int, int]:
    """The badge's number on the page, and the page's queries."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return _badges(response.content.decode()), len(captured)


def _seen(client, url: str | None = None) -> int:
    return _visit(client, url or reverse("connections"))[0]


@pytest.fixture
def asked(make_member, send_request, signed_in, time_machine):
    """Ana, asked to connect by Ben and by Cy."""
    time_machine.move_to(NOW, tick=False)
    ana, ben, cy = make_member("Ana Ruiz"), make_member("Ben Okafor"), make_member("Cy Tran")
    return {
        "ana": ana,
        "ben": ben,
        "cy": cy,
        "from_ben": send_request(ben, ana),
        "from_cy": send_request(cy, ana),
        "client": signed_in(ana),
    }


def test_the_recipient_sees_how_many_wait_and_the_senders_do_not(asked, signed_in):
    client = asked["client"]
    assert _seen(client) == 2
    assert _seen(client, reverse("requests_inbox")) == 2
    assert _seen(client, reverse("home")) == 2
    # The senders asked; nothing waits for their answer.
    assert _seen(signed_in(asked["ben"])) == 0
    assert _seen(signed_in(asked["cy"]), reverse("home")) == 0


def test_the_badge_goes_as_the_requests_are_answered(asked):
    client = asked["client"]
    assert _seen(client) == 2
    accepted = client.post(reverse("request_accept", args=[asked["from_ben"].pk]))
    assert accepted.status_code == 302
    assert _seen(client) == 1
    declined = client.post(reverse("request_decline", args=[asked["from_cy"].pk]))
    assert declined.status_code == 302
    assert _seen(client) == 0
    assert _seen(client, reverse("home")) == 0


def test_a_held_request_counts_only_once_a_moderator_lets_it_through(asked, make_member):
    moderator = make_member("Mo Moderator")
    moderator.is_staff = True
    moderator.save(update_fields=["is_staff"])
    moderator.user_permissions.add(
        *Permission.objects.filter(codename__in=("change_connectionrequest", "change_heldrequest"))
    )
    client = asked["client"]
    assert _seen(client) == 2
    connection_request_hold(moderator=moderator, request_id=asked["from_cy"].pk, reason="reports")
    assert _seen(client) == 1
    assert _seen(client, reverse("home")) == 1
    connection_request_release(moderator=moderator, request_id=asked["from_cy"].pk)
    assert _seen(client) == 2


def test_a_blocked_members_request_does_not_count(asked):
    client = asked["client"]
    assert _seen(client) == 2
    blocked = client.post(reverse("safety_block", args=[asked["ben"].pk]))
    assert blocked.status_code == 302
    assert _seen(client) == 1
    assert _seen(client, reverse("home")) == 1


def test_an_expired_request_leaves_the_badge_though_nothing_was_written(
    make_member, send_request, signed_in, time_machine
):
    ana = make_member("Ana Ruiz")
    # Ben's request runs out two minutes after NOW (sooner than anything is kept), Cy's
    # ten days later.
    time_machine.move_to(NOW - REQUEST_EXPIRES_AFTER + dt.timedelta(minutes=2), tick=False)
    send_request(make_member("Ben Okafor"), ana)
    time_machine.shift(dt.timedelta(days=10))
    send_request(make_member("Cy Tran"), ana)
    time_machine.move_to(NOW, tick=False)
    client = signed_in(ana)
    assert _seen(client) == 2
    assert _seen(client, reverse("home")) == 2
    # No write says so, and both counts were kept.
    time_machine.shift(dt.timedelta(minutes=3))
    assert _seen(client) == 1
    assert _seen(client, reverse("home")) == 1


def test_the_count_is_one_query_with_the_unread_one_and_none_when_kept(asked):
    client = asked["client"]
    page = reverse("connections")
    first, counted = _visit(client, page)
    again, kept = _visit(client, page)
    assert (first, again) == (2, 2)
    assert kept == counted - 1  # both numbers were kept, not read again
    # Another page of the same member, unchanged: kept as well.
    assert _visit(client, reverse("requests_inbox"))[0] == 2


def test_the_home_page_counts_the_requests_it_does_not_list(
    make_member, send_request, signed_in, time_machine
):
    """The home page lists ten; the badge counts them all, and the kept page goes when
    the first of them expires, listed or not."""
    ana = make_member("Ana Ruiz")
    # The first (the oldest, not listed) runs out two minutes after NOW.
    time_machine.move_to(NOW - REQUEST_EXPIRES_AFTER + dt.timedelta(minutes=2), tick=False)
    for n in range(12):
        send_request(make_member(f"Asker {n}"), ana)
        time_machine.shift(dt.timedelta(hours=1))
    time_machine.move_to(NOW, tick=False)
    client = signed_in(ana)
    assert _seen(client, reverse("home")) == 12
    time_machine.shift(dt.timedelta(minutes=3))
    assert _seen(client, reverse("home")) == 11


def test_each_member_sees_their_own_number_on_pages_rendered_in_turn(
    asked, make_member, send_request, signed_in
):
    """The navigation's shared text is kept per process (``{% remember %}``): the badges
    sit between its blocks, so one member's number never reaches another's page."""
    ana, ben = asked["client"], signed_in(asked["ben"])
    send_request(asked["cy"], asked["ben"])
    dee = signed_in(make_member("Dee Park"))
    for url in (reverse("connections"), reverse("requests_inbox"), reverse("home")):
        for _ in range(2):
            assert (_seen(ana, url), _seen(ben, url), _seen(dee, url)) == (2, 1, 0)


def test_the_conversation_page_shows_the_count_it_read_with_the_thread(asked, connect, make_member):
    """Its page reads the thread and both numbers in one query (its query count is held
    in tests/web/test_query_counts.py)."""
    eve = make_member("Eve Adams")
    connect(asked["ana"], eve)
    thread = conversation_with(member=asked["ana"], other_id=eve.pk)
    client = asked["client"]
    assert _seen(client, reverse("conversation", args=[thread.pk])) == 2


HTMX = {"HTTP_HX_REQUEST": "true"}
OOB_SUMMARY = re.compile(
    r'<span class="badge" id="nav-waiting" hx-swap-oob="outerHTML">(\d+)<span '
    r'class="visually-hidden"> requests? waiting for your answer</span></span>'
)
OOB_LINK = re.compile(
    r'<span class="badge" id="nav-waiting-link" hx-swap-oob="outerHTML">(\d+)<span '
    r'class="visually-hidden"> waiting for your answer</span></span>'
)
OOB_GONE = '<span id="nav-waiting" hx-swap-oob="delete"></span>'
OOB_LINK_GONE = '<span id="nav-waiting-link" hx-swap-oob="delete"></span>'


def _answered(client, action: str, request_id: int, **data: str) -> tuple[str, list[str]]:
    """The htmx answer's HTML, and its queries."""
    with CaptureQueriesContext(connection) as captured:
        response = client.post(reverse(action, args=[request_id]), data, **HTMX)
    assert response.status_code == 200
    return response.content.decode(), [query["sql"] for query in captured]


def _oob(html: str) -> int | None:
    """The number the answer sets both badges to (0: it removes them; None: it leaves them)."""
    summary, link = OOB_SUMMARY.search(html), OOB_LINK.search(html)
    assert (summary is None) == (link is None), "one badge without the other"
    if summary is not None:
        assert summary.group(1) == link.group(1)
        return int(summary.group(1))
    assert (OOB_GONE in html) == (OOB_LINK_GONE in html)
    return 0 if OOB_GONE in html else None


def test_an_htmx_answer_sets_the_badges_out_of_band(asked, make_member, send_request):
    """The inbox's Accept and "I don't know this person" swap only the request's card:
    the badges come with it, counted afresh (the navigation's kept count is filed
    under the version read before the answer moved it)."""
    client = asked["client"]
    send_request(make_member("Dan Levy"), asked["ana"])
    assert _seen(client, reverse("requests_inbox")) == 3  # now kept

    html, queries = _answered(client, "request_accept", asked["from_ben"].pk)
    assert "You and Ben Okafor are connected" in html
    assert _oob(html) == 2
    assert sum("AS waiting" in sql for sql in queries) == 1

    html, _ = _answered(client, "request_decline", asked["from_cy"].pk, reason="dont_know")
    assert _oob(html) == 1
    assert (
        OOB_SUMMARY.search(html).group(0).endswith(" request waiting for your answer</span></span>")
    )

    last = ConnectionRequest.objects.get(recipient=asked["ana"], state="pending")
    html, _ = _answered(client, "request_decline", last.pk)
    assert _oob(html) == 0
    assert _seen(client, reverse("requests_inbox")) == 0


def test_the_badges_cost_an_answer_one_query(asked, signed_in):
    """Measured against the same answer of the sender's (withdrawing), which sets no badge."""
    client = asked["client"]
    _, declined = _answered(client, "request_decline", asked["from_ben"].pk)
    _, withdrawn = _answered(signed_in(asked["cy"]), "request_withdraw", asked["from_cy"].pk)
    assert len(declined) == len(withdrawn) + 1, "\n".join(declined)


def test_a_refused_answer_sets_the_badges_too(asked, time_machine):
    """Expired since the inbox was drawn: the card says so and the badge drops."""
    client = asked["client"]
    asked["from_ben"].expires_at = NOW + dt.timedelta(minutes=1)
    asked["from_ben"].save(update_fields=["expires_at"])
    time_machine.shift(dt.timedelta(minutes=2))
    with CaptureQueriesContext(connection):
        response = client.post(reverse("request_accept", args=[asked["from_ben"].pk]), **HTMX)
    assert response.status_code == 409
    html = response.content.decode()
    assert "This request has expired." in html
    assert _oob(html) == 1


def test_a_page_and_a_withdrawal_carry_no_out_of_band_badge(asked, signed_in):
    client = asked["client"]
    page = client.get(reverse("requests_inbox")).content.decode()
    assert "hx-swap-oob" not in page and _badges(page) == 2
    html, _ = _answered(signed_in(asked["cy"]), "request_withdraw", asked["from_cy"].pk)
    assert "hx-swap-oob" not in html
