"""The demo's LinkedIn import: Ana's connections, most of them silent, a few she
talks to, the people she already kept matched rather than doubled."""

from __future__ import annotations

from django.utils import timezone

from rapport.imports import demo
from rapport.imports.models import ImportJob
from rapport.keeper.models import Interaction, Person
from rapport.keeper.services import person_create


def test_demo_import_gives_the_audit_a_real_network(ana):
    kept = person_create(owner=ana, name="Grace Mensah", organisation="Transit Lab")

    demo.seed(members={"ana": ana}, now=timezone.now())

    job = ImportJob.objects.get(owner=ana)
    assert job.state == "done", job.error
    connections = Person.objects.filter(owner=ana, connected_on__isnull=False)
    assert connections.count() == demo.CONNECTIONS
    kept.refresh_from_db()
    assert kept.connected_on is not None  # matched by name and organisation, not doubled
    talked_to = connections.filter(interactions__source="import").distinct().count()
    assert 5 <= talked_to <= demo.TALKERS + 5
    assert Interaction.objects.filter(owner=ana, source="import").count() >= demo.MESSAGES
