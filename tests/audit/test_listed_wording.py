""" "Where your connections stand" says what the table of strongest ties below it
holds, by that table's own count: "the strongest 150 listed below" beside a figure
of 29 read as if the rest were missing, when the member had 38 ties in all."""

from __future__ import annotations

from django.urls import reverse

from tests.audit.conftest import imported, thread


def test_the_strongest_row_names_the_count_listed(ana, signed_in):
    for name in ("Ida Both", "Jo Kent"):
        thread(ana, imported(ana, name), days_ago=[200, 40, 20, 10])
    client = signed_in(ana)
    for page in ("audit", "audit_report_html"):
        html = client.get(reverse(page)).content.decode()

        assert "strongest 150" not in html
        assert "your 2 strongest ties, listed below" in html
        assert "beyond your strongest ties" in html


def test_a_single_tie_is_named_as_one(ana, signed_in):
    thread(ana, imported(ana, "Ida Both"), days_ago=[200, 40, 20, 10])
    html = signed_in(ana).get(reverse("audit")).content.decode()

    assert "your one active tie, listed below" in html
