"""Shared fixtures: members made through the real services, and friends of theirs."""

from __future__ import annotations

import functools
import itertools
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from django.core.cache import caches
from django.db import connection, transaction
from django.test import override_settings
from hypothesis import settings as hypothesis_settings

from rapport.members.models import Member
from rapport.members.services import member_signup
from rapport.network.models import Connection, ConnectionRequest
from rapport.network.services import connection_request_accept, connection_request_send
from rapport.web.home_pages import CACHE as HOME_PAGES

# No deadline for any property test: how long an example takes is the machine's load, not
# behaviour anyone relies on (speed is measured in benchmarks/). Hypothesis's default of
# 200 ms failed a schedule test that took 445 ms once on a busy two-core machine.
hypothesis_settings.register_profile("rapport", deadline=None)
hypothesis_settings.load_profile("rapport")

# The browser (one per session) and its pages, for every feature's browser tests.
pytest_plugins = ["tests.browser_fixtures"]

PASSWORD = "correct horse battery staple"
GOOD_NOTE = (
    "Hi {name}, we spoke after your talk on mentoring at the Leeds meetup. "
    "How is the pilot going? I'd love to hear what you learned."
)

_counter = itertools.count(1)
T = TypeVar("T")
IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = IMMEDIATE_TASKS


NEEDS_POSTGRES = "needs PostgreSQL: set DATABASE_URL=postgres://..."


@pytest.fixture
def postgres_only():
    """Skip off PostgreSQL, except in CI (RAPPORT_REQUIRE_POSTGRES=1), where it must run.

    List it first among a test's fixtures, so the skip comes before a costly set-up."""
    if connection.vendor == "postgresql":
        return
    if os.environ.get("RAPPORT_REQUIRE_POSTGRES") == "1":
        pytest.fail(
            f"RAPPORT_REQUIRE_POSTGRES=1 but the database is {connection.vendor}: {NEEDS_POSTGRES}"
        )
    pytest.skip(NEEDS_POSTGRES)


@pytest.fixture(autouse=True)
def _no_home_page_kept_from_another_test():
    """Home pages are kept in the process's memory under the member's id and home
    version (rapport/web/home_pages.py). A rolled-back test gives both again, to another
    member, and a frozen clock can even give the same joining time."""
    caches[HOME_PAGES].clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(request, settings):
    """Argon2 is slow on purpose (a third of a second a member here) and most tests make
    members by the dozen; tests marked ``argon2`` keep the real hasher."""
    if request.node.get_closest_marker("argon2") is None:
        settings.PASSWORD_HASHERS = FAST_HASHERS


def new_member(name: str | None = None, **profile: str) -> Member:
    n = next(_counter)
    name = name or f"Member {n}"
    username = profile.pop("username", None) or f"{name.split()[0].lower()}{n}"
    return member_signup(username=username, password=PASSWORD, name=name, **profile)


def request_send(sender: Member, recipient: Member, **overrides) -> ConnectionRequest:
    fields = {
        "context": "worked_together",
        "note": GOOD_NOTE.format(name=recipient.name.split()[0]),
    }
    fields.update(overrides)
    return connection_request_send(sender=sender, recipient_id=recipient.pk, **fields)


def pair_connect(a: Member, b: Member) -> Connection:
    request = request_send(a, b)
    return connection_request_accept(member=b, request_id=request.pk)


@pytest.fixture
def make_member(db):
    return new_member


@pytest.fixture
def send_request():
    return request_send


@pytest.fixture
def connect():
    return pair_connect


def built_once(django_db_blocker, build: Callable[[], T]) -> Iterator[T]:
    """For a module-scoped fixture (``yield from built_once(django_db_blocker, build)``):
    rows made once, under the suite's test settings, that every test of the module sees.

    Django's setUpTestData, for pytest: the rows are written in a transaction left open
    for the module, each test's ``db`` runs in a savepoint inside it and is rolled back
    to them, and the transaction is rolled back when the module is done. Tests of such
    a module need ``db`` (not ``transactional_db``) and should copy what they change in
    memory (``copy.deepcopy``)."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(TASKS=IMMEDIATE_TASKS, PASSWORD_HASHERS=FAST_HASHERS):
                built = build()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    try:
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, with one more step before it is dropped: on
    PostgreSQL, any other session still connected to it is ended first, and named.

    ``DROP DATABASE`` refuses while another session is connected, which failed a green
    CI run's teardown once ("is being accessed by other users") with every test passed.
    Such a session is a test's leftover (a subprocess's backend still finishing after a
    SIGKILL, a thread's connection); each is written to stderr and to
    test-artifacts/leftover-sessions.txt, so a leak stays visible without costing the run
    its result (a warning would: the suite turns warnings into errors)."""
    yield
    with django_db_blocker.unblock():
        _other_sessions_end()


