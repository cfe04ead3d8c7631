"""The person page gives one verdict on give and take: the suggested circle's reason
and the "Give and take" panel read the same favours of the last 12 months.

They once disagreed: the reason counted every contact's direction over all time
(messages written counted as giving) and called one piece of advice given with
nothing back "even", while the panel said nothing had come back yet.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from rapport.keeper.services import interaction_log, person_create
from tests.web.page_queries import page_queries

NOW = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def ana(make_member):
    return make_member("Ana Ruiz")


def _log(owner, person, days: int, kind: str = "message", **fields) -> None:
    interaction_log(
        owner=owner,
        person_ids=[person.pk],
        kind=kind,
        occurred_at=NOW - dt.timedelta(days=days),
        **fields,
    )


def _verdicts(client: Client, person) -> tuple[str, str]:
    """The suggested circle's reason and the "Give and take" panel, as read."""
    page = client.get(reverse("keeper_person", args=[person.pk])).content.decode()
    reason = re.search(r'class="suggestion__reason">(.*?)</span>', page, re.S)
    panel = re.search(r'id="reciprocity-title">Give and take</h2>\s*<p>(.*?)</p>', page, re.S)
    assert reason and panel
    return html.unescape(reason.group(1)), html.unescape(panel.group(1))


def test_advice_given_once_is_not_even_in_the_reason(ana, client):
    """Ana's demo Grace: a coffee where Ana gave advice, and messages either way."""
    grace = person_create(owner=ana, name="Grace Mensah")
    _log(ana, grace, 400)
    _log(ana, grace, 12, kind="coffee", direction="gave", favour="advice")
    for days in (7, 6, 1):
        _log(ana, grace, days)
    client.force_login(ana)

    reason, panel = _verdicts(client, grace)

    assert panel == "You gave Grace advice in May."
    assert "evenly" not in reason
    assert reason.endswith(
        "In touch 4 times in the last 90 days, mostly one to one; "
        "you have given 1 favour this year and received none yet"
    )


def test_messages_written_either_way_are_no_give_and_take(ana, client):
    """Messages carry a direction (who wrote) but are no favour; a favour from
    two years ago is outside the year. Neither verdict counts them."""
    bjorn = person_create(owner=ana, name="Björn Yilmaz")
    _log(ana, bjorn, 700, kind="help", direction="received", favour="help")
    for days, direction in [(300, "gave"), (200, "received"), (90, "gave"), (30, "gave")]:
        _log(ana, bjorn, days, direction=direction)
    client.force_login(ana)

    reason, panel = _verdicts(client, bjorn)

    assert panel == "Nothing given or received in the last 12 months."
    assert reason.endswith("In touch twice in the last 90 days, mostly one to one")


def test_the_reason_and_the_panel_agree_when_you_take_more(ana, client):
    omar = person_create(owner=ana, name="Omar Haddad")
    _log(ana, omar, 200, kind="advice", direction="gave")
    for days in (150, 90, 40, 5):
        _log(ana, omar, days, kind="introduction", direction="received")
    for days in (60, 20):  # messages Ana wrote: not favours, so not "even"
        _log(ana, omar, days, direction="gave")
    client.force_login(ana)

    reason, panel = _verdicts(client, omar)

    assert panel == "You have asked Omar for help 4 times since you last offered any."
    assert reason.endswith("; you take more than you give")


def test_the_person_page_reads_the_balance_once(ana, client):
    """The panel's sentence comes with the circle suggestion: no query of its own."""
    grace = person_create(owner=ana, name="Grace Mensah")
    _log(ana, grace, 12, kind="coffee", direction="gave", favour="advice")
    _log(ana, grace, 3)
    client.force_login(ana)

    assert page_queries(client, reverse("keeper_person", args=[grace.pk])) == 9


def test_one_introduction_is_told_not_judged_on_the_page_and_in_the_overview(ana, client):
    """After one introduction from Ana, the keeper's overview said "You mostly take
    from Ana": the person page and the overview now both say what happened."""
    bea = person_create(owner=ana, name="Bea Santos")
    _log(ana, bea, 80, kind="introduction", direction="received")
    client.force_login(ana)

    reason, panel = _verdicts(client, bea)
    home = html.unescape(client.get(reverse("keeper")).content.decode())

    assert panel == "Bea introduced you to someone in March; nothing back yet."
    assert reason.endswith("; you have received 1 favour this year and given none yet")
    assert "mostly take" not in home
    assert "Too early to tell with Bea Santos: one or two favours so far." in home
