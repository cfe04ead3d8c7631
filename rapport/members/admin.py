"""Members in the Django admin: the profile, the account (address, time zone, whether
two-step sign-in is on) and Django's permissions; API tokens by their prefix.

A superuser can turn two-step sign-in off for a member who lost both the app and the
recovery codes (an action on the member list, after making sure out of band that it
is them): the member's address is told, and the admin's own journal ("History" on the
member's page) records who did it. Nobody sees the key in the admin.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest, HttpResponse

from rapport.errors import BudgetExceeded, InvalidInput
from rapport.members.models import ApiToken, Member, PendingEmail
from rapport.members.selectors import two_step_of, two_step_required
from rapport.members.services import PROFILE_FIELDS, member_two_step_disable_by_admin
from rapport.members.time_zones import TimeZoneSelect, time_zone_checked
from rapport.photos.admin import PhotoInline
from rapport.photos.models import Photo
from rapport.safety.throttle import (
    client_ip,
    login_attempt_reserve,
    login_failures_forget,
    login_throttle_check,
)


class AdminLoginForm(AdminAuthenticationForm):
    """The admin's own log-in page asks for a password only, so it must not let a
    member with two-step sign-in on in with one: they log in on the site's page
    (password, then code) and then open /admin/, as the session is the same.

    Nor is it a second door for guessing: a password typed here counts in the same
    throttle as the site's log-in page and ``POST /api/token`` (per username and per
    address, ``rapport.safety.throttle``), counted before it is checked and forgotten
    when it is right, exactly as there. While the limit holds the password is not
    checked; ``throttled`` keeps the refusal for ``admin_login``'s 429.
    """

    throttled: BudgetExceeded | None = None

    def clean(self) -> dict[str, Any]:
        # Read as the site's log-in page reads them (rapport/members/views.py), so a
        # username counts alike through either door.
        username = self.data.get("username", "")
        ip = client_ip(self.request)
        try:
            if username and self.data.get("password"):
                login_attempt_reserve(username=username, ip=ip)
            else:
                login_throttle_check(username=username, ip=ip)
        except BudgetExceeded as error:
            self.throttled = error
            raise ValidationError(error.message, code=error.code) from None
        try:
            return super().clean()
        finally:
            if self.user_cache is not None:  # the right password, allowed in or not
                login_failures_forget(username=self.user_cache.get_username())

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        if two_step_required(member_id=user.pk):
            raise ValidationError(
                "This account signs in in two steps: log in on the site's log-in page "
                "(your password, then a code), then open /admin/ again.",
                code="two_step",
            )


admin.site.login_form = AdminLoginForm


def admin_login(request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
    """/admin/login/ (routed before the rest of the admin in rapport/urls.py): the
    admin's page, answered 429 with ``Retry-After`` while the login throttle holds, as
    the site's log-in page is; the refusal is said on the page, above the form."""
    response = admin.site.login(request, extra_context)
    form = (getattr(response, "context_data", None) or {}).get("form")
    if isinstance(form, AdminLoginForm) and form.throttled is not None:
        response.status_code = 429
        response["Retry-After"] = form.throttled.retry_after()
    return response


class MemberChangeForm(UserChangeForm[Member]):
    """Django's form for a user (the password as its hash summary, read only, with a
    link to set a new one), with the member's time zone chosen from the same list as
    on their profile and checked by the same rule."""

    class Meta(UserChangeForm.Meta):
        model = Member
        widgets = {"time_zone": TimeZoneSelect()}

    def clean_time_zone(self) -> str:
        try:
            return time_zone_checked(self.cleaned_data.get("time_zone"))
        except InvalidInput as error:
            raise forms.ValidationError(error.message) from None


class PendingEmailInline(admin.TabularInline[PendingEmail, Member]):
    """A new address waiting for the member to confirm it: shown, not edited (an
    administrator who must change an address sets "Email address" above)."""

    model = PendingEmail
    fields = readonly_fields = ("email", "asked_at")
    can_delete = True
    extra = 0
    max_num = 0


@admin.register(Member)
class MemberAdmin(UserAdmin[Member]):
    form = MemberChangeForm
    list_display = (
        "username",
        "name",
        "organisation",
        "location",
        "has_photo",
        "is_active",
        "date_joined",
    )
    search_fields = ("username", "name", "email", "organisation")
    # Django's sections without first_name and last_name, which Member leaves empty
    # (the full name is ``name``, under Profile).
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Account", {"fields": ("email", "time_zone", "two_step")}),
        ("Profile", {"fields": PROFILE_FIELDS}),
        *(UserAdmin.fieldsets or ())[2:],
    )
    readonly_fields = ("two_step",)
    inlines = (PendingEmailInline, PhotoInline)
    actions = ["two_step_turn_off"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Member]:
        # Whether each member has a photo, in the list's own query (rapport/photos/).
        return (
            super()
            .get_queryset(request)
            .annotate(photo_given=Exists(Photo.objects.filter(member_id=OuterRef("pk"))))
        )

    @admin.display(description="photo", boolean=True, ordering="photo_given")
    def has_photo(self, obj: Member) -> bool:
        return bool(getattr(obj, "photo_given", False))

    @admin.display(description="two-step sign-in")
    def two_step(self, obj: Member) -> str:
        two_step = two_step_of(member=obj) if obj.pk else None
        if two_step is None:
            return "Off"
        if not two_step.is_on:
            return "Off (being set up)"
        left = two_step.recovery_codes_left
        return f"On since {two_step.confirmed_at:%d %b %Y}; {left} recovery codes unused"

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        if not request.user.is_superuser:
            actions.pop("two_step_turn_off", None)  # a superuser's decision alone
        return actions

    @admin.action(
        description="Turn off two-step sign-in (a member who lost their app and recovery codes)"
    )
    def two_step_turn_off(self, request: HttpRequest, queryset: QuerySet[Member]) -> None:
        turned_off = []
        for member in queryset:
            if member_two_step_disable_by_admin(member=member):
                self.log_change(request, member, "Turned off two-step sign-in.")
                turned_off.append(member.get_username())
        if turned_off:
            self.message_user(
                request,
                f"Two-step sign-in turned off for {', '.join(turned_off)}; each was mailed "
                "a notice.",
            )
        else:
            self.message_user(request, "None of them had two-step sign-in on.")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ("member", "label", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("digest", "prefix")