def _other_sessions_end() -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, application_name, state, left(query, 160) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        others = cursor.fetchall()
        for pid, *_ in others:
            # Waits up to 5 s for the session to be gone (PostgreSQL 14 and later).
            cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])
    connection.close()
    if others:
        text = "".join(
            f"left connected to the test database, ended: pid {pid} {app!r} {state}: {query}\n"
            for pid, app, state, query in others
        )
        sys.stderr.write(text)
        artifacts = Path(__file__).resolve().parents[1] / "test-artifacts"
        artifacts.mkdir(exist_ok=True)
        with (artifacts / "leftover-sessions.txt").open("a") as out:
            out.write(text)


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


def pytest_configure(config):
    # Checked before collection so that, with pytest-xdist, the run stops once with this
    # line instead of every worker failing its collection.
    if os.environ.get("RAPPORT_REQUIRE_BROWSER") == "1" and not chromium_path():
        raise pytest.UsageError(
            "RAPPORT_REQUIRE_BROWSER=1 but no chromium was found (apt-get install chromium)"
        )


@pytest.hookimpl(tryfirst=True)  # before ``-m`` selects on the markers added here
def pytest_collection_modifyitems(config, items):
    _mark_database_tests(items)
    browser_items = [item for item in items if item.get_closest_marker("browser")]
    if not browser_items or chromium_path():
        return
    config.hook.pytest_deselected(items=browser_items)
    items[:] = [item for item in items if not item.get_closest_marker("browser")]
    config._rapport_browser_skipped = len(browser_items)
    if hasattr(config, "workeroutput"):  # a pytest-xdist worker: tell the controller
        config.workeroutput["rapport_browser_skipped"] = len(browser_items)


def pytest_deselected(items):
    if items:
        config = items[0].config
        config._rapport_deselected = getattr(config, "_rapport_deselected", 0) + len(items)


def pytest_collection_finish(session):
    if hasattr(session.config, "workeroutput"):  # a pytest-xdist worker: tell the controller
        session.config.workeroutput["rapport_deselected"] = getattr(
            session.config, "_rapport_deselected", 0
        )


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """pytest-xdist: the workers collect, the controller prints the summary. Every worker
    collects the whole suite, so any one worker's counts are the run's."""
    output = getattr(node, "workeroutput", {})
    if output.get("rapport_browser_skipped"):
        node.config._rapport_browser_skipped = output["rapport_browser_skipped"]
    if "rapport_deselected" in output:
        node.config._rapport_worker_deselected = output["rapport_deselected"]


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    skipped = getattr(config, "_rapport_browser_skipped", 0)
    if skipped:
        terminalreporter.write_line(
            f"browser tests skipped: no chromium ({skipped} deselected; apt-get install chromium)"
        )
    # pytest-xdist's last line leaves out what the workers deselected (-m, -k): say it.
    deselected = getattr(config, "_rapport_worker_deselected", 0) - skipped
    if deselected > 0:
        selection = " ".join(
            f"{flag} {value!r}"
            for flag, value in (("-m", config.option.markexpr), ("-k", config.option.keyword))
            if value
        )
        terminalreporter.write_line(f"{deselected} tests deselected ({selection})")


# --- Every test that can reach the database is marked ``database`` at collection, so
# CI's PostgreSQL pass runs just those (``-m database`` in .ci/run); the rest ran in the
# SQLite pass and cannot come out differently. The rule is pytest-django's own: without
# one of these fixtures or the ``django_db`` marker a test is refused any query. ---

DATABASE_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
        "django_db_setup",  # fixtures that build shared rows themselves (tests/seeding)
        "live_server",
        "postgres_only",
    }
)


def _reaches_database(item) -> bool:
    if item.get_closest_marker("django_db") or item.get_closest_marker("postgres"):
        return True
    return not DATABASE_FIXTURES.isdisjoint(getattr(item, "fixturenames", ()))


def _mark_database_tests(items) -> None:
    for item in items:
        if _reaches_database(item):
            item.add_marker(pytest.mark.database)
