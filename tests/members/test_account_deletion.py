"""Deleting an account erases every row about the member.

The main test walks every model of every installed app: after Ana deletes her
account, no row anywhere points at her. It runs on the demo community, where every
feature has seeded rows about Ana through its own services, so a new app's models
are checked the day they join the demo.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from rapport.conversations.models import Conversation, Message
from rapport.imports.models import ImportJob
from rapport.imports.services import import_job_create
from rapport.keeper.models import Person
from rapport.keeper.services import person_create
from rapport.members.models import ApiToken, Member, MemberSession
from rapport.members.services import api_token_create, member_delete
from rapport.safety.models import LoginFailure
from rapport.safety.services import block_create, report_create
from rapport.safety.throttle import login_attempt_reserve
from tests.conftest import PASSWORD


def rows_pointing_at(member_id: int) -> dict[str, int]:
    """For every relation to Member in every model (many-to-many tables too), how many
    rows point at ``member_id``."""
    member_model = apps.get_model(settings.AUTH_USER_MODEL)
    found: dict[str, int] = {}
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            if field.concrete and field.is_relation and field.related_model is member_model:
                count = model._default_manager.filter(**{field.name: member_id}).count()
                found[f"{model._meta.label}.{field.name}"] = count
    return found


def test_deleting_a_demo_member_leaves_no_row_pointing_at_them(db):
    from rapport.demo.seed import demo_community_seed

    demo_community_seed()
    ana = Member.objects.get(username="ana")
    ana_id = ana.pk  # deleting sets ana.pk to None
    before = {key: n for key, n in rows_pointing_at(ana_id).items() if n}
    # The demo gives Ana rows in many apps; the check below is not vacuous.
    assert len({key.split(".")[0] for key in before}) >= 4, before

    member_delete(member=ana, password="rapport-demo")

    after = {key: n for key, n in rows_pointing_at(ana_id).items() if n}
    assert after == {}, after
    assert not Member.objects.filter(username="ana").exists()
    # Everyone else is still here, with their own rows.
    assert Member.objects.count() == 39


@pytest.fixture
def ana(make_member):
    return make_member("Ana Ruiz", username="ana")


@pytest.fixture
def ben(make_member):
    return make_member("Ben Okafor", username="ben")


def test_other_members_keep_their_own_notes_unlinked(ana, ben, connect):
    connect(ana, ben)
    bens_entry = Person.objects.get(owner=ben, member=ana)
    bens_entry.what_makes_them_tick = "Loves trains."
    bens_entry.save()

    member_delete(member=ana, password=PASSWORD)

    bens_entry.refresh_from_db()
    assert bens_entry.member_id is None
    assert bens_entry.name == "Ana Ruiz"
    assert bens_entry.what_makes_them_tick == "Loves trains."
    assert Person.objects.filter(owner=ben).count() == 1


def test_conversations_go_with_both_sides_of_the_thread(ana, ben, connect):
    connect(ana, ben)
    assert Message.objects.exists()
    member_delete(member=ana, password=PASSWORD)
    assert not Conversation.objects.exists()
    assert not Message.objects.exists()


def test_blocks_reports_tokens_and_login_failures_go_too(ana, ben):
    block_create(blocker=ben, blocked_id=ana.pk)
    report_create(reporter=ana, reported_id=ben.pk, reason="spam")
    api_token_create(member=ana, label="laptop")
    login_attempt_reserve(username="ANA", ip="192.0.2.1")
    person_create(owner=ana, name="Grace Mensah")
    ana_id = ana.pk

    member_delete(member=ana, password=PASSWORD)

    assert not ApiToken.objects.exists()
    assert not LoginFailure.objects.exists()
    assert not any(rows_pointing_at(ana_id).values())


def test_every_session_of_the_member_ends(ana, ben):
    laptop, phone, bens = Client(), Client(), Client()
    for client, who in ((laptop, ana), (phone, ana), (bens, ben)):
        client.force_login(who)

    response = laptop.post(reverse("account_delete"), {"password": PASSWORD})

    assert response.status_code == 302
    assert phone.get(reverse("safety")).status_code == 302  # sent to log in
    # Ben's is the only session signed in; the laptop's new one is anonymous and holds
    # only the farewell notice for its next page.
    signed_in = MemberSession.objects.exclude(member=None).values_list("member_id", flat=True)
    assert list(signed_in) == [ben.pk]
    assert MemberSession.objects.count() == 2
    farewell = laptop.get(response["Location"])
    assert "Your account and everything about you are deleted." in farewell.content.decode()
    assert bens.get(reverse("safety")).status_code == 200


def test_a_wrong_password_deletes_nothing(ana, client):
    client.force_login(ana)
    response = client.post(reverse("account_delete"), {"password": "not my password"})
    assert response.status_code == 422
    assert response.context["form"].errors["password"] == ["That is not your password."]
    assert Member.objects.filter(pk=ana.pk).exists()


def test_wrong_passwords_here_count_toward_the_login_throttle(ana, client):
    client.force_login(ana)
    for _ in range(10):
        client.post(reverse("account_delete"), {"password": "guess"})
    response = client.post(reverse("account_delete"), {"password": PASSWORD})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert Member.objects.filter(pk=ana.pk).exists()


def test_the_api_deletes_with_the_password(ana, api_as):
    api = api_as(ana)
    wrong = api.client.delete("/api/me", {"password": "nope"}, content_type="application/json")
    assert (wrong.status_code, wrong.json()["field"]) == (422, "password")
    right = api.client.delete("/api/me", {"password": PASSWORD}, content_type="application/json")
    assert right.status_code == 204
    assert not Member.objects.filter(pk=ana.pk).exists()
    # The token died with the account.
    assert api.get("/me").status_code == 401


VCARD = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grace Mensah\r\nEND:VCARD\r\n"


def test_an_upload_waiting_in_the_queue_is_erased_from_storage(
    ana, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.DATA_DIR = tmp_path
    # Not run: the worker has not picked it up when Ana deletes her account.
    job = import_job_create(
        owner=ana, source="vcard", upload=SimpleUploadedFile("contacts.vcf", VCARD)
    )
    stored = Path(job.path)
    assert job.state == "queued" and stored.read_bytes() == VCARD

    with django_capture_on_commit_callbacks(execute=True):
        member_delete(member=ana, password=PASSWORD)

    assert not ImportJob.objects.exists()
    assert not stored.exists()
    assert list((tmp_path / "imports").iterdir()) == []


def test_a_file_imported_in_place_from_the_command_line_is_left_alone(
    ana, settings, tmp_path, django_capture_on_commit_callbacks
):
    """The command line reads the member's own file where it is: it is theirs, not ours."""
    settings.DATA_DIR = tmp_path / "data"
    own = tmp_path / "my-contacts.vcf"
    own.write_bytes(VCARD)
    import_job_create(owner=ana, source="vcard", path=own)

    with django_capture_on_commit_callbacks(execute=True):
        member_delete(member=ana, password=PASSWORD)

    assert not ImportJob.objects.exists()
    assert own.read_bytes() == VCARD


def test_a_wrong_password_keeps_the_upload(ana, settings, tmp_path, client):
    settings.DATA_DIR = tmp_path
    job = import_job_create(
        owner=ana, source="vcard", upload=SimpleUploadedFile("contacts.vcf", VCARD)
    )
    client.force_login(ana)
    client.post(reverse("account_delete"), {"password": "not my password"})
    assert Path(job.path).read_bytes() == VCARD
