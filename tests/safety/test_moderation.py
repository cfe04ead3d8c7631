"""A moderator judges a report from its page in the admin: what the reported member
sent the reporter (and nothing they sent anyone else), names they may follow, and
Uphold or Dismiss through the same service as the list's actions."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rapport.asks.services import ask_answer, ask_post
from rapport.conversations.selectors import conversation_with
from rapport.conversations.services import message_delete, message_send
from rapport.errors import InvalidInput
from rapport.introductions.services import introduction_make
from rapport.network.models import ConnectionRequest
from rapport.network.services import connection_request_hold, connection_request_send
from rapport.safety.evidence import EVIDENCE_SHOWN, sent_to_reporter
from rapport.safety.models import Block, Report
from rapport.safety.services import (
    MODERATOR_PERMISSIONS,
    block_create,
    moderator_appoint,
    report_create,
    report_resolve,
)
from tests.conftest import pair_connect

TO_ANA = (
    "She runs the tenants' energy group in Levenshulme and wants to put panels on their "
    "community hall: you have done exactly that for schools."
)
TO_CY = (
    "He manages the team behind Brightwater's member sign-up and has put solar on a dozen "
    "school roofs; he knows every pitfall you are about to meet."
)


@pytest.fixture
def ana(make_member):
    return make_member("Ana Ruiz")


@pytest.fixture
def ben(make_member):
    return make_member("Ben Okafor")


@pytest.fixture
def cy(make_member):
    return make_member("Cy Tran")


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", password="x" * 12, name="Root")


def _staff(django_user_model, username: str, *codenames: str):
    member = django_user_model.objects.create_user(
        username, password="x" * 12, name=username.title(), is_staff=True
    )
    member.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return member


@pytest.fixture
def moderator(django_user_model):
    """Staff who may read and decide reports, and nothing about members."""
    return _staff(django_user_model, "mod", "view_report", "change_report")


@pytest.fixture
def holder(django_user_model):
    """Staff who may hold requests: the request list's change permission, which the
    service asks for as the list's action does."""
    return _staff(django_user_model, "holder", "change_connectionrequest")


@pytest.fixture
def reader(django_user_model):
    """Staff who may read reports but not decide them."""
    return _staff(django_user_model, "reader", "view_report")


