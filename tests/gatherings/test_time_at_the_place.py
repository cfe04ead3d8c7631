"""A gathering's own time zone, "the time at the place".

A host in New York plans a dinner in Lisbon: she chooses Lisbon's zone on the form
(her own is filled in to start with), types 19:00, and everyone sees "19:00 Lisbon
time", with their own time beside it when their clock reads otherwise (Nia's 14:00,
Kenji's 04:00 the next morning; Ada in London reads the same as Lisbon and is told
once). A gathering with no zone (online only) reads as before, in each member's own.
The host's own zone is private: it is never shown unless she chose it for the
gathering. Calendar files stay in UTC.

In November 2026 Lisbon and London are on UTC+0, New York on UTC-5, Tokyo on UTC+9.
"""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
import time_machine
from django.db import DataError, IntegrityError, transaction
from django.urls import reverse

from rapport.errors import InvalidInput
from rapport.gatherings.models import Gathering
from rapport.gatherings.services import gathering_cancel, gathering_create, gathering_update
from rapport.gatherings.tasks import send_gathering_reminders
from tests.gatherings.making import signed_in
from tests.web.page_text import main_text

NOW = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
# 19:00 to 22:00 in Lisbon on Friday 6 November 2026.
DINNER = dt.datetime(2026, 11, 6, 19, 0, tzinfo=dt.UTC)
DASH = "\N{EN DASH}"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def nia(make_member):
    return make_member("Nia Brooks", email="nia@example.org", time_zone="America/New_York")


@pytest.fixture
def ada(make_member):
    return make_member("Ada Lowe", email="ada@example.org", time_zone="Europe/London")


@pytest.fixture
def kenji(make_member):
    return make_member("Kenji Sato", email="kenji@example.org", time_zone="Asia/Tokyo")


def _typed(**overrides: str) -> dict[str, str]:
    """The new-gathering form as a host sends it: a dinner in Lisbon."""
    return {
        "title": "Lisbon supper",
        "time_zone": "Europe/Lisbon",
        "starts_at": "2026-11-06T19:00",
        "ends_at": "2026-11-06T22:00",
        "place": "Casa do Alentejo, Lisbon",
        "no_agenda": "on",
        "visibility": "community",
        **overrides,
    }


def _dinner(host, **overrides) -> Gathering:
    fields = {
        "title": "Lisbon supper",
        "time_zone": "Europe/Lisbon",
        "starts_at": DINNER,
        "ends_at": DINNER + dt.timedelta(hours=3),
        "place": "Casa do Alentejo, Lisbon",
        "no_agenda": True,
        "visibility": "community",
    }
    fields.update(overrides)
    return gathering_create(host=host, **fields)


def _error_of(response, field: str) -> str:
    found = re.search(rf'id="id_{field}_error">(.*?)</ul>', response.content.decode(), re.S)
    assert found is not None, f"no error beside {field}"
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", found.group(1))).split())


# --- the form ---------------------------------------------------------------------------


def test_the_form_offers_the_profiles_zones_and_starts_at_the_hosts_own(nia):
    response = signed_in(nia).get(reverse("gathering_new"))

    html = response.content.decode()
    select = re.search(r'<select[^>]*name="time_zone"[^>]*>(.*?)</select>', html, re.S)
    assert select is not None
    options = select.group(1)
    assert '<option value="America/New_York" selected>' in options
    assert '<option value="Europe/Lisbon">Lisbon</option>' in options
    # None at all, for a gathering online only: each guest sees their own time.
    assert options.startswith('<option value="">')
    text = main_text(response)
    assert "shown to everyone invited" in text


def test_the_host_types_the_time_at_the_place(nia):
    response = signed_in(nia).post(reverse("gathering_new"), _typed())

    assert response.status_code == 302, main_text(response)
    gathering = Gathering.objects.get()
    assert gathering.time_zone == "Europe/Lisbon"
    # 19:00 in Lisbon, not 19:00 in New York (which would be midnight UTC).
    assert (gathering.starts_at, gathering.ends_at) == (DINNER, DINNER + dt.timedelta(hours=3))


