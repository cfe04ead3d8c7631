"""Members in the Django admin: the profile, the account (address, time zone, whether
two-step sign-in is on) and Django's permissions; API tokens by their prefix.

A superuser can turn two-step sign-in off for a member who lost both the app and the
recovery codes (an action on the member list, after making sure out of band that it
is them): the member's address is told, and the admin's own journal ("History" on the
member's page) records who did it. Nobody sees the key in the admin.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest, HttpResponse

from rapport.errors import BudgetExceeded, InvalidInput
from rapport.members.models import ApiToken, Member, PendingEmail
from rapport.members.selectors import two_step_of, two_step_required
from rapport.members.services import (
    PROFILE_FIELDS,
    member_two_step_disable_by_admin,
    profile_text_kept,
)
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
# The admin is the moderators' room: two or three lists each, all named on its index
# and in every page's breadcrumbs. Django's navigation column beside each page took a
# quarter of a laptop's width and pushed the report list's last columns out of view.
admin.site.enable_nav_sidebar = False


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


def _paragraph_field(name: str) -> forms.CharField:
    """A profile text of several lines, without the length Django would read from its
    column: that counts every space and line break, and the profile page keeps a text
    longer than that (``members.services.profile_text_kept``), so the admin would
    refuse the member's own bio on any save. ``clean`` measures it as the page does."""
    field = cast("models.Field[Any, Any]", Member._meta.get_field(name))
    return forms.CharField(
        label=str(field.verbose_name).capitalize(), required=False, widget=forms.Textarea
    )


class MemberChangeForm(UserChangeForm[Member]):
    """Django's form for a user (the password as its hash summary, read only, with a
    link to set a new one), with the member's time zone chosen from the same list as
    on their profile and checked by the same rule, and the profile's texts kept and
    measured as the profile page keeps and measures them."""

    bio = _paragraph_field("bio")
    can_help_with = _paragraph_field("can_help_with")
    looking_for = _paragraph_field("looking_for")

    class Meta(UserChangeForm.Meta):
        model = Member
        widgets = {"time_zone": TimeZoneSelect()}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in PROFILE_FIELDS:
            if isinstance(cleaned.get(name), str):
                try:
                    cleaned[name] = profile_text_kept(name, cleaned[name])
                except InvalidInput as error:
                    self.add_error(name, error.message)
        return cleaned

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

    def get_deleted_objects(
        self, objs: Any, request: HttpRequest
    ) -> tuple[list[Any], dict[str, int], set[str], list[Any]]:
        """What deleting members takes with them, as counts only. Django lists every
        related row by name: a member's keeper (each person, each interaction), which
        staff never see (docs/security.md), and their sessions, whose names are the
        keys that sign in as them. The confirmation names the members and counts the
        rest, for this page and the bulk delete action alike."""
        _, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        return [str(member) for member in objs], model_count, perms_needed, protected

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
    """Staff see tokens and may revoke one (set "revoked at"); nothing else. A token
    is made by its member (settings, ``POST /api/token``), who alone ever sees it: one
    added here had no secret behind it (an empty digest, and a crash on the second),
    and moving a token to another owner would hand that member's access over."""

    list_display = ("member", "label", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("member", "label", "digest", "prefix", "created_at", "last_used_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
