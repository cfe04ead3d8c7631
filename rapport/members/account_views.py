"""Your account: its email address and password (the Account page), your data, and
deleting everything.

The Account page (/settings/account/) changes the address or the password, each
with the password you have: a borrowed, signed-in laptop should not be enough to take
the account over. Download and deletion live on the privacy page (/safety/).
Deleting asks for the password again, because it cannot be undone.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

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


def _email_change(request: HttpRequest, data: dict[str, Any]) -> str:
    member = member_email_change(
        member=request.user,
        email=data["email"],
        current_password=data["current_password"],
        ip=client_ip(request),
    )
    if member.email:
        return f"Your email address is now {member.email}."
    return "Your account has no email address now: no digest, reminders or reset links."


def _password_change(request: HttpRequest, data: dict[str, Any]) -> str:
    member = member_password_change(
        member=request.user,
        current_password=data["current_password"],
        new_password=data["new_password"],
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
# prefix that keeps its fields apart from the other's, and the change it asks for.
_CHANGES: dict[str, tuple[type[forms.Form], str, Callable[[HttpRequest, dict[str, Any]], str]]] = {
    "email": (EmailChangeForm, "id_email_%s", _email_change),
    "password": (PasswordChangeForm, "id_password_%s", _password_change),
}


@login_required
def account_settings(request: HttpRequest) -> HttpResponse:
    """Change the email address or the password; the hidden ``form`` field says which."""
    if request.method != "POST":
        return _account_page(request)
    which = request.POST.get("form", "")
    if which not in _CHANGES:
        return _account_page(request, status=400)
    form_class, auto_id, change = _CHANGES[which]
    form = form_class(request.POST, auto_id=auto_id)
    shown = {f"{which}_form": form}
    if not form.is_valid():
        return _account_page(request, **shown, status=422)  # type: ignore[arg-type]
    try:
        said = change(request, form.cleaned_data)
    except RapportError as error:
        show_error(form, error)
        page = _account_page(request, **shown, status=error.status)  # type: ignore[arg-type]
        if isinstance(error, BudgetExceeded):
            page["Retry-After"] = error.retry_after()
        return page
    messages.success(request, said)
    return redirect("account_settings")


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