def test_with_no_zone_the_host_types_in_their_own_as_before(nia):
    response = signed_in(nia).post(reverse("gathering_new"), _typed(time_zone=""))

    assert response.status_code == 302, main_text(response)
    gathering = Gathering.objects.get()
    assert gathering.time_zone == ""
    assert gathering.starts_at == dt.datetime(2026, 11, 7, 0, 0, tzinfo=dt.UTC)


def test_an_unknown_zone_is_refused_beside_its_field(nia):
    response = signed_in(nia).post(reverse("gathering_new"), _typed(time_zone="Mars/Olympus"))

    assert response.status_code == 422
    assert "'Mars/Olympus' is not a time zone Rapport knows" in _error_of(response, "time_zone")
    assert not Gathering.objects.exists()


def test_a_time_the_clocks_skip_at_the_place_is_refused_naming_the_place(ada):
    """02:30 on 14 March 2027 never happens in New York (the clocks go from 02:00 to
    03:00); in London, the host's own zone, it does."""
    response = signed_in(ada).post(
        reverse("gathering_new"),
        _typed(
            time_zone="America/New_York",
            starts_at="2027-03-14T02:30",
            ends_at="2027-03-14T04:30",
        ),
    )

    assert response.status_code == 422
    said = _error_of(response, "starts_at")
    assert "does not exist in America/New_York" in said
    assert "Pick a time before 02:00 or from 03:00." in said
    assert not Gathering.objects.exists()


def test_editing_shows_the_times_at_the_place_and_saving_them_keeps_them(nia):
    gathering = _dinner(nia)
    client = signed_in(nia)

    form = client.get(reverse("gathering_edit", args=[gathering.pk])).content.decode()
    saved = client.post(
        reverse("gathering_edit", args=[gathering.pk]), _typed(title="Lisbon supper, upstairs")
    )

    assert 'value="2026-11-06T19:00"' in form and 'value="2026-11-06T22:00"' in form
    assert '<option value="Europe/Lisbon" selected>' in form
    assert saved.status_code == 302, main_text(saved)
    gathering.refresh_from_db()
    assert gathering.starts_at == DINNER
    assert gathering.moved_at is None


def test_choosing_another_zone_reads_the_typed_times_in_it(nia):
    """The times beside the menu are in the zone it shows: 19:00 in New York now."""
    gathering = _dinner(nia)

    signed_in(nia).post(
        reverse("gathering_edit", args=[gathering.pk]), _typed(time_zone="America/New_York")
    )

    gathering.refresh_from_db()
    assert gathering.time_zone == "America/New_York"
    assert gathering.starts_at == dt.datetime(2026, 11, 7, 0, 0, tzinfo=dt.UTC)
    assert gathering.moved_at == NOW


# --- the service and the database ------------------------------------------------------


def test_the_service_spells_the_zone_as_the_database_does(nia):
    gathering = _dinner(nia, time_zone="  europe/lisbon ")

    assert gathering.time_zone == "Europe/Lisbon"


def test_the_service_reads_a_time_without_offset_at_the_place(nia):
    gathering = _dinner(
        nia, starts_at=dt.datetime(2026, 11, 6, 19, 0), ends_at=dt.datetime(2026, 11, 6, 22, 0)
    )

    assert gathering.starts_at == DINNER


@pytest.mark.parametrize("zone", ["Mars/Olympus", 42])
def test_the_service_refuses_what_is_no_zone_naming_the_field(nia, zone):
    with pytest.raises(InvalidInput) as refused:
        _dinner(nia, time_zone=zone)

    assert refused.value.field == "time_zone"


def test_changing_the_zone_alone_moves_nothing(nia, kenji, api_as):
    gathering = _dinner(nia)
    api_as(kenji).post(f"/gatherings/{gathering.pk}/rsvp", {"answer": "yes"})

    gathering_update(host=nia, gathering_id=gathering.pk, time_zone="")

    gathering.refresh_from_db()
    assert gathering.time_zone == ""
    assert gathering.starts_at == DINNER and gathering.moved_at is None


