"""gunicorn.conf.py: a worker freezes what it has loaded, unless told not to."""

from __future__ import annotations

import gc
import runpy

import pytest


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_a_worker_freezes_the_loaded_app_after_importing_its_views(unfrozen, monkeypatch) -> None:
    monkeypatch.delenv("GUNICORN_GC_FREEZE", raising=False)
    conf = runpy.run_path("gunicorn.conf.py")
    conf["post_worker_init"](object())
    assert gc.get_freeze_count() > 10_000


def test_freezing_can_be_turned_off(unfrozen, monkeypatch) -> None:
    monkeypatch.setenv("GUNICORN_GC_FREEZE", "false")
    conf = runpy.run_path("gunicorn.conf.py")
    conf["post_worker_init"](object())
    assert gc.get_freeze_count() == 0
