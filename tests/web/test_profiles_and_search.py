"""Another member's profile and the search: what you may learn about someone else."""

from __future__ import annotations

import re

from django.urls import reverse

from rapport.network.services import connection_request_decline
from tests.web.page_text import main_text


def test_search_finds_by_name_organisation_and_interest(make_member, signed_in):
    viewer = make_member("Viv Viewer")
    grace = make_member("Grace Hopper", organisation="Navy Labs", interests="compilers, sailing")
    make_member("Alan Turing", organisation="Bletchley", interests="chess")
    client = signed_in(viewer)
    for query in ("hopper", "navy", "compilers"):
        text = main_text(client.get(reverse("search"), {"q": query}))
        assert "Grace Hopper" in text, query
        assert "Alan Turing" not in text, query
    page = client.get(reverse("search"), {"q": "hopper"})
    assert reverse("member_profile", args=[grace.pk]) in page.content.decode()


def test_search_explains_you_connect_with_people_you_know(make_member, signed_in):
    text = main_text(signed_in(make_member("Viv Viewer")).get(reverse("search")))
    assert "people you already know" in text
    assert "Results" not in text


def test_a_profile_shows_no_count_of_anything(make_member, connect, send_request, signed_in):
    viewer = make_member("Viv Viewer")
    grace = make_member(
        "Grace Hopper",
        headline="Rear admiral",
        organisation="Navy Labs",
        bio="Debugging since the moth.",
        interests="compilers",
    )
    for name in ("Ann Able", "Ben Bold", "Cat Cole"):
        connect(grace, make_member(name))
    send_request(make_member("Dee Dunn"), grace)
    response = signed_in(viewer).get(reverse("member_profile", args=[grace.pk]))
    assert response.status_code == 200
    text = main_text(response)
    assert "Grace Hopper" in text and "Rear admiral" in text and "Debugging" in text
    # Grace has three connections and one waiting request; no number about her shows.
    assert not re.search(r"\d", text), text
    assert "connections" not in text.lower()
    assert "Ask to connect" in text
    assert reverse("request_new", args=[grace.pk]) in response.content.decode()


def test_a_profile_offers_the_next_action(make_member, connect, send_request, signed_in):
    viewer = make_member("Viv Viewer")
    friend, asked, asker = (make_member(n) for n in ("Fay Friend", "Ash Asked", "Sam Asker"))
    connect(viewer, friend)
    send_request(viewer, asked)
    send_request(asker, viewer)
    client = signed_in(viewer)

    friend_page = main_text(client.get(reverse("member_profile", args=[friend.pk])))
    assert "You are connected" in friend_page
    assert "Message" in friend_page and "End connection" in friend_page

    asked_page = main_text(client.get(reverse("member_profile", args=[asked.pk])))
    assert "Your request is pending" in asked_page and "Withdraw" in asked_page

    asker_page = main_text(client.get(reverse("member_profile", args=[asker.pk])))
    assert "asked to connect with you" in asker_page

    own_page = main_text(client.get(reverse("member_profile", args=[viewer.pk])))
    assert "Edit your profile" in own_page


def test_a_declined_request_still_reads_pending_on_the_profile(
    make_member, send_request, signed_in
):
    sender, recipient = make_member("Sid Sender"), make_member("Rae Recipient")
    request = send_request(sender, recipient)
    connection_request_decline(member=recipient, request_id=request.pk)
    text = main_text(signed_in(sender).get(reverse("member_profile", args=[recipient.pk])))
    assert "Your request is pending" in text
    assert "declin" not in text.lower()