@pytest.mark.parametrize("stored", [" Europe/Lisbon", "Europe/Lisbon ", "Europe/" + "x" * 58])
def test_the_database_refuses_a_zone_with_spaces_or_too_long(nia, stored):
    gathering = _dinner(nia)

    # PostgreSQL's varchar refuses the long one itself; SQLite's needs the CHECK.
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        Gathering.objects.filter(pk=gathering.pk).update(time_zone=stored)


# --- what members see ------------------------------------------------------------------


def test_the_page_shows_the_time_at_the_place_and_yours_only_when_it_differs(
    nia, ada, kenji, django_assert_max_num_queries
):
    gathering = _dinner(nia)
    url = reverse("gathering", args=[gathering.pk])

    client = signed_in(nia)
    with django_assert_max_num_queries(14):
        as_nia = main_text(client.get(url))
    as_ada = main_text(signed_in(ada).get(url))
    as_kenji = main_text(signed_in(kenji).get(url))

    at_the_place = f"Friday 6 November 2026, 19:00 {DASH} 22:00 Lisbon time"
    for page in (as_nia, as_ada, as_kenji):
        assert at_the_place in page
    assert f"14:00 {DASH} 17:00 your time, New York" in as_nia
    assert f"Saturday 7 November 2026, 04:00 {DASH} 07:00 your time, Tokyo" in as_kenji
    # London's clock reads as Lisbon's: nothing more to say.
    assert "your time" not in as_ada.lower()


def test_the_list_rows_show_the_time_at_the_place_and_yours_when_it_differs(
    nia, ada, kenji, django_assert_max_num_queries
):
    _dinner(nia)

    client = signed_in(nia)
    with django_assert_max_num_queries(12):
        as_nia = main_text(client.get(reverse("gatherings")))
    as_ada = main_text(signed_in(ada).get(reverse("gatherings")))
    as_kenji = main_text(signed_in(kenji).get(reverse("gatherings")))

    assert "Fri 6 Nov 2026, 19:00 Lisbon time (14:00 your time)" in as_nia
    assert "Fri 6 Nov 2026, 19:00 Lisbon time (Sat 7 Nov, 04:00 your time)" in as_kenji
    assert "Fri 6 Nov 2026, 19:00 Lisbon time" in as_ada
    assert "your time" not in as_ada


def test_the_hosts_own_zone_is_shown_to_nobody_unless_chosen(make_member, kenji, api_as):
    """Priya lives in Kolkata; her online call has no zone, her dinner is in Lisbon."""
    priya = make_member("Priya Nair", time_zone="Asia/Kolkata")
    call = _dinner(
        priya, title="Online call", time_zone="", place="", link="https://m.example.org/c"
    )
    dinner = _dinner(priya)

    seen = [
        main_text(signed_in(kenji).get(reverse("gatherings"))),
        main_text(signed_in(kenji).get(reverse("gathering", args=[call.pk]))),
        main_text(signed_in(kenji).get(reverse("gathering", args=[dinner.pk]))),
        api_as(kenji).get("/gatherings").content.decode(),
    ]

    for text in seen:
        assert "Kolkata" not in text and "IST" not in text
    assert api_as(kenji).get(f"/gatherings/{call.pk}").json()["time_zone"] == ""


def test_a_gathering_with_no_zone_reads_as_before(nia, kenji):
    gathering = _dinner(nia, time_zone="")

    page = main_text(signed_in(kenji).get(reverse("gathering", args=[gathering.pk])))

    assert f"Saturday 7 November 2026, 04:00 {DASH} 07:00 JST" in page
    assert "Your time, Tokyo" in page and "Lisbon time" not in page


# --- mail -----------------------------------------------------------------------------


@pytest.fixture
def coming(nia, ada, kenji, api_as):
    """Nia's dinner, and Ada and Kenji said yes."""
    gathering = _dinner(nia)
    for guest in (ada, kenji):
        api_as(guest).post(f"/gatherings/{gathering.pk}/rsvp", {"answer": "yes"})
    return gathering


def _bodies(mailoutbox) -> dict[str, str]:
    return {message.to[0]: message.body for message in mailoutbox}


