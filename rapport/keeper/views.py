"""The keeper's pages: a member's private book of the people they know.

Every page is the signed-in member's own; a person, interaction or seat of anyone
else's answers 404, as one that does not exist. The views read through the keeper
selectors and write through its services, and a service's error is shown beside
the field it names. POST-only actions answer htmx with the row they changed, and
everyone else with a redirect back and a message.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from rapport.errors import NotFound, RapportError
from rapport.head_requests import asked_with_head
from rapport.keeper import rings
from rapport.keeper.duplicates import duplicate_suggestions, name_beside
from rapport.keeper.forms import (
    BIRTHDAY_FIELD_ALIASES,
    DATE_FIELD_ALIASES,
    FIELD_ALIASES,
    CircleForm,
    InteractionForm,
    MergeForm,
    PeopleFilterForm,
    PersonDateForm,
    PersonForm,
    ReachOutForm,
    SeatForm,
    SnoozeForm,
)
from rapport.keeper.merging import person_merge
from rapport.keeper.models import KeySeat, Person
from rapport.keeper.selectors import (
    CircleLoad,
    ComingDate,
    circle_overview,
    circle_suggestion,
    coming_date,
    due_item,
    interactions_of,
    keep_in_touch,
    key_seats_shown,
    people_of,
    person_date_get,
    person_dates,
    person_get,
    reciprocity_overall,
    upcoming_dates,
)
from rapport.keeper.services import (
    interaction_delete,
    interaction_log_restoring,
    key_seat_update,
    key_seats_ensure,
    person_create,
    person_date_add,
    person_date_remove,
    person_date_update,
    person_delete,
    person_reach_out,
    person_set_circle,
    person_snooze,
    person_update,
)
from rapport.keeper.vocabulary import SEAT_COUNT, Circle, SeatGroup
from rapport.list_pages import page_number_typed, page_window
from rapport.members.models import Member
from rapport.typed_requests import MemberRequest
from rapport.web.form_errors import show_error
from rapport.web.redirects import redirect_back

PEOPLE_SHOWN = 50
RECENT_SHOWN = 8
DUE_ON_HOME = 5
NAV = "keeper"

# The question an empty seat asks, by group.
SEAT_QUESTIONS = {
    SeatGroup.TEACH: "who teaches you",
    SeatGroup.SUPPORT: "who supports you",
    SeatGroup.PROMOTE: "who promotes you",
    SeatGroup.PUSH: "who pushes you",
}


def _show_error(form: forms.Form, error: RapportError) -> None:
    """Beside the input the member used: a service's ``person_ids`` is the "With" box."""
    show_error(form, error, aliases=FIELD_ALIASES)


def _overflow_warnings(loads: list[CircleLoad]) -> list[str]:
    return [
        f"Your {load.circle} holds {load.inclusive_count} people: Dunbar's layer is "
        f"{load.capacity}. Nothing stops you, but someone may belong further out."
        for load in loads
        if load.overflowing
    ]


# --- Home ---------------------------------------------------------------------


