"""A sender's standing: the evidence, what it does to their budget, held requests, moderators.

Members meet only the effects (a smaller budget; a request that waits); the
evidence itself is shown to moderators in the admin and to nobody else.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from rapport.errors import BudgetExceeded, Conflict, InvalidInput, NotFound, NotPermitted
from rapport.members.services import api_token_create
from rapport.network.models import ConnectionRequest
from rapport.network.reputation import (
    HOLD_AT,
    Evidence,
    limit_for,
    sender_evidence,
    sender_standing,
    strain_of,
)
from rapport.network.selectors import request_get, requests_incoming, visible_state
from rapport.network.services import (
    connection_request_accept,
    connection_request_decline,
    connection_request_reject,
    connection_request_release,
    connection_request_send,
    connection_request_withdraw,
)
from rapport.safety.models import Report
from rapport.safety.services import report_create, report_resolve
from tests.network.written import written_notes

NOW = dt.datetime(2025, 6, 2, 9, 0, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(NOW, tick=False)
    return time_machine


@pytest.fixture
def notes():
    return itertools.cycle(written_notes())


@pytest.fixture
def sid(make_member):
    return make_member("Sid Sender")


@pytest.fixture
def ana(make_member):
    return make_member("Ana Lima", organisation="Fieldnote Health")


@pytest.fixture
def moderator(make_member):
    """Staff with the two permissions the held-request list needs; not a superuser."""
    member = make_member("Mo Moderator")
    member.is_staff = True
    member.save(update_fields=["is_staff"])
    member.user_permissions.add(
        *Permission.objects.filter(codename__in=("view_heldrequest", "change_heldrequest"))
    )
    return member


def send(sender, recipient, notes, *, at=None, **fields):
    return connection_request_send(
        sender=sender,
        recipient_id=recipient.pk,
        context=fields.pop("context", "gathering"),
        context_detail=fields.pop("context_detail", "Open Transport meetup"),
        note=next(notes),
        now=at,
        **fields,
    )


@pytest.fixture
def history(make_member, notes):
    """``history(sender, accepted=, declined=, dont_know=, days_ago=)``: answered requests,
    sent ``days_ago`` days before NOW (their 30 days long over by then)."""

    def write(sender, *, accepted=0, declined=0, dont_know=0, days_ago=45):
        at = NOW - dt.timedelta(days=days_ago)
        for n in range(accepted + declined + dont_know):
            other = make_member()
            request = send(sender, other, notes, at=at + n * dt.timedelta(hours=1))
            answered = at + DAY + n * dt.timedelta(hours=1)
            if n < accepted:
                connection_request_accept(member=other, request_id=request.pk, now=answered)
            else:
                reason = "dont_know" if n >= accepted + declined else ""
                connection_request_decline(
                    member=other, request_id=request.pk, reason=reason, now=answered
                )

    return write


# --- "I don't know this person" ---------------------------------------------------------


def test_a_dont_know_decline_is_kept_and_the_sender_still_sees_pending(clock, sid, ana, notes):
    request = send(sid, ana, notes)

    connection_request_decline(member=ana, request_id=request.pk, reason="dont_know")

    request.refresh_from_db()
    assert (request.state, request.decline_reason) == ("declined", "dont_know")
    assert visible_state(request, viewer_id=sid.pk) == "pending"
    assert ConnectionRequest.objects.get(pk=request.pk).decided_at == NOW


def test_an_unknown_decline_reason_is_refused_naming_the_field(clock, sid, ana, notes):
    request = send(sid, ana, notes)
    with pytest.raises(InvalidInput) as refused:
        connection_request_decline(member=ana, request_id=request.pk, reason="rude")
    assert (refused.value.field, refused.value.code) == ("reason", "decline_reason_unknown")
    request.refresh_from_db()
    assert request.state == "pending"


def api_client(member) -> Client:
    _token, raw = api_token_create(member=member, label="tests")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def test_the_api_decline_takes_the_reason_as_an_optional_body(clock, sid, ana, make_member, notes):
    said, silent = send(sid, ana, notes), send(make_member(), ana, notes)
    api = api_client(ana)

    with_reason = api.post(
        f"/api/requests/{said.pk}/decline", {"reason": "dont_know"}, content_type="application/json"
    )
    without = api.post(f"/api/requests/{silent.pk}/decline", "", content_type="application/json")
    wrong = api.post(
        f"/api/requests/{said.pk}/decline", {"reason": "rude"}, content_type="application/json"
    )

    assert (with_reason.status_code, with_reason.content) == (204, b"")
    assert (without.status_code, without.content) == (204, b"")
    assert (wrong.status_code, wrong.json()["field"]) == (422, "reason")
    said.refresh_from_db()
    silent.refresh_from_db()
    assert (said.decline_reason, silent.decline_reason) == ("dont_know", "")


def test_the_inbox_offers_i_dont_know_this_person(clock, sid, ana, notes, client):
    request = send(sid, ana, notes)
    client.force_login(ana)

    page = client.get(reverse("requests_inbox")).content.decode()
    assert "I don't know this person" in page
    assert 'name="reason" value="dont_know"' in page

    response = client.post(
        reverse("request_decline", args=[request.pk]),
        {"reason": "dont_know"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "declined: you don't know them" in html.unescape(response.content.decode())
    request.refresh_from_db()
    assert request.decline_reason == "dont_know"


# --- Evidence and budgets ----------------------------------------------------------------


def test_declines_count_only_once_the_sender_could_know_them(clock, sid, history, time_machine):
    """A budget that shrank the day after a decline would tell the sender they were declined."""
    history(sid, dont_know=3, days_ago=10)
    early = sender_evidence(sender_id=sid.pk, now=NOW)
    late = sender_evidence(sender_id=sid.pk, now=NOW + dt.timedelta(days=21))

    assert (early.not_accepted, early.dont_know) == (0, 0)
    assert (late.not_accepted, late.dont_know) == (3, 3)


def test_few_outcomes_say_nothing_about_acceptance(clock, sid, history):
    history(sid, declined=4)
    evidence = sender_evidence(sender_id=sid.pk, now=NOW)
    assert evidence.outcomes == 4
    assert evidence.acceptance_rate is None
    assert strain_of(evidence)["acceptance"] == 0


def test_a_low_acceptance_rate_lowers_both_budgets(clock, sid, history, make_member, notes):
    history(sid, accepted=1, declined=4)
    standing = sender_standing(sender_id=sid.pk, now=NOW)
    # 1 of 5 accepted: (0.5 - 0.2) / 0.5 = 0.6; budgets x 0.4, rounded up.
    assert standing.strain == pytest.approx(0.6)
    assert (standing.pending_limit, standing.week_limit) == (2, 4)

    send(sid, make_member(), notes)
    send(sid, make_member(), notes)
    with pytest.raises(BudgetExceeded) as refused:
        send(sid, make_member(), notes)
    assert refused.value.code == "budget_pending"
    assert "the limit is 2 at once" in refused.value.message


def test_a_good_record_keeps_the_full_budget(clock, sid, history, settings):
    history(sid, accepted=4, declined=2)
    standing = sender_standing(sender_id=sid.pk, now=NOW)
    assert standing.strain == 0
    assert standing.pending_limit == settings.RAPPORT_REQUEST_BUDGET_PENDING
    assert standing.week_limit == settings.RAPPORT_REQUEST_BUDGET_WEEK


def test_reports_weigh_on_the_sender_at_once(clock, sid, make_member):
    for reporter in (make_member(), make_member()):
        Report.objects.create(reporter=reporter, reported=sid, reason="spam", created_at=NOW - DAY)
    # The same member reporting twice is one reporting member.
    Report.objects.create(
        reporter=Report.objects.first().reporter, reported=sid, reason="spam", created_at=NOW
    )
    standing = sender_standing(sender_id=sid.pk, now=NOW)
    assert standing.evidence.reporters == 2
    assert standing.strain_parts["reports"] == pytest.approx(1.2)
    assert standing.held


def test_a_dismissed_report_stops_counting_and_an_upheld_one_goes_on(
    clock, sid, ana, make_member, notes
):
    """Two members reported Sid; a moderator upholds one and dismisses the other as
    unfounded. Only the upheld one weighs, so his next request is not held."""
    upheld, dismissed = (
        report_create(reporter=make_member(), reported_id=sid.pk, reason="spam", now=NOW - DAY)
        for _ in range(2)
    )
    assert sender_standing(sender_id=sid.pk, now=NOW).held

    report_resolve(report_id=upheld.pk, outcome="upheld", now=NOW)
    report_resolve(report_id=dismissed.pk, outcome="dismissed", now=NOW)

    standing = sender_standing(sender_id=sid.pk, now=NOW)
    assert standing.evidence.reporters == 1
    assert standing.strain_parts["reports"] == pytest.approx(0.6)
    assert not standing.held
    assert send(sid, ana, notes).state == "pending"
    # Dismissing the other too leaves nothing; upholding it again brings it back.
    report_resolve(report_id=upheld.pk, outcome="dismissed", now=NOW)
    assert sender_standing(sender_id=sid.pk, now=NOW).evidence.reporters == 0
    report_resolve(report_id=dismissed.pk, outcome="upheld", now=NOW)
    assert sender_standing(sender_id=sid.pk, now=NOW).evidence.reporters == 1


def test_a_dismissed_report_does_not_hide_another_report_by_the_same_member(
    clock, sid, make_member
):
    """A member's later report still counts when their first was dismissed."""
    reporter = make_member()
    first = report_create(reporter=reporter, reported_id=sid.pk, reason="spam", now=NOW - 5 * DAY)
    report_resolve(report_id=first.pk, outcome="dismissed", now=NOW - 4 * DAY)
    report_create(reporter=reporter, reported_id=sid.pk, reason="harassment", now=NOW - DAY)
    assert sender_standing(sender_id=sid.pk, now=NOW).evidence.reporters == 1


