"""Two-step sign-in: set up on the Account page, asked for after the password, and
turned off again; recovery codes; the throttle on wrong codes; the API's word on it.

Through the front door: the pages as a browser posts them (each Client its own
browser), the API as a client calls it, with the clock frozen so that the code an app
would show is known (``code_now``, the same RFC 6238 computation an app makes).
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
import time_machine
from django.contrib.admin.models import CHANGE, LogEntry
from django.test import Client
from django.urls import reverse

from rapport.members.data_export import member_data_export
from rapport.members.models import Member, RecoveryCode, TwoStep
from rapport.members.services import (
    api_token_create,
    member_delete,
    member_two_step_begin,
    member_two_step_confirm,
)
from rapport.members.two_step_codes import (
    RECOVERY_CODES,
    code_at,
    code_now,
    recovery_code_digest,
    secret_grouped,
    time_step,
)
from rapport.members.two_step_views import PASSWORD_CHECKED_FOR
from rapport.safety.models import TwoStepFailure
from rapport.safety.throttle import TWO_STEP_PER_IP, TWO_STEP_PER_MEMBER, WINDOW
from tests.conftest import PASSWORD
from tests.members.account_mail import NEW_PASSWORD, RESET_LINK, T0
from tests.web.page_queries import page_queries
from tests.web.page_text import main_text

SOON = T0 + dt.timedelta(minutes=1)  # a code of a later time step than the one set up with
RECOVERY_CODE_SHOWN = re.compile(r"<code>(\d{4} \d{4} \d{4})</code>")


@pytest.fixture(autouse=True)
def _clock():
    """The clock stands a minute after two-step sign-in is turned on (``_on``), unless
    a test moves it: sessions made now must not have expired by the real date."""
    with time_machine.travel(SOON, tick=False):
        yield


@pytest.fixture
def ana(make_member):
    return make_member("Ana Ruiz", username="ana", email="ana@example.org")


@pytest.fixture
def ben(make_member):
    return make_member("Ben Okafor", username="ben", email="ben@example.org")


def _signed_in(member: Member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def _on(member: Member, *, at: dt.datetime = T0) -> tuple[str, list[str]]:
    """Two-step sign-in turned on as the Account page does it: its key and the
    recovery codes shown."""
    key = member_two_step_begin(member=member, now=at).secret
    codes = member_two_step_confirm(
        member=member, code=code_now(key, at), current_password=PASSWORD, now=at
    )
    return key, codes


def _account_form(client: Client, form: str, **fields: str):
    return client.post(reverse("account_settings"), {"form": form, **fields})


def _password_step(client: Client, username: str = "ana", password: str = PASSWORD, **extra):
    return client.post(
        reverse("login") + extra.pop("query", ""),
        {"username": username, "password": password},
        **extra,
    )


def _code_step(client: Client, code: str, **extra):
    return client.post(reverse("login_two_step"), {"code": code}, **extra)


def _signed_in_as(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


# --- setting it up on the Account page ---------------------------------------------


def test_the_account_page_offers_it_while_it_is_off(ana):
    page = _signed_in(ana).get(reverse("account_settings"))

    text = main_text(page)
    assert "Two-step sign-in" in text
    assert "Off: logging in asks for your password only." in text
    assert 'value="begin"' in page.content.decode()


def test_setting_up_shows_the_key_as_a_qr_code_and_as_text_then_never_again(
    ana, django_capture_on_commit_callbacks, mailoutbox
):
    client = _signed_in(ana)
    with time_machine.travel(T0, tick=False):
        begun = _account_form(client, "two_step_begin", action="begin")
        assert begun.status_code == 302
        page = client.get(reverse("account_settings"))
        key = TwoStep.objects.get(member=ana).secret
        html = page.content.decode()
        # The QR code is drawn in the page (no image fetched, no script), named for a
        # screen reader; the key is beside it in groups of four.
        assert '<svg role="img"' in html
        assert "<title>QR code of the key, for your authenticator app</title>" in html
        assert f"<code>{secret_grouped(key)}</code>" in html
        assert 'autocomplete="one-time-code"' in html
        assert 'inputmode="numeric"' in html
        assert not TwoStep.objects.get(member=ana).is_on  # not before a code is typed back

        with django_capture_on_commit_callbacks(execute=True):
            confirmed = _account_form(
                client, "two_step_confirm", code=code_now(key, T0), current_password=PASSWORD
            )

    assert confirmed.status_code == 200
    assert confirmed["Cache-Control"] == "no-store"
    assert "Two-step sign-in is on" in main_text(confirmed)
    shown = RECOVERY_CODE_SHOWN.findall(confirmed.content.decode())
    assert len(shown) == RECOVERY_CODES == 10
    # Kept as keyed digests only, never as typed.
    digests = set(
        RecoveryCode.objects.filter(two_step__member=ana).values_list("digest", flat=True)
    )
    assert digests == {recovery_code_digest(code.replace(" ", "")) for code in shown}
    assert TwoStep.objects.get(member=ana).is_on
    # The key and the codes are shown once: the page never shows them again.
    again = client.get(reverse("account_settings")).content.decode()
    assert secret_grouped(key) not in again and key not in again
    assert not RECOVERY_CODE_SHOWN.search(again)
    assert "10 of your 10 recovery codes are unused" in main_text(
        client.get(reverse("account_settings"))
    )
    [notice] = mailoutbox
    assert notice.to == ["ana@example.org"]
    assert notice.subject == "Two-step sign-in is on for your Rapport account"
    assert "a code from your authenticator app" in notice.body


def test_the_page_showing_the_key_is_kept_in_no_cache(ana):
    """The key is as good as the app: a page that shows it, like the recovery codes,
    must not wait in a shared computer's cache or behind its back button."""
    client = _signed_in(ana)
    assert _account_form(client, "two_step_begin", action="begin").status_code == 302

    page = client.get(reverse("account_settings"))

    assert secret_grouped(TwoStep.objects.get(member=ana).secret) in page.content.decode()
    assert "no-store" in page["Cache-Control"]


