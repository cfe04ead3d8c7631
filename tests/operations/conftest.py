"""Fixtures for running Rapport as production runs it: RQ on a Redis of the test's own,
a Redis that does not answer, and PostgreSQL where a test needs other processes to
share its database."""

from __future__ import annotations

import os
import zlib

import pytest
import redis

from rapport.operations import outbox
from tests.conftest import REDIS_FOR_TESTS

# A port nothing listens on: Redis "down", refused at once.
REDIS_DOWN = "redis://127.0.0.1:1/0?socket_connect_timeout=0.5&socket_timeout=0.5"


def redis_url_for_this_run() -> str:
    """A database number of its own (8-15, by process), so a test run flushing it does
    not touch what a developer's Rapport keeps in database 0. Under pytest-xdist the
    workers of one run take consecutive numbers, so one never flushes another's queue."""
    base = REDIS_FOR_TESTS.split("?")[0].rsplit("/", 1)[0]
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")  # gw0, gw1, ...
    if worker.startswith("gw"):
        run = zlib.crc32(os.environ.get("PYTEST_XDIST_TESTRUNUID", "").encode())
        slot = (run + int(worker[2:])) % 8
    else:
        slot = os.getpid() % 8
    return f"{base}/{8 + slot}?socket_connect_timeout=1&socket_timeout=5"


def rq_settings(settings, url: str) -> None:
    settings.TASKS = {"default": {"BACKEND": "rapport.operations.outbox.OutboxBackend"}}
    settings.RQ_QUEUES = {"default": {"URL": url, "DEFAULT_TIMEOUT": 600}}


@pytest.fixture(autouse=True)
def _outbox_hands_over_at_once():
    """Each test starts with no memory of an earlier test's Redis failure."""
    outbox._quiet_until = 0.0


@pytest.fixture
def rq_on_redis(settings):
    """Tasks through the outbox into RQ on a Redis database emptied for the test."""
    url = redis_url_for_this_run()
    client = redis.Redis.from_url(url)
    client.flushdb()
    rq_settings(settings, url)
    yield url
    client.flushdb()
    client.close()


@pytest.fixture
def rq_with_redis_down(settings):
    rq_settings(settings, REDIS_DOWN)
    return REDIS_DOWN
