"""Table helpers programs share (``percent_text``, ``total_rate``)."""

from __future__ import annotations

from yanxiu_core import Table, percent_text, total_rate


def test_percent_text() -> None:
    assert percent_text(0.984375) == "98.4%"
    assert percent_text(1) == "100.0%"
    assert percent_text(None) == "-"
    assert percent_text(0.5, places=0) == "50%"


def test_total_rate_is_the_rate_of_the_totals_not_the_mean_of_rates() -> None:
    table = Table(("组", "应到", "实到", "出勤率"),
                  (("甲", "10", "10", "100.0%"), ("乙", "90", "45", "50.0%")))
    table = total_rate(table.with_total(columns=("应到", "实到")), "实到", "应到", "出勤率")
    assert table.total == ("合计", "100", "55", "55.0%")  # not (100% + 50%) / 2


def test_total_rate_without_total_or_expected() -> None:
    plain = Table(("组", "应到", "实到", "出勤率"), (("甲", "0", "0", "-"),))
    assert total_rate(plain, "实到", "应到", "出勤率") is plain
    zero = total_rate(plain.with_total(columns=("应到", "实到")), "实到", "应到", "出勤率")
    assert zero.total is not None and zero.total[3] == "-"