@login_required
def keeper(request: MemberRequest) -> HttpResponse:
    member = request.user
    now = timezone.now()
    filters = PeopleFilterForm(request.GET or None)
    query, circle, tag = "", None, None
    if filters.is_valid():
        query = filters.cleaned_data["q"]
        circle = filters.cleaned_data["circle"] or None
        tag = filters.cleaned_data["tag"] or None
    page = page_number_typed(request.GET.get("page"))
    window = page_window(page, PEOPLE_SHOWN)
    # One row past the page says whether another follows, without counting them all.
    people = (
        []
        if window is None
        else list(
            people_of(owner=member, query=query, circle=circle, tag=tag)[
                window.start : window.stop + 1
            ]
        )
    )
    today = timezone.localdate(now)
    due = keep_in_touch(owner=member, today=today)
    coming_up = upcoming_dates(owner=member, today=today)
    loads = circle_overview(owner=member)
    return render(
        request,
        "keeper/home.html",
        {
            # Nobody at all, archived or not: the page leads with adding someone, and
            # offers no logging with nobody to log it with.
            "keeper_empty": not any(load.count or load.archived for load in loads),
            "filters": filters,
            "filtering": bool(query or circle or tag),
            "people_shown": _people_shown(query=query, circle=circle, tag=tag),
            "people": people[:PEOPLE_SHOWN],
            "people_page": page,
            "people_first": (page - 1) * PEOPLE_SHOWN + 1,
            "people_last": (page - 1) * PEOPLE_SHOWN + len(people[:PEOPLE_SHOWN]),
            "more_people": len(people) > PEOPLE_SHOWN,
            "people_query": _people_query(filters),
            "log_form": InteractionForm(owner=member),
            "loads": [load for load in loads if load.circle != Circle.PAST],
            "overflow_warnings": _overflow_warnings(loads),
            "archived_count": sum(load.archived for load in loads),
            "overdue": due.overdue[:DUE_ON_HOME],
            "overdue_count": len(due.overdue),
            "due_soon_count": len(due.due_soon),
            "coming_up": coming_up[:DUE_ON_HOME],
            "coming_up_count": len(coming_up),
            "recent": interactions_of(owner=member, limit=RECENT_SHOWN),
            "reciprocity": reciprocity_overall(owner=member, now=now),
            "nav_current": NAV,
        },
    )


def _people_query(filters: PeopleFilterForm) -> str:
    """The filters as a query string for the links to the next and previous pages, so
    that paging keeps the search, circle and tag."""
    if not filters.is_bound or not filters.is_valid():
        return ""
    kept = {name: value for name, value in filters.cleaned_data.items() if value}
    return urlencode(kept)


def _people_shown(*, query: str, circle: str | None, tag: str | None) -> str:
    """Whom a filtered list shows, for its page's title: "People in 5 · support tagged
    “design”", not "Your keeper" again."""
    words = ["People"]
    if circle:
        words.append(f"in {Circle.labels[circle]}")
    if tag:
        words.append(f"tagged “{tag}”")
    if query:
        words.append(f"matching “{query}”")
    return " ".join(words)


# --- People -------------------------------------------------------------------


@login_required
def person_new(request: MemberRequest) -> HttpResponse:
    member = request.user
    form = PersonForm(request.POST or None, owner=member)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                person = person_create(owner=member, **form.service_arguments())
            except RapportError as error:
                show_error(form, error, aliases=BIRTHDAY_FIELD_ALIASES)
            else:
                messages.success(request, f"{person.name} is in your keeper.")
                return redirect("keeper_person", person.pk)
        status = 422
    return render(
        request,
        "keeper/person_form.html",
        {"form": form, "person": None, "nav_current": NAV},
        status=status,
    )


@login_required
def person(request: MemberRequest, person_id: int) -> HttpResponse:
    member = request.user
    found = person_get(owner=member, person_id=person_id)
    now = timezone.now()
    suggestion = circle_suggestion(owner=member, person=found, now=now)
    today = timezone.localdate(now)
    due_on = found.due_on(today=today)
    return render(
        request,
        "keeper/person.html",
        {
            "person": found,
            "suggestion": suggestion,
            "suggestion_label": Circle.labels.get(suggestion.circle, suggestion.circle),
            "circle_form": CircleForm(initial={"circle": found.circle}),
            "interactions": interactions_of(owner=member, person=found),
            "seats": list(found.key_seats.all()),
            "dates": person_dates(owner=member, person=found, today=today),
            "date_form": PersonDateForm(),
            "due_on": due_on,
            "overdue": due_on is not None and due_on < today,
            "log_form": InteractionForm(owner=member, initial={"person_ids": [found.pk]}),
            "today": today,
            "nav_current": NAV,
        },
    )


@login_required
def person_edit(request: MemberRequest, person_id: int) -> HttpResponse:
    member = request.user
    found = person_get(owner=member, person_id=person_id)
    form = PersonForm(request.POST or None, owner=member, person=found)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                person_update(owner=member, person_id=found.pk, **form.service_arguments())
            except NotFound:
                raise Http404("No such person.") from None
            except RapportError as error:
                _show_error(form, error)
            else:
                messages.success(request, "Saved.")
                return redirect("keeper_person", found.pk)
        status = 422
    return render(
        request,
        "keeper/person_form.html",
        {"form": form, "person": found, "nav_current": NAV},
        status=status,
    )