def test_a_wrong_code_or_password_is_named_beside_its_field_and_nothing_is_turned_on(ana):
    client = _signed_in(ana)
    with time_machine.travel(T0, tick=False):
        _account_form(client, "two_step_begin", action="begin")
        key = TwoStep.objects.get(member=ana).secret
        right = code_now(key, T0)
        wrong_code = _account_form(
            client, "two_step_confirm", code=_not(key, T0), current_password=PASSWORD
        )
        wrong_password = _account_form(
            client, "two_step_confirm", code=right, current_password="not my password"
        )
        empty = _account_form(client, "two_step_confirm", code="", current_password="")
        # A wrong password spent no code: the right one still turns it on.
        works = _account_form(client, "two_step_confirm", code=right, current_password=PASSWORD)

    assert wrong_code.status_code == 422
    assert wrong_code.context["two_step_confirm_form"].errors == {
        "code": ["That code is not right: type the code your authenticator app shows now."]
    }
    html = wrong_code.content.decode()
    assert html.count('class="field field--invalid"') == 1
    assert f"<code>{secret_grouped(key)}</code>" in html  # still there to try again
    assert wrong_password.status_code == 422
    assert wrong_password.context["two_step_confirm_form"].errors == {
        "current_password": ["That is not your password."]
    }
    assert empty.context["two_step_confirm_form"].errors == {
        "code": ["Type the 6-digit code your authenticator app shows for Rapport."],
        "current_password": ["That is not your password."],
    }
    assert works.status_code == 200
    assert TwoStep.objects.get(member=ana).is_on


def test_cancelling_a_setup_forgets_the_key_and_starting_again_makes_a_new_one(ana):
    client = _signed_in(ana)
    _account_form(client, "two_step_begin", action="begin")
    first = TwoStep.objects.get(member=ana).secret
    _account_form(client, "two_step_begin", action="begin")
    second = TwoStep.objects.get(member=ana).secret
    assert _account_form(client, "two_step_begin", action="cancel").status_code == 302

    assert first != second
    assert not TwoStep.objects.filter(member=ana).exists()
    assert "Cancelled: two-step sign-in stays off." in main_text(
        client.get(reverse("account_settings"))
    )


