"""Your account: its email address and password (the Account page), your data, and
deleting everything.

The Account page (/settings/account/) changes the address or the password, each
with the password you have: a borrowed, signed-in laptop should not be enough to take
the account over. Download and deletion live on the privacy page (/safety/).
Deleting asks for the password again, because it cannot be undone.
"""

from __future__ import annotations

import json
import math

from django import forms
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from rapport.errors import BudgetExceeded, RapportError
from rapport.members.data_export import member_data_export
from rapport.members.forms import EmailChangeForm, PasswordChangeForm
from rapport.members.services import member_delete, member_email_change, member_password_change
from rapport.safety.throttle import client_ip
from rapport.web.form_errors import show_error


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        strip=False,
        required=False,
        label="Your password",
        help_text="To be sure it is you. This cannot be undone.",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


def _retry_after(response: HttpResponse, error: RapportError) -> HttpResponse:
    """A throttle's refusal says, in seconds, when to try again."""
    if isinstance(error, BudgetExceeded):
        wait = (error.retry_at - timezone.now()).total_seconds()
        response["Retry-After"] = str(max(0, math.ceil(wait)))
    return response


def _account_page(
    request: HttpRequest,
    *,
    email_form: EmailChangeForm | None = None,
    password_form: PasswordChangeForm | None = None,
    status: int = 200,
) -> HttpResponse:
    member = request.user
    return render(
        request,
        "members/account_settings.html",
        {
            # Each form its own ids: both have a "current_password" field.
            "email_form": email_form
            or EmailChangeForm(initial={"email": member.email}, auto_id="id_email_%s"),
            "password_form": password_form or PasswordChangeForm(auto_id="id_password_%s"),
            "nav_current": "account",
        },
        status=status,
    )


@login_required
def account_settings(request: HttpRequest) -> HttpResponse:
    """Change the email address or the password; the hidden ``form`` field says which."""
    if request.method != "POST":
        return _account_page(request)
    member = request.user
    which = request.POST.get("form")
    if which == "email":
        email_form = EmailChangeForm(request.POST, auto_id="id_email_%s")
        if not email_form.is_valid():
            return _account_page(request, email_form=email_form, status=422)
        try:
            member_email_change(
                member=member,
                email=email_form.cleaned_data["email"],
                current_password=email_form.cleaned_data["current_password"],
                ip=client_ip(request),
            )
        except RapportError as error:
            show_error(email_form, error)
            page = _account_page(request, email_form=email_form, status=error.status)
            return _retry_after(page, error)
        if member.email:
            messages.success(request, f"Your email address is now {member.email}.")
        else:
            messages.success(
                request,
                "Your account has no email address now: no digest, reminders or reset links.",
            )
        return redirect("account_settings")
    if which == "password":
        password_form = PasswordChangeForm(request.POST, auto_id="id_password_%s")
        if not password_form.is_valid():
            return _account_page(request, password_form=password_form, status=422)
        try:
            member_password_change(
                member=member,
                current_password=password_form.cleaned_data["current_password"],
                new_password=password_form.cleaned_data["new_password"],
                ip=client_ip(request),
                keep_session_key=request.session.session_key,
            )
        except RapportError as error:
            show_error(password_form, error)
            page = _account_page(request, password_form=password_form, status=error.status)
            return _retry_after(page, error)
        # This session stays signed in, under a new key; every other one has ended.
        update_session_auth_hash(request, member)
        messages.success(
            request,
            "Your password is changed. You are still signed in here; everywhere else you "
            "were signed in, you are signed out. Your API tokens still work.",
        )
        return redirect("account_settings")
    return _account_page(request, status=400)


def export_filename(username: str) -> str:
    return f"rapport-{username}-{timezone.now():%Y-%m-%d}.json"


@login_required
def account_export(request: HttpRequest) -> HttpResponse:
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
def account_delete(request: HttpRequest) -> HttpResponse:
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
                retry = max(0, int((error.retry_at - timezone.now()).total_seconds()))
                response = render(
                    request, "members/account_delete.html", {"form": form}, status=status
                )
                response["Retry-After"] = str(retry)
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
