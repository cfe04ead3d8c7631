"""A member's network as the importers leave it: imported connections (keeper people
with a LinkedIn connection date), imported messages, Rapport connections, people
added by hand. Rows go in through the keeper's services where one exists; the
connection date, which only an import sets, with an update."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from rapport.keeper.models import Interaction, Person
from rapport.keeper.services import interaction_log, person_create

NOW = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)
_keys = itertools.count(1)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test's database is rolled back, ids come round again: so must the cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def signed_in():
    def client_for(member) -> Client:
        client = Client()
        client.force_login(member)
        return client

    return client_for


@pytest.fixture
def ana(make_member):
    return make_member("Ana Ruiz", username="ana")


def imported(owner, name: str, *, years_ago: float = 3, **fields) -> Person:
    """A LinkedIn connection, as the importer writes one."""
    person = person_create(
        owner=owner,
        name=name,
        linkedin_url=f"https://www.linkedin.com/in/{name.lower().replace(' ', '-')}",
        met_context="imported",
        **fields,
    )
    connected_on = (timezone.now() - dt.timedelta(days=365 * years_ago)).date()
    Person.objects.filter(pk=person.pk).update(connected_on=connected_on)
    person.connected_on = connected_on
    return person


def said(
    owner,
    person: Person,
    *,
    days_ago: float,
    kind: str = "message",
    direction: str = "gave",
    favour: str = "",
    source: str = "import",
    key: str = "",
    others: tuple[Person, ...] = (),
) -> Interaction:
    """One interaction, imported unless ``source`` says otherwise."""
    return interaction_log(
        owner=owner,
        person_ids=[person.pk, *(other.pk for other in others)],
        kind=kind,
        direction=direction,
        favour=favour,
        occurred_at=timezone.now() - dt.timedelta(days=days_ago),
        source=source,
        external_key=key or (f"linkedin:message:{next(_keys)}" if source == "import" else ""),
    )


def thread(owner, person: Person, *, days_ago: list[float], kind: str = "message") -> None:
    """Messages back and forth on those days, alternating sent and received."""
    for index, days in enumerate(days_ago):
        said(owner, person, days_ago=days, kind=kind, direction=("gave", "received")[index % 2])
