"""An upload lives as long as its job row: however the row goes, the file goes too.

``import_job_run`` deletes the upload when the job ends. A job deleted before that
(its member erased their account while it waited in the queue, a staff member
deleted the account in the admin, any cascade or queryset delete) would otherwise
leave the member's file in the data folder until some later upload's sweep. Django
sends ``post_delete`` for every row on every one of those paths (its collector gives
up the fast, signal-less delete for a model that has a receiver), so this receiver
is the one place that sees them all. The file goes once the deletion commits: a
deletion that rolls back keeps it, for the job that is still there.

Only our own copies are removed: ``uploaded`` is false for a file the command line
read in place from the member's folder, and the path must lie in the data folder's
``imports/``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

log = logging.getLogger(__name__)


def _ours(path: Path) -> bool:
    return (Path(settings.DATA_DIR) / "imports").resolve() in path.resolve().parents


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        # The row is gone either way; upload_sweep tries the file again later.
        log.exception("could not remove the upload %s", path)


def upload_remove_with_job(sender: type, instance: Any, using: str, **kwargs: Any) -> None:
    """``post_delete`` receiver for ``ImportJob``: remove its upload after commit."""
    if not instance.uploaded or not instance.path:
        return
    path = Path(instance.path)
    if _ours(path):
        transaction.on_commit(lambda: _remove(path), using=using)
