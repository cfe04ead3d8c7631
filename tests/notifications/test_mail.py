"""What waits for a member is mailed once, batched and quiet, and never what they saw.

Everything happens through the services a member's action uses and the worker's
five-minute job, with the clock moved as the minutes pass.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils.module_loading import import_string

from rapport.conversations.selectors import conversation_with
from rapport.conversations.services import conversation_mark_read
from rapport.introductions.services import (
    introduction_accept,
    introduction_decline,
    introduction_make,
)
from rapport.members.models import Member
from rapport.network.services import (
    connection_request_accept,
    connection_request_decline,
)
from rapport.notifications.models import NotificationPreference
from rapport.notifications.services import (
    NotificationOutcome,
    notification_frequency_set,
    notification_send,
)
from rapport.notifications.tasks import send_notifications
from rapport.operations.schedule import PERIODIC_JOBS
from rapport.safety.services import block_create
from tests.conftest import request_send
from tests.notifications.conftest import NOW, SITE, minutes, run, write

SECRET = "The plan for the merger stays between us until Thursday."
WHY = (
    "She runs the tenants' energy group in Levenshulme and wants to put panels on their "
    "community hall: you have done exactly that for schools."
)


def _only(mailoutbox, to: str):
    found = [mail for mail in mailoutbox if mail.to == [to]]
    assert len(found) == 1, [mail.subject for mail in found]
    return found[0]


def test_a_message_unread_for_ten_minutes_is_mailed_with_who_how_many_and_a_link(
    ana, ben, clock, mailoutbox
):
    write(ben, ana, SECRET)
    conversation = conversation_with(member=ana, other_id=ben.pk)

    clock.shift(minutes(5))
    assert run() == 0  # five minutes: still within the wait
    clock.shift(minutes(7))
    assert run() == 1

    mail = _only(mailoutbox, "ana@example.org")
    assert mail.subject == "Ben Okafor wrote to you"
    assert (
        "Ben Okafor wrote to you: 1 unread message, the latest on 1 June at 11:00 BST." in mail.body
    )
    assert f"{SITE}/conversations/{conversation.pk}/" in mail.body
    # Never the body: mail leaves the instance, and the footer says so.
    assert "merger" not in mail.body and "merger" not in mail.subject
    assert "No message is copied into this mail" in mail.body
    assert "never between 21:00 and 08:00 your time (London)" in mail.body
    assert f"Change how often: {SITE}/settings/notifications/" in mail.body


def test_a_name_with_markup_and_quotes_is_written_as_its_owner_typed_it(
    ana, clock, make_member, mailoutbox
):
    """Subject and body are plain text, read as such: "&amp;" or "&lt;b&gt;" there is
    what the reader would see, not the name."""
    bo = make_member('<b>Bo</b> "Q" O\'Neil & Co', username="bo", email="bo@example.org")
    request_send(bo, ana)
    clock.shift(minutes(12))
    run()

    mail = _only(mailoutbox, "ana@example.org")
    assert mail.subject == '<b>Bo</b> "Q" O\'Neil & Co would like to connect'
    assert '- <b>Bo</b> "Q" O\'Neil & Co would like to connect.' in mail.body


def test_a_right_to_left_name_keeps_its_place_in_the_subject_and_the_text(
    ana, clock, make_member, connect, mailoutbox
):
    """A name read right to left, first in a subject, would turn the whole line round in
    a mail client that takes its direction from the first letter ("wrote to you שרה
    כהן"): each name is isolated (FSI ... PDI), so the sentence reads as written. A
    name that cannot turn anything round is left as it is."""
    sara = make_member("שרה כהן", username="sara", email="sara@example.org")
    connect(sara, ana)
    write(sara, ana)
    clock.shift(minutes(12))
    run()

    mail = _only(mailoutbox, "ana@example.org")
    assert mail.subject == "\u2068שרה כהן\u2069 wrote to you"
    assert "- \u2068שרה כהן\u2069 wrote to you: 1 unread message" in mail.body
    assert "Hello Ana Ruiz," in mail.body


def test_a_name_that_would_turn_what_follows_round_is_closed_off(
    ana, clock, make_member, mailoutbox
):
    """A right-to-left override in a name ("Eve" then U+202E) would reverse the rest of
    the subject; its isolate ends it where the name ends."""
    eve = make_member("Eve \u202eyenoM", username="eve", email="eve@example.org")
    request_send(eve, ana)
    clock.shift(minutes(12))
    run()

    mail = _only(mailoutbox, "ana@example.org")
    assert mail.subject == "\u2068Eve \u202eyenoM\u2069 would like to connect"


def test_every_mail_carries_a_one_click_unsubscribe(ana, ben, clock, mailoutbox, client):
    write(ben, ana)
    clock.shift(minutes(12))
    run()

    mail = _only(mailoutbox, "ana@example.org")
    link = mail.extra_headers["List-Unsubscribe"]
    assert link.startswith(f"<{SITE}/notifications/unsubscribe/") and link.endswith("/>")
    assert mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert mail.extra_headers["Auto-Submitted"] == "auto-generated"
    assert f"Unsubscribe: {link[1:-1]}" in mail.body
    # What a mail client does with the two headers: one POST, no cookie, no CSRF token.
    response = client.post(
        link[1 + len(SITE) : -1], {"List-Unsubscribe": "One-Click"}, enforce_csrf_checks=True
    )
    assert response.status_code == 200
    assert NotificationPreference.objects.get(member=ana).frequency == "off"


def test_the_job_run_twice_mails_once(ana, ben, clock, mailoutbox):
    write(ben, ana)
    clock.shift(minutes(12))

    assert run() == 1
    assert run() == 0  # the same moment again: RQ running the task a second time
    clock.shift(minutes(5))
    assert run() == 0

    assert len(mailoutbox) == 1
    preference = NotificationPreference.objects.get(member=ana)
    assert preference.last_sent_at == NOW + minutes(12)
    assert preference.covered_until == NOW + minutes(2)


def test_a_new_message_after_the_mail_is_mailed_later_at_most_once_an_hour(
    ana, ben, clock, mailoutbox
):
    write(ben, ana, "First")
    clock.shift(minutes(12))
    assert run() == 1
    clock.shift(minutes(3))
    write(ben, ana, "Second")

    clock.shift(minutes(15))
    assert run() == 0  # waited, but the last mail went 18 minutes ago
    clock.shift(minutes(42))  # an hour after the first mail
    assert run() == 1

    second = mailoutbox[1]
    assert second.to == ["ana@example.org"]
    assert "Ben Okafor wrote to you: 2 unread messages" in second.body


def test_a_message_read_before_the_wait_is_over_is_never_mailed(ana, ben, clock, mailoutbox):
    write(ben, ana)
    clock.shift(minutes(4))
    conversation = conversation_with(member=ana, other_id=ben.pk)
    conversation_mark_read(member=ana, conversation=conversation)

    for _ in range(30):  # two and a half hours of runs
        clock.shift(minutes(5))
        assert run() == 0
    assert mailoutbox == []


def test_reading_the_page_counts_as_seeing_it(ana, ben, clock, mailoutbox, client):
    write(ben, ana)
    clock.shift(minutes(6))
    client.force_login(ana)
    conversation = conversation_with(member=ana, other_id=ben.pk)
    assert client.get(reverse("conversation", args=[conversation.pk])).status_code == 200

    clock.shift(minutes(10))
    assert run() == 0


def test_two_members_writing_live_get_no_mail(ana, ben, clock, mailoutbox):
    """A reply moves the writer's read mark past what they answered."""
    for turn in range(12):
        sender, other = (ben, ana) if turn % 2 == 0 else (ana, ben)
        write(sender, other, f"Line {turn}")
        clock.shift(minutes(2))
        assert run() == 0
    # Ben has read Ana's last line (he is still there) a minute later.
    conversation_mark_read(member=ben, conversation=conversation_with(member=ben, other_id=ana.pk))
    clock.shift(minutes(30))
    assert run() == 0
    assert mailoutbox == []


def test_requests_new_connections_and_introductions_wait_in_one_mail(
    ana, ben, clock, make_member, connect, mailoutbox
):
    dee = make_member("Dee Park", email="dee@example.org")
    eve = make_member("Eve Laine", email="eve@example.org")
    fay = make_member("Fay Moreau", email="fay@example.org")
    request_send(dee, ana, context="worked_together", context_detail="at the transit lab, 2024")
    connection_request_accept(member=eve, request_id=request_send(ana, eve).pk)
    connect(ben, fay)
    introduction_make(
        introducer=ben, first_id=ana.pk, second_id=fay.pk, why_first=WHY, why_second=WHY
    )
    clock.shift(minutes(11))

    assert run() >= 1

    mail = _only(mailoutbox, "ana@example.org")
    assert mail.subject == "What waits for you on Rapport"
    body = mail.body
    assert (
        "Dee Park would like to connect. How they know you: "
        "We worked together (at the transit lab, 2024)." in body
    )
    assert f"{SITE}/requests/" in body
    eve_thread = conversation_with(member=ana, other_id=eve.pk)
    assert "Eve Laine accepted your request: you can now write to Eve Laine." in body
    assert f"{SITE}/conversations/{eve_thread.pk}/" in body
    assert "Ben Okafor would like to introduce you to someone. Answer by 15 June" in body
    assert f"{SITE}/introductions/" in body
    # Not the notes, not the introduction's sentence, not who the other person is.
    assert "Leeds meetup" not in body and "Levenshulme" not in body and "Fay" not in body
    assert body.index("REQUESTS TO CONNECT") < body.index("NEW CONNECTIONS")
    assert body.index("NEW CONNECTIONS") < body.index("INTRODUCTIONS")


def test_one_waiting_thing_names_itself_in_the_subject(ana, ben, clock, make_member, mailoutbox):
    dee = make_member("Dee Park", email="dee@example.org")
    request_send(dee, ana)
    clock.shift(minutes(11))
    run()
    assert _only(mailoutbox, "ana@example.org").subject == "Dee Park would like to connect"


def test_an_introduction_waiting_for_an_answer_is_mailed_whatever_the_other_said(
    ana, ben, clock, make_member, connect, mailoutbox
):
    """Getting the mail, or not, must not tell Ana that Fay already said no."""
    fay = make_member("Fay Moreau", email="fay@example.org")
    connect(ben, fay)
    introduction = introduction_make(
        introducer=ben, first_id=ana.pk, second_id=fay.pk, why_first=WHY, why_second=WHY
    )
    introduction_decline(member=fay, introduction_id=introduction.pk)
    clock.shift(minutes(11))
    run()
    assert (
        _only(mailoutbox, "ana@example.org").subject
        == "Ben Okafor would like to introduce you to someone"
    )


def test_what_was_answered_or_written_back_to_before_the_wait_is_never_mailed(
    ana, ben, clock, make_member, mailoutbox
):
    dee = make_member("Dee Park", email="dee@example.org")
    eve = make_member("Eve Laine", email="eve@example.org")
    declined = request_send(dee, ana)
    connection_request_accept(member=eve, request_id=request_send(ana, eve).pk)
    clock.shift(minutes(3))
    connection_request_decline(member=ana, request_id=declined.pk)
    write(ana, eve, "Thank you for accepting! How is the new job going?")

    clock.shift(minutes(12))
    run()
    # Ana answered Dee, and has written to Eve: nothing waits for her. Eve has Ana's
    # message waiting.
    assert [mail.to for mail in mailoutbox] == [["eve@example.org"]]
    assert mailoutbox[0].subject == "Ana Ruiz wrote to you"


def test_nothing_is_mailed_about_a_member_blocked_either_way(
    ana, ben, clock, make_member, connect, mailoutbox
):
    cy = make_member("Cy Tran", email="cy@example.org", time_zone="Europe/London")
    connect(cy, ana)
    write(ben, ana)
    write(ana, cy, "Did you get the slides?")
    block_create(blocker=ana, blocked_id=ben.pk)  # Ana blocked Ben, who wrote to her
    block_create(blocker=ana, blocked_id=cy.pk)  # Cy, whom Ana wrote to, was blocked by her

    clock.shift(minutes(12))
    assert run() == 0
    assert mailoutbox == []


def test_no_mail_without_an_address_when_deactivated_or_turned_off(
    clock, make_member, connect, mailoutbox
):
    writer = make_member("Wren Hale", email="wren@example.org")
    no_address = make_member("Cy Tran")
    gone = make_member("Dee Park", email="dee@example.org")
    off = make_member("Eve Laine", email="eve@example.org")
    for member in (no_address, gone, off):
        connect(writer, member)
        write(writer, member)
    Member.objects.filter(pk=gone.pk).update(is_active=False)
    notification_frequency_set(member=off, frequency="off")

    clock.shift(minutes(12))
    assert run() == 0
    assert mailoutbox == []
    assert notification_send(member=no_address, now=NOW + minutes(12)) == (
        NotificationOutcome.NO_EMAIL
    )


def test_quiet_hours_are_the_members_own_night(ana, ben, clock, make_member, connect, mailoutbox):
    """10:00 UTC is 11:00 in London and 06:00 in Toronto: Ana is mailed, Ben waits
    for his morning, and his mail then shows the times on his clock."""
    cy = make_member("Cy Tran", email="cy@example.org", time_zone="Europe/London")
    connect(cy, ana)
    write(ana, ben, "Morning from Manchester")
    write(cy, ana, "Morning from Leeds")
    clock.shift(minutes(15))

    assert run() == 1
    assert [mail.to for mail in mailoutbox] == [["ana@example.org"]]
    clock.move_to(dt.datetime(2026, 6, 1, 11, 55, tzinfo=dt.UTC))  # 07:55 in Toronto
    assert run() == 0
    clock.move_to(dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC))  # 08:00 in Toronto
    assert run() == 1

    mail = _only(mailoutbox, "ben@example.org")
    assert "the latest on 1 June at 06:00 EDT." in mail.body
    assert "your time (Toronto)" in mail.body


