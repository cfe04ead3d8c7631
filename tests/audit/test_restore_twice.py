"""Restoring someone twice (a double click, or the back button and the form sent
again) says that nothing changed, as the API's count of 0 does, instead of
announcing them back a second time."""

from __future__ import annotations

from django.urls import reverse

from rapport.audit.services import contacts_archive
from tests.audit.conftest import imported
from tests.web.page_text import main_text


def test_restoring_someone_not_archived_says_nothing_changed(ana, signed_in):
    ola = imported(ana, "Ola Silent")
    contacts_archive(owner=ana)
    client = signed_in(ana)

    first = main_text(client.post(reverse("audit_restore"), {"person_id": ola.pk}, follow=True))
    again = main_text(client.post(reverse("audit_restore"), {"person_id": ola.pk}, follow=True))
    api = client.post(
        "/api/audit/restore", {"person_ids": [ola.pk]}, content_type="application/json"
    ).json()

    assert "Ola Silent is back in your keeper's lists." in first
    assert "is back" not in again
    assert "Ola Silent was not archived: nothing changed." in again
    assert api["restored"] == 0


def test_restoring_everyone_when_nobody_is_archived_says_so(ana, signed_in):
    imported(ana, "Ola Silent")

    text = main_text(signed_in(ana).post(reverse("audit_restore"), follow=True))

    assert "Restored 0" not in text
    assert "Nobody is archived: nothing to restore." in text
