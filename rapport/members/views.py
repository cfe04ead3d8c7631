"""Pages about members: sign-up, log-in, profiles, search and API tokens.

Thin on purpose: each view reads a form, calls a service or selector, and shows the
service's error beside the field it names (``show_error``).
"""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_POST

from rapport.conversations.selectors import conversation_with
from rapport.errors import BudgetExceeded, RapportError
from rapport.members.account_mail import email_confirmation_valid_for
from rapport.members.forms import ProfileForm, SignupForm, TokenForm
from rapport.members.selectors import (
    SEARCH_LIMIT,
    api_tokens_of,
    email_pending_of,
    member_get,
    member_search,
    two_step_required,
)
from rapport.members.services import (
    PROFILE_FIELDS,
    api_token_create,
    api_token_revoke,
    member_signup,
    member_update_profile,
)
from rapport.members.time_zones import time_zone_of_browser
from rapport.members.two_step_views import password_checked_forget, password_checked_remember
from rapport.network.selectors import (
    are_connected,
    connected_ids,
    pending_between,
    visible_state,
)
from rapport.photos.forms import PhotoForm
from rapport.photos.selectors import photo_hash_of
from rapport.safety.selectors import has_blocked
from rapport.safety.throttle import (
    client_ip,
    login_attempt_reserve,
    login_failures_forget,
    login_throttle_check,
)
from rapport.typed_requests import MemberRequest
from rapport.web.form_errors import show_error


class RapportLoginView(LoginView):
    """Log in, with wrong passwords throttled per username and per address; a member
    with two-step sign-in on is asked for a code next (``two_step_views``).

    ``login()`` gives the member a new session key and a new CSRF token, so a key
    planted before login (session fixation) is worth nothing after it.
    """

    template_name = "members/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        username = request.POST.get("username", "")
        try:
            if username and request.POST.get("password"):
                # Counted as a failure before the password is checked, in one step with
                # the check (rapport/safety/throttle.py); a right one forgets it below.
                login_attempt_reserve(username=username, ip=client_ip(request))
            else:
                # Nothing to check the password of: the form names what is missing.
                login_throttle_check(username=username, ip=client_ip(request))
        except BudgetExceeded as error:
            # Unbound, so the password is not even checked while the limit holds.
            form = self.get_form_class()(
                request, initial={"username": request.POST.get("username", "")}
            )
            response = self.render_to_response(
                self.get_context_data(form=form, throttled=error.message), status=429
            )
            response["Retry-After"] = error.retry_after()
            return response
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        member = form.get_user()
        login_failures_forget(username=member.get_username())
        if two_step_required(member_id=member.pk):
            # Not signed in yet: the code comes first (rapport/members/two_step_views.py).
            password_checked_remember(self.request, member, next_url=self.get_success_url())
            return redirect("login_two_step")
        password_checked_forget(self.request)
        return super().form_valid(form)


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            member = member_signup(
                username=data["username"],
                password=data["password"],
                password_again=data["password_again"],
                name=data["name"],
                email=data["email"],
                time_zone=time_zone_of_browser(data["time_zone"]),
                ip=client_ip(request),
                email_link_domain=request.get_host(),
                use_https=request.is_secure(),
            )
        except RapportError as error:
            show_error(form, error)
            status = error.status
        else:
            login(request, member, backend="rapport.members.backends.MemberBackend")
            messages.success(request, "Welcome to Rapport. Tell people what you can help with.")
            pending = email_pending_of(member=member)
            if pending is not None:
                messages.info(
                    request,
                    f"We sent a link to {pending.email}: open it within "
                    f"{email_confirmation_valid_for()}, signed in, to make it your address. "
                    "Until then nothing else is mailed there.",
                )
            return redirect("profile_edit")
    elif request.method == "POST":
        status = 422
    return render(request, "members/signup.html", {"form": form}, status=status)


@login_required
def profile_edit(request: MemberRequest) -> HttpResponse:
    member = request.user
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            try:
                member_update_profile(member=member, **form.service_arguments())
            except RapportError as error:
                show_error(form, error)
                status = error.status
            else:
                messages.success(request, "Your profile is saved.")
                return redirect("profile_edit")
        else:
            status = 422
        return profile_edit_page(request, form=form, status=status)
    return profile_edit_page(request)