def test_daily_is_one_mail_at_eight_in_the_members_zone_when_something_is_new(
    ana, ben, clock, mailoutbox
):
    notification_frequency_set(member=ana, frequency="daily")
    write(ben, ana, "Monday's question")
    for hour in range(1, 21):  # all of Monday's day in London: nothing
        clock.move_to(NOW + dt.timedelta(hours=hour))
        assert run() == 0
    clock.move_to(dt.datetime(2026, 6, 2, 7, 0, tzinfo=dt.UTC))  # 08:00 on Tuesday in London
    assert run() == 1
    assert "Ben Okafor wrote to you: 1 unread message" in mailoutbox[0].body
    assert "once a day, at 08:00 your time (London)" in mailoutbox[0].body

    write(ben, ana, "Tuesday's question")
    clock.shift(minutes(30))  # 08:30: the daily hour, but today's mail went
    assert run() == 0
    clock.move_to(dt.datetime(2026, 6, 3, 7, 5, tzinfo=dt.UTC))
    assert run() == 1
    assert "2 unread messages" in mailoutbox[1].body
    # Wednesday: nothing new since, nothing mailed on Thursday.
    clock.move_to(dt.datetime(2026, 6, 4, 7, 5, tzinfo=dt.UTC))
    assert run() == 0


