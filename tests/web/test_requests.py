"""The connection request form, the inbox and its POST-only actions, with and without htmx."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from rapport.network.models import Connection, ConnectionRequest, PastConnection
from rapport.network.services import connection_request_decline
from rapport.network.states import Context
from tests.conftest import GOOD_NOTE
from tests.web.page_text import main_text, page_text
from tests.web.test_accounts import field_errors

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def pair(make_member):
    return make_member("Sid Sender"), make_member("Rae Recipient")


def test_the_form_offers_every_context_with_its_prompt(pair, signed_in):
    sender, recipient = pair
    response = signed_in(sender).get(reverse("request_new", args=[recipient.pk]))
    html = response.content.decode()
    for code, label in Context.choices:
        assert f'value="{code}"' in html and label in html
        assert Context.detail_prompt[code] in html
    assert f'hx-post="{reverse("request_note_check")}"' in html
    assert 'hx-trigger="input changed delay:300ms"' in html
    assert "between 40 and 600" in main_text(response).lower()


def test_missing_context_and_short_note_are_named_beside_their_fields(pair, signed_in):
    sender, recipient = pair
    client = signed_in(sender)
    url = reverse("request_new", args=[recipient.pk])

    response = client.post(url, {"note": GOOD_NOTE})
    assert response.status_code == 422
    assert "Say how you know this person." in field_errors(response, "context")

    response = client.post(url, {"context": "worked_together", "note": "Hi, connect?"})
    assert response.status_code == 422
    assert "write at least 40" in field_errors(response, "note")
    # What was typed stays in the form.
    assert "Hi, connect?" in response.content.decode()

    response = client.post(url, {"context": "introduced", "note": GOOD_NOTE})
    assert "Name the member who introduced you." in field_errors(response, "introducer_id")

    response = client.post(url, {"context": "gathering", "note": GOOD_NOTE})
    assert "Say which gathering you met at." in field_errors(response, "context_detail")

    # Every problem at once, each beside its field: not one per submit.
    response = client.post(
        url, {"context": "gathering", "note": "Hi, connect?", "offer": "x" * 301}
    )
    assert "Say which gathering you met at." in field_errors(response, "context_detail")
    assert "write at least 40" in field_errors(response, "note")
    assert "the limit is 300" in field_errors(response, "offer")
    assert not ConnectionRequest.objects.exists()


def test_a_good_request_is_sent_and_shows_as_pending(pair, signed_in):
    sender, recipient = pair
    client = signed_in(sender)
    response = client.post(
        reverse("request_new", args=[recipient.pk]),
        {
            "context": "gathering",
            "context_detail": "Leeds mentoring meetup",
            "note": GOOD_NOTE.format(name="Rae"),
            "offer": "An intro to our pilot team",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("requests_inbox")
    request = ConnectionRequest.objects.get()
    assert (request.sender, request.recipient, request.context) == (
        sender,
        recipient,
        "gathering",
    )
    assert request.offer == "An intro to our pilot team"
    inbox = main_text(client.get(reverse("requests_inbox")))
    assert "Your request to Rae Recipient is sent" in inbox
    assert "Rae Recipient Pending" in inbox

    text = main_text(signed_in(recipient).get(reverse("requests_inbox")))
    for shown in ("Sid Sender", "We met at a gathering", "Leeds mentoring meetup", "Leeds meetup"):
        assert shown in text
    assert "An intro to our pilot team" in text


def test_an_introduced_request_names_the_introducer(pair, make_member, connect, signed_in):
    sender, recipient = pair
    ivy = make_member("Ivy Introducer")
    connect(sender, ivy)
    client = signed_in(sender)
    form = client.get(reverse("request_new", args=[recipient.pk])).content.decode()
    assert f'<option value="{ivy.pk}">Ivy Introducer</option>' in form
    response = client.post(
        reverse("request_new", args=[recipient.pk]),
        {"context": "introduced", "introducer_id": str(ivy.pk), "note": GOOD_NOTE},
    )
    assert response.status_code == 302
    assert ConnectionRequest.objects.get(recipient=recipient).introducer == ivy
    inbox = main_text(signed_in(recipient).get(reverse("requests_inbox")))
    assert "Introduced by II Ivy Introducer" in inbox  # after their face: their initials


def test_a_spent_budget_says_when_the_next_request_is_possible(
    make_member, send_request, signed_in, settings
):
    settings.RAPPORT_REQUEST_BUDGET_PENDING = 1
    sender = make_member("Sid Sender")
    with time_machine.travel(dt.datetime(2025, 3, 1, 9, 0, tzinfo=dt.UTC), tick=False):
        send_request(sender, make_member("First Person"))
        other = make_member("Second Person")
        response = signed_in(sender).post(
            reverse("request_new", args=[other.pk]),
            {"context": "worked_together", "note": GOOD_NOTE},
        )
    assert response.status_code == 429
    text = main_text(response)
    assert "The next request becomes possible at 31 Mar 2025, 09:00 UTC" in text
    assert ConnectionRequest.objects.filter(recipient=other).count() == 0


def test_the_note_check_fragment_counts_and_judges(pair, signed_in):
    client = signed_in(pair[0])
    url = reverse("request_note_check")
    assert client.get(url).status_code == 405

    short = client.post(url, {"note": "Hello there"}, **HTMX)
    assert short.status_code == 200
    html = short.content.decode()
    assert "<main" not in html
    assert "11 characters" in html
    assert "Not yet: at least 40 characters" in html

    good = client.post(url, {"note": GOOD_NOTE}, **HTMX).content.decode()
    assert "Met: at least 40 characters" in good and "Met: at most 600 characters" in good

    long = client.post(url, {"note": "x" * 601}, **HTMX).content.decode()
    assert "601 characters" in long and "Not met: at most 600 characters" in long


@pytest.mark.parametrize("action", ["request_accept", "request_decline", "request_withdraw"])
def test_actions_are_post_only(action, pair, send_request, signed_in):
    sender, recipient = pair
    request = send_request(sender, recipient)
    actor = sender if action == "request_withdraw" else recipient
    assert signed_in(actor).get(reverse(action, args=[request.pk])).status_code == 405
    request.refresh_from_db()
    assert request.state == "pending"


def test_accept_connects_and_opens_the_conversation(pair, send_request, signed_in):
    sender, recipient = pair
    request = send_request(sender, recipient)
    client = signed_in(recipient)
    response = client.post(reverse("request_accept", args=[request.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("requests_inbox")
    assert "You and Sid Sender are connected" in main_text(response)
    assert Connection.objects.count() == 1
    assert "1 of 150" in main_text(client.get(reverse("connections")))


def test_accept_with_htmx_swaps_the_row(pair, send_request, signed_in):
    sender, recipient = pair
    request = send_request(sender, recipient)
    response = signed_in(recipient).post(reverse("request_accept", args=[request.pk]), **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.strip().startswith(
        f'<li class="list__item request request--done" id="request-{request.pk}"'
    )
    assert "Open the conversation" in html
    assert "<main" not in html


def test_decline_is_silent_to_the_sender_everywhere(pair, send_request, signed_in):
    sender, recipient = pair
    request = send_request(sender, recipient)
    response = signed_in(recipient).post(reverse("request_decline", args=[request.pk]), follow=True)
    assert "They will not be told" in main_text(response)
    request.refresh_from_db()
    assert request.state == "declined"

    client = signed_in(sender)
    pages = [
        reverse("home"),
        reverse("requests_inbox"),
        reverse("connections"),
        reverse("conversations"),
        reverse("member_profile", args=[recipient.pk]),
        reverse("request_new", args=[recipient.pk]),
    ]
    for url in pages:
        assert "declin" not in page_text(client.get(url)).lower(), url
    assert "Rae Recipient Pending" in main_text(client.get(reverse("requests_inbox")))

    # After the request would have expired, the sender reads "not accepted", never "declined".
    with time_machine.travel(timezone.now() + dt.timedelta(days=31)):
        inbox = main_text(signed_in(sender).get(reverse("requests_inbox")))
    assert "Rae Recipient Not accepted" in inbox
    assert "declin" not in inbox.lower()


def test_withdraw_redirects_back_or_swaps_the_row(make_member, send_request, signed_in):
    sender = make_member("Sid Sender")
    first, second = make_member("One Person"), make_member("Two Person")
    first_request, second_request = send_request(sender, first), send_request(sender, second)
    client = signed_in(sender)

    response = client.post(reverse("request_withdraw", args=[first_request.pk]), follow=True)
    assert "Your request to One Person is withdrawn" in main_text(response)
    first_request.refresh_from_db()
    assert first_request.state == "withdrawn"

    response = client.post(reverse("request_withdraw", args=[second_request.pk]), **HTMX)
    assert f'id="request-{second_request.pk}"' in response.content.decode()
    assert "withdrawn" in response.content.decode()


def test_a_failed_action_says_why(pair, send_request, signed_in):
    sender, recipient = pair
    request = send_request(sender, recipient)
    connection_request_decline(member=recipient, request_id=request.pk)
    client = signed_in(recipient)
    response = client.post(reverse("request_accept", args=[request.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("requests_inbox")
    assert "declined" in main_text(response).lower()
    htmx = client.post(reverse("request_decline", args=[request.pk]), **HTMX)
    assert htmx.status_code == 409
    assert 'role="alert"' in htmx.content.decode()


def test_accepting_at_the_cap_offers_to_make_room(
    make_member, connect, send_request, signed_in, settings
):
    settings.RAPPORT_CONNECTION_CAP = 1
    recipient = make_member("Rae Recipient")
    connect(recipient, make_member("Old Friend"))
    request = send_request(make_member("Sid Sender"), recipient)
    client = signed_in(recipient)

    response = client.post(reverse("request_accept", args=[request.pk]))
    assert response.status_code == 409
    text = main_text(response)
    assert "You are at your cap of 1 connections" in text
    assert "1 of 1" in text
    assert "past connections" in text and "Sid Sender" in text
    assert f'href="{reverse("connections")}"' in response.content.decode()
    request.refresh_from_db()
    assert request.state == "pending"

    htmx = client.post(reverse("request_accept", args=[request.pk]), **HTMX)
    assert htmx.status_code == 409
    assert "Choose someone to move to past connections" in htmx.content.decode()

    connections = client.get(reverse("connections"))
    assert "End connection" in main_text(connections)


def test_ending_a_connection_asks_first_and_tells_no_one(make_member, connect, signed_in):
    ender, other = make_member("Eve Ender"), make_member("Oli Other")
    connect(ender, other)
    client = signed_in(ender)
    url = reverse("connection_end", args=[other.pk])
    assert client.get(url).status_code == 405

    # The first press opens the explanation; only its own button posts.
    page = client.get(reverse("connections")).content.decode()
    start = page.index('<details class="confirm">')
    step = page[start : page.index("</details>", start)]
    assert "They are not notified" in step
    assert f'action="{url}"' in step and "Yes, end the connection" in step
    assert Connection.objects.count() == 1

    response = client.post(url, {"next": reverse("connections")}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("connections")
    text = main_text(response)
    assert "Oli Other is now in your past connections" in text
    assert "0 of 150" in text
    assert Connection.objects.count() == 0
    assert PastConnection.objects.filter(owner=ender, other=other).exists()

    others_view = main_text(signed_in(other).get(reverse("connections")))
    assert "Eve Ender" not in others_view
    assert others_view.endswith(
        "they were not told. Nobody yet. When you end a connection, it moves here, with its dates."
    )
    assert client.post(url).status_code == 404
