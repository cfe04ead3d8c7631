"""A finished import's page: "Every row set aside, with its line" stood against the
"Open your keeper" button below it, with no space between them, on a wide screen and
on a phone alike."""

from __future__ import annotations

import pytest

from rapport.imports.services import import_job_create, import_job_run
from tests.browser_fixtures import log_in, screenshot
from tests.imports.conftest import sample

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_rows_set_aside_keep_their_distance_from_the_button(new_page, make_member):
    ana = make_member("Ana Ruiz", username="ana")
    job = import_job_create(
        owner=ana, source="linkedin", path=sample("linkedin", "new", "Connections.csv")
    )
    job = import_job_run(job_id=job.pk)
    job.summary = {
        **job.summary,
        "skipped_total": 1,
        "skipped_reasons": [{"reason": "No name", "rows": 1}],
        "skipped": [{"file": "Connections.csv", "line": 7, "reason": "No name"}],
    }
    job.save(update_fields=["summary"])
    page = new_page()
    log_in(page, "ana")

    page.goto(f"/import/{job.pk}/")
    screenshot(page, "import-job-set-aside")
    gap = page.evaluate(
        """() => {
            const details = document.querySelector('.import-skipped').getBoundingClientRect();
            const button = document.querySelector('a.button[href="/keeper/"]').getBoundingClientRect();
            return button.top - details.bottom;
        }"""
    )
    assert gap >= 12, gap
