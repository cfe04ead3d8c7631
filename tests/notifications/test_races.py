"""Workers running the job at the same moment, each on its own database connection:
the preference row's lock lets exactly one of them send the mail."""

from __future__ import annotations

import pytest

from rapport.notifications.models import NotificationPreference
from rapport.notifications.services import notification_frequency_set
from rapport.notifications.tasks import send_notifications
from tests.notifications.conftest import minutes, write
from tests.races import at_once, sqlite_on_file  # noqa: F401  (the fixture)

RACERS = 6


def _race_mails_once(mailoutbox, member) -> None:
    outcomes = at_once([send_notifications.call for _ in range(RACERS)])
    assert sorted(outcomes) == [0] * (RACERS - 1) + [1], outcomes
    assert [mail.to for mail in mailoutbox] == [[member.email]]
    assert NotificationPreference.objects.get(member=member).last_sent_at is not None


@pytest.fixture
def waiting(make_member, connect, clock):
    """Ana, who chose "soon" (so her row exists: no insert can serialise the racers),
    has had Ben's message waiting unread for twelve minutes."""
    ana = make_member("Ana Ruiz", email="ana@example.org", time_zone="Europe/London")
    notification_frequency_set(member=ana, frequency="soon")
    ben = make_member("Ben Okafor")
    connect(ben, ana)
    write(ben, ana)
    clock.shift(minutes(12))
    return ana


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_six_workers_at_once_send_one_mail_on_postgresql(postgres_only, waiting, mailoutbox):
    _race_mails_once(mailoutbox, waiting)


@pytest.mark.django_db(transaction=True)
def test_six_workers_at_once_send_one_mail_on_sqlite(sqlite_on_file, waiting, mailoutbox):  # noqa: F811
    _race_mails_once(mailoutbox, waiting)
