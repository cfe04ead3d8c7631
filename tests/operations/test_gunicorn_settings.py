"""gunicorn's settings module, the parts a request never shows (the rest is exercised by
test_production.py's real servers)."""

from __future__ import annotations

import gc

from rapport.operations import gunicorn_conf


def test_a_worker_sets_what_it_loaded_aside_from_the_garbage_collector():
    loaded = [object()]  # as Django and Rapport's modules, loaded before the hook runs
    assert gc.get_freeze_count() == 0
    assert any(item is loaded for item in gc.get_objects())
    try:
        gunicorn_conf.post_worker_init(worker=None)
        assert gc.get_freeze_count() > 10_000
        assert not any(item is loaded for item in gc.get_objects())  # no longer walked
    finally:
        gc.unfreeze()
