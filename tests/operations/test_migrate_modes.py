"""`rapport migrate` as docs/deploy.md runs it, before any process starts in production."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.operations.servers import SECRET

LEAVES = (
    "import django, json; django.setup(); "
    "from django.db.migrations.loader import MigrationLoader; "
    "print(json.dumps(sorted(MigrationLoader(None).graph.leaf_nodes())))"
)


def migrations_known(tmp_path, **extra: str) -> list[list[str]]:
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "rapport.settings",
        "RAPPORT_DATA_DIR": str(tmp_path),
        "RAPPORT_SECRET_KEY": SECRET,
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/never_reached",
        **extra,
    }
    done = subprocess.run(
        [sys.executable, "-c", LEAVES], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def test_migrate_without_production_applies_what_production_needs(tmp_path):
    """The first start runs `rapport migrate` with /etc/rapport.env alone, and the Procfile's
    release step likewise, neither in production mode. Had production an app of its own
    with migrations (django_rq's dashboard), `serve --production` would warn "run
    `rapport migrate`" for ever, and the dashboard's permission could not be granted."""
    assert migrations_known(tmp_path) == migrations_known(tmp_path, RAPPORT_PRODUCTION="1")