@login_required
@require_POST
def person_delete_view(request: MemberRequest, person_id: int) -> HttpResponse:
    found = person_get(owner=request.user, person_id=person_id)
    person_delete(owner=request.user, person_id=found.pk)
    messages.success(
        request,
        f"{found.name} is no longer in your keeper, with the interactions only they were in.",
    )
    return redirect("keeper")


@login_required
@require_POST
def person_circle(request: MemberRequest, person_id: int) -> HttpResponse:
    found = person_get(owner=request.user, person_id=person_id)
    form = CircleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose one of the circles.")
        return redirect_back(request, "keeper_person", found.pk)
    person_set_circle(owner=request.user, person_id=found.pk, circle=form.cleaned_data["circle"])
    messages.success(
        request, f"{found.name} is now in your {Circle.labels[form.cleaned_data['circle']]}."
    )
    return redirect_back(request, "keeper_person", found.pk)


def _due_row_result(
    request: MemberRequest,
    found: Person,
    text: str,
    *,
    error: bool = False,
    snooze_refused: bool = False,
) -> HttpResponse:
    """What a due row's button answers. Done, the row becomes what was done; refused,
    htmx gets the row whole again, its buttons and date box still there, with the
    error beside the date field (``snooze_refused``) or above the buttons."""
    item = due_item(found, today=timezone.localdate()) if error and request.htmx else None
    if item is not None:
        return render(
            request,
            "keeper/_due_row.html",
            {
                "item": item,
                "next": request.POST.get("next", ""),
                "snooze_error" if snooze_refused else "row_error": text,
            },
            status=422,
        )
    if request.htmx:
        return render(
            request,
            "keeper/_due_row_result.html",
            {"person": found, "text": text, "error": error},
            status=422 if error else 200,
        )
    (messages.error if error else messages.success)(request, text)
    return redirect_back(request, "keeper_person", found.pk)


@login_required
@require_POST
def person_snooze_view(request: MemberRequest, person_id: int) -> HttpResponse:
    found = person_get(owner=request.user, person_id=person_id)
    form = SnoozeForm(request.POST)
    if not form.is_valid():
        # An ErrorList yields text; str() because django-stubs types its items wider.
        text = " ".join(str(error) for errors in form.errors.values() for error in errors)
        return _due_row_result(request, found, text, error=True, snooze_refused=True)
    until = form.until_date(today=timezone.localdate())
    try:
        person_snooze(owner=request.user, person_id=found.pk, until=until)
    except RapportError as error:
        return _due_row_result(request, found, error.message, error=True, snooze_refused=True)
    return _due_row_result(request, found, f"{found.name} is snoozed until {until:%-d %B %Y}.")


@login_required
@require_POST
def person_reach_out_view(request: MemberRequest, person_id: int) -> HttpResponse:
    found = person_get(owner=request.user, person_id=person_id)
    form = ReachOutForm(request.POST)
    form.is_valid()
    kind = form.cleaned_data.get("kind") or "message"
    try:
        _interaction, was_archived = person_reach_out(
            owner=request.user,
            person_id=found.pk,
            kind=kind,
            note=form.cleaned_data.get("note", ""),
        )
    except RapportError as error:
        return _due_row_result(request, found, error.message, error=True)
    said = f"Logged: you reached out to {found.name}. The next date moves on."
    if was_archived:
        said += f" {found.name} was archived: back in your keeper's lists."
    return _due_row_result(request, found, said)


# --- Dates ------------------------------------------------------------------------


def _dates_panel(
    request: MemberRequest,
    found: Person,
    *,
    form: PersonDateForm | None = None,
    said: str = "",
    status: int = 200,
) -> HttpResponse:
    """The person page's "Dates" panel alone, for htmx to swap in after a change."""
    return render(
        request,
        "keeper/_dates.html",
        {
            "person": found,
            "dates": person_dates(owner=request.user, person=found, today=timezone.localdate()),
            "date_form": form or PersonDateForm(),
            "said": said,
        },
        status=status,
    )


