"""Imports of one member's files that run at the same moment, as several RQ workers run
the jobs that queued up while Redis was away (docs/deploy.md, "Faults").

Each run matches the file against the keeper and writes what is new. If two runs read
the keeper before either wrote, both would find the same person new and both add them:
the keeper would hold them twice, and "importing the same file twice changes nothing"
would hold only when the two runs happened not to overlap.
"""

from __future__ import annotations

import functools

import pytest

from rapport.imports.models import ImportJob
from rapport.imports.services import import_job_create, import_job_run
from rapport.keeper.models import Interaction, Person
from tests.imports.conftest import sample
from tests.races import at_once

RUNS = 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("source", "path"),
    [("linkedin", sample("linkedin", "new")), ("vcard", sample("vcard", "apple-contacts.vcf"))],
    ids=["linkedin", "vcard"],
)
def test_one_file_imported_by_several_runs_at_once_is_in_the_keeper_once(
    postgres_only, ana, source, path
):
    alone = import_job_create(owner=ana, source=source, path=path)
    import_job_run(job_id=alone.pk)
    expected_people = sorted(Person.objects.filter(owner=ana).values_list("name", flat=True))
    expected_interactions = Interaction.objects.filter(owner=ana).count()
    assert expected_people
    Person.objects.filter(owner=ana).delete()
    Interaction.objects.filter(owner=ana).delete()

    jobs = [import_job_create(owner=ana, source=source, path=path) for _ in range(RUNS)]
    outcomes = at_once([functools.partial(import_job_run, job_id=job.pk) for job in jobs])

    assert [getattr(o, "state", o) for o in outcomes] == ["done"] * RUNS
    assert sorted(Person.objects.filter(owner=ana).values_list("name", flat=True)) == (
        expected_people
    )
    assert Interaction.objects.filter(owner=ana).count() == expected_interactions
    added = [ImportJob.objects.get(pk=job.pk).summary["people_added"] for job in jobs]
    assert sorted(added) == [0] * (RUNS - 1) + [len(expected_people)]