def test_a_key_cannot_be_replaced_while_two_step_sign_in_is_on(ana):
    key, _codes = _on(ana)
    response = _account_form(_signed_in(ana), "two_step_begin", action="begin")

    assert response.status_code == 409
    assert "already on" in main_text(response)
    assert TwoStep.objects.get(member=ana).secret == key


def _not(key: str, at: dt.datetime) -> str:
    """A 6-digit code that is not ``key``'s around ``at``."""
    step = time_step(at)
    right = {code_at(key, s) for s in range(step - 2, step + 3)}
    return next(f"{n:06d}" for n in range(20) if f"{n:06d}" not in right)


# --- the second step of logging in ---------------------------------------------------


def test_the_password_alone_signs_nobody_in_and_the_code_does(ana):
    key, _codes = _on(ana)
    browser = Client()
    with time_machine.travel(SOON, tick=False):
        browser.get(reverse("login"))
        anonymous_key = browser.session.session_key
        password = _password_step(browser, query="?next=/keeper/")
        assert password.status_code == 302
        assert password["Location"] == reverse("login_two_step")
        assert _signed_in_as(browser) is None
        assert browser.session.session_key != anonymous_key  # a new key at each step
        half_key = browser.session.session_key
        # Nothing of the member is reachable before the code, nor named on its page.
        sent_away = browser.get(reverse("profile_edit"))
        assert sent_away.status_code == 302 and sent_away["Location"].startswith(reverse("login"))
        assert browser.get("/api/me").status_code == 401
        code_page = browser.get(reverse("login_two_step"))
        assert code_page.status_code == 200
        assert "Ana" not in main_text(code_page) and "ana" not in main_text(code_page)
        assert 'autocomplete="one-time-code"' in code_page.content.decode()

        signed_in = _code_step(browser, code_now(key, SOON))

    assert signed_in.status_code == 302
    assert signed_in["Location"] == "/keeper/"
    assert _signed_in_as(browser) == str(ana.pk)
    assert browser.session.session_key != half_key
    assert browser.get(reverse("profile_edit")).status_code == 200


def test_a_member_without_two_step_sign_in_is_signed_in_by_the_password(ben):
    browser = Client()
    response = _password_step(browser, "ben")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert _signed_in_as(browser) == str(ben.pk)


def test_a_code_is_taken_for_one_step_of_clock_drift_either_way_and_no_more(ana):
    key, _codes = _on(ana)
    now = SOON + dt.timedelta(minutes=5)
    step = time_step(now)
    outcomes = {}
    for drift in (-2, -1, 1, 2):
        browser = Client()
        with time_machine.travel(now, tick=False):
            _password_step(browser)
            outcomes[drift] = _code_step(browser, code_at(key, step + drift)).status_code
    assert outcomes == {-2: 422, -1: 302, 1: 302, 2: 422}


def test_a_code_works_once(ana):
    key, _codes = _on(ana)
    first, second = Client(), Client()
    with time_machine.travel(SOON, tick=False):
        _password_step(first)
        _password_step(second)
        assert _code_step(first, code_now(key, SOON)).status_code == 302
        replayed = _code_step(second, code_now(key, SOON))
        # A code of an earlier step than the one used is no good either.
        earlier = _code_step(second, code_at(key, time_step(SOON) - 1))

    assert replayed.status_code == 422
    assert replayed.context["form"].errors == {
        "code": ["That code was used already: wait for the next one your app shows."]
    }
    assert earlier.status_code == 422
    assert _signed_in_as(second) is None


def test_a_recovery_code_signs_in_once(ana):
    _key, codes = _on(ana)
    first, second = Client(), Client()
    with time_machine.travel(SOON, tick=False):
        _password_step(first)
        _password_step(second)
        # Typed as shown, in groups, or without the spaces: the same code.
        used = _code_step(first, " ".join(codes[0][i : i + 4] for i in (0, 4, 8)))
        again = _code_step(second, codes[0])
        other = _code_step(second, codes[1])

    assert used.status_code == 302 and _signed_in_as(first) == str(ana.pk)
    assert again.status_code == 422
    assert "used already: each works once" in main_text(again)
    assert other.status_code == 302
    assert RecoveryCode.objects.filter(two_step__member=ana, used_at__isnull=True).count() == 8
    shown = main_text(first.get(reverse("account_settings")))
    assert "You signed in with a recovery code" in shown
    assert "8 of your 10 recovery codes are unused" in shown


