"""The audit as one self-contained HTML file: the report to keep, print or send.

Everything is inside the file: the styles in a ``<style>`` element, the charts as
inline SVG, no script, no image, no font, no link to anything but its own
sections. It opens offline, anywhere, and asks nothing of any server (the test
checks that no ``src`` or ``href`` points outside it). The same figures as the
page: both render ``network_audit`` through the same partial templates.
"""

from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string

from rapport.audit.presentation import audit_context
from rapport.audit.report import NetworkAudit, network_audit
from rapport.members.models import Member

REPORT_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
"""The Content-Security-Policy the download is served with: its own styles, nothing
fetched. (The file carries a <style> element, which the site's policy forbids on
its pages; this one document allows it, and nothing else.)"""


def render_report(audit: NetworkAudit) -> str:
    return render_to_string("audit/report.html", {**audit_context(audit), "standalone": True})


def report_html(*, member: Member, now: dt.datetime) -> str:
    """``member``'s audit as a self-contained HTML document."""
    return render_report(network_audit(member=member, now=now))


def report_filename(audit: NetworkAudit) -> str:
    return f"rapport-audit-{audit.generated_at:%Y-%m-%d}.html"
