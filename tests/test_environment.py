"""A slip in a deployment's environment stops the start with one line that names the
variable, what it holds and what it should hold (rapport/environment.py): no traceback,
no quiet default. Each case starts a real process, as an operator would."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.operations.servers import SECRET

# Read as the settings module is imported: what every `rapport` command does first.
SHOW_SETTINGS = (
    "import json; from django.conf import settings as s; d = s.DATABASES['default'];"
    "print(json.dumps({'hosts': s.ALLOWED_HOSTS, 'site': s.RAPPORT_SITE_URL,"
    " 'kept': s.CACHES['home']['OPTIONS']['MAX_ENTRIES'], 'ssl': s.SECURE_SSL_REDIRECT,"
    " 'hsts': s.SECURE_HSTS_SECONDS, 'engine': d['ENGINE'], 'timeout': d['OPTIONS'].get('connect_timeout'),"
    " 'redis': s.RQ_QUEUES['default']['URL'], 'level': s.LOGGING['root']['level'],"
    " 'sender': s.DEFAULT_FROM_EMAIL, 'tls': s.EMAIL_USE_TLS}))"
)


def environment(tmp_path, **variables: str) -> dict[str, str]:
    """A clean environment for production mode, as docs/deploy.md has an operator set it."""
    return {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "rapport.settings",
        "RAPPORT_PRODUCTION": "1",
        "RAPPORT_DATA_DIR": str(tmp_path),
        "RAPPORT_SECRET_KEY": SECRET,
        "DATABASE_URL": "postgres://rapport:s3cret@127.0.0.1:1/rapport",
        **variables,
    }


def start(tmp_path, **variables: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", SHOW_SETTINGS],
        env=environment(tmp_path, **variables),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


SITE_FORM = "a scheme, a host and an optional path; no query"
BAD = [
    ("RAPPORT_HOME_PAGES_KEPT", "abc", "a whole number, 1 or more"),
    ("RAPPORT_HOME_PAGES_KEPT", "0", "a whole number, 1 or more"),
    ("RAPPORT_HSTS_SECONDS", "-1", "a whole number of seconds, 0 or more"),
    ("RAPPORT_DB_CONNECT_TIMEOUT", "0.5", "a whole number of seconds, 1 or more"),
    ("RAPPORT_CONNECTION_CAP", "150 people", "a whole number, 1 or more"),
    ("RAPPORT_EMAIL_PORT", "70000", "a whole number, from 1 to 65535"),
    ("DATABASE_URL", "postgres:/broken", "postgres://USER:PASSWORD@HOST:5432/NAME"),
    (
        "DATABASE_URL",
        "postgres://rapport@db.example.org",
        "postgres://USER:PASSWORD@HOST:5432/NAME",
    ),
    (
        "DATABASE_URL",
        "postgres://rapport@db:54x2/rapport",
        "postgres://USER:PASSWORD@HOST:5432/NAME",
    ),
    ("DATABASE_URL", "sqlite:///var/rapport.sqlite3", "or unset, for SQLite in RAPPORT_DATA_DIR"),
    ("REDIS_URL", "nonsense", "redis://HOST:6379/0"),
    ("REDIS_URL", "redis://cache:6379/zero", "redis://HOST:6379/0"),
    ("RAPPORT_SITE_URL", "rapport.example.org", SITE_FORM),
    ("RAPPORT_SITE_URL", "https://rapport example.org", SITE_FORM),
    ("RAPPORT_SITE_URL", "https://example.org/rapport//", SITE_FORM),
    ("RAPPORT_SITE_URL", "https://example.org/rapport?next=/", SITE_FORM),
    ("RAPPORT_SITE_URL", "https://example.org/../rapport", SITE_FORM),
    ("RAPPORT_SITE_URL", "https://example.org/rap port", SITE_FORM),
    ("RAPPORT_ALLOWED_HOSTS", "rapport.example.org www.example.org", "commas between them"),
    ("RAPPORT_ALLOWED_HOSTS", "https://rapport.example.org", "no scheme"),
    ("RAPPORT_ALLOWED_HOSTS", "rapport.example.org:8000", "no port"),
    ("RAPPORT_SSL_REDIRECT", "maybe", "1 or 0"),
    ("RAPPORT_HSTS_INCLUDE_SUBDOMAINS", "sure", "1 or 0"),
    ("RAPPORT_DEBUG", "2", "1 or 0"),
    ("RAPPORT_LOG_LEVEL", "verbose", "one of DEBUG, INFO, WARNING, ERROR, CRITICAL"),
    ("RAPPORT_EMAIL_FROM", "Rapport", '"Rapport <rapport@example.org>"'),
    ("RAPPORT_EMAIL_HOST", "smtp://mail.example.org", "a host name or address"),
    ("RAPPORT_TASK_BACKEND", "rapport/outbox", "a dotted Python path"),
    ("RAPPORT_DATA_DIR", "/dev/null/rapport", "a folder Rapport can create"),
]


@pytest.mark.parametrize(("name", "value", "expected"), BAD, ids=[f"{n}={v}" for n, v, _ in BAD])
def test_a_malformed_variable_stops_the_start_naming_it_its_value_and_the_form(
    tmp_path, name, value, expected
):
    result = start(tmp_path, **{name: value})
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"{name} is {value!r}: expected "), line
    assert expected in line


def test_a_password_in_a_malformed_address_is_not_shown(tmp_path):
    result = start(tmp_path, DATABASE_URL="postgres://rapport:s3cret@db.example.org")
    assert result.returncode != 0
    assert "DATABASE_URL is 'postgres://rapport:***@db.example.org'" in result.stderr
    assert "s3cret" not in result.stderr


def test_rapport_check_says_so_too(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "rapport.runner", "check"],
        env=environment(tmp_path, RAPPORT_SSL_REDIRECT="maybe"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "RAPPORT_SSL_REDIRECT is 'maybe': expected 1 or 0 (true/false, yes/no and on/off work too)."
    )


def test_well_formed_values_are_read_as_written(tmp_path):
    result = start(
        tmp_path,
        RAPPORT_ALLOWED_HOSTS=" rapport.example.org, .example.net ,[::1],",
        RAPPORT_SITE_URL="https://rapport.example.org/",
        RAPPORT_HOME_PAGES_KEPT="2000",
        RAPPORT_SSL_REDIRECT="no",
        RAPPORT_HSTS_SECONDS="0",
        RAPPORT_DB_CONNECT_TIMEOUT=" 5 ",
        REDIS_URL="rediss://:pw@cache.example.org:6380/2?socket_timeout=1",
        RAPPORT_LOG_LEVEL="debug",
        RAPPORT_EMAIL_FROM="Rapport <rapport@example.org>",
        RAPPORT_EMAIL_USE_TLS="Yes",
        RAPPORT_TRUST_X_FORWARDED_PROTO="",  # empty is unset
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "hosts": ["rapport.example.org", ".example.net", "[::1]"],
        "site": "https://rapport.example.org",
        "kept": 2000,
        "ssl": False,
        "hsts": 0,
        "engine": "rapport.operations.postgresql",
        "timeout": 5,
        "redis": "rediss://:pw@cache.example.org:6380/2?socket_timeout=1",
        "level": "DEBUG",
        "sender": "Rapport <rapport@example.org>",
        "tls": True,
    }


def test_unset_variables_take_their_defaults(tmp_path):
    result = start(tmp_path)
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["hosts"] == ["127.0.0.1", "localhost", "[::1]"]
    assert (shown["kept"], shown["ssl"], shown["hsts"], shown["timeout"]) == (
        5000,
        True,
        31_536_000,
        3,
    )
    assert shown["level"] == "INFO"


def test_gunicorn_refuses_a_malformed_list_of_trusted_proxies(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", "import rapport.operations.gunicorn_conf"],
        env=environment(tmp_path, FORWARDED_ALLOW_IPS="127.0.0.1 10.0.0.1"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("FORWARDED_ALLOW_IPS is '127.0.0.1 10.0.0.1': expected IP")


# What a site under a path changes, read as the settings module is imported.
SHOW_SITE_PATH = (
    "import json; from django.conf import settings as s;"
    "print(json.dumps({'site': s.RAPPORT_SITE_URL, 'script': s.FORCE_SCRIPT_NAME,"
    " 'static': s.STATIC_URL, 'session': s.SESSION_COOKIE_PATH, 'csrf': s.CSRF_COOKIE_PATH,"
    " 'exempt': s.SECURE_REDIRECT_EXEMPT}))"
)


def site_path_settings(tmp_path, site_url: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", SHOW_SITE_PATH],
        env=environment(tmp_path, RAPPORT_SITE_URL=site_url),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    "written", ["https://example.org/rapport", " https://example.org/rapport/ "]
)
def test_a_site_under_a_path_serves_links_static_files_and_cookies_under_it(tmp_path, written):
    """The one variable an operator sets decides every address Rapport writes, and
    keeps its cookies from the other applications on the host."""
    assert site_path_settings(tmp_path, written) == {
        "site": "https://example.org/rapport",
        "script": "/rapport",
        "static": "/rapport/static/",
        "session": "/rapport",
        "csrf": "/rapport",
        "exempt": [r"^rapport/health$"],
    }


def test_a_site_at_the_root_of_its_host_keeps_django_s_defaults(tmp_path):
    assert site_path_settings(tmp_path, "https://rapport.example.org/") == {
        "site": "https://rapport.example.org",
        "script": None,
        "static": "/static/",
        "session": "/",
        "csrf": "/",
        "exempt": [r"^health$"],
    }
