"""The demo's weekly digests: the members a newcomer signs in as get theirs, and the
console where the demo prints its mail is not buried under forty more."""

from __future__ import annotations

from rapport.demo.community import DEMO_LOGINS
from rapport.demo.seed import DEMO_EMAIL_DOMAIN
from rapport.keeper.tasks import send_keeper_digests
from tests.demo.conftest import community, community_rows  # noqa: F401  (the fixtures)


def test_the_first_digests_go_to_the_demo_logins_only(community, mailoutbox):  # noqa: F811
    """The hourly job as the demo's schedule runs it at its first tick."""
    sent = send_keeper_digests.enqueue().return_value

    recipients = {address for mail in mailoutbox for address in mail.to}
    assert sent == len(mailoutbox) > 0
    assert recipients <= {f"{username}@{DEMO_EMAIL_DOMAIN}" for username in DEMO_LOGINS}
    assert f"ana@{DEMO_EMAIL_DOMAIN}" in recipients  # people she is due to get back to