def test_nothing_older_than_the_lookback_is_mailed(ana, ben, clock, mailoutbox):
    notification_frequency_set(member=ana, frequency="off")
    write(ben, ana)
    clock.shift(dt.timedelta(days=4))
    notification_frequency_set(member=ana, frequency="soon")
    assert run() == 0


def test_the_introducers_note_is_named_as_who_wrote(
    ana, ben, clock, make_member, connect, mailoutbox
):
    fay = make_member("Fay Moreau", email="fay@example.org", time_zone="Europe/London")
    connect(ben, fay)
    introduction = introduction_make(
        introducer=ben, first_id=ana.pk, second_id=fay.pk, why_first=WHY, why_second=WHY
    )
    introduction_accept(member=ana, introduction_id=introduction.pk)
    introduction_accept(member=fay, introduction_id=introduction.pk)
    clock.shift(minutes(11))
    run()

    mail = _only(mailoutbox, "ana@example.org")
    assert mail.subject == "A message waits in your conversation with Fay Moreau"
    assert "Your conversation with Fay Moreau, from Ben Okafor: 1 unread message" in mail.body


def test_each_mailed_member_costs_the_same_few_queries(
    clock, make_member, connect, django_assert_max_num_queries, mailoutbox, settings
):
    """One query finds who has something waiting, however many members there are and
    however many have nothing; then a fixed number per member mailed, however much
    waits for them."""
    settings.RAPPORT_REQUEST_BUDGET_PENDING = settings.RAPPORT_REQUEST_BUDGET_WEEK = 100
    writer = make_member("Wren Hale", email="wren@example.org")
    for n in range(20):  # members with nothing waiting cost nothing
        make_member(f"Idle {n}", email=f"idle{n}@example.org")

    def members_with_things(count: int, things: int):
        for n in range(count):
            member = make_member(f"Reader {count} {n}", email=f"r{count}{n}@example.org")
            for t in range(things):
                friend = make_member(f"Friend {count} {n} {t}")
                connect(friend, member)
                write(friend, member)
                request_send(make_member(f"Asker {count} {n} {t}"), member)
            connect(writer, member)
            write(writer, member)

    def queries_of_a_run() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        clock.shift(minutes(11))
        with CaptureQueriesContext(connection) as captured:
            run()
        clock.shift(dt.timedelta(hours=2))
        return len(captured)

    members_with_things(1, things=1)
    one = queries_of_a_run()
    members_with_things(3, things=4)
    three = queries_of_a_run()
    per_member = (three - one) / 2
    # 12 (10 until gathering invitations and coffee pairings were mailed): a read per
    # kind of thing, six; the preference made, locked and saved; the send's savepoint and its release.
    assert per_member == int(per_member) and per_member <= 12, (one, three)
    assert one - per_member <= 2  # the candidates' query and the batch of members
    with django_assert_max_num_queries(2):
        clock.shift(minutes(5))
        assert run() == 0  # nothing new: only the candidates' query
    assert "Leeds meetup" not in "".join(mail.body for mail in mailoutbox)  # the notes


def test_the_worker_runs_the_job_every_five_minutes():
    [job] = [job for job in PERIODIC_JOBS if job.task_path.endswith("send_notifications")]
    assert job.every == dt.timedelta(minutes=5)
    assert import_string(job.task_path) is send_notifications


@pytest.mark.parametrize(
    "bad", ["rapport.example.org", "ftp://rapport.example.org", "https://example.org/rapport?x=1"]
)
def test_the_site_address_must_be_a_scheme_a_host_and_perhaps_a_path(bad, monkeypatch):
    from rapport.settings import _site_url

    monkeypatch.setenv("RAPPORT_SITE_URL", bad)
    with pytest.raises(SystemExit, match="RAPPORT_SITE_URL"):
        _site_url()
    monkeypatch.setenv("RAPPORT_SITE_URL", "https://rapport.example.org/")
    assert _site_url() == "https://rapport.example.org"
    monkeypatch.setenv("RAPPORT_SITE_URL", "https://example.org/rapport/")
    assert _site_url() == "https://example.org/rapport"
    monkeypatch.delenv("RAPPORT_SITE_URL")
    assert _site_url() == "http://127.0.0.1:8000"
