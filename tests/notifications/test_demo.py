"""The demo shows the choice of how often, as Ana and Ben see it."""

from __future__ import annotations

from django.test import Client

from rapport.members.models import Member
from rapport.notifications.selectors import notification_frequency_of
from tests.demo.conftest import community, community_rows  # noqa: F401  (the fixtures)


def test_ana_keeps_soon_and_ben_chose_daily(community):  # noqa: F811
    ana, ben = Member.objects.get(username="ana"), Member.objects.get(username="ben")

    assert notification_frequency_of(member=ana) == "soon"
    assert notification_frequency_of(member=ben) == "daily"
    client = Client()
    client.force_login(ben)
    page = client.get("/settings/notifications/").content.decode()
    assert 'value="daily" required id="id_frequency_1" checked>' in page
    assert "your time (Toronto)" in page