def test_template_reuse_lowers_the_budget_but_never_holds(clock, sid, make_member, settings):
    settings.RAPPORT_REQUEST_BUDGET_WEEK = 100
    template = (
        "Hi {}, we spoke after your talk on mentoring at the Leeds meetup. How is the pilot "
        "going? I'd love to hear what you learned."
    )
    for n in range(14):
        other = make_member()
        sent_at = NOW - dt.timedelta(days=60) + n * DAY
        request = connection_request_send(
            sender=sid,
            recipient_id=other.pk,
            context="worked_together",
            note=template.format(other.name),
            now=sent_at,
        )
        connection_request_accept(member=other, request_id=request.pk, now=sent_at + DAY)

    standing = sender_standing(sender_id=sid.pk, now=NOW)
    assert standing.evidence.templated == 13
    assert standing.strain_parts["templates"] == 0.5
    assert standing.week_limit == 50
    assert not standing.held


def test_the_strain_formula_and_the_budget_floor():
    evidence = Evidence(sent=9, accepted=0, not_accepted=6, dont_know=1, reporters=1, templated=4)
    assert strain_of(evidence) == {
        "acceptance": 1.0,
        "dont_know": 0.4,
        "reports": 0.6,
        "templates": 0.1,
    }
    assert limit_for(5, 0.0) == 5
    assert limit_for(5, 0.5) == 3
    assert limit_for(5, 9.0) == 1
    assert limit_for(10, 9.0) == 2


