"""Forgot your password? Four pages, open to everyone, in Django's order:

1. ``/password-reset/``: the email address; the link is mailed by the worker
   (``members.services.password_reset_request``), requests are throttled;
2. ``/password-reset/sent/``: the same page whether or not an account has the address;
3. ``/password-reset/<uidb64>/<token>/``: Django's ``PasswordResetConfirmView``, which
   checks the link and moves the token into the session (so it never sits in an
   address a page could leak), then asks for the new password;
4. ``/password-reset/done/``: set, signed out everywhere, and a link to log in.

Django's own request view sends the mail while the visitor waits, and only when an
account has the address, which the time taken would tell; ours enqueues the same
work either way.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_protect
from django.views.generic import FormView
from django.views.generic.base import ContextMixin

from rapport.errors import BudgetExceeded, RapportError
from rapport.members.account_mail import password_reset_valid_for
from rapport.members.forms import PasswordResetRequestForm, PasswordResetSetForm
from rapport.members.models import Member
from rapport.members.services import member_password_reset, password_reset_request
from rapport.safety.throttle import client_ip
from rapport.web.form_errors import show_error


class _ValidFor(ContextMixin):
    """Every reset page says how long a link works, from the setting."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["valid_for"] = password_reset_valid_for()
        return context


@method_decorator(csrf_protect, name="dispatch")
class PasswordResetRequestView(_ValidFor, FormView[PasswordResetRequestForm]):
    form_class = PasswordResetRequestForm
    template_name = "members/password_reset.html"
    success_url = reverse_lazy("password_reset_sent")

    def form_valid(self, form: PasswordResetRequestForm) -> HttpResponse:
        try:
            password_reset_request(
                email=form.cleaned_data["email"],
                ip=client_ip(self.request),
                domain=self.request.get_host(),
                use_https=self.request.is_secure(),
            )
        except BudgetExceeded as error:
            show_error(form, error)
            response = self.render_to_response(self.get_context_data(form=form), status=429)
            response["Retry-After"] = error.retry_after()
            return response
        return HttpResponseRedirect(self.get_success_url())

    def form_invalid(self, form: PasswordResetRequestForm) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=422)


class PasswordResetSentView(_ValidFor, auth_views.PasswordResetDoneView):
    template_name = "members/password_reset_sent.html"


class PasswordResetSetView(_ValidFor, auth_views.PasswordResetConfirmView):
    """Django's checks of the link; our form, and the password set by the service."""

    form_class = PasswordResetSetForm  # type: ignore[assignment]  # django-stubs wants a SetPasswordForm; Django takes any form given ``user``
    template_name = "members/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form: PasswordResetSetForm) -> HttpResponse:  # type: ignore[override]  # as form_class
        # Django's dispatch shows the form only for a valid link, which named a member.
        member = cast(Member, self.user)
        try:
            member_password_reset(
                member=member,
                new_password=form.cleaned_data["new_password"],
                new_password_again=form.cleaned_data["new_password_again"],
            )
        except RapportError as error:
            show_error(form, error)
            return self.form_invalid(form)
        # The service ended the member's sessions; this browser is signed out too, and
        # its session (which held the link's token) goes with it.
        logout(self.request)
        return HttpResponseRedirect(self.get_success_url())

    def form_invalid(self, form: PasswordResetSetForm) -> HttpResponse:  # type: ignore[override]  # as form_class
        return self.render_to_response(self.get_context_data(form=form), status=422)


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "members/password_reset_complete.html"
