from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm

from rapport.errors import InvalidInput
from rapport.members.models import ApiToken, Member, PendingEmail
from rapport.members.services import PROFILE_FIELDS
from rapport.members.time_zones import TimeZoneSelect, time_zone_checked


class MemberChangeForm(UserChangeForm):
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


class PendingEmailInline(admin.TabularInline):
    """A new address waiting for the member to confirm it: shown, not edited (an
    administrator who must change an address sets "Email address" above)."""

    model = PendingEmail
    fields = readonly_fields = ("email", "asked_at")
    can_delete = True
    extra = 0
    max_num = 0


@admin.register(Member)
class MemberAdmin(UserAdmin):
    form = MemberChangeForm
    list_display = ("username", "name", "organisation", "location", "is_active", "date_joined")
    search_fields = ("username", "name", "email", "organisation")
    # Django's sections without first_name and last_name, which Member leaves empty
    # (the full name is ``name``, under Profile).
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Account", {"fields": ("email", "time_zone")}),
        ("Profile", {"fields": PROFILE_FIELDS}),
        *UserAdmin.fieldsets[2:],
    )
    inlines = (PendingEmailInline,)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("member", "label", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("digest", "prefix")
