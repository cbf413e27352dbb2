"""Every generated bad input (badinputs.py) is imported correctly or refused with located
problems — never another exception, never a partial write, never mojibake in the store."""

from __future__ import annotations

import pytest
from badinputs import ROSTER, Case, bad_inputs
from importcheck import SCHOOL, TERM, Importer

from yanxiu_core.errors import DataError
from yanxiu_core.importing.limits import bad_character

CASES = list(bad_inputs())


def test_the_generator_covers_every_class() -> None:
    assert len(CASES) >= 100
    assert len({c.name for c in CASES}) == len(CASES)  # ids are unique
    assert {c.expect for c in CASES} == {"import", "refuse", "either"}
    suffixes = {c.name.rsplit(".", 1)[1] for c in CASES}
    assert suffixes == {"csv", "xlsx"}


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(importer: Importer, case: Case) -> None:
    kw = {"limits": case.limits} if case.limits is not None else {}
    outcome = importer.outcome(case.kind, case.name, case.data, **kw)
    if isinstance(outcome, DataError):
        assert case.expect != "import", str(outcome)
        text = str(outcome)
        for part in case.contains:
            assert part in text, text
        return
    assert case.expect != "refuse", outcome.summary()
    records = importer.store.records(SCHOOL, TERM)
    for teacher in records.teachers():
        # nothing stored is damaged text (control characters, U+FFFD)
        for value in (teacher.id, teacher.name, teacher.subject):
            assert bad_character(value) is None, value
    if case.expect == "import" and case.kind == "teachers" and case.names:
        stored = {t.name for t in records.teachers()}
        assert set(case.names) <= stored  # read as written: no mojibake
        assert stored <= set(ROSTER.values()) | set(case.names)
