"""Shared pytest configuration for the test suite."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from yanxiu_core.store import Store

# tests/browser.py: headless-Chromium fixtures (chromium_path, chromium); tests/postgres.py: a
# real PostgreSQL server (postgres_url, store_url) and YANXIU_TEST_BACKEND=postgresql
pytest_plugins = ["browser", "postgres"]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """An empty store in a fresh SQLite file — or PostgreSQL database when the suite runs there
    (a module may override it, e.g. to seed a roster)."""
    url = os.environ.get("YANXIU_DATABASE_URL") or f"sqlite:///{tmp_path / 'yanxiu.db'}"
    with Store.open(url) as s:
        yield s
