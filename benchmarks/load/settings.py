"""Rapport's own settings, plus the two ceiling views the load benchmark compares with.

Selected only by the benchmark (DJANGO_SETTINGS_MODULE=benchmarks.load.settings), so the
ceiling views never exist in a real deployment.
"""

from rapport.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.load.urls"