# --- Held requests -----------------------------------------------------------------------


@pytest.fixture
def held(clock, sid, ana, history, notes):
    """Three recipients said they do not know Sid: his next request waits for a moderator."""
    history(sid, dont_know=3)
    assert sender_standing(sender_id=sid.pk, now=NOW).strain >= HOLD_AT
    return send(sid, ana, notes)


def test_past_the_threshold_a_request_is_held_and_says_why(held):
    assert held.state == "held"
    assert held.hold_reason.startswith("Last 90 days:")
    assert '3 "I don\'t know this person"' in held.hold_reason


def test_a_held_request_is_invisible_to_its_recipient(held, sid, ana, client):
    assert held not in requests_incoming(member=ana)
    with pytest.raises(NotFound):
        request_get(member=ana, request_id=held.pk)
    for answer in (connection_request_accept, connection_request_decline):
        with pytest.raises(NotFound):
            answer(member=ana, request_id=held.pk)

    client.force_login(ana)
    assert held.note not in client.get(reverse("requests_inbox")).content.decode()
    assert client.post(reverse("request_accept", args=[held.pk])).status_code == 404
    assert held.note not in client.get(reverse("member_profile", args=[sid.pk])).content.decode()
    incoming = api_client(ana).get("/api/requests", {"box": "incoming"}).json()
    assert incoming == []


def test_the_sender_sees_a_held_request_as_pending_and_may_withdraw_it(held, sid, client):
    assert visible_state(held, viewer_id=sid.pk) == "pending"
    outgoing = api_client(sid).get("/api/requests", {"box": "outgoing"}).json()
    assert {row["id"]: row["state"] for row in outgoing}[held.pk] == "pending"

    connection_request_withdraw(member=sid, request_id=held.pk)
    held.refresh_from_db()
    assert held.state == "withdrawn"


def test_released_it_reaches_the_recipient_with_thirty_days_to_answer(
    held, ana, moderator, time_machine
):
    time_machine.shift(dt.timedelta(days=3))
    released = connection_request_release(moderator=moderator, request_id=held.pk)

    assert released.state == "pending"
    assert released.expires_at == NOW + dt.timedelta(days=33)
    assert (released.moderated_by, released.moderated_at) == (moderator, NOW + 3 * DAY)
    assert [r.pk for r in requests_incoming(member=ana)] == [held.pk]
    connection_request_accept(member=ana, request_id=held.pk)


def test_rejected_it_never_arrives_and_the_sender_is_not_told(held, sid, ana, moderator):
    connection_request_reject(moderator=moderator, request_id=held.pk)
    held.refresh_from_db()

    assert held.state == "rejected"
    assert held not in requests_incoming(member=ana)
    assert visible_state(held, viewer_id=sid.pk) == "pending"
    assert visible_state(held, viewer_id=sid.pk, now=held.expires_at) == "not_accepted"
    # It still counts against the pending budget, as a silent decline does.
    connection_request_withdraw(member=sid, request_id=held.pk)


