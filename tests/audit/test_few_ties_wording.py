"""The audit of a member with no tie, or a single one, reads as English: no
"Your strongest 0 active ties", no "1 ties", and no claim about "every connection
of yours" from someone who has none."""

from __future__ import annotations

import io
import re

from django.core.management import call_command
from django.urls import reverse

from tests.audit.conftest import imported, thread


def _headings(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html)]


def test_a_new_member_is_told_they_have_no_ties_yet(ana, signed_in):
    client = signed_in(ana)
    for name in ("audit", "audit_report_html"):
        html = client.get(reverse(name)).content.decode()

        headings = _headings(html)
        assert "Your strongest ties" in headings, headings
        assert not any(" 0 " in heading for heading in headings), headings
        assert "every connection" not in html
        assert "None yet: you have no connections to audit." in html


def test_a_single_tie_is_one_tie(ana, signed_in):
    thread(ana, imported(ana, "Ida Both"), days_ago=[200, 40, 20, 10])
    client = signed_in(ana)
    for name in ("audit", "audit_report_html"):
        html = client.get(reverse(name)).content.decode()

        assert "Your one active tie" in _headings(html)

    out = io.StringIO()
    call_command("audit", "--member", "ana", stdout=out)
    assert "Your one active tie:" in out.getvalue()
    assert "1 ties" not in out.getvalue()


def test_one_circle_of_one_person_and_one_connection_read_in_the_singular(ana, signed_in):
    """A newcomer's first connection is "1 person" and "your 1 connection", on the page
    and in the file they download."""
    thread(ana, imported(ana, "Ida Both"), days_ago=[200, 40, 20, 10])
    client = signed_in(ana)
    for name in ("audit", "audit_report_html"):
        html = client.get(reverse(name)).content.decode()

        assert "1 people" not in html
        assert "of 1 person (each counting the ones inside it)" in html
        assert "Where your 1 connection stands" in html