def _date_done(request: MemberRequest, found: Person, said: str) -> HttpResponse:
    if request.htmx:
        return _dates_panel(request, found, said=said)
    messages.success(request, said)
    return redirect(reverse("keeper_person", args=[found.pk]) + "#dates")


def _date_said(item: ComingDate) -> str:
    return f"{item.title}, {item.described}"


@login_required
def person_date_new(request: MemberRequest, person_id: int) -> HttpResponse:
    """Add a birthday, an anniversary or another yearly date. The person page posts
    here with htmx and gets its panel back; without JavaScript, or to fix an error
    after a full post, this is a page of its own."""
    member = request.user
    found = person_get(owner=member, person_id=person_id)
    form = PersonDateForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                date = person_date_add(owner=member, person_id=found.pk, **form.service_arguments())
            except RapportError as error:
                show_error(form, error, aliases=DATE_FIELD_ALIASES)
            else:
                added = coming_date(date, today=timezone.localdate())
                return _date_done(request, found, f"Added: {_date_said(added)}.")
        status = 422
        if request.htmx:
            return _dates_panel(request, found, form=form, status=status)
    return render(
        request,
        "keeper/person_date_form.html",
        {"form": form, "person": found, "date": None, "nav_current": NAV},
        status=status,
    )


@login_required
def person_date_edit(request: MemberRequest, person_id: int, date_id: int) -> HttpResponse:
    member = request.user
    date = person_date_get(owner=member, person_id=person_id, date_id=date_id)
    found = date.person
    form = PersonDateForm(request.POST or None, date=date)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                person_date_update(
                    owner=member,
                    person_id=found.pk,
                    date_id=date.pk,
                    **form.service_arguments(),
                )
            except RapportError as error:
                show_error(form, error, aliases=DATE_FIELD_ALIASES)
            else:
                messages.success(request, "The date is saved.")
                return redirect(reverse("keeper_person", args=[found.pk]) + "#dates")
        status = 422
    return render(
        request,
        "keeper/person_date_form.html",
        {"form": form, "person": found, "date": date, "nav_current": NAV},
        status=status,
    )


@login_required
@require_POST
def person_date_delete(request: MemberRequest, person_id: int, date_id: int) -> HttpResponse:
    member = request.user
    date = person_date_get(owner=member, person_id=person_id, date_id=date_id)
    found = date.person
    item = coming_date(date, today=timezone.localdate())
    person_date_remove(owner=member, person_id=found.pk, date_id=date.pk)
    return _date_done(request, found, f"Removed: {_date_said(item)}.")


# --- Interactions -------------------------------------------------------------


@login_required
def interaction_new(request: MemberRequest) -> HttpResponse:
    member = request.user
    form = InteractionForm(request.POST or None, owner=member)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                interaction, was_archived = interaction_log_restoring(
                    owner=member, **form.service_arguments()
                )
            except RapportError as error:
                _show_error(form, error)
            else:
                names = ", ".join(person.name for person in interaction.people.all())
                said = f"Logged: {interaction.get_kind_display().lower()} with {names}."
                if was_archived:
                    who = ", ".join(person.name for person in was_archived)
                    one = len(was_archived) == 1
                    said += (
                        f" {who} {'was' if one else 'were'} archived: back in your keeper's lists."
                    )
                messages.success(request, said)
                return redirect_back(request, "keeper")
        status = 422
    return render(
        request,
        "keeper/interaction_form.html",
        {
            "form": form,
            "people_with": form.people_with() if form.is_bound else [],
            "next": request.POST.get("next", ""),
            "nav_current": NAV,
        },
        status=status,
    )


@login_required
@require_POST
def interaction_delete_view(request: MemberRequest, interaction_id: int) -> HttpResponse:
    interaction_delete(owner=request.user, interaction_id=interaction_id)
    messages.success(request, "The interaction is deleted.")
    return redirect_back(request, "keeper")


