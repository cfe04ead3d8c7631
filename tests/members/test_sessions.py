"""Where you're signed in: the Account page's list of a member's sessions, signing one
out or every other one, and `GET /api/me/sessions`, `DELETE /api/me/sessions/{id}`,
`POST /api/me/sessions/sign-out-others`.

Each device is a Client of its own, signed in through the log-in page with its own
User-Agent, as a browser would; "can no longer reach a page" is a request from that
device, sent away to log in.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from rapport.members.data_export import member_data_export
from rapport.members.devices import UNKNOWN_DEVICE, device_name
from rapport.members.models import Member, MemberSession
from rapport.members.services import (
    api_token_create,
    member_session_end,
    member_two_step_begin,
)
from rapport.members.sessions import LAST_ACTIVE_EVERY, SessionStore, session_public_id
from rapport.members.tasks import clear_expired_sessions
from rapport.members.two_step_codes import code_now
from rapport.operations.schedule import PERIODIC_JOBS
from tests.conftest import PASSWORD
from tests.members.account_mail import NEW_PASSWORD
from tests.web.page_queries import page_queries
from tests.web.page_text import main_text

FIREFOX_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0"
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
)
CHROME_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/125.0.0.0 Safari/537.36"
)
EDGE_WINDOWS = CHROME_WINDOWS + " Edg/125.0.2535.51"
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _clock():
    """Sessions are made and read at one time, unless a test moves it."""
    with time_machine.travel(T0, tick=False):
        yield


@pytest.fixture
def ana(make_member):
    return make_member("Ana Ruiz", username="ana", email="ana@example.org")


@pytest.fixture
def ben(make_member):
    return make_member("Ben Okafor", username="ben")


def _device(username: str, user_agent: str, **extra) -> Client:
    """A browser with ``user_agent`` that logged in through the log-in page."""
    client = Client(headers={"User-Agent": user_agent}, **extra)
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content[:300]
    return client


def _said(response) -> str:
    """The page's text, read as a sentence: a time's tag leaves no space before a comma."""
    return main_text(response).replace(" ,", ",")


def _id_of(client: Client) -> str:
    return session_public_id(client.session.session_key)


def _reaches_account(client: Client) -> bool:
    response = client.get(reverse("account_settings"))
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("login"))
        return False
    assert response.status_code == 200
    return True


def _end(client: Client, session_id: str):
    return client.post(reverse("account_settings"), {"form": "session_end", "session": session_id})


def _end_others(client: Client):
    return client.post(reverse("account_settings"), {"form": "sessions_end_others"})


def _api(client: Client):
    """The same browser calling the API with its session (and its CSRF token)."""
    client.get(reverse("account_settings"))  # the CSRF cookie, as a page load sets it
    return {"X-CSRFToken": client.cookies["csrftoken"].value}


# --- naming the device -------------------------------------------------------------


@pytest.mark.parametrize(
    ("user_agent", "name"),
    [
        (FIREFOX_LINUX, "Firefox on Linux"),
        (SAFARI_IPHONE, "Safari on iPhone"),
        (CHROME_WINDOWS, "Chrome on Windows"),
        (EDGE_WINDOWS, "Edge on Windows"),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/17.4 Safari/605.1.15",
            "Safari on macOS",
        ),
        (
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/125.0.0.0 Mobile Safari/537.36",
            "Chrome on Android",
        ),
        (
            "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
            "SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36",
            "Samsung Internet on Android",
        ),
        (
            "Mozilla/5.0 (Android 14; Mobile; rv:126.0) Gecko/126.0 Firefox/126.0",
            "Firefox on Android",
        ),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) CriOS/125.0.6422.80 Mobile/15E148 Safari/604.1",
            "Chrome on iPhone",
        ),
        (
            "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/125.0.0.0 Safari/537.36",
            "Chrome on ChromeOS",
        ),
        (CHROME_WINDOWS + " OPR/110.0.0.0", "Opera on Windows"),
        ("Mozilla/5.0 (Windows NT 10.0; Win64; x64)", "A browser on Windows"),
        ("curl/8.5.0", UNKNOWN_DEVICE),
        ("", UNKNOWN_DEVICE),
    ],
)
def test_a_device_is_named_by_its_browser_and_system(user_agent, name):
    assert device_name(user_agent) == name


def test_a_huge_user_agent_still_gives_a_short_name():
    assert device_name("Firefox/1 " * 100_000) == "Firefox"
    assert len(device_name(SAFARI_IPHONE + "x" * 10_000)) <= 40


# --- the list ----------------------------------------------------------------------


def test_signing_in_records_when_and_on_what_device_and_never_the_address(ana):
    laptop = _device("ana", FIREFOX_LINUX, REMOTE_ADDR="203.0.113.77")

    row = MemberSession.objects.get(session_key=laptop.session.session_key)
    assert (row.member_id, row.device, row.signed_in_at, row.last_active) == (
        ana.pk,
        "Firefox on Linux",
        T0,
        T0,
    )
    # No address, whole or in part, in the row or in the session's data.
    stored = json.dumps({**dict(laptop.session.items()), "row": vars(row)}, default=str)
    assert "203.0.113" not in stored and "203.0.113" not in row.session_data


def test_the_account_page_lists_the_members_own_sessions_this_one_first_and_marked(ana, ben):
    laptop = _device("ana", FIREFOX_LINUX)
    with time_machine.travel(T0 - dt.timedelta(days=3), tick=False):
        phone = _device("ana", SAFARI_IPHONE)
    with time_machine.travel(T0 - dt.timedelta(days=20), tick=False):
        _device("ana", CHROME_WINDOWS)  # two weeks and more ago: expired
    _device("ben", EDGE_WINDOWS)

    page = laptop.get(reverse("account_settings"))
    text = _said(page)
    html = page.content.decode()

    section = text[text.index("Where you're signed in") :]
    # Times in Ana's zone: UTC here (tests/members/test_time_zones.py moves zones).
    assert (
        "Firefox on Linux This device signed in 2 Mar 2026, 09:00 UTC, last active now" in section
    )
    assert (
        "Safari on iPhone signed in 27 Feb 2026, 09:00 UTC, last active 27 Feb 2026, 09:00 UTC"
        in section
    )
    assert section.index("Firefox on Linux") < section.index("Safari on iPhone")
    assert "Chrome on Windows" not in section  # expired
    assert "Edge on Windows" not in section  # Ben's
    # One "Sign out" for the phone, none for this device, and "everywhere else".
    assert html.count('name="form" value="session_end"') == 1
    assert f'name="session" value="{_id_of(phone)}"' in html
    assert "Sign out everywhere else" in section
    # Never a key, of any session.
    for key in MemberSession.objects.values_list("session_key", flat=True):
        assert key not in html


def test_with_one_session_there_is_nothing_else_to_sign_out(ana):
    text = _said(_device("ana", FIREFOX_LINUX).get(reverse("account_settings")))
    assert "You are signed in on this device only." in text
    assert "Sign out everywhere else" not in text


def test_times_are_in_the_members_time_zone(ana):
    Member.objects.filter(pk=ana.pk).update(time_zone="Asia/Tokyo")
    with time_machine.travel(T0 - dt.timedelta(hours=2), tick=False):
        _device("ana", SAFARI_IPHONE)
    text = _said(_device("ana", FIREFOX_LINUX).get(reverse("account_settings")))
    assert "Safari on iPhone signed in 2 Mar 2026, 16:00 JST" in text


# --- signing out -------------------------------------------------------------------


def test_signing_out_one_session_ends_it_and_only_it(ana, ben):
    laptop, phone, tablet = (
        _device("ana", FIREFOX_LINUX),
        _device("ana", SAFARI_IPHONE),
        _device("ana", CHROME_WINDOWS),
    )
    bens = _device("ben", EDGE_WINDOWS)

    response = _end(laptop, _id_of(phone))

    assert response.status_code == 302
    assert response["Location"] == reverse("account_settings")
    assert "Signed out: that device needs your password" in _said(
        laptop.get(reverse("account_settings"))
    )
    assert not _reaches_account(phone)
    assert _reaches_account(laptop) and _reaches_account(tablet) and _reaches_account(bens)
    assert "Safari on iPhone" not in _said(laptop.get(reverse("account_settings")))


def test_signing_out_everywhere_else_keeps_this_device_tokens_and_other_members(ana, ben):
    laptop, phone, tablet = (
        _device("ana", FIREFOX_LINUX),
        _device("ana", SAFARI_IPHONE),
        _device("ana", CHROME_WINDOWS),
    )
    bens = _device("ben", EDGE_WINDOWS)
    _token, raw = api_token_create(member=ana, label="script")

    response = _end_others(laptop)

    assert response.status_code == 302
    said = _said(laptop.get(reverse("account_settings")))
    assert "Signed out everywhere else: 2 other devices are signed out." in said
    assert "You are signed in on this device only." in said
    assert not _reaches_account(phone) and not _reaches_account(tablet)
    assert _reaches_account(laptop) and _reaches_account(bens)
    assert Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/me").status_code == 200
    assert set(MemberSession.objects.filter(member_id=ana.pk).values_list("device", flat=True)) == {
        "Firefox on Linux"
    }


def test_a_member_cannot_sign_out_someone_elses_session(ana, ben):
    laptop, bens = _device("ana", FIREFOX_LINUX), _device("ben", EDGE_WINDOWS)

    response = _end(laptop, _id_of(bens))

    assert response.status_code == 404
    assert "No such session" in _said(response)
    assert _reaches_account(bens)
    # Ana signing out everywhere else leaves Ben alone.
    _end_others(laptop)
    assert _reaches_account(bens)


def test_a_session_that_ended_meanwhile_is_named_not_a_crash(ana):
    laptop, phone = _device("ana", FIREFOX_LINUX), _device("ana", SAFARI_IPHONE)
    phone_id = _id_of(phone)
    assert _end(laptop, phone_id).status_code == 302

    again = _end(laptop, phone_id)
    assert again.status_code == 404
    assert "it has ended already, or it is not yours" in _said(again)
    assert _end(laptop, "").status_code == 422


def test_signing_out_this_session_by_hand_signs_this_browser_out(ana):
    laptop = _device("ana", FIREFOX_LINUX)
    assert _end(laptop, _id_of(laptop)).status_code == 302
    assert not _reaches_account(laptop)


def test_a_new_password_leaves_only_this_device_in_the_list(ana):
    laptop, phone = _device("ana", FIREFOX_LINUX), _device("ana", SAFARI_IPHONE)
    response = laptop.post(
        reverse("account_settings"),
        {
            "form": "password",
            "current_password": PASSWORD,
            "new_password": NEW_PASSWORD,
            "new_password_again": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert not _reaches_account(phone)
    text = _said(laptop.get(reverse("account_settings")))
    assert "Firefox on Linux This device" in text  # kept, under a new key
    assert "Safari on iPhone" not in text


@pytest.mark.parametrize("sign_out_others", [True, False])
def test_turning_on_two_step_offers_to_sign_out_everywhere_else(ana, sign_out_others):
    laptop, phone = _device("ana", FIREFOX_LINUX), _device("ana", SAFARI_IPHONE)
    key = member_two_step_begin(member=ana, now=T0 - dt.timedelta(minutes=1)).secret
    page = laptop.get(reverse("account_settings")).content.decode()
    [checkbox] = re.findall(r'<input type="checkbox" name="sign_out_others"[^>]*>', page)
    assert " checked" in checkbox  # offered, ticked

    fields = {"form": "two_step_confirm", "code": code_now(key, T0), "current_password": PASSWORD}
    if sign_out_others:
        fields["sign_out_others"] = "on"
    confirmed = laptop.post(reverse("account_settings"), fields)

    assert confirmed.status_code == 200
    assert ("Every other device was signed out." in _said(confirmed)) is sign_out_others
    assert _reaches_account(phone) is not sign_out_others
    assert _reaches_account(laptop)


# --- the API -----------------------------------------------------------------------


def test_the_api_lists_sessions_by_public_id_this_one_marked(ana, ben):
    laptop = _device("ana", FIREFOX_LINUX)
    with time_machine.travel(T0 - dt.timedelta(days=3), tick=False):
        phone = _device("ana", SAFARI_IPHONE)
    _device("ben", EDGE_WINDOWS)
    _token, raw = api_token_create(member=ana, label="script")

    listed = laptop.get("/api/me/sessions")
    assert listed.status_code == 200
    assert listed.json() == [
        {
            "id": _id_of(laptop),
            "device": "Firefox on Linux",
            "signed_in_at": "2026-03-02T09:00:00Z",
            "last_active": "2026-03-02T09:00:00Z",
            "expires_at": "2026-03-16T09:00:00Z",
            "current": True,
        },
        {
            "id": _id_of(phone),
            "device": "Safari on iPhone",
            "signed_in_at": "2026-02-27T09:00:00Z",
            "last_active": "2026-02-27T09:00:00Z",
            "expires_at": "2026-03-13T09:00:00Z",
            "current": False,
        },
    ]
    # With a token, no session is the caller's; a token never sees a key.
    by_token = Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/me/sessions")
    assert [row["current"] for row in by_token.json()] == [False, False]
    for key in MemberSession.objects.values_list("session_key", flat=True):
        assert key not in listed.content.decode() and key not in by_token.content.decode()


def test_the_api_ends_one_session_and_not_someone_elses(ana, ben, api_as):
    laptop, phone = _device("ana", FIREFOX_LINUX), _device("ana", SAFARI_IPHONE)
    bens = _device("ben", EDGE_WINDOWS)
    api = api_as(ana)

    assert api.delete(f"/me/sessions/{_id_of(bens)}").status_code == 404
    assert api.delete("/me/sessions/not-an-id").json()["code"] == "not_found"
    assert api.delete(f"/me/sessions/{_id_of(phone)}").status_code == 204
    assert api.delete(f"/me/sessions/{_id_of(phone)}").status_code == 404

    assert not _reaches_account(phone)
    assert _reaches_account(laptop) and _reaches_account(bens)


def test_a_session_caller_signs_out_the_others_and_stays(ana):
    laptop, phone = _device("ana", FIREFOX_LINUX), _device("ana", SAFARI_IPHONE)

    response = laptop.post("/api/me/sessions/sign-out-others", headers=_api(laptop))

    assert response.status_code == 200
    assert response.json() == {"ended": 1}
    assert not _reaches_account(phone)
    assert _reaches_account(laptop)


def test_a_token_caller_signs_out_every_web_session_and_keeps_working(ana, ben, api_as):
    laptop, phone = _device("ana", FIREFOX_LINUX), _device("ana", SAFARI_IPHONE)
    bens = _device("ben", EDGE_WINDOWS)
    api = api_as(ana)

    response = api.post("/me/sessions/sign-out-others")

    assert response.status_code == 200
    assert response.json() == {"ended": 2}
    assert not _reaches_account(laptop) and not _reaches_account(phone)
    assert _reaches_account(bens)
    assert api.get("/me/sessions").json() == []
    assert api.get("/me").status_code == 200


def test_a_session_caller_without_the_csrf_token_is_refused(ana):
    laptop, phone = _device("ana", FIREFOX_LINUX), _device("ana", SAFARI_IPHONE)
    csrf_checked = Client(enforce_csrf_checks=True, headers={"User-Agent": FIREFOX_LINUX})
    csrf_checked.cookies = laptop.cookies

    assert csrf_checked.post("/api/me/sessions/sign-out-others").status_code == 403
    assert csrf_checked.delete(f"/api/me/sessions/{_id_of(phone)}").status_code == 403
    assert _reaches_account(phone)


# --- privacy -----------------------------------------------------------------------


def test_the_data_export_names_sessions_by_public_id_without_their_data(ana, api_as):
    laptop = _device("ana", FIREFOX_LINUX)
    key = laptop.session.session_key

    export = member_data_export(member=ana)
    by_api = api_as(ana).get("/me/export").content.decode()

    [row] = export["records"]["members.MemberSession"]
    assert row["id"] == _id_of(laptop)
    assert row["device"] == "Firefox on Linux"
    assert "session_data" not in row
    for text in (json.dumps(export, default=str), by_api):
        assert key not in text
        assert ana.get_session_auth_hash() not in text


def test_the_service_refuses_an_id_of_another_member(ana, ben):
    bens = _device("ben", EDGE_WINDOWS)
    from rapport.errors import NotFound

    with pytest.raises(NotFound):
        member_session_end(member=ana, session_id=_id_of(bens))
    assert _reaches_account(bens)


# --- what it costs -------------------------------------------------------------------


def _queries(client: Client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def _last_active_writes(queries: list[str]) -> int:
    return sum(1 for sql in queries if sql.startswith("UPDATE") and "members_session" in sql)


def test_last_activity_is_written_at_most_once_per_interval(ana):
    laptop = _device("ana", FIREFOX_LINUX)
    # A call with the browser's session whose own cost never changes: the session with
    # its member, then whether two-step sign-in is on.
    url = "/api/me/two-step"
    ordinary = len(_queries(laptop, url))
    assert ordinary == 2

    def stored() -> dt.datetime:
        return MemberSession.objects.get(session_key=laptop.session.session_key).last_active

    with time_machine.travel(T0 + LAST_ACTIVE_EVERY - dt.timedelta(seconds=1), tick=False):
        queries = _queries(laptop, url)
        assert (len(queries), _last_active_writes(queries)) == (ordinary, 0)
        assert stored() == T0
    later = T0 + LAST_ACTIVE_EVERY
    with time_machine.travel(later, tick=False):
        queries = _queries(laptop, url)
        assert (len(queries), _last_active_writes(queries)) == (ordinary + 1, 1)
        assert stored() == later
        for _ in range(3):  # the rest of the interval: nothing
            queries = _queries(laptop, url)
            assert (len(queries), _last_active_writes(queries)) == (ordinary, 0)
    with time_machine.travel(later + LAST_ACTIVE_EVERY, tick=False):
        assert _last_active_writes(_queries(laptop, url)) == 1
        text = _said(_device("ana", SAFARI_IPHONE).get(reverse("account_settings")))
        assert "last active 2 Mar 2026, 09:30 UTC" in text


def test_a_save_that_happens_anyway_moves_last_activity_and_nothing_more_is_written(ana):
    laptop = _device("ana", FIREFOX_LINUX)
    store = SessionStore(session_key=laptop.session.session_key)
    later = T0 + 2 * LAST_ACTIVE_EVERY
    with time_machine.travel(later, tick=False), CaptureQueriesContext(connection) as captured:
        store["cart"] = "anything a request keeps in its session"
        store.save()
        assert not store.last_active_touch()  # what the middleware asks after a save
    queries = [query["sql"] for query in captured.captured_queries]
    assert _last_active_writes(queries) == 1  # Django's own save of the session
    row = MemberSession.objects.get(session_key=laptop.session.session_key)
    assert row.last_active == later
    assert row.signed_in_at == T0 and row.device == "Firefox on Linux"  # kept by the save


def test_the_account_page_costs_one_query_more_for_any_number_of_sessions(ana):
    """Four queries: the session with its member, the waiting address, two-step sign-in,
    and the member's sessions (one query however many)."""
    laptop = _device("ana", FIREFOX_LINUX)
    assert page_queries(laptop, reverse("account_settings"), at_most=4) == 4
    for user_agent in (SAFARI_IPHONE, CHROME_WINDOWS, EDGE_WINDOWS):
        _device("ana", user_agent)
    assert page_queries(laptop, reverse("account_settings"), at_most=4) == 4


