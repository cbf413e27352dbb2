"""The yanxiu database (SQLAlchemy Core): SQLite file by default, any SQLAlchemy URL later.

Importing this package imports SQLAlchemy; the CLI imports it only for commands that need data.
"""

from __future__ import annotations

from .migrations import LATEST, MIGRATIONS, Migration, SchemaError, StoreError, migrate
from .records import StoreRecords
from .store import ImportLog, Store, create_engine
from .writer import Changes

__all__ = [
    "LATEST",
    "MIGRATIONS",
    "Changes",
    "ImportLog",
    "Migration",
    "SchemaError",
    "Store",
    "StoreError",
    "StoreRecords",
    "create_engine",
    "migrate",
]
