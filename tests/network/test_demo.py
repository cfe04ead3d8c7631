"""What `rapport demo` shows of reputation: a held request a moderator can act on."""

from __future__ import annotations

import html

from django.contrib.auth.models import Permission
from django.urls import reverse

from rapport.demo.seed import demo_community_seed
from rapport.members.models import Member
from rapport.network.models import ConnectionRequest
from rapport.network.selectors import requests_incoming, visible_state


def test_the_demo_holds_chads_templated_request_and_ana_said_she_does_not_know_rohan(db, client):
    demo_community_seed()
    chad, sofia, ana = (Member.objects.get(username=u) for u in ("chad", "sofia", "ana"))

    held = ConnectionRequest.objects.get(sender=chad, state="held")
    assert held.recipient == sofia
    assert '3 "I don\'t know this person"' in held.hold_reason
    assert held not in requests_incoming(member=sofia)
    assert visible_state(held, viewer_id=chad.pk) == "pending"
    assert ConnectionRequest.objects.filter(
        sender__username="rohan", recipient=ana, state="declined", decline_reason="dont_know"
    ).exists()

    moderator = Member.objects.create_user(username="moderator", password="x", is_staff=True)
    moderator.user_permissions.add(*Permission.objects.filter(codename__endswith="heldrequest"))
    client.force_login(moderator)
    page = html.unescape(
        client.get(reverse("admin:network_heldrequest_changelist")).content.decode()
    )
    assert "Chad" in page and "Strain" in page