def test_ordinary_requests_read_last_activity_with_the_session_in_one_query(ana):
    """The session's one query reads "last active" along: an ordinary page costs what
    it did (tests/web/test_hot_path_queries.py holds the exact counts)."""
    laptop = _device("ana", FIREFOX_LINUX)
    laptop.get(reverse("home"))
    queries = _queries(laptop, reverse("home"))
    assert "last_active" in queries[0] and "session_data" in queries[0]
    assert not any("members_session" in sql for sql in queries[1:])


def test_expired_sessions_are_not_listed_by_the_api(ana, api_as):
    laptop = _device("ana", FIREFOX_LINUX)
    MemberSession.objects.filter(session_key=laptop.session.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    assert api_as(ana).get("/me/sessions").json() == []
    assert not _reaches_account(laptop)


def test_the_daily_job_deletes_expired_sessions_and_keeps_the_live_ones(ana, ben):
    old_laptop = _device("ana", FIREFOX_LINUX)
    phone = _device("ana", SAFARI_IPHONE)
    bens = _device("ben", CHROME_WINDOWS)
    MemberSession.objects.filter(session_key=old_laptop.session.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    assert "rapport.members.tasks.clear_expired_sessions" in {
        job.task_path for job in PERIODIC_JOBS
    }
    assert clear_expired_sessions.call() == 1
    assert not MemberSession.objects.filter(session_key=old_laptop.session.session_key).exists()
    assert _reaches_account(phone) and _reaches_account(bens)
    assert clear_expired_sessions.call() == 0
