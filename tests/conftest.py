"""Shared fixtures: members made through the real services, and friends of theirs."""

from __future__ import annotations

import functools
import itertools
import os

import pytest

from rapport.members.models import Member
from rapport.members.services import member_signup
from rapport.network.models import Connection, ConnectionRequest
from rapport.network.services import connection_request_accept, connection_request_send

# The browser (one per session) and its pages, for every feature's browser tests.
pytest_plugins = ["tests.browser_fixtures"]

PASSWORD = "correct horse battery staple"
GOOD_NOTE = (
    "Hi {name}, we spoke after your talk on mentoring at the Leeds meetup. "
    "How is the pilot going? I'd love to hear what you learned."
)

_counter = itertools.count(1)


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _fast_password_hashing(request, settings):
    """Argon2 is slow on purpose (a third of a second a member here) and most tests make
    members by the dozen; tests marked ``argon2`` keep the real hasher."""
    if request.node.get_closest_marker("argon2") is None:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_member(db):
    def make(name: str | None = None, **profile: str) -> Member:
        n = next(_counter)
        name = name or f"Member {n}"
        username = profile.pop("username", None) or f"{name.split()[0].lower()}{n}"
        return member_signup(username=username, password=PASSWORD, name=name, **profile)

    return make


@pytest.fixture
def send_request():
    def send(sender: Member, recipient: Member, **overrides) -> ConnectionRequest:
        fields = {
            "context": "worked_together",
            "note": GOOD_NOTE.format(name=recipient.name.split()[0]),
        }
        fields.update(overrides)
        return connection_request_send(sender=sender, recipient_id=recipient.pk, **fields)

    return send


@pytest.fixture
def connect(send_request):
    def connect_pair(a: Member, b: Member) -> Connection:
        request = send_request(a, b)
        return connection_request_accept(member=b, request_id=request.pk)

    return connect_pair


def postgres_available() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith("postgres")


# --- Tests marked ``redis``: skipped with one clear reason when Redis does not answer,
# except in CI (RAPPORT_REQUIRE_REDIS=1), where they must run. ---

REDIS_FOR_TESTS = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")


@functools.cache
def redis_available() -> bool:
    import redis

    try:
        redis.Redis.from_url(REDIS_FOR_TESTS, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        return False
    return True


def pytest_runtest_setup(item):
    if item.get_closest_marker("redis") is None or redis_available():
        return
    reason = f"needs Redis at {REDIS_FOR_TESTS}: start redis-server or set REDIS_URL"
    if os.environ.get("RAPPORT_REQUIRE_REDIS") == "1":
        pytest.fail(f"RAPPORT_REQUIRE_REDIS=1 but {reason}", pytrace=False)
    pytest.skip(reason)


# --- Browser tests: run when a chromium is installed, one clear line when not. ---

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome")


def chromium_path() -> str | None:
    import shutil

    explicit = os.environ.get("RAPPORT_CHROMIUM")
    if explicit:
        return explicit
    for name in CHROMIUM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def pytest_collection_modifyitems(config, items):
    browser_items = [item for item in items if item.get_closest_marker("browser")]
    if not browser_items or chromium_path():
        return
    if os.environ.get("RAPPORT_REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(
            "RAPPORT_REQUIRE_BROWSER=1 but no chromium was found (apt-get install chromium)"
        )
    config.hook.pytest_deselected(items=browser_items)
    items[:] = [item for item in items if not item.get_closest_marker("browser")]
    config._rapport_browser_skipped = len(browser_items)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    skipped = getattr(config, "_rapport_browser_skipped", 0)
    if skipped:
        terminalreporter.write_line(
            f"browser tests skipped: no chromium ({skipped} deselected; apt-get install chromium)"
        )
