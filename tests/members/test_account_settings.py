"""The Account page and `POST /api/me/password`, `POST /api/me/email`: a member changes
their password or email address, knowing their password, and confirms a new address
with the link mailed to it.

Through the front door: the page as a browser posts it, the API as a client calls it,
sessions as other devices hold them (each a Client of its own).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from rapport.keeper.services import interaction_log, person_create
from rapport.keeper.tasks import send_keeper_digests
from rapport.members.data_export import member_data_export
from rapport.members.models import Member, MemberSession, PendingEmail
from rapport.members.services import api_token_create
from rapport.safety.throttle import (
    EMAIL_CONFIRMATION_WINDOW,
    EMAIL_CONFIRMATIONS_PER_EMAIL,
    EMAIL_CONFIRMATIONS_PER_MEMBER,
    PER_USERNAME,
    WINDOW,
)
from tests.conftest import PASSWORD
from tests.members.account_mail import CONFIRMATION_LINK, NEW_PASSWORD, T0
from tests.web.page_queries import page_queries
from tests.web.page_text import main_text


@pytest.fixture
def ana(make_member):
    return make_member("Ana Ruiz", username="ana", email="ana@example.org")


@pytest.fixture
def ben(make_member):
    return make_member("Ben Okafor", username="ben", email="ben@example.org")


def _signed_in(member: Member, **options) -> Client:
    client = Client(**options)
    client.force_login(member)
    return client


def _change_password(client: Client, current: str, new: str, again: str | None = None):
    return client.post(
        reverse("account_settings"),
        {
            "form": "password",
            "current_password": current,
            "new_password": new,
            "new_password_again": new if again is None else again,
        },
    )


def _change_email(client: Client, email: str, password: str = PASSWORD):
    return client.post(
        reverse("account_settings"),
        {"form": "email", "email": email, "current_password": password},
    )


def _logs_in(username: str, password: str) -> bool:
    response = Client().post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302


def _confirmation_link(mail) -> str:
    [link] = CONFIRMATION_LINK.findall(mail.body)
    return link


def _pending_action(client: Client, action: str):
    return client.post(reverse("account_settings"), {"form": "email_pending", "action": action})


# --- the page --------------------------------------------------------------------


def test_the_page_is_in_the_members_menu_and_says_where_mail_goes(ana):
    page = _signed_in(ana).get(reverse("account_settings"))

    assert page.status_code == 200
    html = page.content.decode()
    url = reverse("account_settings")
    assert f'<a href="{url}" aria-current="page">Account</a>' in html
    assert '<details class="nav__menu nav__menu--end" data-current>' in html
    text = main_text(page)
    assert "reset links go to ana@example.org" in text
    assert "Your API tokens keep working" in text
    # Two forms, each with its own ids although both ask for the current password.
    assert 'id="id_email_current_password"' in html
    assert 'id="id_password_current_password"' in html
    assert 'value="ana@example.org"' in html


def test_other_pages_link_to_it_without_marking_it(ana):
    html = _signed_in(ana).get(reverse("profile_edit")).content.decode()
    url = reverse("account_settings")
    assert f'<a href="{url}">Account</a>' in html


def test_the_page_links_to_where_data_is_downloaded_and_the_account_deleted(ana):
    """Deleting an account is looked for on the Account page; it lives on Privacy and
    safety, beside the download of your data, so the Account page says where."""
    client = _signed_in(ana)
    html = client.get(reverse("account_settings")).content.decode()

    link = re.search(r'<a href="([^"]+)">download your data or delete your account</a>', html)
    assert link, "no link to the data and deletion section"
    path, _, fragment = link.group(1).partition("#")
    assert path == reverse("safety")
    there = client.get(path).content.decode()
    assert f'id="{fragment}"' in there
    assert f'href="{reverse("account_export")}"' in there
    assert f'href="{reverse("account_delete")}"' in there


def test_the_page_reads_the_session_with_its_member_a_waiting_address_and_two_step(ana):
    """Four queries: the session with its member (rapport/members/sessions.py), the
    new address waiting for confirmation, if any, two-step sign-in with its unused
    recovery codes counted (rows of their own, not columns the session's query reads
    on every page), and the member's sessions for "Where you're signed in"
    (tests/members/test_sessions.py); the menu's unread count is kept from the first
    visit (tests/web/page_queries.py). Two-step sign-in's queries:
    tests/members/test_two_step.py."""
    client = _signed_in(ana)
    assert page_queries(client, reverse("account_settings"), at_most=4) == 4
    assert _change_email(client, "ana@example.net").status_code == 302
    assert page_queries(client, reverse("account_settings"), at_most=4) == 4


# --- changing the password ---------------------------------------------------------


def test_the_new_password_works_the_old_one_no_longer_does(
    ana, django_capture_on_commit_callbacks, mailoutbox
):
    client = _signed_in(ana)
    with django_capture_on_commit_callbacks(execute=True):
        response = _change_password(client, PASSWORD, NEW_PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_settings")
    assert "Your password is changed" in main_text(client.get(reverse("account_settings")))
    assert _logs_in("ana", NEW_PASSWORD)
    assert not _logs_in("ana", PASSWORD)
    # The account's address is told, in case it was not the member.
    [notice] = mailoutbox
    assert notice.to == ["ana@example.org"]
    assert notice.subject == "Your Rapport password was changed"
    assert "Every other device signed in to the account was signed out." in notice.body


def test_this_session_stays_every_other_session_of_the_member_ends(ana, ben):
    laptop, phone, bens = _signed_in(ana), _signed_in(ana), _signed_in(ben)
    _token, raw = api_token_create(member=ana, label="calendar script")
    before = laptop.session.session_key

    assert _change_password(laptop, PASSWORD, NEW_PASSWORD).status_code == 302

    assert laptop.get(reverse("account_settings")).status_code == 200
    assert laptop.session.session_key != before  # a new key for the new password
    sent_away = phone.get(reverse("account_settings"))
    assert sent_away.status_code == 302
    assert sent_away["Location"].startswith(reverse("login"))
    assert bens.get(reverse("account_settings")).status_code == 200
    # The rows are gone, not only refused: nothing is left for a stolen cookie.
    assert MemberSession.objects.filter(member_id=ana.pk).count() == 1
    # API tokens are left alone.
    api = Client(headers={"Authorization": f"Bearer {raw}"})
    assert api.get("/api/me").status_code == 200


def test_a_session_the_change_cannot_find_is_refused_by_the_password_hash(ana):
    """The sessions' member column only saves a query; Django's check of the password
    hash held in the session still signs out a session whose row names nobody."""
    laptop, phone = _signed_in(ana), _signed_in(ana)
    MemberSession.objects.filter(session_key=phone.session.session_key).update(member_id=None)

    assert _change_password(laptop, PASSWORD, NEW_PASSWORD).status_code == 302

    assert phone.get(reverse("account_settings")).status_code == 302
    assert laptop.get(reverse("account_settings")).status_code == 200


def test_every_problem_is_named_beside_its_field_and_nothing_changes(ana, mailoutbox):
    client = _signed_in(ana)

    response = _change_password(client, "not my password", "12345678")

    assert response.status_code == 422
    errors = response.context["password_form"].errors
    assert errors["current_password"] == ["That is not your password."]
    [rules] = errors["new_password"]
    assert "This password is too short. It must contain at least 10 characters." in rules
    assert "This password is too common." in rules
    assert "This password is entirely numeric." in rules
    html = response.content.decode()
    assert html.count('class="field field--invalid"') == 2
    assert _logs_in("ana", PASSWORD)
    assert mailoutbox == []


def test_a_password_like_the_address_or_typed_differently_twice_is_refused(ana):
    client = _signed_in(ana)

    like_the_name = _change_password(client, PASSWORD, "ana@example.org!")
    differ = _change_password(client, PASSWORD, NEW_PASSWORD, again=NEW_PASSWORD + "!")
    same = _change_password(client, PASSWORD, PASSWORD)

    assert like_the_name.status_code == 422
    [similar] = like_the_name.context["password_form"].errors["new_password"]
    assert similar == "The password is too similar to the email address."
    assert differ.status_code == 422
    assert differ.context["password_form"].errors == {
        "new_password_again": ["The two passwords differ."]
    }
    assert same.context["password_form"].errors == {
        "new_password": ["That is your current password; choose a new one."]
    }
    assert _logs_in("ana", PASSWORD)


def test_one_submission_names_a_wrong_password_the_rules_and_a_mistyped_second(ana, mailoutbox):
    """Not one problem a submit: a member who mistyped the second password and chose a
    short one, with a wrong current password, is told all three, each beside its field."""
    client = _signed_in(ana)

    response = _change_password(client, "not my password", "short", again="shorty")

    assert response.status_code == 422
    errors = response.context["password_form"].errors
    assert errors["current_password"] == ["That is not your password."]
    [rules] = errors["new_password"]
    assert "This password is too short." in rules
    assert errors["new_password_again"] == ["The two passwords differ."]
    assert response.content.decode().count('class="field field--invalid"') == 3
    assert _logs_in("ana", PASSWORD)
    assert mailoutbox == []


def test_the_current_password_typed_as_the_new_one_is_named_beside_a_mistyped_second(ana):
    client = _signed_in(ana)

    response = _change_password(client, PASSWORD, PASSWORD, again=NEW_PASSWORD)

    assert response.status_code == 422
    assert response.context["password_form"].errors == {
        "new_password": ["That is your current password; choose a new one."],
        "new_password_again": ["The two passwords differ."],
    }
    assert _logs_in("ana", PASSWORD)


def test_wrong_current_passwords_count_even_when_the_new_ones_differ(ana):
    """The two new passwords are no longer compared before the current one is checked,
    so every guess at it counts toward the login throttle, whatever else is wrong."""
    client = _signed_in(ana)
    with time_machine.travel(T0, tick=False):
        for _ in range(PER_USERNAME):
            guess = _change_password(client, "guess", NEW_PASSWORD, again="something else")
            assert guess.status_code == 422
        refused = _change_password(client, PASSWORD, NEW_PASSWORD)
        # Past the limit, the limit alone is said, whatever else is wrong.
        refused_too = _change_password(client, PASSWORD, NEW_PASSWORD, again="x")
        logs_in = _logs_in("ana", PASSWORD)

    assert refused.status_code == 429
    assert refused_too.status_code == 429
    assert "differ" not in main_text(refused_too)
    assert not logs_in  # one count with the log-in page


def test_wrong_current_passwords_count_toward_the_login_throttle(ana):
    client = _signed_in(ana)
    with time_machine.travel(T0, tick=False):
        for _ in range(PER_USERNAME):
            assert _change_password(client, "guess", NEW_PASSWORD).status_code == 422
        refused = _change_password(client, PASSWORD, NEW_PASSWORD)  # even the right one
        login = Client().post(reverse("login"), {"username": "ana", "password": PASSWORD})

    assert refused.status_code == 429
    assert int(refused["Retry-After"]) == WINDOW.total_seconds()
    assert f"the limit is {PER_USERNAME}" in main_text(refused)
    assert login.status_code == 429  # one count with the log-in page
    with time_machine.travel(T0 + WINDOW + dt.timedelta(seconds=1), tick=False):
        assert _change_password(client, PASSWORD, NEW_PASSWORD).status_code == 302


# --- changing the email address ----------------------------------------------------


def _due_for_a_digest(owner: Member) -> None:
    """Someone in the 5 (every 7 days) last seen 10 days before T0: overdue."""
    with time_machine.travel(T0 - dt.timedelta(days=400), tick=False):
        grace = person_create(owner=owner, name="Grace Mensah", circle="5")
    with time_machine.travel(T0 - dt.timedelta(days=10), tick=False):
        interaction_log(owner=owner, person_ids=[grace.pk], kind="coffee")


def test_a_new_address_is_used_only_once_its_link_is_opened(
    ana, django_capture_on_commit_callbacks, mailoutbox
):
    _due_for_a_digest(ana)
    client = _signed_in(ana)
    with django_capture_on_commit_callbacks(execute=True):
        response = _change_email(client, "  Ana.Ruiz@EXAMPLE.NET ")

    assert response.status_code == 302
    # Nothing changed yet: the account keeps its address, and its mail.
    assert Member.objects.get(pk=ana.pk).email == "ana@example.org"
    page = client.get(reverse("account_settings"))
    text = main_text(page)
    # Kept as Django keeps addresses: trimmed, the domain part lower-cased.
    assert (
        "We sent a link to Ana.Ruiz@example.net: open it within 24 hours to make it your "
        "address. Until then your mail still goes to ana@example.org." in text
    )
    assert "Waiting for confirmation: Ana.Ruiz@example.net — we sent a link to it" in text
    assert "Send it again" in text and "Cancel the change to Ana.Ruiz@example.net" in text
    [confirm] = mailoutbox
    assert confirm.to == ["Ana.Ruiz@example.net"]
    assert confirm.subject == "Confirm your email address for Rapport"
    assert "the Rapport account ana at testserver" in confirm.body
    assert "within 24 hours" in confirm.body
    assert "Ana Ruiz" not in confirm.body  # whose mailbox this is, nobody knows yet
    link = _confirmation_link(confirm)
    assert link.startswith("http://testserver/settings/account/email/")
    with time_machine.travel(T0, tick=False):
        assert send_keeper_digests.enqueue().return_value == 1
    assert mailoutbox[-1].to == ["ana@example.org"]

    # Opening the link asks; only the button changes the address.
    opened = client.get(link)
    assert opened.status_code == 200
    assert "Make Ana.Ruiz@example.net the email address of your account, ana" in (main_text(opened))
    assert Member.objects.get(pk=ana.pk).email == "ana@example.org"
    del mailoutbox[:]
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(link)

    assert confirmed.status_code == 200
    assert "Your email address is changed" in main_text(confirmed)
    assert "go to Ana.Ruiz@example.net from now on" in main_text(confirmed)
    assert Member.objects.get(pk=ana.pk).email == "Ana.Ruiz@example.net"
    assert not PendingEmail.objects.filter(member_id=ana.pk).exists()
    # Now, and only now, the old address is told; the new one is not named to it.
    [notice] = mailoutbox
    assert notice.to == ["ana@example.org"]
    assert notice.subject == "Your Rapport account has a new email address"
    assert "Ana.Ruiz@example.net" not in notice.body
    assert "Waiting for confirmation" not in main_text(client.get(reverse("account_settings")))
    with time_machine.travel(T0 + dt.timedelta(days=8), tick=False):
        assert send_keeper_digests.enqueue().return_value == 1
    assert mailoutbox[-1].to == ["Ana.Ruiz@example.net"]

    # Twice: the link was spent.
    again = client.post(link)
    assert again.status_code == 404
    assert "This link no longer works" in main_text(again)
    assert "This link no longer works" in main_text(client.get(link))
    assert len(mailoutbox) == 2


def test_an_empty_address_removes_it_and_nothing_is_mailed_after(ana, mailoutbox):
    _due_for_a_digest(ana)
    client = _signed_in(ana)
    assert _change_email(client, "ana@example.net").status_code == 302

    assert _change_email(client, "").status_code == 302

    # At once: there is nothing to confirm. The change that was waiting is gone.
    assert Member.objects.get(pk=ana.pk).email == ""
    assert not PendingEmail.objects.filter(member_id=ana.pk).exists()
    text = main_text(client.get(reverse("account_settings")))
    assert "Your account has no email address now" in text
    assert "can only be reset by an administrator" in text
    assert "Waiting for confirmation" not in text
    with time_machine.travel(T0, tick=False):
        assert send_keeper_digests.enqueue().return_value == 0


def test_the_same_address_in_other_capitals_is_kept_at_once_and_mails_nothing(
    ana, mailoutbox, django_capture_on_commit_callbacks
):
    """ "ANA@example.org" reaches Ana's own mailbox: a link to confirm it, and a
    notice that her address changed, would both be noise in that one mailbox."""
    client = _signed_in(ana)

    with django_capture_on_commit_callbacks(execute=True):
        response = _change_email(client, "ANA@Example.org")

    assert response.status_code == 302
    assert Member.objects.get(pk=ana.pk).email == "ANA@example.org"
    assert not PendingEmail.objects.filter(member_id=ana.pk).exists()
    assert mailoutbox == []


def test_an_address_may_be_another_members_too_as_at_sign_up(
    ana, ben, django_capture_on_commit_callbacks, mailoutbox
):
    """Sign-up never made addresses unique; changing one does not start to."""
    client = _signed_in(ana)
    with django_capture_on_commit_callbacks(execute=True):
        assert _change_email(client, "ben@example.org").status_code == 302
    assert client.post(_confirmation_link(mailoutbox[0])).status_code == 200
    assert Member.objects.filter(email="ben@example.org").count() == 2


def test_a_bad_address_and_a_wrong_password_are_both_named(ana):
    response = _change_email(_signed_in(ana), "ana at example", password="nope")

    assert response.status_code == 422
    errors = response.context["email_form"].errors
    assert errors == {
        "email": ["That is not an email address: it looks like name@example.org."],
        "current_password": ["That is not your password."],
    }
    # What was typed stays in the field; the password form is untouched.
    assert 'value="ana at example"' in response.content.decode()
    assert not response.context["password_form"].is_bound
    assert Member.objects.get(pk=ana.pk).email == "ana@example.org"
    assert not PendingEmail.objects.exists()


def test_the_right_password_is_needed_to_change_the_address(ana):
    for _ in range(PER_USERNAME):
        assert _change_email(_signed_in(ana), "thief@example.net", "guess").status_code == 422
    refused = _change_email(_signed_in(ana), "thief@example.net")
    assert refused.status_code == 429
    assert Member.objects.get(pk=ana.pk).email == "ana@example.org"
    assert not PendingEmail.objects.exists()


def test_a_post_that_names_no_form_changes_nothing(ana):
    response = _signed_in(ana).post(reverse("account_settings"), {"email": "x@example.org"})
    assert response.status_code == 400
    assert Member.objects.get(pk=ana.pk).email == "ana@example.org"


def test_the_forms_need_their_csrf_token(ana):
    client = _signed_in(ana, enforce_csrf_checks=True)
    assert _change_password(client, PASSWORD, NEW_PASSWORD).status_code == 403
    assert _change_email(client, "new@example.org").status_code == 403
    assert _logs_in("ana", PASSWORD)


# --- the API -------------------------------------------------------------------------


def test_a_token_changes_the_password_signs_every_session_out_and_keeps_working(ana, api_as):
    api = api_as(ana)
    browser = _signed_in(ana)

    response = api.post(
        "/me/password", {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    )

    assert response.status_code == 204
    assert browser.get(reverse("account_settings")).status_code == 302
    assert not MemberSession.objects.filter(member_id=ana.pk).exists()
    assert api.get("/me").status_code == 200
    token = Client().post(
        "/api/token",
        {"username": "ana", "password": NEW_PASSWORD},
        content_type="application/json",
    )
    assert token.status_code == 201
    old = Client().post(
        "/api/token", {"username": "ana", "password": PASSWORD}, content_type="application/json"
    )
    assert old.status_code == 401


def test_a_session_changing_its_password_through_the_api_stays_signed_in(ana):
    browser = _signed_in(ana)
    other = _signed_in(ana)
    browser.get(reverse("account_settings"))  # the CSRF cookie, as a page load sets it
    csrf = browser.cookies[settings.CSRF_COOKIE_NAME].value

    response = browser.post(
        "/api/me/password",
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        content_type="application/json",
        headers={"X-CSRFToken": csrf},
    )

    assert response.status_code == 204
    assert browser.get(reverse("account_settings")).status_code == 200
    assert other.get(reverse("account_settings")).status_code == 302


def test_the_api_names_the_field_at_fault_and_the_first_problem(ana, api_as):
    api = api_as(ana)

    wrong = api.post("/me/password", {"current_password": "nope", "new_password": "short"})
    weak = api.post("/me/password", {"current_password": PASSWORD, "new_password": "12345678"})
    missing = api.post("/me/password", {"new_password": NEW_PASSWORD})

    assert wrong.status_code == 422
    assert wrong.json() == {
        "code": "wrong_password",
        "message": "That is not your password.",
        "field": "current_password",
    }
    assert (weak.status_code, weak.json()["field"]) == (422, "new_password")
    assert "too short" in weak.json()["message"]
    assert (missing.status_code, missing.json()["field"]) == (422, "current_password")
    assert _logs_in("ana", PASSWORD)


def test_the_api_takes_the_new_password_once_and_names_the_current_one_as_before(ana, api_as):
    """The API has no second typing; its answer is the first problem, unchanged."""
    api = api_as(ana)

    same = api.post("/me/password", {"current_password": PASSWORD, "new_password": PASSWORD})

    assert same.status_code == 422
    assert same.json() == {
        "code": "invalid",
        "message": "That is your current password; choose a new one.",
        "field": "new_password",
    }


def test_the_api_throttles_wrong_current_passwords_with_retry_at(ana, api_as):
    api = api_as(ana)
    for _ in range(PER_USERNAME):
        api.post("/me/email", {"email": "x@example.net", "current_password": "guess"})
    response = api.post("/me/email", {"email": "x@example.net", "current_password": PASSWORD})

    assert response.status_code == 429
    assert response.json()["code"] == "login_throttled"
    assert "retry_at" in response.json()
    assert int(response["Retry-After"]) > 0


def test_the_api_asks_for_a_new_address_and_removes_one_at_once(
    ana, api_as, django_capture_on_commit_callbacks, mailoutbox
):
    api = api_as(ana)

    bad = api.post("/me/email", {"email": "not an address", "current_password": PASSWORD})
    assert (bad.status_code, bad.json()["field"]) == (422, "email")

    with time_machine.travel(T0, tick=False), django_capture_on_commit_callbacks(execute=True):
        asked = api.post("/me/email", {"email": "ana@EXAMPLE.net", "current_password": PASSWORD})
    assert asked.status_code == 202
    assert asked.json() == {
        "email_pending": "ana@example.net",
        "asked_at": "2026-06-01T09:00:00Z",
        "expires_at": "2026-06-02T09:00:00Z",
    }
    assert Member.objects.get(pk=ana.pk).email == "ana@example.org"
    assert [mail.to for mail in mailoutbox] == [["ana@example.net"]]

    # The waiting address again: a new link, and the last one dies.
    with django_capture_on_commit_callbacks(execute=True):
        again = api.post("/me/email", {"email": "ana@example.net", "current_password": PASSWORD})
    assert again.status_code == 202
    first, second = (_confirmation_link(mail) for mail in mailoutbox)
    assert first != second
    browser = _signed_in(ana)
    assert browser.post(first).status_code == 404
    # The address the account has: the change waiting is cancelled.
    kept = api.post("/me/email", {"email": "ana@example.org", "current_password": PASSWORD})
    assert kept.status_code == 204
    assert not PendingEmail.objects.filter(member_id=ana.pk).exists()
    assert browser.post(second).status_code == 404
    assert Member.objects.get(pk=ana.pk).email == "ana@example.org"

    removed = api.post("/me/email", {"email": "", "current_password": PASSWORD})
    assert removed.status_code == 204
    assert Member.objects.get(pk=ana.pk).email == ""


def test_the_api_documents_both_answers(client):
    operation = client.get("/api/openapi.json").json()["paths"]["/api/me/email"]["post"]
    assert {"202", "204"} <= set(operation["responses"])
    assert "answers 202" in operation["description"]
    assert "answers 204" in operation["description"]


# --- confirming a new address ----------------------------------------------------------


@pytest.fixture
def ask(django_capture_on_commit_callbacks, mailoutbox):
    """``ask(client, email)``: the Account page's email form sent, the mail sent after
    commit; returns the link it mailed, or the response when it mailed none."""

    def post(client: Client, email: str):
        before = len(mailoutbox)
        with django_capture_on_commit_callbacks(execute=True):
            response = _change_email(client, email)
        if len(mailoutbox) == before:
            return response
        return _confirmation_link(mailoutbox[-1])

    return post


def test_the_link_works_for_a_day(ana, ask, settings):
    assert settings.EMAIL_CONFIRMATION_TIMEOUT == 24 * 60 * 60
    client = _signed_in(ana)
    with time_machine.travel(T0, tick=False):
        link = ask(client, "ana@example.net")
    with time_machine.travel(T0 + dt.timedelta(hours=23, minutes=59), tick=False):
        assert "Confirm ana@example.net" in main_text(client.get(link))
    with time_machine.travel(T0 + dt.timedelta(hours=24, minutes=1), tick=False):
        late = client.post(link)
        page = main_text(client.get(reverse("account_settings")))

    assert late.status_code == 404
    assert "This link no longer works" in main_text(late)
    assert "within 24 hours of being sent" in main_text(late)
    assert Member.objects.get(pk=ana.pk).email == "ana@example.org"
    assert "Waiting for confirmation: ana@example.net — the link we sent has expired" in page


def test_asking_for_another_address_ends_the_first_link(ana, ask, mailoutbox):
    client = _signed_in(ana)
    typo = ask(client, "ana@exmaple.net")
    meant = ask(client, "ana@example.net")

    assert client.post(typo).status_code == 404
    assert Member.objects.get(pk=ana.pk).email == "ana@example.org"
    assert client.post(meant).status_code == 200
    assert Member.objects.get(pk=ana.pk).email == "ana@example.net"
    assert [mail.to for mail in mailoutbox][:2] == [["ana@exmaple.net"], ["ana@example.net"]]


def test_two_quick_changes_mail_each_address_its_own_link_and_only_the_latest_works(
    ana, mailoutbox, django_capture_on_commit_callbacks
):
    """A typo corrected before the worker mailed the first link: each address still
    gets one mail, naming it, with its own link, and the typo's link says it was
    replaced rather than confirming anything."""
    client = _signed_in(ana)
    with django_capture_on_commit_callbacks() as typo_mail:
        assert _change_email(client, "ana@exmaple.net").status_code == 302
    with django_capture_on_commit_callbacks() as meant_mail:
        assert _change_email(client, "ana@example.net").status_code == 302
    # The worker gets to both only now.
    for send in [*typo_mail, *meant_mail]:
        send()

    assert [mail.to for mail in mailoutbox] == [["ana@exmaple.net"], ["ana@example.net"]]
    assert "this address, ana@exmaple.net," in mailoutbox[0].body
    assert "this address, ana@example.net," in mailoutbox[1].body
    typo, meant = (_confirmation_link(mail) for mail in mailoutbox)
    assert typo != meant
    opened = client.get(typo)
    refused = client.post(typo)
    assert "This link was replaced by a newer one" in main_text(opened)
    assert "Confirm" not in main_text(opened)
    assert refused.status_code == 404
    assert "This link was replaced by a newer one" in main_text(refused)
    assert Member.objects.get(pk=ana.pk).email == "ana@example.org"
    assert client.post(meant).status_code == 200
    assert Member.objects.get(pk=ana.pk).email == "ana@example.net"
    # Spent now, the latest link is dead, not "replaced": nothing newer waits.
    assert "This link no longer works" in main_text(client.get(meant))
    assert "This link no longer works" in main_text(client.get(typo))


def test_the_links_page_sends_its_address_nowhere(ana, ask):
    """The page's address holds the token: no request it makes (its stylesheet, the
    Account page's link) carries it in a Referer, before or after it is used; the origin
    alone goes, so the Confirm button's POST passes the CSRF check
    (test_email_confirm_browser.py)."""
    client = _signed_in(ana)
    link = ask(client, "ana@example.net")

    for answer in (client.get(link), client.post(link), client.get(link)):
        assert answer["Referrer-Policy"] == "strict-origin"


def test_a_new_password_ends_the_link(ana, ask, mailoutbox, django_capture_on_commit_callbacks):
    client = _signed_in(ana)
    link = ask(client, "ana@example.net")

    assert _change_password(client, PASSWORD, NEW_PASSWORD).status_code == 302

    assert client.post(link).status_code == 404
    assert Member.objects.get(pk=ana.pk).email == "ana@example.org"
    # The address still waits; a new link works.
    assert "Waiting for confirmation: ana@example.net" in main_text(
        client.get(reverse("account_settings"))
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert _pending_action(client, "resend").status_code == 302
    assert client.post(_confirmation_link(mailoutbox[-1])).status_code == 200
    assert Member.objects.get(pk=ana.pk).email == "ana@example.net"


def test_send_it_again_mails_a_new_link_and_the_last_one_dies(
    ana, ask, mailoutbox, django_capture_on_commit_callbacks
):
    client = _signed_in(ana)
    first = ask(client, "ana@example.net")

    with django_capture_on_commit_callbacks(execute=True):
        response = _pending_action(client, "resend")

    assert response.status_code == 302
    assert "We sent a new link to ana@example.net; the one before no longer works." in (
        main_text(client.get(reverse("account_settings")))
    )
    second = _confirmation_link(mailoutbox[-1])
    assert mailoutbox[-1].to == ["ana@example.net"]
    assert client.post(first).status_code == 404
    assert client.post(second).status_code == 200


def test_send_it_again_is_refused_past_the_limit_for_one_address(
    ana, ask, mailoutbox, django_capture_on_commit_callbacks
):
    client = _signed_in(ana)
    with time_machine.travel(T0, tick=False) as clock:
        ask(client, "ana@example.net")
        for _ in range(EMAIL_CONFIRMATIONS_PER_EMAIL - 1):
            clock.shift(dt.timedelta(minutes=1))
            with django_capture_on_commit_callbacks(execute=True):
                assert _pending_action(client, "resend").status_code == 302
        refused = _pending_action(client, "resend")
        changed_to_it = ask(client, "ana@example.net")

    assert refused.status_code == 429
    assert (
        int(refused["Retry-After"])
        == (
            EMAIL_CONFIRMATION_WINDOW - dt.timedelta(minutes=EMAIL_CONFIRMATIONS_PER_EMAIL - 1)
        ).total_seconds()
    )
    text = main_text(refused)
    assert "Too many confirmation links to this address" in text
    assert f"the limit is {EMAIL_CONFIRMATIONS_PER_EMAIL}" in text
    assert changed_to_it.status_code == 429
    assert len(mailoutbox) == EMAIL_CONFIRMATIONS_PER_EMAIL
    with time_machine.travel(T0 + EMAIL_CONFIRMATION_WINDOW, tick=False):
        assert _pending_action(client, "resend").status_code == 302


def test_one_member_is_refused_links_to_address_after_address(ana, ask, api_as):
    client = _signed_in(ana)
    for n in range(EMAIL_CONFIRMATIONS_PER_MEMBER):
        assert ask(client, f"ana{n}@example.net").startswith("http")
    refused = ask(client, "ana-again@example.net")
    by_api = api_as(ana).post(
        "/me/email", {"email": "ana-api@example.net", "current_password": PASSWORD}
    )

    assert refused.status_code == 429
    assert "Too many confirmation links for your account" in main_text(refused)
    assert f"the limit is {EMAIL_CONFIRMATIONS_PER_MEMBER}" in main_text(refused)
    assert (by_api.status_code, by_api.json()["code"]) == (429, "email_confirmation_throttled")
    assert PendingEmail.objects.get(member_id=ana.pk).email == f"ana{n}@example.net"


def test_cancel_forgets_the_address_and_its_link(ana, ask, mailoutbox):
    client = _signed_in(ana)
    link = ask(client, "ana@example.net")

    response = _pending_action(client, "cancel")

    assert response.status_code == 302
    text = main_text(client.get(reverse("account_settings")))
    assert "Cancelled: your email address stays ana@example.org." in text
    assert "Waiting for confirmation" not in text
    assert client.post(link).status_code == 404
    assert Member.objects.get(pk=ana.pk).email == "ana@example.org"
    assert len(mailoutbox) == 1  # nobody is told of a change that never happened
    # Nothing waits now: "send it again" has nothing to send.
    assert _pending_action(client, "resend").status_code == 404


def test_the_link_is_opened_signed_in_as_its_account(ana, ben, ask):
    """A stranger who got a mistyped address's link cannot make it the account's address
    (and then have its reset links sent there): the link needs the account's sign-in."""
    link = ask(_signed_in(ana), "ana@example.net")

    anonymous = Client().post(link)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("login"))
    as_ben = _signed_in(ben).post(link)
    assert "This link is for another account" in main_text(as_ben)
    assert Member.objects.get(pk=ana.pk).email == "ana@example.org"
    assert Member.objects.get(pk=ben.pk).email == "ben@example.org"
    # Signed in on another device later, Ana confirms.
    assert _signed_in(ana).post(link).status_code == 200
    assert Member.objects.get(pk=ana.pk).email == "ana@example.net"


