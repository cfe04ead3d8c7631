"""Moderators read reports here and uphold or dismiss them; blocks are listed, not edited.

A dismissed report stops counting toward the reported member's standing
(``rapport.network.reputation``); an upheld one goes on counting.

A moderator is a staff member with the view permission on "report" (to read them)
and the change permission (to decide them), or a superuser. A report's page shows
what the reported member sent the reporter (``rapport.safety.evidence``) and, while
it is open, an Uphold and a Dismiss button; the list's actions decide many at once
and let a moderator change their mind. Both go through ``report_resolve``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.defaultfilters import linebreaks_filter
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST

from rapport.errors import RapportError
from rapport.members.models import Member
from rapport.safety.evidence import sent_to_reporter
from rapport.safety.models import Block, Report, ReportOutcome
from rapport.safety.services import moment_as_read, report_resolve

# Whom each name column is about, and what its fallback link lists.
_ROLES = {
    "reported": ("reported member", "Reports about {}"),
    "reporter": ("reporter", "Reports by {}"),
}


def _name_column(role: str, *, to_member_admin: bool) -> Callable[[Any, Report], str]:
    """A column (or read-only field) naming the report's ``role`` member.

    Linked to the member's admin page for a moderator who may open it; for one who
    may not (a 403 there), to this list's reports about or by them, which they may
    read. ``ReportAdmin`` chooses one of the two per request (``_name_fields``)."""
    description, title = _ROLES[role]

    @admin.display(description=description, ordering=f"{role}__name")
    def column(model_admin: Any, obj: Report) -> str:
        member: Member = getattr(obj, role)
        if to_member_admin:
            url = reverse("admin:members_member_change", args=[member.pk])
            return format_html('<a href="{}">{}</a>', url, member)
        url = reverse("admin:safety_report_changelist") + f"?{role}__id__exact={member.pk}"
        return format_html('<a href="{}" title="{}">{}</a>', url, title.format(member), member)

    return column


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin[Report]):
    list_display = ("created_at", "reported", "reason", "reporter", "outcome", "resolved_at")
    list_display_links = ("created_at",)
    list_select_related = ("reporter", "reported")
    list_filter = ("outcome", "reason", ("resolved_at", admin.EmptyFieldListFilter))
    search_fields = ("reported__username", "reported__name", "detail")
    fields = ("reported", "reporter", "reason", "detail", "created_at", "sent_to_reporter")
    readonly_fields = fields
    date_hierarchy = "created_at"
    actions = ["resolve", "dismiss"]
    change_form_template = "admin/safety/report/change_form.html"

    reported_in_member_admin = _name_column("reported", to_member_admin=True)
    reported_with_reports = _name_column("reported", to_member_admin=False)
    reporter_in_member_admin = _name_column("reporter", to_member_admin=True)
    reporter_with_reports = _name_column("reporter", to_member_admin=False)

    def _name_fields(self, request: HttpRequest) -> dict[str, str]:
        """The name columns this moderator's links may follow: Django would link a
        name to the member's admin page whether or not they may open it."""
        member_admin = (
            self.admin_site.get_model_admin(Member)
            if self.admin_site.is_registered(Member)
            else None
        )
        linked = member_admin is not None and member_admin.has_view_permission(request)
        how = "in_member_admin" if linked else "with_reports"
        return {role: f"{role}_{how}" for role in _ROLES}

    def get_list_display(self, request: HttpRequest) -> list[Any]:
        names = self._name_fields(request)
        return [names.get(column, column) for column in self.list_display]

    def get_fields(self, request: HttpRequest, obj: Report | None = None) -> list[Any]:
        names = self._name_fields(request)
        return [names.get(field, field) for field in self.fields or ()]

    def get_readonly_fields(self, request: HttpRequest, obj: Report | None = None) -> list[Any]:
        return self.get_fields(request, obj)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Report]:
        # Both names on the report's page, in the query that reads the report.
        return super().get_queryset(request).select_related("reporter", "reported")

    @admin.display(description="what they sent the reporter")
    def sent_to_reporter(self, obj: Report) -> str:
        """Only what the reported member sent the reporter, the latest few, oldest first:
        the reporter was told the moderators would see it (``rapport.safety.evidence``)."""
        sent = sent_to_reporter(report=obj)
        if not sent.items:
            return (
                "Nothing: they have sent the reporter no request, message, introduction or answer."
            )
        earlier = (
            format_html(
                '<p class="help">{} earlier item{} not shown; the latest {} follow.</p>',
                sent.earlier,
                "" if sent.earlier == 1 else "s",
                len(sent.items),
            )
            if sent.earlier
            else ""
        )
        items = format_html_join(
            "",
            '<li class="sent-item"><p><strong>{}</strong>, {}</p>{}{}</li>',
            (
                (
                    item.heading,
                    moment_as_read(item.at),
                    "" if item.deleted else linebreaks_filter(item.text, autoescape=True),
                    format_html("<p>Offered: {}</p>", item.extra) if item.extra else "",
                )
                for item in sent.items
            ),
        )
        return format_html('{}<ol class="sent-to-reporter">{}</ol>', earlier, items)

    def get_urls(self) -> list[URLPattern]:
        decide = path(
            "<path:object_id>/decide/",
            self.admin_site.admin_view(self.decide_view),
            name="safety_report_decide",
        )
        return [decide, *super().get_urls()]

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        # Nothing on the page is edited: a report changes only by a decision.
        context = {
            **(extra_context or {}),
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
        }
        response = super().change_view(request, object_id, form_url, context)
        if isinstance(response, TemplateResponse) and response.context_data is not None:
            report = response.context_data.get("original")
            if isinstance(report, Report):
                response.context_data["decision"] = self._decision(request, report)
        return response

    def _decision(self, request: HttpRequest, report: Report) -> dict[str, Any]:
        return {
            "open": report.outcome == ReportOutcome.OPEN,
            "outcome": report.get_outcome_display(),
            "when": moment_as_read(report.resolved_at) if report.resolved_at else "",
            "may_decide": self.has_change_permission(request, report),
            "url": reverse("admin:safety_report_decide", args=[report.pk]),
            "uphold": ReportOutcome.UPHELD.value,
            "dismiss": ReportOutcome.DISMISSED.value,
        }

    @staticmethod
    def _outcome_told(report: Report) -> str:
        if report.outcome == ReportOutcome.UPHELD:
            return f"Upheld: the report about {report.reported} goes on counting."
        return (
            f"Dismissed as unfounded: the report about {report.reported} no longer "
            "counts toward their standing."
        )

    @method_decorator(require_POST)
    def decide_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Uphold or dismiss one report from its page (a POST with the admin's CSRF
        check), through ``report_resolve`` as the list's actions are."""
        report = self.get_object(request, object_id)
        if report is None:
            raise Http404("No such report.")
        if not self.has_change_permission(request, report):
            raise PermissionDenied
        page = reverse("admin:safety_report_change", args=[report.pk])
        try:
            decided = report_resolve(
                report_id=report.pk, outcome=request.POST.get("outcome", ""), only_if_open=True
            )
        except RapportError as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(page)
        self.log_change(request, decided, f"Marked {decided.outcome} from its page.")
        messages.success(request, self._outcome_told(decided))
        return HttpResponseRedirect(page)

    def _decide(self, request: HttpRequest, queryset: QuerySet[Report], outcome: str) -> None:
        changed = 0
        for report in queryset.exclude(outcome=outcome):
            decided = report_resolve(report_id=report.pk, outcome=outcome)
            self.log_change(request, decided, f"Marked {outcome} from the list.")
            changed += 1
        self.message_user(request, f"{changed} marked {outcome}.")

    @admin.action(
        description="Uphold the selected reports (they go on counting)",
        permissions=["change"],
    )
    def resolve(self, request: HttpRequest, queryset: QuerySet[Report]) -> None:
        self._decide(request, queryset, ReportOutcome.UPHELD)

    @admin.action(
        description="Dismiss the selected reports as unfounded (they stop counting "
        "toward the member's standing)",
        permissions=["change"],
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
