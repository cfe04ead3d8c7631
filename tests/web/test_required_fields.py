"""Fields a choice makes required say so, for the choice the page is drawn with: on
first sight and when a form comes back with an error. Their help text says when,
whatever is chosen; a screen reader hears "required" (``aria-required``) and the eye
reads "(required)" only while the choice needs them (rapport/web/required_fields.py).
The changes in the browser, as the choice changes, are tests/browser/test_required_when.py's.
"""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from rapport.gatherings.services import gathering_create
from rapport.keeper.services import person_create
from rapport.network.states import Context
from tests.conftest import GOOD_NOTE
from tests.web.page_text import main_text


class _Fields(HTMLParser):
    """Each element's attributes by id, and each label's text by the id it is for."""

    def __init__(self) -> None:
        super().__init__()
        self.by_id: dict[str, dict[str, str]] = {}
        self.labels: dict[str, str] = {}
        self._label_for: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if "id" in found:
            self.by_id[found["id"]] = found
        if tag == "label" and "for" in found:
            self._label_for = found["for"]
            self.labels[self._label_for] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self._label_for = None

    def handle_data(self, data: str) -> None:
        if self._label_for is not None:
            self.labels[self._label_for] += data


def field(response, field_id: str) -> tuple[dict[str, str], str]:
    """The input ``field_id`` (its attributes) and its label's text, as drawn."""
    fields = _Fields()
    fields.feed(response.content.decode())
    return fields.by_id[field_id], " ".join(fields.labels[field_id].split())


def said_required(response, field_id: str) -> bool:
    """Whether the field is announced as required and its label says so; the test
    fails if one says it and not the other."""
    attrs, label = field(response, field_id)
    announced = attrs.get("aria-required") == "true"
    assert announced == ("(required)" in label), (field_id, attrs, label)
    # A field needed only sometimes never blocks the browser's submit.
    assert "required" not in attrs
    return announced


def help_text(response, field_id: str) -> str:
    match = re.search(
        rf'<div class="helptext" id="{field_id}_helptext">(.*?)</div>', _html(response)
    )
    assert match, f"no help text for {field_id}"
    return unescape(match.group(1))


def _html(response) -> str:
    return response.content.decode()


# --- a connection request: the detail for some contexts, the introducer for one -----


@pytest.fixture
def request_page(make_member, signed_in):
    sender, recipient = make_member("Sid Sender"), make_member("Rae Recipient")
    return signed_in(sender), reverse("request_new", args=[recipient.pk])


def test_the_request_form_says_which_contexts_need_a_detail_before_any_is_chosen(request_page):
    client, url = request_page
    response = client.get(url)
    assert not said_required(response, "id_context_detail")
    assert not said_required(response, "id_introducer_id")
    assert help_text(response, "id_context_detail") == (
        "Required for “We met at a gathering” and “Other”."
    )
    assert help_text(response, "id_introducer_id") == "Required for “A member introduced us”."
    detail, _label = field(response, "id_context_detail")
    assert detail["aria-describedby"] == "id_context_detail_helptext"
    assert detail["data-required-when"] == "context=gathering,other"
    introducer, _label = field(response, "id_introducer_id")
    assert introducer["data-required-when"] == "context=introduced"


@pytest.mark.parametrize(
    ("context", "detail_needed", "introducer_needed"),
    [
        ("other", True, False),
        ("gathering", True, False),
        ("worked_together", False, False),
        ("introduced", False, True),
    ],
)
def test_a_request_sent_back_with_an_error_marks_what_its_context_needs(
    request_page, context, detail_needed, introducer_needed
):
    client, url = request_page
    # A note too short: the form comes back, with the context chosen.
    response = client.post(url, {"context": context, "note": "Hi"})
    assert response.status_code == 422
    assert said_required(response, "id_context_detail") is detail_needed
    assert said_required(response, "id_introducer_id") is introducer_needed
    _attrs, label = field(response, "id_context_detail")
    # The label asks what the chosen context asks.
    assert label.startswith(Context.detail_prompt[context])


def test_the_missing_detail_for_other_is_required_invalid_and_described(request_page):
    client, url = request_page
    response = client.post(url, {"context": "other", "note": GOOD_NOTE.format(name="Rae")})
    assert response.status_code == 422
    attrs, label = field(response, "id_context_detail")
    assert label == "How do you know each other? (required)"
    assert attrs["aria-required"] == "true" and attrs["aria-invalid"] == "true"
    assert attrs["aria-describedby"] == "id_context_detail_helptext id_context_detail_error"


# --- a gathering: an agenda unless "no agenda"; a place, a link, or both -------------


