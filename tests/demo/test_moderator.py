"""The demo's moderator: Tom signs in to the admin with the printed password and sees
moderation working (the open reports, what a reported member sent, the held
requests), with the moderators' permissions only."""

from __future__ import annotations

import html

from django.test import Client
from django.urls import reverse

from rapport.demo.community import DEMO_PASSWORD
from rapport.members.models import Member
from rapport.network.models import ConnectionRequest
from rapport.safety.models import Report
from rapport.safety.services import MODERATOR_PERMISSIONS


def _tom_in_the_admin() -> Client:
    """Through the admin's own log-in page, with what `rapport demo` prints."""
    client = Client()
    response = client.post(
        reverse("admin:login"),
        {"username": "tom", "password": DEMO_PASSWORD, "next": reverse("admin:index")},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    assert response["Location"] == reverse("admin:index")
    return client


def test_tom_is_a_moderator_by_the_groups_permissions_not_a_superuser(community):
    tom = Member.objects.get(username="tom")

    assert (tom.is_staff, tom.is_superuser) == (True, False)
    assert [group.name for group in tom.groups.all()] == ["moderators"]
    assert not tom.user_permissions.exists()
    assert tom.get_all_permissions() == {f"{app}.{code}" for app, code in MODERATOR_PERMISSIONS}
    # Nobody else in the demo is staff.
    assert list(Member.objects.filter(is_staff=True)) == [tom]


def test_tom_reads_the_open_reports_and_a_report_with_what_was_sent(community):
    client = _tom_in_the_admin()
    marcus_about_chad = Report.objects.get(
        reporter__username="marcus", reported__username="chad", outcome="open"
    )

    listing = client.get(reverse("admin:safety_report_changelist") + "?outcome__exact=open")
    assert listing.status_code == 200
    assert marcus_about_chad in listing.context["cl"].result_list
    assert "Marcus Brown" in listing.content.decode()

    page = client.get(reverse("admin:safety_report_change", args=[marcus_about_chad.pk]))
    assert page.status_code == 200
    text = html.unescape(page.content.decode())
    assert "Marcus Brown's report about Chad Whitmore" in text
    assert "you spoke about bookkeeping for small bakeries" in text  # Chad's note to Marcus
    assert 'value="upheld"' in text  # and he may decide it


def test_tom_sees_the_held_request_but_not_the_member_admin(community):
    client = _tom_in_the_admin()
    held = ConnectionRequest.objects.get(sender__username="chad", state="held")

    listing = client.get(reverse("admin:network_heldrequest_changelist"))
    assert listing.status_code == 200
    assert list(listing.context["cl"].result_list) == [held]
    assert client.get(reverse("admin:network_heldrequest_change", args=[held.pk])).status_code == (
        200
    )

    chad = Member.objects.get(username="chad")
    assert client.get(reverse("admin:members_member_changelist")).status_code == 403
    assert client.get(reverse("admin:members_member_change", args=[chad.pk])).status_code == 403
    index = client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:members_member_changelist") not in index


def test_anas_report_about_chad_shows_the_copied_note_he_sent_her(community):
    """Ana reports "the same note he sent to half the community; we have never met":
    the page shows that note, declined as from someone she does not know."""
    client = _tom_in_the_admin()
    report = Report.objects.get(reporter__username="ana", reported__username="chad")

    page = client.get(reverse("admin:safety_report_change", args=[report.pk]))

    text = html.unescape(page.content.decode())
    assert "the same note he sent to half the community" in text.lower()
    assert "Nothing: they have sent the reporter no request" not in text
    assert "Request to connect (declined)" in text
    assert "Hi Ana, I enjoyed your talk at the Manchester tech meetup last month." in text
    # The note is the one Chad copied to the others he did not know.
    copies = ConnectionRequest.objects.filter(
        sender__username="chad", context_detail="Manchester tech meetup"
    )
    assert {row.note.split(",", 1)[1] for row in copies} == {
        " I enjoyed your talk at the Manchester tech meetup last month. What are you working "
        "on next?"
    }
