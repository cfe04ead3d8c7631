"""Rapport's own settings, plus the two ceiling views the load benchmark compares with.

Selected only by the benchmark (DJANGO_SETTINGS_MODULE=benchmarks.load.settings), so the
ceiling views never exist in a real deployment.
"""

import os

from rapport.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.load.urls"

# Trying session storage without touching Rapport's settings: BENCH_SESSIONS=cached_db
# keeps sessions in PostgreSQL and reads them from Redis (REDIS_URL) first.
if os.environ.get("BENCH_SESSIONS") == "cached_db":
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    CACHES = {
        **CACHES,  # noqa: F405
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/3"),
        },
    }
