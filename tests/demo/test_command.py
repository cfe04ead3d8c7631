"""`rapport demo --no-serve`: seed once, and always say how to log in."""

from __future__ import annotations

from io import StringIO

import pyotp
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from rapport.conversations.models import Message
from rapport.demo.community import DEMO_TWO_STEP_KEYS
from rapport.demo.management.commands.demo import demo_site_url
from rapport.members.models import Member
from rapport.network.models import Connection, ConnectionRequest


def _run_demo() -> str:
    out = StringIO()
    call_command("demo", "--no-serve", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_demo_prints_the_address_and_the_logins():
    printed = _run_demo()

    assert "http://127.0.0.1:8000" in printed
    assert "username: ana" in printed
    assert "username: ben" in printed
    assert "username: priya" in printed
    assert "username: tom    password: rapport-demo   (Tom Hughes, a moderator)" in printed
    assert printed.count("password: rapport-demo") == 4
    assert "tom is a moderator: sign in at http://127.0.0.1:8000/admin/" in printed
    assert "Seeded the demo community: 40 members" in printed
    assert Member.objects.count() == 40


@pytest.mark.django_db
def test_the_demos_summary_counts_what_is_in_the_database():
    """Every app's demo adds connections, requests and messages of its own; the
    summary says what a newcomer will find, not what the community's script listed."""
    printed = _run_demo()

    connections = Connection.objects.count()
    waiting = ConnectionRequest.objects.filter(state="pending").count()
    messages = Message.objects.count()
    assert (
        f"40 members, {connections} connections, {waiting} requests waiting for an answer, "
        f"{messages} messages;"
    ) in printed


@pytest.mark.django_db
def test_demo_run_again_says_the_data_is_there_and_still_prints_the_logins():
    _run_demo()

    printed = _run_demo()

    assert "already here" in printed
    assert "username: ana" in printed
    assert "username: ben" in printed
    assert Member.objects.count() == 40


@pytest.mark.django_db
def test_demo_port_option_changes_the_printed_address():
    out = StringIO()
    call_command("demo", "--no-serve", "--port", "8123", stdout=out)

    assert "http://127.0.0.1:8123" in out.getvalue()


def test_links_in_the_demos_mail_lead_to_the_port_it_serves(monkeypatch, settings):
    monkeypatch.delenv("RAPPORT_SITE_URL", raising=False)
    assert demo_site_url(8055) == "http://127.0.0.1:8055"
    # An address the operator set wins: the demo may be behind a proxy.
    monkeypatch.setenv("RAPPORT_SITE_URL", "https://demo.example.org")
    settings.RAPPORT_SITE_URL = "https://demo.example.org"
    assert demo_site_url(8055) == "https://demo.example.org"


@pytest.mark.django_db
def test_demo_refuses_an_instance_with_real_members(make_member):
    make_member("Real Person", username="real")

    with pytest.raises(CommandError, match="already has members"):
        _run_demo()

    assert Member.objects.count() == 1


@pytest.mark.django_db
def test_demo_says_where_mail_goes_when_it_is_printed(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

    printed = _run_demo()

    assert "Mail is printed here, not sent: ask for a password reset for ana@example.org" in (
        printed
    )


@pytest.mark.django_db
def test_demo_prints_priyas_authenticator_key_and_a_code_from_it_signs_her_in(client):
    """Priya signs in in two steps: the key printed, typed into an app (here pyotp, as
    the printed one-liner does), gives the code her second step takes."""
    printed = _run_demo()

    [line] = [line for line in printed.splitlines() if line.startswith("priya signs in")]
    key = line.rsplit(": ", 1)[1].replace(" ", "")
    assert key == DEMO_TWO_STEP_KEYS["priya"]
    assert f'pyotp.TOTP("{key}").now()' in printed
    client.post(reverse("login"), {"username": "priya", "password": "rapport-demo"})
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("login_two_step"), {"code": pyotp.TOTP(key).now()})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(Member.objects.get(username="priya").pk)
