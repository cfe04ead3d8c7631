"""`rapport serve --production`, started as an operator starts it: gunicorn, PostgreSQL
required, HTTPS only with HSTS, JSON log lines, and a fast 503 while the database is
away. Each test runs real processes; the one that needs a live PostgreSQL says so."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from django.db import connection

from tests.operations.conftest import REDIS_DOWN
from tests.operations.servers import Process, free_port, get, production_env, rapport

# Nothing listens on port 1: PostgreSQL "down", refused at once.
DATABASE_DOWN = "postgres://rapport@127.0.0.1:1/rapport"
HTTPS = {"X-Forwarded-Proto": "https"}  # as the TLS proxy in front says it


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    """One data folder for the module, so static files are collected once."""
    return tmp_path_factory.mktemp("production")


def json_lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def test_production_refuses_to_start_without_postgresql(tmp_path):
    env = production_env(data_dir=tmp_path, database_url="", redis_url=REDIS_DOWN)
    del env["RAPPORT_PRODUCTION"]  # the flag alone must be enough
    result = rapport("serve", "--production", env=env)
    assert result.returncode != 0
    assert "Production mode needs PostgreSQL: set DATABASE_URL=postgres://" in result.stderr


def test_production_refuses_to_invent_a_secret_key(tmp_path):
    env = production_env(data_dir=tmp_path, database_url=DATABASE_DOWN, redis_url=REDIS_DOWN)
    del env["RAPPORT_SECRET_KEY"]
    result = rapport("check", env=env)
    assert result.returncode != 0
    assert "Production mode needs a secret key: set RAPPORT_SECRET_KEY" in result.stderr
    assert not (tmp_path / "secret_key").exists()


def test_retired_secret_keys_come_from_the_environment(tmp_path):
    env = production_env(data_dir=tmp_path, database_url=DATABASE_DOWN, redis_url=REDIS_DOWN)
    env["DJANGO_SETTINGS_MODULE"] = "rapport.settings"
    env["RAPPORT_SECRET_KEY_FALLBACKS"] = " retired-one , retired_two,,"
    script = "from django.conf import settings as s; print(s.SECRET_KEY_FALLBACKS)"
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "['retired-one', 'retired_two']"


def test_production_settings(tmp_path):
    env = production_env(data_dir=tmp_path, database_url=DATABASE_DOWN, redis_url=REDIS_DOWN)
    env["DJANGO_SETTINGS_MODULE"] = "rapport.settings"
    script = (
        "import json; from django.conf import settings as s; d = s.DATABASES['default'];"
        "print(json.dumps([s.DEBUG, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE,"
        " s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.TASKS['default']['BACKEND'],"
        " s.STORAGES['staticfiles']['BACKEND'], d['ENGINE'], d['CONN_HEALTH_CHECKS'],"
        " d['OPTIONS']['connect_timeout'], s.LOGGING['formatters']['json']['()']]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == [
        False,
        31_536_000,
        True,
        True,
        True,
        "rapport.operations.outbox.OutboxBackend",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "rapport.operations.postgresql",  # Django's, checking kept connections cheaply
        True,
        3,
        "rapport.operations.logs.JsonLinesFormatter",
    ]


def test_with_the_database_away_every_request_answers_503_and_health_says_down(data_dir, tmp_path):
    port = free_port()
    env = production_env(data_dir=data_dir, database_url=DATABASE_DOWN, redis_url=REDIS_DOWN)
    server = Process(
        ["serve", "--production", "--workers", "1", "--bind", f"127.0.0.1:{port}"],
        env=env,
        log=tmp_path / "serve.log",
    )
    try:
        server.wait_for_http(port)
        page = get(port, "/connections/", {**HTTPS, "Cookie": "sessionid=" + "a" * 32})
        api = get(port, "/api/me", {**HTTPS, "Authorization": "Bearer rpt_whoever"})
        health = get(port, "/health")
    finally:
        server.stop()

    assert page.status == 503
    assert page.headers["retry-after"] == "5"
    assert "Rapport is back in a moment" in page.body
    assert api.status == 503
    assert json.loads(api.body)["code"] == "unavailable"
    assert health.status == 503
    assert json.loads(health.body) == {
        "status": "down",
        "database": "unreachable",
        "queue": "unreachable",
        "workers": None,
    }
    output = server.output()
    logged = [line for line in json_lines(output) if line["logger"] == "rapport.access"]
    assert [(line["path"], line["status"]) for line in logged[-3:]] == [
        ("/connections/", 503),
        ("/api/me", 503),
        ("/health", 503),
    ]
    # One line a request, Rapport's: gunicorn writes no access line of its own.
    assert [line.get("path") for line in json_lines(output)].count("/connections/") == 1
    assert '"GET /connections/ HTTP/1.1"' not in output


def test_under_a_path_gunicorn_serves_what_the_proxy_passes_either_way(data_dir, tmp_path):
    """RAPPORT_SITE_URL=https://example.org/rapport: nginx passes the rest of the path
    (docs/deploy.md) or, without proxy_pass's trailing slash, the path whole; a load
    balancer probes /health over plain HTTP. The database is away: nothing here needs it."""
    port = free_port()
    env = production_env(
        data_dir=data_dir,
        database_url=DATABASE_DOWN,
        redis_url=REDIS_DOWN,
        RAPPORT_SITE_URL="https://example.org/rapport/",
    )
    server = Process(
        ["serve", "--production", "--workers", "1", "--bind", f"127.0.0.1:{port}"],
        env=env,
        log=tmp_path / "serve.log",
    )
    try:
        server.wait_for_http(port)
        plain = get(port, "/")
        health = get(port, "/health")
        anonymous = get(port, "/connections/", HTTPS)
        signed_in = {**HTTPS, "Cookie": "sessionid=" + "a" * 32}
        page = get(port, "/connections/", signed_in)
        whole = get(port, "/rapport/connections/", signed_in)
        api = get(port, "/api/me", {**HTTPS, "Authorization": "Bearer rpt_whoever"})
        [stylesheet] = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page.body)
        assert stylesheet.startswith("/rapport/static/rapport/rapport.")
        css = get(port, stylesheet.removeprefix("/rapport"), HTTPS)
        css_whole = get(port, stylesheet, HTTPS)
    finally:
        server.stop()

    assert plain.status == 301 and plain.headers["location"] == f"https://127.0.0.1:{port}/rapport/"
    assert health.status == 503  # not redirected to HTTPS: the probe's answer
    assert anonymous.status == 302
    assert anonymous.headers["location"] == "/rapport/login/?next=/rapport/connections/"
    assert page.status == whole.status == 503
    assert "Rapport is back in a moment" in page.body
    assert api.status == 503 and json.loads(api.body)["code"] == "unavailable"
    assert css.status == css_whole.status == 200


@pytest.mark.postgres
def test_the_production_server_is_https_only_with_hsts_and_logs_json(
    postgres_only, django_db_setup, data_dir, tmp_path
):
    database = connection.settings_dict
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    port = free_port()
    env = production_env(data_dir=data_dir, database_url=url, redis_url=REDIS_DOWN)
    server = Process(
        ["serve", "--production", "--workers", "2", "--bind", f"127.0.0.1:{port}"],
        env=env,
        log=tmp_path / "serve.log",
    )
    try:
        server.wait_for_http(port)
        plain = get(port, "/")
        secure = get(port, "/", HTTPS)
        health = get(port, "/health")
        stylesheet = get(port, "/static/rapport/rapport.css", HTTPS)
    finally:
        server.stop()

    assert plain.status == 301 and plain.headers["location"] == f"https://127.0.0.1:{port}/"
    assert secure.status == 200
    assert secure.headers["strict-transport-security"] == "max-age=31536000"
    assert "Secure" in secure.headers.get("set-cookie", "Secure")
    # A load balancer probes over plain HTTP; Redis away is degraded, not down.
    assert health.status == 200
    assert json.loads(health.body)["status"] == "degraded"
    # whitenoise serves the collected, hashed copy too, with a long cache life.
    assert stylesheet.status == 200
    logged = [line for line in json_lines(server.output()) if line["logger"] == "rapport.access"]
    home = next(line for line in logged if line["path"] == "/" and line["status"] == 200)
    assert set(home) >= {"time", "level", "request_id", "method", "duration_ms", "member_id"}


def test_without_the_flag_serve_is_the_development_server(tmp_path):
    """`rapport serve` as in the README: Django's server on loopback, SQLite, no gunicorn."""
    env = production_env(data_dir=tmp_path, database_url="", redis_url=REDIS_DOWN)
    del env["RAPPORT_PRODUCTION"], env["DATABASE_URL"]
    port = free_port()
    server = Process(["serve", "--port", str(port)], env=env, log=tmp_path / "serve.log")
    try:
        server.wait_for_http(port)
        health = get(port, "/health")
    finally:
        server.stop()
    assert health.status == 200
    assert json.loads(health.body) == {
        "status": "ok",
        "database": "ok",
        "queue": "ok",
        "workers": None,
    }
    assert "gunicorn" not in health.headers.get("server", "")
    assert "strict-transport-security" not in health.headers


def test_workers_and_bind_belong_to_production(tmp_path):
    env = production_env(data_dir=tmp_path, database_url="", redis_url=REDIS_DOWN)
    del env["RAPPORT_PRODUCTION"], env["DATABASE_URL"]
    result = rapport("serve", "--workers", "3", env=env)
    assert result.returncode != 0
    assert "--workers and --bind go with --production." in result.stderr