def test_a_rotated_secret_key_keeps_recovery_codes_while_the_old_one_is_kept(ana, settings):
    """docs/deploy.md's rotation: the new key in RAPPORT_SECRET_KEY, the old one in
    RAPPORT_SECRET_KEY_FALLBACKS. Codes made under the old key still sign in, as do
    the sessions signed with it, until the old key is dropped."""
    _key, codes = _on(ana)
    kept_session = _signed_in(ana)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a new key for the rotation, at least fifty characters long"
    browser = Client()

    _password_step(browser)
    used = _code_step(browser, codes[0])

    assert used.status_code == 302 and _signed_in_as(browser) == str(ana.pk)
    assert kept_session.get(reverse("account_settings")).status_code == 200

    settings.SECRET_KEY_FALLBACKS = []
    too_late = Client()
    _password_step(too_late)
    refused = _code_step(too_late, codes[1])

    assert refused.status_code == 422 and _signed_in_as(too_late) is None
    assert RecoveryCode.objects.filter(two_step__member=ana, used_at__isnull=True).count() == 9


def test_the_password_counts_for_five_minutes_only(ana):
    key, _codes = _on(ana)
    browser = Client()
    with time_machine.travel(SOON, tick=False):
        _password_step(browser)
    late = SOON + PASSWORD_CHECKED_FOR + dt.timedelta(seconds=1)
    with time_machine.travel(late, tick=False):
        response = _code_step(browser, code_now(key, late))
        login_page = browser.get(response["Location"])

    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert _signed_in_as(browser) is None
    assert "More than 5 minutes passed after your password" in main_text(login_page)
    # The code was not spent: it still works after the password again.
    with time_machine.travel(late, tick=False):
        _password_step(browser)
        assert _code_step(browser, code_now(key, late)).status_code == 302


def test_a_new_password_meanwhile_ends_the_half_signed_state(ana):
    key, _codes = _on(ana)
    browser = Client()
    with time_machine.travel(SOON, tick=False):
        _password_step(browser)
        ana.set_password(NEW_PASSWORD)
        ana.save(update_fields=["password"])
        response = _code_step(browser, code_now(key, SOON))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert _signed_in_as(browser) is None


def test_the_code_page_without_a_password_sends_to_the_log_in_page(ana, db):
    assert Client().get(reverse("login_two_step"))["Location"] == reverse("login")
    assert _signed_in(ana).get(reverse("login_two_step"))["Location"] == "/"


def test_wrong_codes_are_throttled_per_account_with_retry_after(ana):
    key, _codes = _on(ana)
    browser = Client()
    with time_machine.travel(SOON, tick=False):
        _password_step(browser)
        wrong = _not(key, SOON)
        for _ in range(TWO_STEP_PER_MEMBER):
            assert _code_step(browser, wrong).status_code == 422
        refused = _code_step(browser, code_now(key, SOON))  # even the right one, for now
        # Another browser, another address: the account's count holds.
        elsewhere = Client(REMOTE_ADDR="198.51.100.7")
        _password_step(elsewhere, REMOTE_ADDR="198.51.100.7")
        also_refused = _code_step(elsewhere, code_now(key, SOON), REMOTE_ADDR="198.51.100.7")

    assert refused.status_code == 429
    assert int(refused["Retry-After"]) == WINDOW.total_seconds()
    assert (
        "Too many wrong codes for this account: 10 in the last 15 minutes; the limit is 10."
        in main_text(refused)
    )
    assert refused.context["form"].non_field_errors()  # above the form, with role="alert"
    assert also_refused.status_code == 429
    assert _signed_in_as(browser) is None
    with time_machine.travel(SOON + WINDOW + dt.timedelta(seconds=1), tick=False):
        later = SOON + WINDOW + dt.timedelta(seconds=1)
        _password_step(browser)
        assert _code_step(browser, code_now(key, later)).status_code == 302
    # A right code forgets the account's wrong ones.
    assert not TwoStepFailure.objects.filter(member=ana).exists()