# --- Keeping in touch ---------------------------------------------------------


@login_required
def due(request: MemberRequest) -> HttpResponse:
    today = timezone.localdate()
    lists = keep_in_touch(owner=request.user, today=today)
    return render(
        request,
        "keeper/due.html",
        {
            "overdue": lists.overdue,
            "due_soon": lists.due_soon,
            "coming_up": upcoming_dates(owner=request.user, today=today),
            "today": today,
            "nav_current": NAV,
        },
    )


# --- The picture --------------------------------------------------------------


def _overdue_ratio(person: Person, *, today: dt.date) -> float | None:
    """Time since the last contact as a share of the cadence (a snooze counts as contact)."""
    cadence = person.effective_cadence_days
    due_on = person.due_on(today=today)
    if cadence is None or due_on is None:
        return None
    return 1 + (today - due_on).days / cadence


@login_required
def circles(request: MemberRequest) -> HttpResponse:
    member = request.user
    today = timezone.localdate()
    fields = ("pk", "name", "circle", "cadence_days", "last_contact_at", "snoozed_until")
    mine = people_of(owner=member).only(*fields)
    # Every layered circle in full, but only the acquaintances that get a dot: a keeper
    # of thousands of acquaintances must not load them all to draw sixty.
    layered = list(mine.filter(circle__in=Circle.layered))
    acquaintances = list(mine.filter(circle=Circle.ACQUAINTANCE)[: rings.ACQUAINTANCES_DRAWN])
    drawn = [
        rings.RingPerson(
            person_id=person.pk,
            name=person.name,
            circle=person.circle,
            overdue_ratio=_overdue_ratio(person, today=today),
        )
        for person in (*layered, *acquaintances)
    ]
    loads = circle_overview(owner=member)
    acquaintances_total = next(load.count for load in loads if load.circle == Circle.ACQUAINTANCE)
    picture = rings.rings_layout(drawn, acquaintances_total=acquaintances_total)
    by_circle: dict[str, list[rings.Dot]] = {}
    for dot in picture.dots:
        by_circle.setdefault(dot.circle, []).append(dot)
    groups = [
        {
            "band": band,
            "title": Circle.labels[band.circle],
            "dots": by_circle.get(band.circle, []),
        }
        for band in picture.bands
    ]
    return render(
        request,
        "keeper/circles.html",
        {
            "picture": picture,
            "groups": groups,
            "states": [(state, rings.STATE_LABELS[state]) for state in rings.STATES],
            "overflow_warnings": _overflow_warnings(loads),
            "drawn_count": len(picture.dots),
            "nav_current": NAV,
        },
    )


# --- Key people ---------------------------------------------------------------


def _board(request: MemberRequest) -> list[KeySeat]:
    """The twelve seats; the first look sets the board up, but a HEAD sets up nothing
    (rapport/head_requests.py) and sees the same board, unsaved."""
    if asked_with_head(request):
        return key_seats_shown(owner=request.user)
    return key_seats_ensure(owner=request.user)


@login_required
def seats(request: MemberRequest) -> HttpResponse:
    board = _board(request)
    groups = [
        {
            "code": code,
            "title": title,
            "question": SEAT_QUESTIONS[code],
            "seats": [seat for seat in board if seat.group == code],
        }
        for code, title in SeatGroup.choices
    ]
    return render(
        request,
        "keeper/seats.html",
        {
            "groups": groups,
            "empty_count": sum(1 for seat in board if seat.person_id is None),
            "seat_count": SEAT_COUNT,
            "nav_current": NAV,
        },
    )


