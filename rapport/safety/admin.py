"""Moderators read reports here and mark them resolved; blocks are listed, not edited."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from rapport.safety.models import Block, Report
from rapport.safety.services import report_resolve


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ("created_at", "reported", "reason", "reporter", "resolved_at")
    list_filter = ("reason", ("resolved_at", admin.EmptyFieldListFilter))
    search_fields = ("reported__username", "reported__name", "detail")
    readonly_fields = ("reporter", "reported", "reason", "detail", "created_at", "resolved_at")
    date_hierarchy = "created_at"
    actions = ["resolve"]

    @admin.action(description="Mark the selected reports resolved")
    def resolve(self, request: HttpRequest, queryset: QuerySet[Report]) -> None:
        for report in queryset.filter(resolved_at__isnull=True):
            report_resolve(report_id=report.pk)
        self.message_user(request, "Marked resolved.")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # members report from a profile; moderators only read and resolve


@admin.register(Block)
class BlockAdmin(admin.ModelAdmin):
    list_display = ("created_at", "blocker", "blocked")
    search_fields = ("blocker__username", "blocked__username")
    readonly_fields = ("blocker", "blocked", "created_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