def test_the_reminder_tells_the_time_at_the_place_and_each_readers_own(coming, mailoutbox, _frozen):
    _frozen.move_to(DINNER - dt.timedelta(hours=20))
    send_gathering_reminders.enqueue()

    sent = _bodies(mailoutbox)
    assert (
        "starts Friday 6 November, 19:00 Lisbon time (14:00 your time, New York)."
        in (sent["nia@example.org"])
    )
    assert (
        "starts Friday 6 November, 19:00 Lisbon time (Saturday 7 November, 04:00 your time, "
        "Tokyo)." in sent["kenji@example.org"]
    )
    assert "starts Friday 6 November, 19:00 Lisbon time." in sent["ada@example.org"]
    assert "DTSTART:20261106T190000Z" in mailoutbox[0].attachments[0][1]


def test_the_move_and_cancel_mails_tell_the_time_at_the_place(
    coming, nia, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        gathering_update(
            host=nia,
            gathering_id=coming.pk,
            starts_at=DINNER + dt.timedelta(hours=1),
            ends_at=DINNER + dt.timedelta(hours=4),
        )
    moved = _bodies(mailoutbox)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        gathering_cancel(host=nia, gathering_id=coming.pk)
    cancelled = _bodies(mailoutbox)

    assert (
        "When: Friday 6 November, 20:00 Lisbon time (Saturday 7 November, 05:00 your time, "
        "Tokyo)." in moved["kenji@example.org"]
    )
    assert "When: Friday 6 November, 20:00 Lisbon time." in moved["ada@example.org"]
    assert "It was to start Friday 6 November, 20:00 Lisbon time." in cancelled["ada@example.org"]
    assert (
        "It was to start Friday 6 November, 20:00 Lisbon time (Saturday 7 November"
        in (cancelled["kenji@example.org"])
    )


# --- the API ----------------------------------------------------------------------------


def _body(**overrides: object) -> dict[str, object]:
    return {
        "title": "Lisbon supper",
        "time_zone": "europe/lisbon",
        "starts_at": "2026-11-06T19:00:00+00:00",
        "ends_at": "2026-11-06T22:00:00+00:00",
        "place": "Casa do Alentejo, Lisbon",
        "no_agenda": True,
        **overrides,
    }


def test_the_api_takes_and_gives_the_zone(nia, api_as):
    api = api_as(nia)

    created = api.post("/gatherings", _body())
    cleared = api.patch(f"/gatherings/{created.json()['id']}", {"time_zone": ""})
    listed = api.get("/gatherings").json()["upcoming"][0]
    without = {name: value for name, value in _body().items() if name != "time_zone"}
    left_out = api.post("/gatherings", without)

    assert created.status_code == 201, created.json()
    assert created.json()["time_zone"] == "Europe/Lisbon"
    assert cleared.json()["time_zone"] == "" == listed["time_zone"]
    assert cleared.json()["starts_at"] == "2026-11-06T19:00:00Z"
    assert (left_out.status_code, left_out.json()["time_zone"]) == (201, "")


@pytest.mark.parametrize(
    ("zone", "code"),
    [("Mars/Olympus", "unknown_time_zone"), ("Europe/" + "x" * 60, None)],
)
def test_the_api_refuses_a_zone_naming_the_field(nia, api_as, zone, code):
    api = api_as(nia)

    refused = api.post("/gatherings", _body(time_zone=zone))
    kept = api.post("/gatherings", _body())
    patched = api.patch(f"/gatherings/{kept.json()['id']}", {"time_zone": zone})

    for answer in (refused, patched):
        assert answer.status_code == 422
        assert answer.json()["field"] == "time_zone"
    if code is not None:
        assert refused.json()["code"] == code
    assert Gathering.objects.get().time_zone == "Europe/Lisbon"


def test_the_api_document_describes_the_zone(client, db):
    schemas = client.get("/api/openapi.json").json()["components"]["schemas"]

    assert schemas["GatheringOut"]["properties"]["time_zone"]["type"] == "string"
    assert schemas["GatheringIn"]["properties"]["time_zone"]["maxLength"] == 64
    assert "time_zone" in schemas["GatheringPatchIn"]["properties"]
