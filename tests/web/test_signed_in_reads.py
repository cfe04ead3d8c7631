"""Every signed-in page reads its session and its member with one prepared query
(rapport/members/sessions.py, rapport/members/backends.py). These tests hold both to
what Django's own session store and ModelBackend do: sessions stay in the database,
expire, end at log-out and at a password change, and a wrong password is checked once;
and the member read with a session signs in that session's request only.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import SESSION_KEY, authenticate, user_logged_in
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_login_failed
from django.contrib.sessions.backends import db
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from rapport.members.backends import MemberBackend, member_by_id
from rapport.members.models import Member, MemberSession
from rapport.members.sessions import SessionStore
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
Session = MemberSession


# Django's own store, loading through the ORM, on the same table; named as ours, since
# Django signs session data with the store class's name.
DjangoSessionStore = type(
    "SessionStore",
    (db.SessionStore,),
    {"get_model_class": classmethod(lambda cls: MemberSession), "__module__": __name__},
)


def _session_key(client: Client) -> str:
    return client.cookies["sessionid"].value


def test_a_session_loads_exactly_as_djangos_store_loads_it(make_member, signed_in):
    client = signed_in(make_member("Ana Ruiz"))
    key = _session_key(client)
    ours, djangos = SessionStore(key), DjangoSessionStore(key)
    assert ours.load() == djangos.load()
    assert ours.load()[SESSION_KEY]
    assert ours.session_key == djangos.session_key == key


@pytest.mark.parametrize("key", ["x" * 32, "", "short"])
def test_an_unknown_key_gives_an_empty_session_and_is_forgotten(key):
    ours, djangos = SessionStore(key), DjangoSessionStore(key)
    assert ours.load() == djangos.load() == {}
    assert ours.session_key is djangos.session_key is None


def test_an_expired_session_is_not_loaded(make_member, signed_in):
    client = signed_in(make_member("Ana Ruiz"))
    key = _session_key(client)
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    ours = SessionStore(key)
    assert ours.load() == DjangoSessionStore(key).load() == {}
    assert ours.session_key is None
    response = client.get(reverse("connections"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_requests_are_given_this_store_and_sessions_stay_in_the_database(make_member, signed_in):
    client = signed_in(make_member("Ana Ruiz"))
    response = client.get(reverse("home"))
    assert type(response.wsgi_request.session) is SessionStore
    assert Session.objects.filter(session_key=_session_key(client)).exists()


def test_logging_out_ends_the_session_in_the_database(make_member, signed_in):
    client = signed_in(make_member("Ana Ruiz"))
    key = _session_key(client)
    client.post(reverse("logout"))
    assert not Session.objects.filter(session_key=key).exists()
    assert SessionStore(key).load() == {}


def test_a_password_change_elsewhere_signs_every_session_out(make_member):
    ana = make_member("Ana Ruiz")
    laptop, phone = Client(), Client()
    for device in (laptop, phone):
        response = device.post(reverse("login"), {"username": ana.username, "password": PASSWORD})
        assert response.status_code == 302
    assert laptop.get(reverse("connections")).status_code == 200
    ana.set_password("a whole new passphrase")
    ana.save()
    for device in (laptop, phone):
        response = device.get(reverse("connections"))
        assert response.status_code == 302, "the session auth hash no longer matches"


def test_a_deactivated_member_is_signed_out(make_member, signed_in):
    ana = make_member("Ana Ruiz")
    client = signed_in(ana)
    Member.objects.filter(pk=ana.pk).update(is_active=False)
    assert client.get(reverse("connections")).status_code == 302
    assert MemberBackend().get_user(ana.pk) is None
    assert ModelBackend().get_user(ana.pk) is None


def test_the_member_loaded_is_the_member_the_orm_loads(make_member):
    ana = make_member("Ana Ruiz", headline="Mentor", bio="Likes jazz", interests="jazz, climate")
    Member.objects.filter(pk=ana.pk).update(last_login=timezone.now())
    ours, orms = member_by_id(ana.pk), Member.objects.get(pk=ana.pk)
    for field in Member._meta.concrete_fields:
        assert getattr(ours, field.attname) == getattr(orms, field.attname), field.name
    assert ours.last_login.tzinfo is not None
    assert ours._state.adding is False and ours._state.db == "default"
    assert ours.get_session_auth_hash() == orms.get_session_auth_hash()
    assert member_by_id(ana.pk + 10_000) is None


def test_sessions_signed_in_through_djangos_backend_stay_valid(make_member):
    """Sessions from before MemberBackend existed name ModelBackend; they keep working."""
    ana = make_member("Ana Ruiz")
    client = Client()
    client.force_login(ana, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(reverse("connections"))
    assert response.status_code == 200
    assert response.wsgi_request.user == ana


def test_signing_in_records_this_backend(make_member):
    ana = make_member("Ana Ruiz")
    seen = []
    user_logged_in.connect(
        lambda user, **kw: seen.append(user.backend), weak=False, dispatch_uid="t"
    )
    try:
        client = Client()
        client.post(reverse("login"), {"username": ana.username, "password": PASSWORD})
    finally:
        user_logged_in.disconnect(dispatch_uid="t")
    assert seen == ["rapport.members.backends.MemberBackend"]


def test_a_wrong_password_is_checked_once_and_fails_once(make_member, monkeypatch):
    ana = make_member("Ana Ruiz")
    checks, failures = [], []
    original = Member.check_password
    monkeypatch.setattr(
        Member, "check_password", lambda self, raw: checks.append(raw) or original(self, raw)
    )
    user_login_failed.connect(lambda **kw: failures.append(kw), weak=False, dispatch_uid="t")
    try:
        assert authenticate(username=ana.username, password="not the password") is None
        assert authenticate(username=ana.username, password=PASSWORD) == ana
    finally:
        user_login_failed.disconnect(dispatch_uid="t")
    assert checks == ["not the password", PASSWORD]
    assert len(failures) == 1


def test_a_signed_in_page_reads_the_session_and_its_member_in_one_query(make_member, signed_in):
    ana = make_member("Ana Ruiz")
    client = signed_in(ana)
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("home"))
    assert response.status_code == 200 and response.wsgi_request.user == ana
    sql = [query["sql"] for query in captured]
    assert sum("members_session" in q for q in sql) == 1
    assert not any('FROM "members_member" m WHERE' in q for q in sql)


def test_each_session_names_its_member_from_signing_in_to_signing_out(make_member):
    ana = make_member("Ana Ruiz")
    client = Client()
    client.get(reverse("login"))  # a session before signing in names nobody
    client.post(reverse("login"), {"username": ana.username, "password": PASSWORD})
    assert MemberSession.objects.get(session_key=_session_key(client)).member_id == ana.pk
    store = SessionStore(_session_key(client))
    store.load()
    assert store.member == ana and store.member.home_version == 0


def test_a_session_row_naming_someone_else_signs_in_whom_its_data_says(make_member, signed_in):
    """The member column only saves a query: Django's session data decides who is
    signed in, and a member read for another id is never used."""
    ana, ben = make_member("Ana Ruiz"), make_member("Ben Okafor")
    client = signed_in(ana)
    MemberSession.objects.filter(session_key=_session_key(client)).update(member_id=ben.pk)
    response = client.get(reverse("connections"))
    assert response.status_code == 200 and response.wsgi_request.user == ana


def test_a_session_of_an_erased_member_signs_nobody_in(make_member, signed_in):
    ana = make_member("Ana Ruiz")
    client = signed_in(ana)
    key = _session_key(client)
    Member.objects.filter(pk=ana.pk).delete()
    assert not MemberSession.objects.filter(session_key=key).exists()  # went with her
    MemberSession.objects.create(
        session_key=key,
        session_data=SessionStore().encode({SESSION_KEY: str(ana.pk)}),
        expire_date=timezone.now() + dt.timedelta(days=1),
        member_id=ana.pk,
    )  # saved late by a request still running: nobody to join
    assert client.get(reverse("connections")).status_code == 302


def test_sessions_open_before_the_upgrade_stay_signed_in(make_member):
    """Migration members 0002 moves Django's session rows to members_session."""
    from importlib import import_module

    from django.apps import apps
    from django.contrib.sessions.backends.db import SessionStore as OldStore
    from django.contrib.sessions.models import Session as OldSession

    move = import_module("rapport.members.migrations.0002_member_sessions").sessions_move_in
    ana = make_member("Ana Ruiz")
    old = OldStore()
    old.update(
        {
            SESSION_KEY: str(ana.pk),
            "_auth_user_backend": "rapport.members.backends.MemberBackend",
            "_auth_user_hash": ana.get_session_auth_hash(),
        }
    )
    old.create()
    anonymous = OldStore()
    anonymous["seen"] = True
    anonymous.create()

    move(apps, None)

    assert not OldSession.objects.exists()
    assert MemberSession.objects.get(session_key=old.session_key).member_id == ana.pk
    assert MemberSession.objects.get(session_key=anonymous.session_key).member_id is None
    client = Client()
    client.cookies["sessionid"] = old.session_key
    response = client.get(reverse("connections"))
    assert response.status_code == 200 and response.wsgi_request.user == ana
