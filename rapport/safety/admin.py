"""Moderators read reports here and uphold or dismiss them; blocks are listed, not edited.

A dismissed report stops counting toward the reported member's standing
(``rapport.network.reputation``); an upheld one goes on counting."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from rapport.safety.models import Block, Report, ReportOutcome
from rapport.safety.services import report_resolve


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin[Report]):
    list_display = ("created_at", "reported", "reason", "reporter", "outcome", "resolved_at")
    list_filter = ("outcome", "reason", ("resolved_at", admin.EmptyFieldListFilter))
    search_fields = ("reported__username", "reported__name", "detail")
    readonly_fields = (
        "reporter",
        "reported",
        "reason",
        "detail",
        "created_at",
        "outcome",
        "resolved_at",
    )
    date_hierarchy = "created_at"
    actions = ["resolve", "dismiss"]

    def _decide(self, request: HttpRequest, queryset: QuerySet[Report], outcome: str) -> None:
        changed = 0
        for report in queryset.exclude(outcome=outcome):
            report_resolve(report_id=report.pk, outcome=outcome)
            changed += 1
        self.message_user(request, f"{changed} marked {outcome}.")

    @admin.action(description="Uphold the selected reports (they go on counting)")
    def resolve(self, request: HttpRequest, queryset: QuerySet[Report]) -> None:
        self._decide(request, queryset, ReportOutcome.UPHELD)

    @admin.action(
        description="Dismiss the selected reports as unfounded (they stop counting "
        "toward the member's standing)"
    )
    def dismiss(self, request: HttpRequest, queryset: QuerySet[Report]) -> None:
        self._decide(request, queryset, ReportOutcome.DISMISSED)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # members report from a profile; moderators only read and resolve


@admin.register(Block)
class BlockAdmin(admin.ModelAdmin[Block]):
    list_display = ("created_at", "blocker", "blocked")
    search_fields = ("blocker__username", "blocked__username")
    readonly_fields = ("blocker", "blocked", "created_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
