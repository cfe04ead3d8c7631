"""Moderators read reports here and uphold or dismiss them; blocks are listed, not edited.

A dismissed report stops counting toward the reported member's standing
(``rapport.network.reputation``); an upheld one goes on counting.

A moderator is a staff member with the view permission on "report" (to read them)
and the change permission (to decide them), or a superuser; the "moderators" group
(``rapport.safety.services.moderator_appoint``) gives these and what held requests
need. A report's page shows
what the reported member sent the reporter (``rapport.safety.evidence``) and, while
it is open, an Uphold and a Dismiss button; the list's actions decide many at once
and let a moderator change their mind. Both go through ``report_resolve``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any, ClassVar, TypeVar

from django.contrib import admin, messages
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.defaultfilters import linebreaks_filter
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.views.decorators.http import require_POST

from rapport.errors import RapportError
from rapport.members.models import Member
from rapport.safety.evidence import sent_to_reporter
from rapport.safety.models import Block, Report, ReportOutcome
from rapport.safety.services import moment_as_read, report_resolve

_Row = TypeVar("_Row", bound=Model)


def _name_column(
    role: str, description: str, title: str, *, to_member_admin: bool
) -> Callable[[Any, Any], str]:
    """A column (or read-only field) naming the member in the row's ``role`` field.

    Linked to the member's admin page for staff who may open it; for staff who may
    not (a 403 there), to this list's rows by or about that member, which they may
    read. ``MemberNamesLinkedWhereAllowed`` chooses one of the two per request."""

    @admin.display(description=description, ordering=f"{role}__name")
    def column(model_admin: admin.ModelAdmin[Any], obj: Any) -> str:
        member: Member | None = getattr(obj, role)
        if member is None:
            return model_admin.get_empty_value_display()
        if to_member_admin:
            url = reverse("admin:members_member_change", args=[member.pk])
            return format_html('<a href="{}">{}</a>', url, member)
        opts = model_admin.model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        return format_html(
            '<a href="{}?{}__id__exact={}" title="{}">{}</a>',
            url,
            role,
            member.pk,
            title.format(member),
            member,
        )

    return column


class MemberNamesLinkedWhereAllowed(admin.ModelAdmin[_Row]):
    """A moderators' list whose rows name members (reports, blocks, requests).

    Django links a member named on a row's page to the member's admin page whether or
    not the viewer may open it, so a moderator without the members' permissions met a
    403 behind every name. Here a name links there only for staff who may open it;
    for the rest, to this list filtered to that member. ``member_names`` maps each
    field naming a member to its column heading and the fallback link's title ("{}"
    is the member); the names are read in the query that reads the rows, never one
    query per row."""

    member_names: ClassVar[dict[str, tuple[str, str]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for role, (description, title) in cls.member_names.items():
            for linked, how in ((True, "in_member_admin"), (False, "with_list")):
                column = _name_column(role, description, title, to_member_admin=linked)
                setattr(cls, f"{role}_{how}", column)

    def _name_fields(self, request: HttpRequest) -> dict[str, str]:
        """The name columns this viewer's links may follow."""
        member_admin = (
            self.admin_site.get_model_admin(Member)
            if self.admin_site.is_registered(Member)
            else None
        )
        linked = member_admin is not None and member_admin.has_view_permission(request)
        how = "in_member_admin" if linked else "with_list"
        return {role: f"{role}_{how}" for role in self.member_names}

    def _named(self, request: HttpRequest, names: Any) -> list[Any]:
        columns = self._name_fields(request)
        return [columns.get(name, name) if isinstance(name, str) else name for name in names]

    def get_list_display(self, request: HttpRequest) -> list[Any]:
        return self._named(request, super().get_list_display(request))

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        return self._named(request, super().get_fields(request, obj))

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        return self._named(request, super().get_readonly_fields(request, obj))

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        # The fields themselves never reach the form: only their columns are shown.
        return [*(super().get_exclude(request, obj) or ()), *self.member_names]

    def get_queryset(self, request: HttpRequest) -> QuerySet[_Row]:
        return super().get_queryset(request).select_related(*self.member_names)

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Any = None,
    ) -> HttpResponse:
        # A row changes only through its services (a decision, an action): a page with
        # nothing to edit offers no Save, and is headed with what it shows, not "Change".
        if change and not context["adminform"].form.fields:
            context.update(
                show_save=False,
                show_save_and_continue=False,
                show_save_and_add_another=False,
                title=capfirst(self.opts.verbose_name),
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    # The admin's journal ("Recent actions", a row's history) keeps each row by its
    # number, not by the names it reads with: the journal outlives a member's account,
    # whose deletion erases their name everywhere else.
    def _journal(
        self, request: HttpRequest, rows: Iterable[_Row], action_flag: int, message: Any
    ) -> list[LogEntry]:
        kind = ContentType.objects.get_for_model(self.model, for_concrete_model=False)
        author = request.user.pk
        assert author is not None  # the admin lets only signed-in staff this far
        return LogEntry.objects.bulk_create(
            LogEntry(
                user_id=author,
                content_type_id=kind.pk,
                object_id=str(row.pk),
                object_repr=f"{self.opts.verbose_name} {row.pk}",
                action_flag=action_flag,
                change_message=json.dumps(message) if isinstance(message, list) else message,
            )
            for row in rows
        )

    def log_addition(self, request: HttpRequest, obj: _Row, message: Any) -> LogEntry:
        return self._journal(request, [obj], ADDITION, message)[0]

    def log_change(self, request: HttpRequest, obj: _Row, message: Any) -> LogEntry:
        return self._journal(request, [obj], CHANGE, message)[0]

    def log_deletions(self, request: HttpRequest, queryset: QuerySet[_Row]) -> list[LogEntry]:
        return self._journal(request, queryset, DELETION, "")


class DecidedOnItsPage(admin.ModelAdmin[_Row]):
    """A row decided from its own page (a report upheld, a held request released): a
    ``decide/`` address beside the page, which ``decide_view`` answers, and the page's
    ``decision`` context, which its template turns into buttons. The decision goes
    through the same services as the list's actions."""

    decide_url_name: ClassVar[str]

    def decide_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        raise NotImplementedError

    def decision_context(self, request: HttpRequest, row: _Row) -> dict[str, Any]:
        """What the page's template needs to offer the decision."""
        return {
            "may_decide": self.has_change_permission(request, row),
            "url": reverse(f"admin:{self.decide_url_name}", args=[row.pk]),
        }

    def get_urls(self) -> list[URLPattern]:
        decide = path(
            "<path:object_id>/decide/",
            self.admin_site.admin_view(self.decide_view),
            name=self.decide_url_name,
        )
        return [decide, *super().get_urls()]

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        if isinstance(response, TemplateResponse) and response.context_data is not None:
            row = response.context_data.get("original")
            if isinstance(row, self.model):
                response.context_data["decision"] = self.decision_context(request, row)
        return response


@admin.register(Report)
class ReportAdmin(DecidedOnItsPage[Report], MemberNamesLinkedWhereAllowed[Report]):
    list_display = ("created_at", "reported", "reason", "reporter", "outcome", "resolved_at")
    list_display_links = ("created_at",)
    list_filter = ("outcome", "reason", ("resolved_at", admin.EmptyFieldListFilter))
    search_fields = ("reported__username", "reported__name", "detail")
    fields = ("reported", "reporter", "reason", "detail", "created_at", "sent_to_reporter")
    readonly_fields = fields
    date_hierarchy = "created_at"
    actions = ["resolve", "dismiss"]
    change_form_template = "admin/safety/report/change_form.html"
    member_names = {
        "reported": ("reported member", "Reports about {}"),
        "reporter": ("reporter", "Reports by {}"),
    }

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

    # Nothing on the page is edited (no Save, ``render_change_form``): a report changes
    # only by a decision.
    decide_url_name = "safety_report_decide"

    def decision_context(self, request: HttpRequest, row: Report) -> dict[str, Any]:
        return {
            **super().decision_context(request, row),
            "open": row.outcome == ReportOutcome.OPEN,
            "outcome": row.get_outcome_display(),
            "when": moment_as_read(row.resolved_at) if row.resolved_at else "",
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
        # Short: the menu is as wide as its longest choice, and a longer one ran under
        # the list's filter; the report's page says what counting means.
        description="Dismiss the selected reports (they stop counting)",
        permissions=["change"],
    )
    def dismiss(self, request: HttpRequest, queryset: QuerySet[Report]) -> None:
        self._decide(request, queryset, ReportOutcome.DISMISSED)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # members report from a profile; moderators only read and resolve


@admin.register(Block)
class BlockAdmin(MemberNamesLinkedWhereAllowed[Block]):
    list_display = ("created_at", "blocker", "blocked")
    list_display_links = ("created_at",)
    search_fields = ("blocker__username", "blocked__username")
    fields = ("blocker", "blocked", "created_at")
    readonly_fields = fields
    member_names = {
        "blocker": ("blocker", "Blocks by {}"),
        "blocked": ("blocked", "Blocks of {}"),
    }

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
