from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from rapport.members.models import ApiToken, Member
from rapport.members.services import PROFILE_FIELDS


@admin.register(Member)
class MemberAdmin(UserAdmin):
    list_display = ("username", "name", "organisation", "location", "is_active", "date_joined")
    search_fields = ("username", "name", "email", "organisation")
    fieldsets = (
        *UserAdmin.fieldsets,
        ("Profile", {"fields": PROFILE_FIELDS}),
    )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("member", "label", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("digest", "prefix")
