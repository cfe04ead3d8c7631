"""Your account: its email address, password and two-step sign-in (the Account
page), your data, and deleting everything.

The Account page (/settings/account/) changes the address or the password, each
with the password you have: a borrowed, signed-in laptop should not be enough to take
the account over. Two-step sign-in is set up, renewed and turned off there too
(``two_step_views``); "Where you're signed in" lists the member's browsers, with a
"Sign out" for each other one (``session_views``). A new address waits, shown there
with "send it again" and "cancel", until the link mailed to it is opened
(``email_confirm``). Download and deletion live
on the privacy page (/safety/), which the Account page links to. Deleting asks for the password again, because it
cannot be undone.
"""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode

from rapport.errors import BudgetExceeded, RapportError
from rapport.members.account_mail import email_confirmation_valid_for
from rapport.members.data_export import member_data_export
from rapport.members.email_confirmation import LinkState, email_confirmation_link_state
from rapport.members.forms import EmailChangeForm, EmailPendingForm, PasswordChangeForm
from rapport.members.models import Member
from rapport.members.selectors import email_pending_of
from rapport.members.services import (
    member_delete,
    member_email_change,
    member_email_change_cancel,
    member_email_confirm,
    member_email_confirmation_resend,
    member_password_change,
)
from rapport.members.session_views import SESSION_CHANGES, sessions_context
from rapport.members.two_step_views import (
    TWO_STEP_CHANGES,
    AccountChange,
    RecoveryCodesShown,
    two_step_context,
)
from rapport.safety.throttle import client_ip
from rapport.typed_requests import MemberRequest
from rapport.web.form_errors import show_error


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        strip=False,
        required=False,
        label="Your password",
        help_text="To be sure it is you. This cannot be undone.",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


