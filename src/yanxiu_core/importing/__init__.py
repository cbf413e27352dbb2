"""Import of the spreadsheets schools keep (CSV in UTF-8/GBK, ``.xlsx``) into the store.

Small modules, one job each: :mod:`.encoding` (detect UTF-8 / GB18030), :mod:`.readers` (CSV and
xlsx rows), :mod:`.normalize` (full-width and blanks), :mod:`.values` (dates, times, 学时 …),
:mod:`.columns` (header row and column vocabulary), :mod:`.kinds` and :mod:`.program_kinds`
(what each kind reads), :mod:`.importer` (validate all, then write in one transaction; several
files of a school in one), :mod:`.coverage` (which stored columns a file writes).
The vocabulary and rules are documented in ``docs/import.md``.
"""

from __future__ import annotations

from .importer import FileImport, ImportResult, import_file, import_files, sha256_of
from .kinds import CORE_KINDS

__all__ = ["CORE_KINDS", "FileImport", "ImportResult", "import_file", "import_files", "sha256_of"]
