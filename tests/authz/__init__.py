"""The authorization matrix, split by feature so each keeps its own rows.

``tests/test_authorization_matrix.py`` merges the rows of every module listed in
FEATURES with the foundation's own and checks that together they cover every page
and every API operation.
"""

from __future__ import annotations

from types import ModuleType

from tests.authz import (
    account,
    asks,
    audit,
    coffee,
    dates,
    digest_unsubscribe,
    gatherings,
    imports,
    introductions,
    message_delete,
    notifications,
    operations,
    photos,
    reputation,
    safety,
    sessions,
)

FEATURES: tuple[ModuleType, ...] = (
    imports,
    audit,
    introductions,
    asks,
    gatherings,
    coffee,
    safety,
    operations,
    reputation,
    account,
    notifications,
    dates,
    message_delete,
    sessions,
    photos,
    digest_unsubscribe,
)