def profile_edit_page(
    request: MemberRequest,
    *,
    form: ProfileForm | None = None,
    photo_form: PhotoForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The profile page with its two forms, the profile's and the photo's (which posts
    to ``rapport.photos.views``), each as sent back with its errors or as it starts."""
    member = request.user
    if form is None:
        form = ProfileForm(
            initial={
                **{name: getattr(member, name) for name in PROFILE_FIELDS},
                "time_zone": member.time_zone,
            }
        )
    return render(
        request,
        "members/profile_edit.html",
        {
            "form": form,
            "photo_form": photo_form or PhotoForm(),
            "photo_hash": photo_hash_of(member_id=member.pk),
            "nav_current": "profile",
        },
        status=status,
    )


@login_required
def member_profile(request: MemberRequest, member_id: int) -> HttpResponse:
    """Another member's public profile: what they do and offer, never a count of anything."""
    other = member_get(member_id=member_id, viewer=request.user)
    viewer = request.user
    is_self = other.pk == viewer.pk
    you_blocked = not is_self and has_blocked(blocker_id=viewer.pk, blocked_id=other.pk)
    connected = not is_self and not you_blocked and are_connected(a=viewer.pk, b=other.pk)
    pending = (
        None if is_self or connected or you_blocked else pending_between(a=viewer.pk, b=other.pk)
    )
    conversation = conversation_with(member=viewer, other_id=other.pk) if connected else None
    return render(
        request,
        "members/profile.html",
        {
            "other": other,
            "is_self": is_self,
            "you_blocked": you_blocked,
            "connected": connected,
            "pending": pending,
            "pending_state": visible_state(pending, viewer_id=viewer.pk) if pending else None,
            "conversation": conversation,
        },
    )


@login_required
def search(request: MemberRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    # One more than is shown, in the same query: beyond the limit the page says there
    # are more and asks for another word, rather than paging through strangers.
    results = (
        list(member_search(query=query, viewer=request.user, limit=SEARCH_LIMIT + 1))
        if query
        else []
    )
    return render(
        request,
        "members/search.html",
        {
            "query": query,
            "results": results[:SEARCH_LIMIT],
            "more": len(results) > SEARCH_LIMIT,
            "limit": SEARCH_LIMIT,
            "connected": connected_ids(member_id=request.user.pk) if results else set(),
            "nav_current": "search",
        },
    )


@login_required
def tokens(request: MemberRequest) -> HttpResponse:
    """List tokens and create one. A token made is shown in the answer to the form that
    made it, once, never to be cached (``no-store``): it is kept nowhere, not even in
    the session for a page after a redirect, and never put in an address.

    The answer to a POST is then what the browser shows, so a reload sends the form
    again: each form carries a random id of its own (``form_nonce``, fresh on every
    page), one form makes one token (``api_token_create``), and the form sent again is
    told which token it made instead of making a second.
    """
    form = TokenForm(request.POST or None)
    status = 200
    raw_token: str | None = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, raw_token = api_token_create(
                member=request.user,
                label=form.cleaned_data["label"],
                form_nonce=request.POST.get("form_nonce", ""),
            )
        except RapportError as error:
            show_error(form, error)
            status = error.status
        else:
            form = TokenForm()  # for the next token, with a form id of its own
    elif request.method == "POST":
        status = 422
    response = render(
        request,
        "members/tokens.html",
        {
            "form": form,
            "form_nonce": secrets.token_urlsafe(24),
            "raw_token": raw_token,
            "tokens": list(api_tokens_of(member=request.user)),
            "nav_current": "tokens",
        },
        status=status,
    )
    if raw_token:
        # Not kept by the browser's cache or its back button either.
        patch_cache_control(response, no_store=True)
    return response


@login_required
@require_POST
def token_revoke(request: MemberRequest, token_id: int) -> HttpResponse:
    api_token_revoke(member=request.user, token_id=token_id)
    messages.success(request, "Token revoked. Anything using it can no longer sign in.")
    return redirect("tokens")