def _gathering_form(**overrides: str) -> dict[str, str]:
    starts = timezone.localtime() + dt.timedelta(days=3)
    form = {
        "title": "Transit data breakfast",
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (starts + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "place": "The Anchor, Manchester",
        "agenda": "",
        "visibility": "invite",
    }
    form.update(overrides)
    return form


def test_a_new_gathering_needs_an_agenda_until_no_agenda_is_ticked(make_member, signed_in):
    client = signed_in(make_member("Ana Ruiz"))
    response = client.get(reverse("gathering_new"))
    assert said_required(response, "id_agenda")
    assert "Required unless “No agenda, just conversation” is ticked." in help_text(
        response, "id_agenda"
    )
    agenda, _label = field(response, "id_agenda")
    assert agenda["data-required-when"] == "no_agenda=off"

    # Sent back for another reason, with "no agenda" ticked: the agenda is not needed.
    ticked = client.post(reverse("gathering_new"), _gathering_form(title="", no_agenda="on"))
    assert ticked.status_code == 422
    assert not said_required(ticked, "id_agenda")
    # Sent back without either: needed, and the error says so beside it.
    neither = client.post(reverse("gathering_new"), _gathering_form())
    assert neither.status_code == 422
    assert said_required(neither, "id_agenda")
    assert field(neither, "id_agenda")[0]["aria-invalid"] == "true"


def _a_walk_with_no_agenda(host):
    starts = timezone.now() + dt.timedelta(days=3)
    return gathering_create(
        host=host,
        title="Walk in the park",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
        place="Platt Fields Park",
        no_agenda=True,
    )


def test_changing_a_gathering_with_no_agenda_shows_the_agenda_as_optional(make_member, signed_in):
    ana = make_member("Ana Ruiz")
    gathering = _a_walk_with_no_agenda(ana)
    response = signed_in(ana).get(reverse("gathering_edit", args=[gathering.pk]))
    assert not said_required(response, "id_agenda")


def test_place_and_link_sit_in_a_group_that_says_one_of_them_is_needed(make_member, signed_in):
    client = signed_in(make_member("Ana Ruiz"))
    for response in (
        client.get(reverse("gathering_new")),
        client.post(reverse("gathering_new"), _gathering_form(place="", no_agenda="on")),
    ):
        html = _html(response)
        group = html[html.index('<fieldset class="field field-group"') : html.index("</fieldset>")]
        assert 'aria-describedby="where-hint"' in group
        assert "<legend>Where (a place, a link, or both)</legend>" in group
        assert '<p class="hint" id="where-hint">Fill in at least one of the two.</p>' in group
        assert 'id="id_place"' in group and 'id="id_link"' in group
        # Neither is required alone, so neither says it is.
        assert not said_required(response, "id_place")
        assert not said_required(response, "id_link")
    assert "Say where: a place, a link to join, or both." in main_text(response)
    assert field(response, "id_place")[0]["aria-invalid"] == "true"


def test_the_invitation_boxes_say_at_least_one_must_be_ticked(make_member, signed_in, connect):
    ana, ben = make_member("Ana Ruiz"), make_member("Ben Okafor")
    connect(ana, ben)
    gathering = _a_walk_with_no_agenda(ana)
    html = _html(signed_in(ana).get(reverse("gathering", args=[gathering.pk])))
    form = html[html.index('class="form invite-form"') :]
    assert "<legend>Invite your connections (choose at least one):</legend>" in form
    # No box is required on its own: any one will do.
    assert " required" not in form[: form.index("</form>")]


# --- a report: the detail for "Something else" ---------------------------------------


@pytest.mark.parametrize(("reason", "needed"), [(None, False), ("spam", False), ("other", True)])
def test_a_reports_detail_is_required_for_something_else(make_member, signed_in, reason, needed):
    ana, ben = make_member("Ana Ruiz"), make_member("Ben Okafor")
    client, url = signed_in(ana), reverse("safety_report", args=[ben.pk])
    if reason is None:
        response = client.get(url)
    else:
        # The detail over its limit: the form comes back with the reason chosen.
        response = client.post(url, {"reason": reason, "detail": "x" * 2001})
        assert response.status_code == 422
    assert said_required(response, "id_detail") is needed
    assert "Required for “Something else”." in help_text(response, "id_detail")


def test_the_report_page_says_a_reason_is_required(make_member, signed_in):
    ana, ben = make_member("Ana Ruiz"), make_member("Ben Okafor")
    html = _html(signed_in(ana).get(reverse("safety_report", args=[ben.pk])))
    assert "<legend>What is wrong? (required):</legend>" in html
    assert 'class="form" novalidate' in html


# --- a keeper date: the label for "Other" --------------------------------------------


@pytest.mark.parametrize(
    ("kind", "needed"), [(None, False), ("anniversary", False), ("other", True)]
)
def test_a_dates_label_is_required_for_other(make_member, signed_in, kind, needed):
    ana = make_member("Ana Ruiz")
    grace = person_create(owner=ana, name="Grace Mensah")
    client = signed_in(ana)
    if kind is None:
        # The person's page, where the form starts at "Birthday".
        response = client.get(reverse("keeper_person", args=[grace.pk]))
    else:
        # A day that does not exist: the form comes back with the kind chosen.
        response = client.post(
            reverse("keeper_person_date_new", args=[grace.pk]), {"kind": kind, "when": "31 April"}
        )
        assert response.status_code == 422
    assert said_required(response, "date_label") is needed
    assert help_text(response, "date_label").startswith("Required for Other")
