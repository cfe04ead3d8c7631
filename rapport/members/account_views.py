"""Your data and your account: download everything, or delete everything.

Both live on the privacy page (/safety/). Deleting asks for the password again,
because it cannot be undone and a borrowed, signed-in laptop should not be enough.
"""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from rapport.errors import BudgetExceeded, RapportError
from rapport.members.data_export import member_data_export
from rapport.members.services import member_delete
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
