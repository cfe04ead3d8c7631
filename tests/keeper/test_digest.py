"""The weekly keep-in-touch digest: who to reach out to and why, at most once a week."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils.module_loading import import_string

from rapport.keeper.digest import DigestOutcome, keeper_digest_send, keeper_digest_set_enabled
from rapport.keeper.models import DigestPreference
from rapport.keeper.services import interaction_log, person_create
from rapport.keeper.tasks import send_keeper_digests
from rapport.operations.schedule import PERIODIC_JOBS

MONDAY = dt.datetime(2026, 6, 1, 7, 0, tzinfo=dt.UTC)


def _days_before(days: int) -> dt.datetime:
    return MONDAY - dt.timedelta(days=days)


def _known(owner, name: str, *, circle: str, last_contact_days_ago: int, **fields):
    with time_machine.travel(_days_before(400), tick=False):
        person = person_create(owner=owner, name=name, circle=circle, **fields)
    with time_machine.travel(_days_before(last_contact_days_ago), tick=False):
        interaction_log(owner=owner, person_ids=[person.pk], kind="coffee")
    return person


@pytest.fixture
def ana(make_member):
    ana = make_member("Ana Ruiz", email="ana@example.org")
    # In the 5 (every 7 days), last seen 10 days ago: 3 days overdue.
    _known(ana, "Grace <Mensah>", circle="5", last_contact_days_ago=10, organisation="Fieldnote")
    # In the 15 (every 30 days), last seen 26 days ago: due on Friday.
    _known(ana, "Kai Tanaka", circle="15", last_contact_days_ago=26)
    # In the 50 (every 90 days), seen 20 days ago: not due for two months.
    _known(ana, "Lou Perez", circle="50", last_contact_days_ago=20)
    return ana


def test_the_digest_lists_the_overdue_then_the_due_soon_with_reasons(ana, mailoutbox):
    with time_machine.travel(MONDAY, tick=False):
        outcome = keeper_digest_send(owner=ana, today=MONDAY.date())

    assert outcome == DigestOutcome.SENT
    [mail] = mailoutbox
    assert mail.to == ["ana@example.org"]
    assert mail.subject == "2 people to keep in touch with this week"
    text = mail.body
    assert "Lou Perez" not in text
    assert text.index("OVERDUE") < text.index("Grace <Mensah>") < text.index("DUE THIS WEEK")
    assert text.index("DUE THIS WEEK") < text.index("Kai Tanaka")
    assert "Grace <Mensah> (Fieldnote): due 29 May, 3 days ago." in text
    assert "Last contact 10 days ago; your cadence for the 5 is 7 days." in text
    assert "Kai Tanaka: due Friday 5 June." in text
    [(html, mimetype)] = mail.alternatives
    assert mimetype == "text/html"
    assert "<strong>Grace &lt;Mensah&gt;</strong>" in html
    assert "Last contact 26 days ago; your cadence for the 15 is 30 days." in html
    preference = DigestPreference.objects.get(owner=ana)
    assert preference.enabled and preference.last_sent_at == MONDAY


def test_right_to_left_names_keep_their_place_in_both_parts(make_member, mailoutbox):
    """The plain text isolates each name (FSI ... PDI); the HTML part puts it in <bdi>,
    so that "(organisation): due ..." stays after the name, not before it."""
    owner = make_member("Ana Ruiz", email="ana@example.org")
    _known(owner, "שרה כהן", circle="5", last_contact_days_ago=10, organisation="מעבדה")
    with time_machine.travel(MONDAY, tick=False):
        keeper_digest_send(owner=owner, today=MONDAY.date())

    [mail] = mailoutbox
    assert "- \u2068שרה כהן\u2069 (\u2068מעבדה\u2069): due 29 May, 3 days ago." in mail.body
    [(html, _mimetype)] = mail.alternatives
    assert "<bdi><strong>שרה כהן</strong></bdi> (<bdi>מעבדה</bdi>)" in html


def test_at_most_one_digest_a_week(ana, mailoutbox):
    for days, expected in [
        (0, DigestOutcome.SENT),
        (3, DigestOutcome.RECENTLY_SENT),
        (6, DigestOutcome.RECENTLY_SENT),
        (7, DigestOutcome.SENT),
    ]:
        moment = MONDAY + dt.timedelta(days=days, hours=days)
        with time_machine.travel(moment, tick=False):
            assert keeper_digest_send(owner=ana, today=moment.date()) == expected, days
    assert len(mailoutbox) == 2


def test_no_digest_when_nobody_is_due(make_member, mailoutbox):
    ben = make_member("Ben Okafor", email="ben@example.org")
    _known(ben, "Lou Perez", circle="50", last_contact_days_ago=20)
    _known(ben, "Old Friend", circle="past", last_contact_days_ago=900)
    with time_machine.travel(MONDAY, tick=False):
        assert keeper_digest_send(owner=ben, today=MONDAY.date()) == DigestOutcome.NOTHING_DUE
    assert mailoutbox == []
    assert not DigestPreference.objects.filter(owner=ben).exists()


def test_no_digest_without_an_address_or_when_turned_off(make_member, mailoutbox):
    cy = make_member("Cy Tran")
    _known(cy, "Grace Mensah", circle="5", last_contact_days_ago=10)
    dee = make_member("Dee Park", email="dee@example.org")
    _known(dee, "Grace Mensah", circle="5", last_contact_days_ago=10)
    keeper_digest_set_enabled(owner=dee, enabled=False)
    with time_machine.travel(MONDAY, tick=False):
        assert keeper_digest_send(owner=cy, today=MONDAY.date()) == DigestOutcome.NO_EMAIL
        assert keeper_digest_send(owner=dee, today=MONDAY.date()) == DigestOutcome.DISABLED
    assert mailoutbox == []


def test_the_worker_task_sends_each_due_member_one_digest_a_week(
    ana, make_member, mailoutbox, django_assert_max_num_queries
):
    ben = make_member("Ben Okafor", email="ben@example.org")
    _known(ben, "Kai Tanaka", circle="15", last_contact_days_ago=40)
    quiet = make_member("Quiet Member", email="quiet@example.org")
    _known(quiet, "Lou Perez", circle="50", last_contact_days_ago=20)
    no_address = make_member("Cy Tran")
    _known(no_address, "Grace Mensah", circle="5", last_contact_days_ago=10)

    with time_machine.travel(MONDAY, tick=False):
        result = send_keeper_digests.enqueue()
    assert result.return_value == 2
    assert sorted(mail.to[0] for mail in mailoutbox) == ["ana@example.org", "ben@example.org"]

    # The hourly check the next hour sends nothing more, and reads only the candidates.
    with (
        time_machine.travel(MONDAY + dt.timedelta(hours=1), tick=False),
        django_assert_max_num_queries(8),
    ):
        assert send_keeper_digests.enqueue().return_value == 0
    with time_machine.travel(MONDAY + dt.timedelta(days=7, hours=1), tick=False):
        assert send_keeper_digests.enqueue().return_value == 2
    assert len(mailoutbox) == 4


def test_the_worker_checks_for_digests_every_hour():
    [job] = [job for job in PERIODIC_JOBS if job.task_path.endswith("send_keeper_digests")]
    assert job.every == dt.timedelta(hours=1)
    assert import_string(job.task_path) is send_keeper_digests


def test_a_date_overdue_since_an_earlier_year_says_the_year(make_member, mailoutbox):
    """ "Due 27 October, 1134 days ago" left the reader to work out which October."""
    owner = make_member("Priya Shah", email="priya@example.org")
    _known(owner, "Hannah Cole", circle="5", last_contact_days_ago=380)

    with time_machine.travel(MONDAY, tick=False):
        keeper_digest_send(owner=owner, today=MONDAY.date())

    [mail] = mailoutbox
    due = MONDAY.date() - dt.timedelta(days=380 - 7)
    assert due.year < MONDAY.year
    assert f"Hannah Cole: due {due:%-d %B %Y}, 373 days ago." in mail.body
    assert f"due {due:%-d %B %Y}, 373 days ago." in mail.alternatives[0][0]