def test_a_link_that_is_not_one_changes_nothing(ana, ask):
    client = _signed_in(ana)
    link = ask(client, "ana@example.net")
    forged = link.rstrip("/") + "0/"
    not_base64 = reverse("email_confirm", kwargs={"uidb64": "!!", "token": "x"})

    assert client.post(forged).status_code == 404
    assert "This link no longer works" in main_text(client.post(not_base64))
    assert Member.objects.get(pk=ana.pk).email == "ana@example.org"


def test_a_member_without_an_address_adds_one_and_nobody_is_told(make_member, ask, mailoutbox):
    cy = make_member("Cy Tran", username="cy")
    client = _signed_in(cy)
    link = ask(client, "cy@example.org")

    assert "Until then your account has no email address." in main_text(
        client.get(reverse("account_settings"))
    )
    assert client.post(link).status_code == 200
    assert Member.objects.get(pk=cy.pk).email == "cy@example.org"
    assert [mail.to for mail in mailoutbox] == [["cy@example.org"]]


def test_an_address_given_at_sign_up_is_confirmed_before_it_is_used(
    ana, django_capture_on_commit_callbacks, mailoutbox
):
    """Anyone may sign up with anyone's address: until its mailbox answers, Rapport mails
    it nothing but the link (no digest, no notice, no reset link for that account)."""
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        signed_up = client.post(
            reverse("signup"),
            {
                "username": "zed",
                "name": "Zed Stranger",
                "email": "ana@example.org",  # Ana's, not Zed's
                "password": NEW_PASSWORD,
                "password_again": NEW_PASSWORD,
            },
        )

    assert signed_up.status_code == 302
    zed = Member.objects.get(username="zed")
    assert zed.email == ""
    assert PendingEmail.objects.get(member_id=zed.pk).email == "ana@example.org"
    [confirm] = mailoutbox
    assert confirm.to == ["ana@example.org"]
    assert "the Rapport account zed" in confirm.body
    assert "We sent a link to ana@example.org" in main_text(client.get(reverse("profile_edit")))
    # A reset asked for with the address reaches Ana's account only.
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(reverse("password_reset"), {"email": "ana@example.org"})
    assert "Hello Ana Ruiz" in mailoutbox[-1].body and len(mailoutbox) == 2
    # Opened by the member who signed up, signed in, the link makes it theirs.
    assert client.post(_confirmation_link(confirm)).status_code == 200
    assert Member.objects.get(pk=zed.pk).email == "ana@example.org"


