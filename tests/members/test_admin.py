"""The Django admin's page for a member: an administrator sees and sets the time zone,
sees a new address waiting for confirmation, and sees the password only as Django's
summary of its hash."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from rapport.members.models import Member, PendingEmail
from tests.conftest import PASSWORD


@pytest.fixture
def admin_browser(django_user_model) -> Client:
    root = django_user_model.objects.create_superuser("root", password="x" * 12, name="Root")
    client = Client()
    client.force_login(root)
    return client


def _fields(form, data: dict[str, object]) -> None:
    for name, field in form.fields.items():
        bound = form[name]
        value = bound.value()
        if field.disabled or value is None:
            continue
        if hasattr(field.widget, "widgets"):  # a date and a time, say: one input each
            for index, part in enumerate(field.widget.decompress(value)):
                data[f"{bound.html_name}_{index}"] = "" if part is None else str(part)
        elif isinstance(value, list):
            data[bound.html_name] = [str(item) for item in value]
        else:
            data[bound.html_name] = value


def _form(page) -> dict[str, object]:
    """What the browser would send back: every field of the change form as shown,
    and of its inline forms."""
    data: dict[str, object] = {}
    _fields(page.context["adminform"].form, data)
    for inline in page.context["inline_admin_formsets"]:
        _fields(inline.formset.management_form, data)
        for form in inline.formset.forms:
            _fields(form, data)
    return data


def test_the_member_page_shows_and_sets_the_time_zone(admin_browser, make_member):
    ana = make_member("Ana Ruiz", username="ana", email="ana@example.org", time_zone="Asia/Tokyo")
    PendingEmail.objects.create(member=ana, email="ana@example.net", asked_at=ana.date_joined)
    url = reverse("admin:members_member_change", args=[ana.pk])

    page = admin_browser.get(url)

    assert page.status_code == 200
    html = page.content.decode()
    assert re.search(r'<select [^>]*name="time_zone"', html)
    assert '<option value="Asia/Tokyo" selected>' in html
    assert "ana@example.net" in html  # waiting for confirmation, shown read only
    assert 'name="first_name"' not in html  # Member's full name is "name"
    # The password as Django summarises it: the algorithm, never the hash itself.
    stored = Member.objects.get(pk=ana.pk).password
    assert stored.split("$")[-1] not in html
    assert 'name="password"' not in html

    data = _form(page)
    refused = admin_browser.post(url, {**data, "time_zone": "Mars/Olympus"})
    assert refused.status_code == 200
    assert "is not a time zone Rapport knows" in refused.content.decode()
    saved = admin_browser.post(url, {**data, "time_zone": "europe/lisbon"})
    assert saved.status_code == 302, saved.context["adminform"].form.errors
    ana.refresh_from_db()
    assert ana.time_zone == "Europe/Lisbon"
    assert ana.check_password(PASSWORD)
    assert PendingEmail.objects.filter(member=ana).exists()  # shown, left alone
