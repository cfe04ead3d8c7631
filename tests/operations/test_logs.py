"""One JSON line a request: who asked what, how it ended, how long it took; no secrets."""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import sys

import pytest
from django.test import Client
from django.urls import reverse

from rapport.members.services import api_token_create
from rapport.operations.logs import JsonLinesFormatter
from tests.conftest import PASSWORD


@pytest.fixture
def log_lines():
    """Every record of the request, from any logger, as production writes it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonLinesFormatter())
    root = logging.getLogger()
    access = logging.getLogger("rapport.access")
    old_levels = root.level, access.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    access.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)
    root.setLevel(old_levels[0])
    access.setLevel(old_levels[1])


def access_lines(lines: list[dict]) -> list[dict]:
    return [line for line in lines if line["logger"] == "rapport.access"]


@pytest.mark.django_db
def test_a_page_request_is_one_json_line_with_the_member_and_the_timing(
    make_member, client, log_lines
):
    ana = make_member("Ana Ruiz")
    client.force_login(ana)
    response = client.get("/connections/")
    assert response.status_code == 200

    [line] = access_lines(log_lines())
    assert line["request_id"] == response["X-Request-ID"]
    assert line["method"] == "GET"
    assert line["path"] == "/connections/"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["member_id"] == ana.pk
    assert line["level"] == "INFO" and line["time"].startswith("20")


@pytest.mark.django_db
def test_an_api_call_by_token_names_its_member_and_never_the_token(make_member, log_lines):
    ben = make_member("Ben Okafor")
    _token, raw = api_token_create(member=ben, label="laptop")
    response = Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/me")
    assert response.status_code == 200
    [line] = access_lines(log_lines())
    assert (line["path"], line["status"], line["member_id"]) == ("/api/me", 200, ben.pk)
    assert raw not in json.dumps(log_lines())


@pytest.mark.django_db
def test_signing_in_logs_no_password_and_no_username(make_member, client, log_lines):
    make_member("Cy Tran", username="cytran")
    client.post("/login/", {"username": "cytran", "password": PASSWORD})
    client.post("/api/token", {"username": "cytran", "password": "wrong-" + PASSWORD})
    written = json.dumps(log_lines())
    assert len(access_lines(log_lines())) == 2
    assert PASSWORD not in written
    assert "cytran" not in written


@pytest.mark.django_db
def test_a_calendar_feeds_secret_token_is_replaced_in_the_logged_path(client, log_lines):
    client.get("/calendar/s3cret-feed-token.ics")
    [line] = access_lines(log_lines())
    assert line["path"] == "/calendar/:token.ics"
    assert "s3cret-feed-token" not in json.dumps(log_lines())


@pytest.mark.django_db
def test_an_email_confirmation_links_token_is_replaced_in_the_logged_path(
    make_member, client, log_lines
):
    ana = make_member("Ana Ruiz")
    client.force_login(ana)
    path = reverse("email_confirm", kwargs={"uidb64": "MQ", "token": "s3cret-confirm-token"})
    assert client.get(path).status_code == 200
    [line] = access_lines(log_lines())
    assert line["path"] == "/settings/account/email/MQ/:token/"
    assert "s3cret-confirm-token" not in json.dumps(log_lines())


@pytest.mark.django_db
def test_a_proxys_request_id_is_kept_and_a_malformed_one_replaced(client, log_lines):
    kept = client.get("/health", headers={"X-Request-ID": "edge-7f3a9c21"})
    replaced = client.get("/health", headers={"X-Request-ID": "<script>"})
    assert kept["X-Request-ID"] == "edge-7f3a9c21"
    assert replaced["X-Request-ID"] != "<script>" and len(replaced["X-Request-ID"]) == 32
    assert [line["request_id"] for line in access_lines(log_lines())] == [
        "edge-7f3a9c21",
        replaced["X-Request-ID"],
    ]


def test_keys_that_name_a_secret_are_never_written():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "hello", None, None)
    record.password = "hunter2"
    record.api_token = "rpt_abc"
    record.request = "<WSGIRequest: GET '/calendar/abc.ics'>"
    record.path = "/connections/"
    line = json.loads(JsonLinesFormatter().format(record))
    assert line["message"] == "hello" and line["path"] == "/connections/"
    assert not {"password", "api_token", "request"} & set(line)


class Odd:
    """Something JSON cannot hold: both roads write its text form."""

    def __repr__(self) -> str:
        return "odd"


def _library_line(record: logging.LogRecord) -> str:
    """The line python-json-logger itself writes with Rapport's field names, secret
    keys removed: what JsonLinesFormatter wrote before its shorter road existed."""
    from pythonjsonlogger.json import JsonFormatter

    from rapport.operations.logs import _is_secret

    class Library(JsonFormatter):
        def process_log_record(self, log_data):
            return {key: value for key, value in log_data.items() if not _is_secret(key)}

    return Library(
        fmt=["levelname", "name", "message"],
        rename_fields={"levelname": "level", "name": "logger"},
        timestamp="time",
    ).format(record)


@pytest.mark.parametrize(
    "extra",
    [
        {"request_id": "a" * 32, "method": "GET", "path": "/", "status": 200},
        {"duration_ms": 1.5, "member_id": None, "when": dt.date(2026, 1, 2)},
        {"api_token": "rpt_x", "odd": Odd()},
        {},
    ],
)
def test_the_usual_record_is_written_as_the_library_writes_it(extra):
    record = logging.LogRecord(
        "rapport.access", logging.INFO, __file__, 1, "%s %s", ("GET", "/"), None
    )
    for key, value in extra.items():
        setattr(record, key, value)
    assert JsonLinesFormatter().format(record) == _library_line(record)


def test_records_with_an_exception_or_a_dict_take_the_librarys_own_road():
    try:
        raise ValueError("boom")
    except ValueError:
        failed = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", None, sys.exc_info())
    as_dict = logging.LogRecord("x", logging.INFO, __file__, 1, {"event": "e", "n": 1}, None, None)
    for record in (failed, as_dict):
        line = JsonLinesFormatter().format(record)
        assert json.loads(line) == json.loads(_library_line(record))
    assert "ValueError: boom" in json.loads(JsonLinesFormatter().format(failed))["exc_info"]


def test_an_email_address_in_a_line_is_replaced_as_rqs_worker_writes_task_arguments():
    """RQ's worker logs each task with its arguments; a confirmation is queued with the
    address it goes to, which is no business of a log shipper."""
    message = (
        "default: rapport.members.tasks.send_email_confirmation(7, 'rapport.example.org', "
        "True, 'ana.ruiz+work@mail.example.org', '2026-12-04T15:00:00') (job-1)"
    )
    record = logging.LogRecord("rq.worker", logging.INFO, __file__, 1, message, None, None)

    line = json.loads(JsonLinesFormatter().format(record))

    assert "ana.ruiz" not in line["message"] and "mail.example.org" not in line["message"]
    assert line["message"] == message.replace("ana.ruiz+work@mail.example.org", "[address]")