def test_one_address_guessing_codes_for_many_accounts_is_stopped(make_member, monkeypatch):
    monkeypatch.setattr("rapport.safety.throttle.TWO_STEP_PER_MEMBER", 100)
    members = [make_member(f"Member {n}", username=f"m{n}") for n in range(2)]
    keys = {member.username: _on(member)[0] for member in members}
    guesses = 0
    with time_machine.travel(SOON, tick=False):
        for member in members:
            browser = Client()
            _password_step(browser, member.username)
            while (
                guesses < TWO_STEP_PER_IP
                and _code_step(browser, _not(keys[member.username], SOON)).status_code == 422
            ):
                guesses += 1
        refused = _code_step(browser, code_now(keys[members[-1].username], SOON))
    assert refused.status_code == 429
    assert "Too many wrong codes from this address" in main_text(refused)


# --- new recovery codes, and turning it off ------------------------------------------


def test_new_recovery_codes_replace_the_old_ones(
    ana, django_capture_on_commit_callbacks, mailoutbox
):
    key, old = _on(ana)
    client = _signed_in(ana)
    with time_machine.travel(SOON, tick=False), django_capture_on_commit_callbacks(execute=True):
        response = _account_form(
            client, "recovery_codes", code=code_now(key, SOON), current_password=PASSWORD
        )

    assert response.status_code == 200
    new = [code.replace(" ", "") for code in RECOVERY_CODE_SHOWN.findall(response.content.decode())]
    assert len(new) == 10 and not set(new) & set(old)
    assert "New recovery codes: the ones before no longer work." in main_text(response)
    [notice] = mailoutbox
    assert notice.subject == "New recovery codes for your Rapport account"
    later = SOON + dt.timedelta(minutes=1)
    with time_machine.travel(later, tick=False):
        browser = Client()
        _password_step(browser)
        assert _code_step(browser, old[0]).status_code == 422
        assert _code_step(browser, new[0]).status_code == 302


def test_new_recovery_codes_need_the_apps_code_and_the_password(ana):
    key, old = _on(ana)
    client = _signed_in(ana)
    with time_machine.travel(SOON, tick=False):
        recovery = _account_form(client, "recovery_codes", code=old[0], current_password=PASSWORD)
        password = _account_form(
            client, "recovery_codes", code=code_now(key, SOON), current_password="nope"
        )
    assert recovery.status_code == 422
    assert recovery.context["recovery_codes_form"].errors == {
        "code": ["A code is 6 digits; this is 12 characters long."]
    }
    assert password.status_code == 422
    assert RecoveryCode.objects.filter(two_step__member=ana).count() == 10


def test_turning_it_off_with_a_code_or_a_recovery_code(
    ana, ben, django_capture_on_commit_callbacks, mailoutbox
):
    ana_key, _ = _on(ana)
    _ben_key, ben_codes = _on(ben)
    with time_machine.travel(SOON, tick=False), django_capture_on_commit_callbacks(execute=True):
        wrong = _account_form(
            _signed_in(ana), "two_step_off", code=_not(ana_key, SOON), current_password=PASSWORD
        )
        by_code = _account_form(
            _signed_in(ana), "two_step_off", code=code_now(ana_key, SOON), current_password=PASSWORD
        )
        by_recovery = _account_form(
            _signed_in(ben), "two_step_off", code=ben_codes[3], current_password=PASSWORD
        )

    assert wrong.status_code == 422
    assert "That code is not right" in main_text(wrong)
    assert by_code.status_code == 302 and by_recovery.status_code == 302
    assert not TwoStep.objects.exists()
    assert not RecoveryCode.objects.exists()
    assert [mail.subject for mail in mailoutbox] == [
        "Two-step sign-in is off for your Rapport account"
    ] * 2
    assert "Off: logging in asks for your password only." in main_text(
        _signed_in(ana).get(reverse("account_settings"))
    )
    browser = Client()
    assert _password_step(browser).status_code == 302
    assert _signed_in_as(browser) == str(ana.pk)