def _as(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def _page(report: Report) -> str:
    return reverse("admin:safety_report_change", args=[report.pk])


def _decide(report: Report) -> str:
    return reverse("admin:safety_report_decide", args=[report.pk])


def _write(sender, other, body: str):
    conversation = conversation_with(member=sender, other_id=other.pk)
    return message_send(sender=sender, conversation_id=conversation.pk, body=body)


def test_the_page_shows_what_the_reported_member_sent_the_reporter_and_nothing_else(
    ana, ben, cy, superuser
):
    pair_connect(ben, ana)  # Ben's note becomes their thread's first message
    pair_connect(ben, cy)
    _write(ben, ana, "Ana, my course on pipelines starts Monday. Share it with your team?")
    _write(ana, ben, "I would rather not, thanks; I said so last week at the meetup.")
    _write(ben, cy, "Cy, between us: Ana never answers, so I will try her team directly.")
    introduction_make(
        introducer=ben, first_id=ana.pk, second_id=cy.pk, why_first=TO_ANA, why_second=TO_CY
    )
    ana_ask = ask_post(poster=ana, kind="ask", title="Advice on moving into product management")
    ask_answer(author=ben, ask_id=ana_ask.pk, body="Book a call with me: 200 pounds an hour.")
    cy_ask = ask_post(poster=cy, kind="ask", title="Someone to review my grant application")
    ask_answer(author=ben, ask_id=cy_ask.pk, body="Cy, I can review it this weekend.")
    report = report_create(reporter=ana, reported_id=ben.pk, reason="leaflet")

    page = _as(superuser).get(_page(report)).content.decode()

    assert "we spoke after your talk on mentoring" in page  # his request, and first message
    assert "my course on pipelines starts Monday" in page
    assert "Levenshulme" in page  # what he wrote to Ana, introducing her to Cy
    assert "200 pounds an hour" in page
    assert "Advice on moving into product management" in page
    # What Ana wrote, and what Ben sent anyone else, never appear.
    assert "I would rather not" not in page
    assert "Ana never answers" not in page
    assert "Brightwater" not in page  # his note to Cy in the same introduction
    assert "review it this weekend" not in page


def test_a_deleted_message_shows_only_that_it_was_deleted(ana, ben, superuser):
    pair_connect(ben, ana)
    message = _write(ben, ana, "Something he thought better of, said in a temper.")
    message_delete(member=ben, conversation_id=message.conversation_id, message_id=message.pk)
    report = report_create(reporter=ana, reported_id=ben.pk, reason="harassment")

    page = _as(superuser).get(_page(report)).content.decode()

    assert "Message (deleted by its sender)" in page
    assert "in a temper" not in page


def test_the_latest_items_are_shown_oldest_first_saying_how_many_are_left_out(ana, ben, superuser):
    pair_connect(ben, ana)  # his note: the first message, and the request itself
    conversation = conversation_with(member=ben, other_id=ana.pk)
    start = timezone.now() + dt.timedelta(minutes=1)
    for n in range(EVIDENCE_SHOWN + 3):
        message_send(
            sender=ben,
            conversation_id=conversation.pk,
            body=f"Follow-up number {n:02d}, Ana.",
            now=start + dt.timedelta(minutes=n),
        )
    report = report_create(reporter=ana, reported_id=ben.pk, reason="spam")

    sent = sent_to_reporter(report=report)

    shown = [item.text for item in sent.items]
    assert shown == [f"Follow-up number {n:02d}, Ana." for n in range(3, EVIDENCE_SHOWN + 3)]
    assert sent.earlier == 5  # three follow-ups, the request and its note as a message
    page = _as(superuser).get(_page(report)).content.decode()
    assert "5 earlier items not shown; the latest 20 follow." in page
    assert "Follow-up number 02" not in page
    assert page.index("Follow-up number 03") < page.index("Follow-up number 22")


def test_the_reports_page_reads_what_was_sent_in_two_queries_however_much(
    ana, ben, cy, moderator, django_assert_num_queries, time_machine
):
    pair_connect(ben, ana)
    pair_connect(ben, cy)
    report = report_create(reporter=ana, reported_id=ben.pk, reason="spam")
    client = _as(moderator)
    client.get(_page(report))  # the report's content type, kept for the process
    # The session with its member; their permissions and their groups' (read once);
    # the report with both names; what was sent (fewer than shown: no count needed).
    with django_assert_num_queries(5):
        assert client.get(_page(report)).status_code == 200
    # A message every ten seconds: a faster burst would meet the sending limits.
    time_machine.move_to(timezone.now(), tick=False)
    for n in range(EVIDENCE_SHOWN + 5):
        time_machine.shift(dt.timedelta(seconds=10))
        _write(ben, ana, f"Message {n} of many, Ana.")
    introduction_make(
        introducer=ben, first_id=ana.pk, second_id=cy.pk, why_first=TO_ANA, why_second=TO_CY
    )
    ask = ask_post(poster=ana, kind="ask", title="Advice on moving into product management")
    ask_answer(author=ben, ask_id=ask.pk, body="Book a call with me.")
    # The same, and the count of what the page leaves out.
    with django_assert_num_queries(6):
        assert client.get(_page(report)).status_code == 200


def test_only_staff_who_may_read_reports_see_the_page(ana, ben, cy, django_user_model):
    pair_connect(ben, ana)
    report = report_create(reporter=ana, reported_id=ben.pk, reason="spam")
    # The reporter, the reported member and anyone else: the admin's log-in page.
    for member in (ana, ben, cy):
        response = _as(member).get(_page(report))
        assert response.status_code == 302
        assert reverse("admin:login") in response["Location"]
    # Staff without the permission to read reports.
    other_staff = _staff(django_user_model, "helpdesk", "view_member")
    assert _as(other_staff).get(_page(report)).status_code == 403
    assert _as(other_staff).post(_decide(report), {"outcome": "upheld"}).status_code == 403
    report.refresh_from_db()
    assert report.outcome == "open"


def test_names_link_to_the_member_admin_only_for_those_who_may_open_it(
    ana, ben, moderator, superuser
):
    report = report_create(reporter=ana, reported_id=ben.pk, reason="spam")
    member_page = reverse("admin:members_member_change", args=[ben.pk])
    listing = reverse("admin:safety_report_changelist")

    for url in (listing, _page(report)):
        assert member_page in _as(superuser).get(url).content.decode()
        as_moderator = _as(moderator).get(url).content.decode()
        assert member_page not in as_moderator
        assert "/admin/members/member/" not in as_moderator
        assert f"{listing}?reported__id__exact={ben.pk}" in as_moderator
        assert f"{listing}?reporter__id__exact={ana.pk}" in as_moderator

    # The moderator's links lead somewhere they may go: the reports about Ben.
    assert _as(moderator).get(member_page).status_code == 403
    report_create(reporter=ben, reported_id=ana.pk, reason="spam")
    about_ben = _as(moderator).get(f"{listing}?reported__id__exact={ben.pk}")
    assert about_ben.status_code == 200
    assert list(about_ben.context["cl"].result_list) == [report]


def test_the_lists_names_cost_no_query_each(ana, ben, cy, moderator, django_assert_num_queries):
    report_create(reporter=ana, reported_id=ben.pk, reason="spam")
    client = _as(moderator)
    listing = reverse("admin:safety_report_changelist")
    client.get(listing)  # the content type, kept for the process
    # The session with its member, their permissions and their groups', two counts
    # (shown and in all), the page of reports with both names, and the date
    # hierarchy's two.
    with django_assert_num_queries(8) as one:
        client.get(listing)
    report_create(reporter=cy, reported_id=ben.pk, reason="spam")
    report_create(reporter=ben, reported_id=ana.pk, reason="other", detail="Keeps at it.")
    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get(listing).content.decode()
    assert page.count(f"?reported__id__exact={ben.pk}") == 2


def test_a_moderator_upholds_a_report_from_its_page(ana, ben, moderator):
    report = report_create(reporter=ana, reported_id=ben.pk, reason="spam")
    client = _as(moderator)
    page = client.get(_page(report)).content.decode()
    assert 'value="upheld"' in page and 'value="dismissed"' in page
    assert 'name="_save"' not in page  # nothing on it is edited

    response = client.post(_decide(report), {"outcome": "upheld"}, follow=True)

    report.refresh_from_db()
    assert (report.outcome, report.resolved_at is not None) == ("upheld", True)
    assert response.redirect_chain[-1][0] == _page(report)
    shown = response.content.decode()
    assert "Upheld: the report about Ben Okafor goes on counting." in shown
    assert "Upheld on " in shown
    assert 'value="upheld"' not in shown and 'value="dismissed"' not in shown
    assert LogEntry.objects.get().get_change_message() == "Marked upheld from its page."


def test_a_moderator_dismisses_a_report_from_its_page(ana, ben, moderator):
    report = report_create(reporter=ana, reported_id=ben.pk, reason="spam")

    response = _as(moderator).post(_decide(report), {"outcome": "dismissed"}, follow=True)

    report.refresh_from_db()
    assert report.outcome == "dismissed"
    assert "no longer counts toward their standing" in response.content.decode()


def test_a_decision_from_a_stale_page_does_not_overturn_another(ana, ben, moderator):
    report = report_create(reporter=ana, reported_id=ben.pk, reason="spam")
    report_resolve(report_id=report.pk, outcome="dismissed")

    response = _as(moderator).post(_decide(report), {"outcome": "upheld"}, follow=True)

    report.refresh_from_db()
    assert report.outcome == "dismissed"
    assert "This report was already dismissed on" in response.content.decode()
    assert not LogEntry.objects.exists()


def test_an_unknown_outcome_from_the_page_is_refused(ana, ben, moderator):
    report = report_create(reporter=ana, reported_id=ben.pk, reason="spam")

    response = _as(moderator).post(_decide(report), {"outcome": "open"}, follow=True)

    assert "Choose an outcome: upheld or dismissed." in response.content.decode()
    report.refresh_from_db()
    assert (report.outcome, report.resolved_at) == ("open", None)


def test_deciding_needs_a_post_with_the_csrf_token_and_the_change_permission(
    ana, ben, moderator, reader
):
    report = report_create(reporter=ana, reported_id=ben.pk, reason="spam")
    assert _as(moderator).get(_decide(report)).status_code == 405
    careful = Client(enforce_csrf_checks=True)
    careful.force_login(moderator)
    assert careful.post(_decide(report), {"outcome": "upheld"}).status_code == 403

    # A moderator who may only read sees the report open, without the buttons, and
    # cannot decide it from the page or the list.
    page = _as(reader).get(_page(report)).content.decode()
    assert "Open. A moderator with the permission to change reports decides it." in page
    assert 'value="upheld"' not in page
    assert _as(reader).post(_decide(report), {"outcome": "upheld"}).status_code == 403
    _as(reader).post(
        reverse("admin:safety_report_changelist"),
        {"action": "resolve", "_selected_action": [report.pk]},
    )
    report.refresh_from_db()
    assert report.outcome == "open"


def test_the_report_form_says_what_the_moderators_will_see(ana, ben, client):
    client.force_login(ana)
    page = client.get(reverse("safety_report", args=[ben.pk])).content.decode()
    assert "the moderators will see what Ben Okafor sent you here" in page
    assert "nothing they sent anyone else" in page


def test_the_detail_keeps_its_paragraphs_and_counts_runs_of_spaces_as_one(ana, ben, api_as):
    report = report_create(
        reporter=ana,
        reported_id=ben.pk,
        reason="harassment",
        detail="  He wrote   three times.\r\n\r\n\r\nThen he  wrote to my team.  ",
    )
    assert report.detail == "He wrote three times.\n\nThen he wrote to my team."

    # 2,000 characters as the API counts them, though typed with double spaces.
    spaced = "  ".join(["word"] * 400)  # 400 words: 1,999 characters counted, 2,398 typed
    response = api_as(ana).post(f"/members/{ben.pk}/report", {"reason": "spam", "detail": spaced})
    assert response.status_code == 201, response.json()
    assert Report.objects.get(reason="spam").detail == " ".join(["word"] * 400)

    too_long = api_as(ana).post(
        f"/members/{ben.pk}/report", {"reason": "spam", "detail": "x" * 2001}
    )
    assert (too_long.status_code, too_long.json()["field"]) == (422, "detail")


def test_a_request_held_from_the_reporter_says_they_never_saw_it(ana, cy, moderator, holder):
    held = connection_request_send(
        sender=cy,
        recipient_id=ana.pk,
        context="worked_together",
        note="Ana, we worked on the tram timetable data together. Could we talk about it?",
    )
    connection_request_hold(moderator=holder, request_id=held.pk, reason="Reported twice.")
    report = report_create(reporter=ana, reported_id=cy.pk, reason="spam")

    page = _as(moderator).get(_page(report)).content.decode()

    assert "Request to connect (held for a moderator; never shown to the reporter)" in page
    assert "tram timetable data" in page


def test_a_reports_page_is_headed_with_names_and_the_journal_keeps_only_its_number(
    ana, ben, moderator
):
    report = report_create(reporter=ana, reported_id=ben.pk, reason="spam")
    client = _as(moderator)

    page = html.unescape(client.get(_page(report)).content.decode())
    assert "Ana Ruiz's report about Ben Okafor (spam or mass messaging)" in page
    assert f"report {report.pk}:" not in page

    client.post(_decide(report), {"outcome": "upheld"})
    # The admin's journal outlives a member's account, whose deletion erases the name.
    assert LogEntry.objects.get().object_repr == f"report {report.pk}"


def _block_pages(block: Block) -> tuple[str, str]:
    return (
        reverse("admin:safety_block_changelist"),
        reverse("admin:safety_block_change", args=[block.pk]),
    )


def test_block_names_link_to_the_member_admin_only_for_those_who_may_open_it(
    ana, ben, superuser, django_user_model
):
    block = block_create(blocker=ana, blocked_id=ben.pk)
    moderator = django_user_model.objects.create_user(
        "mod", password="x" * 12, name="Mod", is_staff=True
    )
    moderator_appoint(member=moderator)
    member_page = reverse("admin:members_member_change", args=[ben.pk])
    listing, page = _block_pages(block)

    for url in (listing, page):
        assert member_page in _as(superuser).get(url).content.decode()
        as_moderator = _as(moderator).get(url)
        assert as_moderator.status_code == 200
        shown = as_moderator.content.decode()
        assert "/admin/members/member/" not in shown
        assert f"{listing}?blocked__id__exact={ben.pk}" in shown
        assert f"{listing}?blocker__id__exact={ana.pk}" in shown
    assert "Ana Ruiz blocked Ben Okafor" in html.unescape(_as(moderator).get(page).content.decode())
    # Where the name leads: the blocks of Ben, which the moderator may read.
    of_ben = _as(moderator).get(f"{listing}?blocked__id__exact={ben.pk}")
    assert list(of_ben.context["cl"].result_list) == [block]


def test_the_block_list_reads_names_with_the_rows(
    ana, ben, cy, superuser, django_assert_num_queries
):
    block_create(blocker=ana, blocked_id=ben.pk)
    client = _as(superuser)
    listing = reverse("admin:safety_block_changelist")
    client.get(listing)  # the content type, kept for the process
    # The session with its member, two counts (shown and in all), the page of blocks
    # with both names.
    with django_assert_num_queries(4) as one:
        client.get(listing)
    block_create(blocker=cy, blocked_id=ben.pk)
    block_create(blocker=ben, blocked_id=ana.pk)
    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get(listing).content.decode()
    assert page.count(reverse("admin:members_member_change", args=[ben.pk])) == 3


def test_held_request_names_link_to_the_member_admin_only_for_those_who_may_open_it(
    ana, cy, superuser, holder, django_user_model
):
    held = connection_request_send(
        sender=cy,
        recipient_id=ana.pk,
        context="worked_together",
        note="Ana, we worked on the tram timetable data together. Could we talk about it?",
    )
    moderator = django_user_model.objects.create_user(
        "mod", password="x" * 12, name="Mod", is_staff=True
    )
    moderator_appoint(member=moderator)
    connection_request_hold(moderator=holder, request_id=held.pk, reason="Reported twice.")
    listing = reverse("admin:network_heldrequest_changelist")
    member_page = reverse("admin:members_member_change", args=[cy.pk])

    for url in (listing, reverse("admin:network_heldrequest_change", args=[held.pk])):
        assert member_page in _as(superuser).get(url).content.decode()
        shown = _as(moderator).get(url).content.decode()
        assert "/admin/members/member/" not in shown
        assert f"{listing}?sender__id__exact={cy.pk}" in shown
        assert f"{listing}?recipient__id__exact={ana.pk}" in shown


def test_staff_who_may_only_read_held_requests_cannot_release_them(
    ana, cy, holder, django_user_model
):
    held = connection_request_send(
        sender=cy,
        recipient_id=ana.pk,
        context="worked_together",
        note="Ana, we worked on the tram timetable data together. Could we talk about it?",
    )
    connection_request_hold(moderator=holder, request_id=held.pk, reason="Reported twice.")
    onlooker = _staff(django_user_model, "onlooker", "view_heldrequest")
    listing = reverse("admin:network_heldrequest_changelist")
    assert _as(onlooker).get(listing).status_code == 200

    for action in ("release", "reject"):
        _as(onlooker).post(listing, {"action": action, "_selected_action": [held.pk]})
    held.refresh_from_db()
    assert held.state == "held"


def test_a_hold_reason_over_the_limit_is_refused_naming_the_field_and_limit(ana, cy, holder):
    request = connection_request_send(
        sender=cy,
        recipient_id=ana.pk,
        context="worked_together",
        note="Ana, we worked on the tram timetable data together. Could we talk about it?",
    )
    limit = ConnectionRequest._meta.get_field("hold_reason").max_length

    with pytest.raises(InvalidInput) as refused:
        connection_request_hold(moderator=holder, request_id=request.pk, reason="x" * 301)

    assert (refused.value.field, refused.value.code) == ("reason", "hold_reason_too_long")
    assert f"at most {limit} characters; this one is 301" in refused.value.message
    request.refresh_from_db()
    assert (request.state, request.hold_reason) == ("pending", "")
    held = connection_request_hold(moderator=holder, request_id=request.pk, reason="y" * limit)
    assert held.hold_reason == "y" * limit


def test_appointing_a_moderator_sets_the_groups_permissions_exactly(ana, ben):
    group = moderator_appoint(member=ana)
    group.permissions.add(Permission.objects.get(codename="view_member"))  # by hand

    moderator_appoint(member=ben)

    ana.refresh_from_db()
    assert (ana.is_staff, ana.is_superuser) == (True, False)
    granted = {(p.content_type.app_label, p.codename) for p in group.permissions.all()}
    assert granted == set(MODERATOR_PERMISSIONS)
    assert set(group.user_set.all()) == {ana, ben}