@login_required
def seat_edit(request: MemberRequest, position: int) -> HttpResponse:
    member = request.user
    if not 1 <= position <= SEAT_COUNT:
        raise Http404("No such seat.")
    seat = next(s for s in _board(request) if s.position == position)
    initial = {
        "role": seat.role,
        "person": seat.person.name if seat.person else "",
        "why": seat.why,
    }
    form = SeatForm(request.POST or None, owner=member, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            clear = bool(request.POST.get("clear")) or data["person"] is None
            try:
                key_seat_update(
                    owner=member,
                    position=position,
                    role=data["role"],
                    person_id=None if clear else data["person"],
                    why="" if request.POST.get("clear") else data["why"],
                    clear_person=clear,
                )
            except RapportError as error:
                _show_error(form, error)
            else:
                messages.success(request, f"Seat {position} is saved.")
                return redirect("keeper_seats")
        status = 422
    return render(
        request,
        "keeper/seat_form.html",
        {
            "form": form,
            "seat": seat,
            "group_title": SeatGroup.labels[seat.group],
            "names": [p.name for p in people_of(owner=member).only("name")],
            "nav_current": NAV,
        },
        status=status,
    )


# --- Duplicates and merge -----------------------------------------------------


@login_required
def duplicates(request: MemberRequest) -> HttpResponse:
    # Archived people stay out of the lists, this one included, until restored.
    pairs = [
        pair
        for pair in duplicate_suggestions(owner=request.user)
        if pair.keep.archived_at is None and pair.other.archived_at is None
    ]
    return render(
        request,
        "keeper/duplicates.html",
        {"pairs": pairs, "nav_current": NAV},
    )


MERGE_ROWS = [
    ("Name", "name"),
    ("Organisation", "organisation"),
    ("Role", "role"),
    ("Email addresses", "email_values"),
    ("Phone numbers", "phone_values"),
    ("LinkedIn", "linkedin_url"),
    ("Other links", "link_values"),
    ("Circle", "circle_label"),
    ("How you met", "met_label"),
    ("Tags", "tag_values"),
    ("Dates", "date_values"),
    ("What makes them tick", "what_makes_them_tick"),
]


def _merge_facts(found: Person, *, owner: Member) -> dict[str, str]:
    return {
        "name": found.name,
        "organisation": found.organisation,
        "role": found.role,
        "email_values": ", ".join(e.get("value", "") for e in found.emails),
        "phone_values": ", ".join(p.get("value", "") for p in found.phones),
        "linkedin_url": found.linkedin_url,
        "link_values": ", ".join(link.get("url", "") for link in found.links),
        "circle_label": found.get_circle_display(),
        "met_label": ", ".join(
            part
            for part in (
                found.get_met_context_display() if found.met_context else "",
                f"{found.met_on:%-d %B %Y}" if found.met_on else "",
                found.met_place,
                found.met_gathering,
            )
            if part
        ),
        "tag_values": ", ".join(found.tags),
        "date_values": ", ".join(
            f"{item.title}: {item.described}"
            for item in person_dates(owner=owner, person=found, today=timezone.localdate())
        ),
        "what_makes_them_tick": found.what_makes_them_tick,
    }


@login_required
@require_POST
def merge(request: MemberRequest) -> HttpResponse:
    """First a side-by-side confirmation of the two records, then the merge itself."""
    member = request.user
    form = MergeForm(request.POST)
    if not form.is_valid():
        raise Http404("Choose two people to merge.")
    keep = person_get(owner=member, person_id=form.cleaned_data["keep_id"])
    other = person_get(owner=member, person_id=form.cleaned_data["merge_id"])
    error = None
    if form.cleaned_data["confirm"]:
        try:
            person_merge(owner=member, keep_id=keep.pk, merge_id=other.pk)
        except NotFound:
            raise Http404("No such person.") from None
        except RapportError as failure:
            error = failure.message
        else:
            messages.success(
                request,
                f"{name_beside(other, keep)} is merged into {name_beside(keep, other)}: "
                "every interaction and detail is kept.",
            )
            return redirect("keeper_person", keep.pk)
    keep_facts = _merge_facts(keep, owner=member)
    other_facts = _merge_facts(other, owner=member)
    rows = [(label, keep_facts[key], other_facts[key]) for label, key in MERGE_ROWS]
    return render(
        request,
        "keeper/merge_confirm.html",
        {
            "keep": keep,
            "other": other,
            "rows": rows,
            "error": error,
            "nav_current": NAV,
        },
        status=422 if error else 200,
    )
