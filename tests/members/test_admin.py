"""The Django admin's page for a member: an administrator sees and sets the time zone,
sees a new address waiting for confirmation, and sees the password only as Django's
summary of its hash."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from rapport.limits import limit_of
from rapport.members.models import Member, PendingEmail
from rapport.members.services import member_update_profile
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


def test_the_admin_saves_a_bio_kept_longer_than_its_limit_and_measures_it_alike(
    admin_browser, make_member
):
    """A bio keeps its blank lines, each a character more than it counts for (runs of
    spaces count as one), so one within its 2,000 may be stored longer: the admin
    measures it as the profile page does, not by the column's length as typed."""
    ana = make_member("Ana Ruiz")
    member_update_profile(member=ana, bio="\n\n".join(["paragraph"] * 200))
    ana.refresh_from_db()
    kept = ana.bio
    assert len(kept) > limit_of(Member, "bio") >= len(" ".join(kept.split()))
    url = reverse("admin:members_member_change", args=[ana.pk])

    saved = admin_browser.post(url, {**_form(admin_browser.get(url)), "location": "Porto"})
    refused = admin_browser.post(url, {**_form(admin_browser.get(url)), "bio": kept + " and more"})

    assert saved.status_code == 302, saved.context["adminform"].form.errors
    assert refused.status_code == 200
    assert "Bio is 2,008 characters; the limit is 2,000." in refused.content.decode()
    ana.refresh_from_db()
    assert (ana.bio, ana.location) == (kept, "Porto")


def test_deleting_a_member_counts_their_keeper_and_shows_no_session_key(admin_browser, make_member):
    """The confirmation once listed every person in the member's keeper by name and
    their sessions by key, a key that signs in as them."""
    from rapport.keeper.services import person_create

    ana = make_member("Ana Ruiz")
    person_create(owner=ana, name="Hannah Cole")
    person_create(owner=ana, name="Tomasz Wit")
    device = Client()
    device.force_login(ana)
    key = device.session.session_key

    page = admin_browser.get(reverse("admin:members_member_delete", args=[ana.pk]))
    bulk = admin_browser.post(
        reverse("admin:members_member_changelist"),
        {"action": "delete_selected", "_selected_action": [ana.pk]},
    )

    for answer in (page, bulk):
        text = answer.content.decode()
        assert answer.status_code == 200
        assert "Ana Ruiz" in text
        assert "Hannah Cole" not in text and "Tomasz Wit" not in text
        assert key not in text
        assert dict(answer.context["model_count"])["persons"] == 2
    assert Member.objects.filter(pk=ana.pk).exists()


def test_the_admin_makes_no_api_token_and_moves_none(admin_browser, make_member):
    """A token added here had no secret behind it, and a second crashed; changing a
    token's owner would hand one member's access to another."""
    from rapport.members.models import ApiToken
    from rapport.members.services import api_token_create

    ana, ben = make_member("Ana Ruiz"), make_member("Ben Okafor")
    api_token_create(member=ana, label="laptop")
    token = ApiToken.objects.get(member=ana)
    change = reverse("admin:members_apitoken_change", args=[token.pk])

    adding = admin_browser.get(reverse("admin:members_apitoken_add"))
    admin_browser.post(change, {"member": ben.pk, "label": "stolen", "revoked_at_0": ""})

    assert adding.status_code == 403
    token.refresh_from_db()
    assert (token.member_id, token.label) == (ana.pk, "laptop")