def test_only_a_moderator_releases_or_rejects(held, ana, sid):
    for act in (connection_request_release, connection_request_reject):
        for member in (ana, sid):
            with pytest.raises(NotPermitted):
                act(moderator=member, request_id=held.pk)
    held.refresh_from_db()
    assert held.state == "held"


def test_the_admin_lists_held_requests_with_the_evidence_and_releases_them(
    held, moderator, client, django_assert_max_num_queries
):
    client.force_login(moderator)
    url = reverse("admin:network_heldrequest_changelist")

    with django_assert_max_num_queries(12):
        page = client.get(url)
    text = html.unescape(page.content.decode())
    assert page.status_code == 200
    assert "Sid Sender" in text and "Ana Lima" in text
    assert '3 "I don\'t know this person"' in text
    assert "Strain 1.20" in text

    detail = client.get(reverse("admin:network_heldrequest_change", args=[held.pk]))
    assert "sender's latest notes" in html.unescape(detail.content.decode()).lower()

    response = client.post(url, {"action": "release", "_selected_action": [held.pk]}, follow=True)
    assert "1 request released" in response.content.decode()
    held.refresh_from_db()
    assert held.state == "pending"


def test_members_cannot_open_the_moderators_list(held, ana, client):
    client.force_login(ana)
    response = client.get(reverse("admin:network_heldrequest_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


# --- Nobody sees a standing ----------------------------------------------------------


REPUTATION_WORDS = ("strain", "reputation", "standing", "dont_know", "hold_reason", "held")


def test_no_page_or_api_output_shows_a_standing(held, sid, ana, client):
    """Not the sender's own, not anyone else's: the words never appear outside the admin."""
    pages = [
        (ana, reverse("member_profile", args=[sid.pk])),
        (ana, reverse("requests_inbox")),
        (sid, reverse("requests_inbox")),
        (sid, reverse("member_profile", args=[sid.pk])),
        (sid, reverse("home")),
    ]
    for viewer, url in pages:
        client.force_login(viewer)
        text = client.get(url).content.decode().lower()
        assert held.hold_reason.lower() not in text, url
        for word in ("strain", "reputation", "hold_reason", "held for a moderator"):
            assert word not in text, (url, word)
    for viewer in (ana, sid):
        api = api_client(viewer)
        for path, query in (
            (f"/api/members/{sid.pk}", {}),
            ("/api/requests", {"box": "incoming"}),
            ("/api/requests", {"box": "outgoing"}),
        ):
            body = api.get(path, query).content.decode().lower()
            for word in REPUTATION_WORDS:
                assert word not in body, (path, word)


def test_the_api_schema_has_no_field_about_reputation(client):
    schema = client.get("/api/openapi.json").json()
    fields = {
        name.lower()
        for component in schema["components"]["schemas"].values()
        for name in component.get("properties", {})
    }
    assert not {"strain", "reputation", "standing", "hold_reason", "decline_reason"} & fields


def test_a_held_request_is_not_released_across_a_block(held, sid, ana, moderator):
    """Blocking rejects a held request (rapport.safety); release also checks, in case a
    block arrives by another road."""
    from rapport.safety.models import Block
    from rapport.safety.services import block_create

    Block.objects.create(blocker=ana, blocked=sid, created_at=NOW)
    with pytest.raises(Conflict) as refused:
        connection_request_release(moderator=moderator, request_id=held.pk)
    assert refused.value.code == "blocked"

    Block.objects.all().delete()
    block_create(blocker=ana, blocked_id=sid.pk)
    held.refresh_from_db()
    assert held.state == "rejected"
    assert visible_state(held, viewer_id=sid.pk) == "pending"


def test_the_admin_shows_requests_and_connections_but_changes_them_only_by_action(
    sid, ana, notes, django_user_model
):
    """A state set by hand on a request's page once saved "accepted" and made no
    connection; a connection could be added with no request behind it."""
    root = django_user_model.objects.create_superuser("root", password="x" * 12, name="Root")
    client = Client()
    client.force_login(root)
    request = send(sid, ana, notes)

    page = client.get(reverse("admin:network_connectionrequest_change", args=[request.pk]))
    posted = client.post(
        reverse("admin:network_connectionrequest_change", args=[request.pk]),
        {"state": "accepted", "note": "Edited by staff"},
    )
    adding = client.get(reverse("admin:network_connectionrequest_add"))
    connecting = client.get(reverse("admin:network_connection_add"))

    assert page.status_code == 200
    assert "<textarea" not in page.content.decode()  # the note is shown, not editable
    assert posted.status_code == 302
    request.refresh_from_db()
    assert request.state == "pending"
    assert request.note != "Edited by staff"
    assert (adding.status_code, connecting.status_code) == (403, 403)