def test_turning_off_what_is_already_off_says_so(ana):
    response = _account_form(
        _signed_in(ana), "two_step_off", code="123456", current_password=PASSWORD
    )
    assert response.status_code == 409
    assert "Two-step sign-in is off for your account." in main_text(response)


# --- a reset password does not skip the code ------------------------------------------


def test_a_password_reset_link_does_not_skip_the_second_step(
    ana, django_capture_on_commit_callbacks, mailoutbox
):
    key, _codes = _on(ana)
    browser = Client()
    with time_machine.travel(SOON, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            browser.post(reverse("password_reset"), {"email": "ana@example.org"})
        [link] = RESET_LINK.findall(mailoutbox[-1].body)
        form_url = browser.get(link)["Location"]
        done = browser.post(
            form_url, {"new_password": NEW_PASSWORD, "new_password_again": NEW_PASSWORD}
        )
        assert done.status_code == 302
        assert _signed_in_as(browser) is None  # the reset signs nobody in

        password = _password_step(browser, password=NEW_PASSWORD)
        assert password["Location"] == reverse("login_two_step")
        assert _signed_in_as(browser) is None
        assert _code_step(browser, code_now(key, SOON)).status_code == 302
    assert _signed_in_as(browser) == str(ana.pk)
    assert TwoStep.objects.get(member=ana).is_on


# --- the API ---------------------------------------------------------------------------


def test_the_api_says_whether_it_is_on_and_never_shows_the_key(ana, api_as):
    api = api_as(ana)
    assert api.get("/me/two-step").json() == {
        "enabled": False,
        "enabled_at": None,
        "recovery_codes_left": None,
    }
    key, codes = _on(ana)
    response = api.get("/me/two-step")
    assert response.json() == {
        "enabled": True,
        "enabled_at": "2026-06-01T09:00:00Z",
        "recovery_codes_left": 10,
    }
    body = response.content.decode() + api.get("/me").content.decode()
    assert key not in body and codes[0] not in body


def test_a_token_for_an_account_with_two_step_sign_in_needs_a_code(ana, anonymous):
    _token, existing = api_token_create(member=ana, label="made before")
    key, codes = _on(ana)
    body = {"username": "ana", "password": PASSWORD}
    with time_machine.travel(SOON, tick=False):
        without = anonymous.post("/token", body)
        wrong = anonymous.post("/token", {**body, "code": _not(key, SOON)})
        right = anonymous.post("/token", {**body, "code": code_now(key, SOON)})
        recovery = anonymous.post("/token", {**body, "code": codes[0]})
        wrong_password = anonymous.post("/token", {**body, "password": "no", "code": codes[1]})

    assert without.status_code == 401
    assert without.json()["code"] == "two_step_required"
    assert wrong.status_code == 422
    assert wrong.json()["field"] == "code"
    assert right.status_code == 201 and recovery.status_code == 201
    assert wrong_password.status_code == 401  # the code is not even looked at
    assert RecoveryCode.objects.filter(two_step__member=ana, used_at__isnull=True).count() == 9
    # Tokens made before it was turned on keep working, as they are separate credentials.
    assert Client(headers={"Authorization": f"Bearer {existing}"}).get("/api/me").status_code == 200


def test_wrong_codes_through_the_api_share_the_pages_count(ana, anonymous):
    key, _codes = _on(ana)
    body = {"username": "ana", "password": PASSWORD}
    with time_machine.travel(SOON, tick=False):
        for _ in range(TWO_STEP_PER_MEMBER):
            assert anonymous.post("/token", {**body, "code": _not(key, SOON)}).status_code == 422
        refused = anonymous.post("/token", {**body, "code": code_now(key, SOON)})
        browser = Client()
        _password_step(browser)
        page = _code_step(browser, code_now(key, SOON))
    assert refused.status_code == 429
    assert refused.json()["code"] == "two_step_throttled"
    assert "retry_at" in refused.json()
    assert page.status_code == 429


# --- the member's data: exported without secrets, erased with the account ---------------


def test_the_export_says_it_is_on_and_holds_neither_the_key_nor_a_code(ana):
    key, codes = _on(ana)

    export = member_data_export(member=ana)

    [row] = export["records"]["members.TwoStep"]
    assert "secret" not in row
    assert row["confirmed_at"] is not None
    text = json.dumps(export, default=str)
    assert key not in text
    assert not any(code in text for code in codes)
    assert not any(recovery_code_digest(code) in text for code in codes)
    assert "members.RecoveryCode" not in export["records"]


def test_deleting_the_account_erases_its_two_step_sign_in(ana):
    key, _codes = _on(ana)
    with time_machine.travel(SOON, tick=False):
        browser = Client()
        _password_step(browser)
        _code_step(browser, _not(key, SOON))
    assert TwoStepFailure.objects.filter(member=ana).exists()

    member_delete(member=ana, password=PASSWORD)

    assert not TwoStep.objects.exists()
    assert not RecoveryCode.objects.exists()
    assert not TwoStepFailure.objects.exists()


# --- the admin ---------------------------------------------------------------------------


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", password="x" * 12, name="Root")


def test_a_superuser_turns_it_off_for_a_locked_out_member_and_the_admin_journal_says_so(
    ana, superuser, django_capture_on_commit_callbacks, mailoutbox
):
    _on(ana)
    admin_browser = _signed_in(superuser)
    page = admin_browser.get(reverse("admin:members_member_change", args=[ana.pk]))
    assert "On since 01 Jun 2026; 10 recovery codes unused" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_browser.post(
            reverse("admin:members_member_changelist"),
            {"action": "two_step_turn_off", "_selected_action": [ana.pk]},
        )

    assert response.status_code == 302
    assert not TwoStep.objects.filter(member=ana).exists()
    entry = LogEntry.objects.get(object_id=str(ana.pk))
    assert entry.user == superuser
    assert entry.action_flag == CHANGE
    assert entry.get_change_message() == "Turned off two-step sign-in."
    [notice] = mailoutbox
    assert notice.to == ["ana@example.org"]
    assert "An administrator of your Rapport turned off two-step sign-in" in notice.body


def test_staff_who_are_not_superusers_cannot_turn_it_off(ana, django_user_model):
    _on(ana)
    moderator = django_user_model.objects.create_user(
        "moderator", password="x" * 12, name="Mo", is_staff=True
    )
    moderator.user_permissions.add(*_member_permissions())
    browser = _signed_in(moderator)

    listing = browser.get(reverse("admin:members_member_changelist"))
    browser.post(
        reverse("admin:members_member_changelist"),
        {"action": "two_step_turn_off", "_selected_action": [ana.pk]},
    )

    assert listing.status_code == 200
    assert "two_step_turn_off" not in listing.content.decode()
    assert TwoStep.objects.get(member=ana).is_on


def _member_permissions():
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(content_type__app_label="members", codename__endswith="member")


def test_the_admins_own_log_in_page_does_not_skip_the_second_step(django_user_model):
    staff = django_user_model.objects.create_superuser("root", password=PASSWORD, name="Root")
    _on(staff)
    browser = Client()

    response = browser.post(
        reverse("admin:login"), {"username": "root", "password": PASSWORD, "next": "/admin/"}
    )

    assert response.status_code == 200
    assert "This account signs in in two steps" in response.content.decode()
    assert _signed_in_as(browser) is None


# --- queries ---------------------------------------------------------------------------


def test_the_code_page_reads_its_session_and_the_member_whose_password_was_checked(ana):
    """Two queries: the session (no member signed in yet), and the member the password
    was checked for, to see it is still their password."""
    _on(ana)
    browser = Client()
    _password_step(browser)
    assert page_queries(browser, reverse("login_two_step"), at_most=2) == 2


def test_the_account_page_costs_the_same_with_two_step_sign_in_on(ana):
    """Four queries, as with it off (test_account_settings.py): two-step sign-in and
    its unused recovery codes are one query."""
    client = _signed_in(ana)
    _on(ana)
    assert page_queries(client, reverse("account_settings"), at_most=4) == 4
    _account_form(client, "two_step_begin", action="cancel")  # changes nothing while on
    assert page_queries(client, reverse("account_settings"), at_most=4) == 4
