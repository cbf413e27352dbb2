"""Shared pytest configuration for the test suite."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from yanxiu_core.store import Store

pytest_plugins = ["browser"]  # tests/browser.py: headless-Chromium fixtures (chromium_path, chromium)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """An empty store in a fresh SQLite file (a module may override it, e.g. to seed a roster)."""
    with Store.open(f"sqlite:///{tmp_path / 'yanxiu.db'}") as s:
        yield s