def _account_page(
    request: MemberRequest,
    *,
    bound: dict[str, forms.Form] | None = None,
    recovery_codes: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The page, with ``bound`` (a form sent back with its errors, by its ``form``
    name) in place of the empty one, and ``recovery_codes`` just made, if any.

    Never cached (``no-store``): it may show the two-step key being set up or recovery
    codes, which are as good as the phone, and it lists where the member is signed in;
    none of it should wait in a shared computer's cache or behind its back button."""
    member = request.user
    bound = bound or {}
    pending = email_pending_of(member=member)
    page = render(
        request,
        "members/account_settings.html",
        {
            # Each form its own ids: several have a "current_password" field.
            "email_form": bound.get("email")
            or EmailChangeForm(initial={"email": member.email}, auto_id="id_email_%s"),
            "password_form": bound.get("password") or PasswordChangeForm(auto_id="id_password_%s"),
            "pending": pending,
            "pending_expired": pending is not None and pending.expires_at() <= timezone.now(),
            "email_pending_form": bound.get("email_pending"),
            **two_step_context(member, bound=bound, recovery_codes=recovery_codes),
            **sessions_context(request, bound=bound),
            "nav_current": "account",
        },
        status=status,
    )
    patch_cache_control(page, no_store=True)
    return page


def _until_then(member: Member) -> str:
    if member.email:
        return f"Until then your mail still goes to {member.email}."
    return "Until then your account has no email address."


def _email_change(request: MemberRequest, data: dict[str, Any]) -> str:
    member = request.user
    pending = member_email_change(
        member=member,
        email=data["email"],
        current_password=data["current_password"],
        ip=client_ip(request),
        domain=request.get_host(),
        use_https=request.is_secure(),
    )
    if pending is not None:
        return (
            f"We sent a link to {pending.email}: open it within "
            f"{email_confirmation_valid_for()} to make it your address. {_until_then(member)}"
        )
    if member.email:
        return f"Your email address stays {member.email}."
    return "Your account has no email address now: no digest, reminders or reset links."


def _email_pending(request: MemberRequest, data: dict[str, Any]) -> str:
    member = request.user
    if data["action"] == "cancel":
        member_email_change_cancel(member=member)
        if member.email:
            return f"Cancelled: your email address stays {member.email}."
        return "Cancelled: your account still has no email address."
    pending = member_email_confirmation_resend(
        member=member, domain=request.get_host(), use_https=request.is_secure()
    )
    return f"We sent a new link to {pending.email}; the one before no longer works."


def _password_change(request: MemberRequest, data: dict[str, Any]) -> str:
    member = member_password_change(
        member=request.user,
        current_password=data["current_password"],
        new_password=data["new_password"],
        new_password_again=data["new_password_again"],
        ip=client_ip(request),
        keep_session_key=request.session.session_key,
    )
    # This session stays signed in, under a new key; every other one has ended.
    update_session_auth_hash(request, member)
    return (
        "Your password is changed. You are still signed in here; everywhere else you "
        "were signed in, you are signed out. Your API tokens still work."
    )


# The Account page's forms, by the hidden ``form`` field each sends: the form, the id
# prefix that keeps its fields apart from the others', and the change it asks for,
# which answers what to say (then the page is shown again, fresh) or recovery codes to
# show in this response only.
_CHANGES: dict[str, tuple[type[forms.Form], str, AccountChange]] = {
    "email": (EmailChangeForm, "id_email_%s", _email_change),
    "email_pending": (EmailPendingForm, "id_email_pending_%s", _email_pending),
    "password": (PasswordChangeForm, "id_password_%s", _password_change),
    **TWO_STEP_CHANGES,
    **SESSION_CHANGES,
}


@login_required
def account_settings(request: MemberRequest) -> HttpResponse:
    """Change the email address, the password or two-step sign-in; the hidden ``form``
    field says which."""
    if request.method != "POST":
        return _account_page(request)
    which = request.POST.get("form", "")
    if which not in _CHANGES:
        return _account_page(request, status=400)
    form_class, auto_id, change = _CHANGES[which]
    form = form_class(request.POST, auto_id=auto_id)
    bound = {which: form}
    if not form.is_valid():
        return _account_page(request, bound=bound, status=422)
    try:
        said = change(request, form.cleaned_data)
    except RapportError as error:
        show_error(form, error)
        page = _account_page(request, bound=bound, status=error.status)
        if isinstance(error, BudgetExceeded):
            page["Retry-After"] = error.retry_after()
        return page
    if isinstance(said, RecoveryCodesShown):
        messages.success(request, said.message)
        return _account_page(request, recovery_codes=said.codes)  # never cached
    messages.success(request, said)
    return redirect("account_settings")


def _link_member_id(uidb64: str) -> int | None:
    try:
        return int(force_str(urlsafe_base64_decode(uidb64)))
    except (ValueError, OverflowError):
        return None


@login_required
def email_confirm(request: MemberRequest, uidb64: str, token: str) -> HttpResponse:
    """The link mailed to a new address: a page to confirm it, then the change.

    Signed in, as the account the link was sent for (``member_email_confirm`` says
    why). Opening the link shows a button; only pressing it (a POST) changes the
    address, so a mail scanner that follows links cannot confirm one for the member.
    A link a newer change replaced says so; any other dead link shows why links die,
    whoever opens it. The page's requests name the site, never its address, which
    holds the token: ``strict-origin``, not ``no-referrer``, under which a browser posts
    the Confirm button with ``Origin: null`` and the CSRF check refuses it.
    """
    member = request.user
    context: dict[str, Any] = {"valid_for": email_confirmation_valid_for()}
    link_member_id = _link_member_id(uidb64)
    status = 200
    if link_member_id != member.pk:
        context["state"] = "dead" if link_member_id is None else "other_account"
    elif request.method == "POST":
        # The address it had, told of the change; a first address replaces none.
        context["previous_email"] = member.email
        try:
            member = member_email_confirm(member=member, token=token)
        except RapportError as error:
            replaced = error.code == "email_link_replaced"
            context["state"] = LinkState.REPLACED if replaced else LinkState.DEAD
            status = error.status
        else:
            context["state"] = "confirmed"
    else:
        pending = email_pending_of(member=member)
        context.update(
            state=email_confirmation_link_state(member=member, pending=pending, token=token),
            pending=pending,
        )
    response = render(request, "members/email_confirm.html", context, status=status)
    response["Referrer-Policy"] = "strict-origin"
    return response


def export_filename(username: str) -> str:
    return f"rapport-{username}-{timezone.now():%Y-%m-%d}.json"


@login_required
def account_export(request: MemberRequest) -> HttpResponse:
    """Everything about you that you may see, as one JSON file."""
    data = member_data_export(member=request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{export_filename(request.user.username)}"'
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def account_delete(request: MemberRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            member_delete(
                member=request.user,
                password=form.cleaned_data["password"],
                ip=client_ip(request),
            )
        except RapportError as error:
            show_error(form, error)
            status = error.status
            if isinstance(error, BudgetExceeded):
                response = render(
                    request, "members/account_delete.html", {"form": form}, status=status
                )
                response["Retry-After"] = error.retry_after()
                return response
        else:
            logout(request)
            messages.success(request, "Your account and everything about you are deleted.")
            return redirect("home")
    return render(
        request,
        "members/account_delete.html",
        {"form": form, "nav_current": "safety"},
        status=status,
    )
