"""The downloadable report and `rapport audit`: one self-contained file, the same audit."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.audit.conftest import imported, said, thread

REFERENCE = re.compile(
    r"""\b(?:src|href|xlink:href|action|srcset|poster|data)\s*=\s*["']?([^"'\s>]*)""", re.I
)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


@pytest.fixture
def talked(ana):
    ida = imported(ana, "Ida Both")
    thread(ana, ida, days_ago=[400, 200, 40, 20, 10])
    said(ana, imported(ana, "Jon Sent"), days_ago=30)
    said(
        ana, imported(ana, "Ola <script>alert(1)</script> Quiet"), days_ago=15, direction="received"
    )
    return ida


def test_the_report_is_one_file_that_fetches_nothing(ana, talked, signed_in):
    response = signed_in(ana).get(reverse("audit_report_html"))
    html = response.content.decode()

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(
        'attachment; filename="rapport-audit-2026-06-01'
    )
    assert "default-src 'none'" in response["Content-Security-Policy"]
    # Every reference is to a section of the file itself.
    references = REFERENCE.findall(html)
    assert references, "the table of contents links to the sections"
    assert all(ref.startswith("#") or ref.startswith("data:") for ref in references), references
    assert "url(" not in html and "@import" not in html and "http://" not in html
    assert "https://" not in html
    tags = _Tags()
    tags.feed(html)
    assert {"script", "link", "img", "iframe", "object", "embed", "form"}.isdisjoint(tags.tags)
    assert tags.tags.count("svg") == 2 and "style" in tags.tags
    # A name is text, never markup.
    assert "<script>alert(1)</script>" not in html
    assert "Ola &lt;script&gt;alert(1)&lt;/script&gt; Quiet" in html


def test_both_charts_are_inline_and_described(ana, talked, signed_in):
    html = signed_in(ana).get(reverse("audit_report_html")).content.decode()

    for title in ("Your circles beside Dunbar&#x27;s layers", "Conversations per month"):
        assert f">{title}</title>" in html
    assert html.count("<desc id=") == 2
    assert 'role="img"' in html


def test_the_command_prints_the_summary_and_writes_the_file(ana, talked, tmp_path):
    out = io.StringIO()
    target = tmp_path / "report.html"

    call_command("audit", "--member", "ana", "--html", str(target), stdout=out)

    text = out.getvalue()
    assert text.startswith("Network audit of Ana Ruiz, 2026-06-01 12:00")
    assert "You have 3 connections, 3 imported from LinkedIn." in text
    assert "Your strongest 3 ties begin with:" in text
    assert "1. Ida Both" in text
    assert f"Wrote {target}" in text
    assert target.read_text().startswith("<!doctype html>")


def test_the_command_names_what_is_wrong(ana, tmp_path):
    with pytest.raises(CommandError, match="no member has the username 'nobody'"):
        call_command("audit", "--member", "nobody")
    with pytest.raises(CommandError, match="--member: say whose network"):
        call_command("audit")
    with pytest.raises(CommandError, match="--html: cannot write"):
        call_command(
            "audit",
            "--member",
            "ana",
            "--html",
            str(tmp_path / "no" / "such" / "dir.html"),
            stdout=io.StringIO(),
        )
