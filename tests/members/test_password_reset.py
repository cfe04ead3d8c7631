"""Forgot your password? A one-time link by email, an hour to use it, the same answer
whoever asks about whichever address, and a limit on asking.

Through the front door: the pages as a browser follows them, the mail as the worker
sends it (tasks run at once in tests, after the request's transaction commits).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from rapport.members.models import MemberSession
from rapport.members.services import api_token_create
from rapport.safety.models import PasswordResetRequest
from rapport.safety.throttle import (
    PASSWORD_RESET_WINDOW,
    PASSWORD_RESETS_PER_EMAIL,
    PASSWORD_RESETS_PER_IP,
    PER_USERNAME,
)
from tests.conftest import PASSWORD
from tests.members.account_mail import CONFIRMATION_LINK, NEW_PASSWORD, RESET_LINK, T0
from tests.web.page_text import main_text


@pytest.fixture
def ana(make_member):
    return make_member("Ana Ruiz", username="ana", email="ana@example.org")


@pytest.fixture
def ask(django_capture_on_commit_callbacks):
    """``ask(email)``: the reset form posted as a browser does, the mail sent after commit."""

    def post(email: str, client: Client | None = None, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return (client or Client()).post(reverse("password_reset"), {"email": email}, **extra)

    return post


def _link(mail) -> str:
    [link] = RESET_LINK.findall(mail.body)
    return link


def _set_password(client: Client, link: str, new: str = NEW_PASSWORD, again: str | None = None):
    """Open the link as a browser does (it redirects to the form), then send the form."""
    opened = client.get(link)
    if opened.status_code != 302:
        return opened
    form_url = opened["Location"]
    assert client.get(form_url).status_code == 200
    return client.post(
        form_url, {"new_password": new, "new_password_again": new if again is None else again}
    )


def _logs_in(username: str, password: str) -> bool:
    response = Client().post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302


def test_the_login_page_asks_if_you_forgot_your_password(db):
    page = Client().get(reverse("login"))
    assert f'<a href="{reverse("password_reset")}">Forgot your password?</a>' in (
        page.content.decode()
    )


def test_the_link_sets_a_new_password_once(ana, ask, mailoutbox):
    browser = Client()
    response = ask("ana@example.org")

    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_sent")
    [mail] = mailoutbox
    assert mail.to == ["ana@example.org"]
    assert mail.subject == "Choose a new Rapport password"
    assert "your Rapport account, ana," in mail.body
    assert "within 1 hour" in mail.body
    link = _link(mail)
    assert link.startswith("http://testserver/password-reset/")

    done = _set_password(browser, link)

    assert done.status_code == 302
    assert done["Location"] == reverse("password_reset_complete")
    complete = browser.get(done["Location"])
    assert "Your new password is set" in main_text(complete)
    assert f'href="{reverse("login")}"' in complete.content.decode()
    assert _logs_in("ana", NEW_PASSWORD)
    assert not _logs_in("ana", PASSWORD)

    # Twice: the link died with the old password.
    again = browser.get(link)
    assert again.status_code == 200
    assert "This link no longer works" in main_text(again)
    assert _logs_in("ana", NEW_PASSWORD)


def test_setting_the_password_signs_the_member_out_everywhere(
    ana, ask, mailoutbox, django_capture_on_commit_callbacks
):
    laptop, phone = Client(), Client()
    laptop.force_login(ana)
    phone.force_login(ana)
    ask("ana@example.org")

    # Opened on the laptop, where Ana is still signed in: signed out there too.
    with django_capture_on_commit_callbacks(execute=True):
        assert _set_password(laptop, _link(mailoutbox[0])).status_code == 302

    for device in (laptop, phone):
        assert device.get(reverse("account_settings")).status_code == 302
    assert not MemberSession.objects.filter(member_id=ana.pk).exists()
    # The account's address is told.
    assert mailoutbox[-1].subject == "Your Rapport password was changed"
    assert "was reset with a link sent to this address" in mailoutbox[-1].body


def test_a_member_locked_out_by_wrong_guesses_gets_back_in_with_a_reset(ana, ask, mailoutbox):
    for _ in range(PER_USERNAME):
        _logs_in("ana", "a stranger's guess")
    assert (
        Client().post(reverse("login"), {"username": "ana", "password": PASSWORD}).status_code
        == 429
    )
    ask("ana@example.org")

    assert _set_password(Client(), _link(mailoutbox[0])).status_code == 302

    assert _logs_in("ana", NEW_PASSWORD)


def test_the_link_leads_back_to_the_host_and_scheme_it_was_asked_on(ana, ask, mailoutbox, settings):
    settings.ALLOWED_HOSTS = ["rapport.example.org"]
    ask("ana@example.org", secure=True, headers={"host": "rapport.example.org"})
    assert _link(mailoutbox[0]).startswith("https://rapport.example.org/password-reset/")


def test_the_link_works_for_an_hour(ana, ask, mailoutbox, settings):
    assert settings.PASSWORD_RESET_TIMEOUT == 3600
    with time_machine.travel(T0, tick=False):
        ask("ana@example.org")
    link = _link(mailoutbox[0])
    with time_machine.travel(T0 + dt.timedelta(minutes=61), tick=False):
        late = Client().get(link)
    assert late.status_code == 200
    assert "This link no longer works" in main_text(late)
    assert "within 1 hour" in main_text(late)

    with time_machine.travel(T0 + dt.timedelta(minutes=59), tick=False):
        assert _set_password(Client(), link).status_code == 302
    assert _logs_in("ana", NEW_PASSWORD)


def test_a_login_or_a_new_address_meanwhile_ends_the_link(
    ana, ask, mailoutbox, django_capture_on_commit_callbacks
):
    ask("ana@example.org")
    assert _logs_in("ana", PASSWORD)  # she remembered it after all
    assert "This link no longer works" in main_text(Client().get(_link(mailoutbox[0])))

    # A token and a session signed in before: nothing logs in, only the address changes.
    _token, raw = api_token_create(member=ana, label="script")
    laptop = Client()
    laptop.force_login(ana)
    ask("ana@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        changed = Client(headers={"Authorization": f"Bearer {raw}"}).post(
            "/api/me/email",
            {"email": "ana@example.net", "current_password": PASSWORD},
            content_type="application/json",
        )
    assert changed.status_code == 202
    # Asked for, not confirmed: the account's address, and its reset link, stand.
    reset_link = _link(mailoutbox[1])
    assert "Choose a new password" in main_text(Client().get(reset_link, follow=True))
    [confirmation] = CONFIRMATION_LINK.findall(mailoutbox[2].body)
    assert laptop.post(confirmation).status_code == 200
    assert "This link no longer works" in main_text(Client().get(reset_link))


def test_a_reset_link_goes_only_to_a_confirmed_address(
    ana, ask, mailoutbox, django_capture_on_commit_callbacks
):
    laptop = Client()
    laptop.force_login(ana)
    with django_capture_on_commit_callbacks(execute=True):
        laptop.post(
            reverse("account_settings"),
            {"form": "email", "email": "ana@example.net", "current_password": PASSWORD},
        )
    del mailoutbox[:]

    ask("ana@example.net")
    ask("ana@example.org")

    assert [mail.to for mail in mailoutbox] == [["ana@example.org"]]


def test_an_unknown_address_gets_the_same_answer_and_no_mail(ana, ask, mailoutbox):
    known = ask("ana@example.org")
    unknown = ask("nobody@example.org")

    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert main_text(Client().get(unknown["Location"])) == main_text(
        Client().get(known["Location"])
    )
    assert [mail.to for mail in mailoutbox] == [["ana@example.org"]]
    # Both were counted alike; neither row holds the address.
    assert PasswordResetRequest.objects.count() == 2
    assert not PasswordResetRequest.objects.filter(email_digest__icontains="example").exists()


def test_the_address_is_matched_without_regard_to_case(ana, ask, mailoutbox):
    ask("  ANA@Example.ORG ")
    assert [mail.to for mail in mailoutbox] == [["ana@example.org"]]


def test_every_account_with_the_address_gets_its_own_link(ana, make_member, ask, mailoutbox):
    make_member("Ana Work", username="ana-work", email="ana@example.org")
    ask("ana@example.org")
    assert sorted(re.search(r"account, (\S+),", m.body)[1] for m in mailoutbox) == [
        "ana",
        "ana-work",
    ]


def test_asking_too_often_about_one_address_is_refused_with_the_limit_named(ana, ask, mailoutbox):
    with time_machine.travel(T0, tick=False) as clock:
        for _ in range(PASSWORD_RESETS_PER_EMAIL):
            assert ask("ana@example.org").status_code == 302
            clock.shift(dt.timedelta(minutes=1))
        refused = ask("ana@example.org", client=Client(REMOTE_ADDR="198.51.100.7"))
        unknown = [ask("nobody@example.org") for _ in range(PASSWORD_RESETS_PER_EMAIL + 1)][-1]
        other = ask("someone@example.org")

        assert refused.status_code == 429
        text = main_text(refused)
        assert "Too many password reset requests for this email address" in text
        assert f"the limit is {PASSWORD_RESETS_PER_EMAIL}" in text
        assert (
            int(refused["Retry-After"])
            == (
                PASSWORD_RESET_WINDOW - dt.timedelta(minutes=PASSWORD_RESETS_PER_EMAIL)
            ).total_seconds()
        )
        # The same refusal for an address no account has: it tells nothing.
        assert unknown.status_code == 429
        assert other.status_code == 302
        assert len(mailoutbox) == PASSWORD_RESETS_PER_EMAIL

        clock.shift(PASSWORD_RESET_WINDOW)
        assert ask("ana@example.org").status_code == 302


def test_asking_about_address_after_address_from_one_place_is_refused(db, ask):
    for n in range(PASSWORD_RESETS_PER_IP):
        assert ask(f"someone{n}@example.org").status_code == 302
    refused = ask("someone-else@example.org")
    elsewhere = ask("someone-else@example.org", client=Client(REMOTE_ADDR="198.51.100.7"))

    assert refused.status_code == 429
    assert "Too many password reset requests from this address" in main_text(refused)
    assert f"the limit is {PASSWORD_RESETS_PER_IP}" in main_text(refused)
    assert elsewhere.status_code == 302


def test_the_form_says_who_to_ask_without_an_address(db):
    page = Client().get(reverse("password_reset"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ask an administrator of this Rapport to reset your password." in html
    assert 'autocomplete="email"' in html


def test_a_member_without_an_address_gets_no_mail(make_member, ask, mailoutbox):
    make_member("No Mail", username="nomail")
    assert ask("").status_code == 422
    assert mailoutbox == []


def test_the_new_password_meets_the_same_rules_named_beside_the_fields(ana, ask, mailoutbox):
    ask("ana@example.org")
    browser = Client()
    form_url = browser.get(_link(mailoutbox[0]))["Location"]

    weak = browser.post(form_url, {"new_password": "12345678", "new_password_again": "12345678"})
    differ = browser.post(
        form_url, {"new_password": NEW_PASSWORD, "new_password_again": NEW_PASSWORD + "!"}
    )

    assert weak.status_code == 422
    [rules] = weak.context["form"].errors["new_password"]
    assert "This password is too short." in rules and "entirely numeric" in rules
    assert differ.status_code == 422
    assert differ.context["form"].errors == {"new_password_again": ["The two passwords differ."]}
    # The link still works after a refused try.
    assert (
        browser.post(
            form_url, {"new_password": NEW_PASSWORD, "new_password_again": NEW_PASSWORD}
        ).status_code
        == 302
    )
    assert _logs_in("ana", NEW_PASSWORD)


def test_a_short_password_typed_differently_twice_is_told_both_at_once(ana, ask, mailoutbox):
    """Not one problem a submit: the rules and the mistyped second, each beside its field."""
    ask("ana@example.org")
    browser = Client()
    form_url = browser.get(_link(mailoutbox[0]))["Location"]

    response = browser.post(form_url, {"new_password": "short", "new_password_again": "shorty"})

    assert response.status_code == 422
    errors = response.context["form"].errors
    [rules] = errors["new_password"]
    assert "This password is too short." in rules
    assert errors["new_password_again"] == ["The two passwords differ."]
    assert response.content.decode().count('class="field field--invalid"') == 2
    assert _logs_in("ana", PASSWORD)


def test_the_reset_pages_need_their_csrf_token(ana, mailoutbox):
    browser = Client(enforce_csrf_checks=True)
    assert browser.post(reverse("password_reset"), {"email": "ana@example.org"}).status_code == 403
    assert mailoutbox == []


def test_the_new_password_form_says_both_fields_are_required(ana, ask, mailoutbox):
    """A screen reader hears "required" on both, and the eye reads it in the labels, as
    on every other form whose service refuses a field empty."""
    ask("ana@example.org")
    page = Client().get(_link(mailoutbox[0]), follow=True)

    html = page.content.decode()
    assert "New password (required)" in html
    assert "New password again (required)" in html
    fields = re.findall(r'<input type="password" name="new_password[^"]*"[^>]*>', html)
    assert len(fields) == 2
    assert all('aria-required="true"' in field for field in fields)
