"""Two-step sign-in in the browser: the second step of logging in, and the Account
page's part that turns it on and off.

After the right password, a member with two-step sign-in on is not signed in yet
(``RapportLoginView``). Their session, under a new key, holds only that a password
was checked: whose, a hash of that password (a reset or a change meanwhile ends it,
as it ends sessions), the backend that checked it, where the member was going, and
until when (``PASSWORD_CHECKED_FOR``). Every page but the code page still sees a
visitor who is not signed in, and the code page shows nothing of the member, not even
their name. The right code signs in with Django's ``login`` (a new session key and
CSRF token again); a wrong one is named beside the field and counted, per account and
per address (``rapport.safety.throttle``: 429 with Retry-After past the limit).

On the Account page: "Set up" makes a key (``member_two_step_begin``), shown as a QR
code and as text until a code made from it is typed back with the password; then the
ten recovery codes are shown, in that response only. New recovery codes ask for the
password and a code from the app; turning it off, the password and a code from the
app or a recovery code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe

from rapport.errors import BudgetExceeded, RapportError
from rapport.members.forms import (
    RecoveryCodesForm,
    TwoStepBeginForm,
    TwoStepCodeForm,
    TwoStepConfirmForm,
    TwoStepOffForm,
)
from rapport.members.models import Member, TwoStep
from rapport.members.selectors import two_step_of
from rapport.members.services import (
    member_recovery_codes_renew,
    member_two_step_begin,
    member_two_step_confirm,
    member_two_step_disable,
    member_two_step_setup_cancel,
    member_two_step_sign_in,
)
from rapport.members.two_step_codes import (
    RECOVERY_CODES,
    provisioning_uri,
    qr_code_svg,
    recovery_code_grouped,
    secret_grouped,
)
from rapport.safety.throttle import client_ip
from rapport.typed_requests import MemberRequest
from rapport.web.form_errors import show_error

PASSWORD_CHECKED = "rapport_password_checked"
# Time to open the app and type a code, not to leave a half-open door.
PASSWORD_CHECKED_FOR = dt.timedelta(minutes=5)


# --- the second step of logging in -------------------------------------------------


def password_checked_remember(request: HttpRequest, member: Member, *, next_url: str) -> None:
    """The right password was typed for ``member`` (authenticated by a backend, as
    Django's ``authenticate`` returns them): remember it in the session, under a new
    key, until the code is typed or ``PASSWORD_CHECKED_FOR`` passes."""
    request.session.cycle_key()
    request.session[PASSWORD_CHECKED] = {
        "member_id": member.pk,
        "password_hash": member.get_session_auth_hash(),
        "backend": member.backend,
        "next": next_url,
        "until": (timezone.now() + PASSWORD_CHECKED_FOR).isoformat(),
    }


def password_checked_forget(request: HttpRequest) -> None:
    """A sign-in that needs no code: a password checked earlier in this session (for
    another account, left at its code) no longer counts."""
    request.session.pop(PASSWORD_CHECKED, None)


def _password_checked(request: HttpRequest) -> tuple[Member, dict[str, Any]] | None:
    """Whose password this session checked, while it still counts: within the time,
    for an active member whose password is still the one checked."""
    state = request.session.get(PASSWORD_CHECKED)
    if not isinstance(state, dict):
        return None
    if dt.datetime.fromisoformat(state["until"]) <= timezone.now():
        return None
    member = Member.objects.filter(pk=state["member_id"], is_active=True).first()
    if member is None or not constant_time_compare(
        member.get_session_auth_hash(), state["password_hash"]
    ):
        return None
    return member, state


def _safe_next(request: HttpRequest, url: str) -> str:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return str(settings.LOGIN_REDIRECT_URL)


def login_two_step(request: HttpRequest) -> HttpResponse:
    """The code after the password. Without a password checked in the last few minutes
    it sends the visitor back to the log-in page, saying why when the time ran out."""
    if request.user.is_authenticated:
        return redirect("home")
    checked = _password_checked(request)
    if checked is None:
        if PASSWORD_CHECKED in request.session:
            del request.session[PASSWORD_CHECKED]
            minutes = int(PASSWORD_CHECKED_FOR.total_seconds() // 60)
            messages.info(
                request,
                f"More than {minutes} minutes passed after your password, or it changed: "
                "log in again.",
            )
        return redirect("login")
    member, state = checked
    form = TwoStepCodeForm(request.POST or None)
    status = 200
    retry_after = None
    if request.method == "POST" and form.is_valid():
        try:
            kind = member_two_step_sign_in(
                member=member, code=form.cleaned_data["code"], ip=client_ip(request)
            )
        except RapportError as error:
            show_error(form, error)
            status = error.status
            if isinstance(error, BudgetExceeded):
                retry_after = error.retry_after()
        else:
            del request.session[PASSWORD_CHECKED]
            login(request, member, backend=state["backend"])
            if kind == "recovery":
                messages.info(
                    request,
                    "You signed in with a recovery code; it will not work again. "
                    "Make new ones on the Account page if few are left.",
                )
            return redirect(_safe_next(request, state["next"]))
    response = render(request, "members/login_two_step.html", {"form": form}, status=status)
    if retry_after is not None:
        response["Retry-After"] = retry_after
    return response


# --- the Account page's part ---------------------------------------------------------


@dataclass(frozen=True)
class RecoveryCodesShown:
    """What a change answers when it made recovery codes: the page shows them in this
    response, the only time they are ever shown."""

    message: str
    codes: list[str]


def two_step_begin(request: MemberRequest, data: dict[str, Any]) -> str:
    if data["action"] == "cancel":
        member_two_step_setup_cancel(member=request.user)
        return "Cancelled: two-step sign-in stays off."
    member_two_step_begin(member=request.user)
    return (
        "Add the key below to your authenticator app, then type the code it shows to "
        "turn two-step sign-in on."
    )


def two_step_confirm(request: MemberRequest, data: dict[str, Any]) -> RecoveryCodesShown:
    sign_out_others = bool(data.get("sign_out_others"))
    codes = member_two_step_confirm(
        member=request.user,
        code=data["code"],
        current_password=data["current_password"],
        ip=client_ip(request),
        sign_out_others=sign_out_others,
        keep_session_key=request.session.session_key,
    )
    elsewhere = " Every other device was signed out." if sign_out_others else ""
    return RecoveryCodesShown(
        "Two-step sign-in is on: from now on, logging in asks for a code from your app "
        f"after your password.{elsewhere}",
        codes,
    )


def recovery_codes_renew(request: MemberRequest, data: dict[str, Any]) -> RecoveryCodesShown:
    codes = member_recovery_codes_renew(
        member=request.user,
        code=data["code"],
        current_password=data["current_password"],
        ip=client_ip(request),
    )
    return RecoveryCodesShown("New recovery codes: the ones before no longer work.", codes)


def two_step_off(request: MemberRequest, data: dict[str, Any]) -> str:
    member_two_step_disable(
        member=request.user,
        code=data["code"],
        current_password=data["current_password"],
        ip=client_ip(request),
    )
    return "Two-step sign-in is off: logging in asks for your password only."


# A change the Account page asks for: what to say, or recovery codes to show.
AccountChange = Callable[[MemberRequest, dict[str, Any]], "str | RecoveryCodesShown"]

# The Account page's two-step forms, by the hidden ``form`` field each sends, as
# ``account_views`` lists its own: the form, its id prefix, and the change.
TWO_STEP_CHANGES: dict[str, tuple[type[forms.Form], str, AccountChange]] = {
    "two_step_begin": (TwoStepBeginForm, "id_two_step_begin_%s", two_step_begin),
    "two_step_confirm": (TwoStepConfirmForm, "id_two_step_confirm_%s", two_step_confirm),
    "recovery_codes": (RecoveryCodesForm, "id_recovery_codes_%s", recovery_codes_renew),
    "two_step_off": (TwoStepOffForm, "id_two_step_off_%s", two_step_off),
}


def _shown(bound: dict[str, forms.Form], name: str) -> forms.Form:
    form_class, auto_id, _change = TWO_STEP_CHANGES[name]
    return bound.get(name) or form_class(auto_id=auto_id)


def two_step_context(
    member: Member, *, bound: dict[str, forms.Form], recovery_codes: list[str] | None
) -> dict[str, Any]:
    """What the Account page shows of two-step sign-in, in one query: off (a button),
    being set up (the key, as a QR code and as text, and the form that confirms it), or
    on (since when, recovery codes left, and the forms to renew them or turn it off).
    ``bound`` holds a form sent back with its errors; an error that belongs to no form
    now shown (it was turned off elsewhere meanwhile) is shown above the section."""
    two_step: TwoStep | None = two_step_of(member=member)
    context: dict[str, Any] = {
        "two_step": two_step,
        "recovery_codes_made": RECOVERY_CODES,
        "recovery_codes": [recovery_code_grouped(code) for code in recovery_codes or []],
    }
    if two_step is None:
        shown = {"two_step_begin"}
    elif not two_step.is_on:
        shown = {"two_step_begin", "two_step_confirm"}
        uri = provisioning_uri(two_step.secret, username=member.get_username())
        context.update(
            two_step_key=secret_grouped(two_step.secret),
            # Made here from the key alone (segno escapes the title): nothing typed by
            # anyone reaches the markup.
            two_step_qr=mark_safe(  # noqa: S308
                qr_code_svg(uri, title="QR code of the key, for your authenticator app")
            ),
        )
    else:
        shown = {"recovery_codes", "two_step_off"}
    for name in shown - {"two_step_begin"}:
        context[f"{name}_form"] = _shown(bound, name)
    context["two_step_begin_form"] = bound.get("two_step_begin")
    unshown = [
        form for name, form in bound.items() if name in TWO_STEP_CHANGES and name not in shown
    ]
    context["two_step_errors"] = [error for form in unshown for error in form.non_field_errors()]
    return context
