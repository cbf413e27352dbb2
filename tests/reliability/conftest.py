"""Fixtures of the reliability tests (helpers in importcheck.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from importcheck import Importer, seed

from yanxiu_core.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(f"sqlite:///{tmp_path / 'yanxiu.db'}") as s:
        seed(s, tmp_path)
        yield s


@pytest.fixture
def importer(store: Store, tmp_path: Path) -> Importer:
    return Importer(store, tmp_path)
