"""Moving a test database's schema back to a migration and forward again, for tests
that check what a migration does to rows already there (and that it can be undone).

Such a test needs ``django_db(transaction=True)``: a migration is not run inside the
test's rolled-back transaction. It must end at the latest migrations, as the suite's
other tests expect the schema; ``migrate_to_latest`` takes it there.
"""

from __future__ import annotations

from django.apps.registry import Apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

Target = tuple[str, str]


def migrate_to(target: Target) -> Apps:
    """Migrate to ``target`` (``("keeper", "0009_...")``; apps not named stay where
    they are); the models as they were then, to write rows of that time with."""
    executor = MigrationExecutor(connection)
    executor.migrate([target])
    return executor.loader.project_state(target).apps


def migrate_to_latest() -> None:
    """Migrate every app to its latest migration."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
