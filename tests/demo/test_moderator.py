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


# What each seeded report's page must show of what the reported member sent the
# reporter: something, and what the report's own words are about.
EVIDENCE_OF_EACH_REPORT = {
    ("ana", "chad"): ["Hi Ana, I enjoyed your talk at the Manchester tech meetup"],
    ("marcus", "chad"): ["you spoke about bookkeeping for small bakeries"],
    # "A sales pitch and a request for referrals."
    ("hannah", "gary"): ["free 30-minute growth consultation", "referring me to them"],
    # "She never answered my offer of a free consultation.": she had written once, before it.
    ("gary", "hannah"): ["Message", "so I am not taking on anything new"],
    # "Third request with the same text."
    ("jonas", "gary"): ["Request to connect (expired)"],
}


def test_every_seeded_reports_page_shows_what_its_words_are_about(community):
    client = _tom_in_the_admin()
    reports = Report.objects.select_related("reporter", "reported")
    seen = {(r.reporter.username, r.reported.username): r for r in reports}
    assert set(seen) == set(EVIDENCE_OF_EACH_REPORT)

    for pair, shown in EVIDENCE_OF_EACH_REPORT.items():
        report = seen[pair]
        page = client.get(reverse("admin:safety_report_change", args=[report.pk]))
        text = html.unescape(page.content.decode())
        assert "Nothing: they have sent the reporter no request" not in text, pair
        assert 'class="sent-item"' in text, pair
        for words in shown:
            assert words in text, (pair, words)


def test_jonas_reported_the_third_copy_of_garys_note_and_the_page_shows_all_three(community):
    jonas = Report.objects.get(reporter__username="jonas", reported__username="gary")
    copies = ConnectionRequest.objects.filter(
        sender__username="gary", recipient__username="jonas", created_at__lt=jonas.created_at
    )
    assert copies.count() == 3
    assert len({row.note for row in copies}) == 1

    page = _tom_in_the_admin().get(reverse("admin:safety_report_change", args=[jonas.pk]))
    text = html.unescape(page.content.decode())
    assert text.count(copies[0].note) == 3