def test_the_export_holds_the_address_waiting_for_confirmation(ana, ask):
    ask(_signed_in(ana), "ana@example.net")

    export = member_data_export(member=ana)

    [pending] = export["records"]["members.PendingEmail"]
    assert (pending["email"], pending["member_id"]) == ("ana@example.net", ana.pk)
    assert export["member"]["email"] == "ana@example.org"


# --- passwords like the member's name -----------------------------------------------


def test_a_password_like_the_full_name_is_refused_at_sign_up_and_on_change(make_member, api_as):
    """Member has ``name``, not Django's first_name and last_name: the similarity
    rule compares with it (AUTH_PASSWORD_VALIDATORS' user_attributes)."""
    signup = Client().post(
        reverse("signup"),
        {
            "username": "peggy",
            "name": "Margaret Hamilton",
            "password": "margarethamilton",
            "password_again": "margarethamilton",
        },
    )
    assert signup.status_code == 422
    assert signup.context["form"].errors["password"] == [
        "The password is too similar to the full name."
    ]
    assert not Member.objects.filter(username="peggy").exists()

    margaret = make_member("Margaret Hamilton", username="peggy")
    page = _change_password(_signed_in(margaret), PASSWORD, "Hamilton Margaret")
    api = api_as(margaret).post(
        "/me/password", {"current_password": PASSWORD, "new_password": "margaret.hamilton!"}
    )

    assert page.status_code == 422
    assert page.context["password_form"].errors["new_password"] == [
        "The password is too similar to the full name."
    ]
    assert (api.status_code, api.json()["field"]) == (422, "new_password")
    assert _logs_in("peggy", PASSWORD)
