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


def test_month_day_text_and_the_month_nth_validator() -> None:
    import attrs
    import pytest

    from yanxiu_core import month_day_text, month_nth

    assert month_day_text(3, 1) == "每月第一个星期三"
    assert month_day_text(5, -1) == "每月最后一个星期五"
    assert month_day_text(1, -2) == "每月倒数第二个星期一"

    @attrs.frozen
    class S:
        nth: int = attrs.field(default=0, validator=month_nth)

    assert S(5).nth == 5 and S(-5).nth == -5
    with pytest.raises(ValueError, match="nth"):
        S(6)


def test_shares_round_half_up_like_the_core_tables() -> None:
    from yanxiu_core.report.facts import rate

    assert percent_text(1 / 16) == "6.3%" == rate(1, 16)  # 6.25: half up, not to even
    assert percent_text(1 / 8, places=0) == "13%"
    table = Table(("组", "应到", "实到", "出勤率"), (("甲", "16", "1", "6.3%"),))
    table = total_rate(table.with_total(columns=("应到", "实到")), "实到", "应到", "出勤率")
    assert table.total is not None and table.total[3] == "6.3%"


def test_book_title_quotes_once() -> None:
    from yanxiu_core import book_title

    assert book_title("观潮") == "《观潮》"
    assert book_title(" 快乐作文：我的小伙伴 ") == "《快乐作文：我的小伙伴》"
    assert book_title("《观潮》") == "《观潮》"
    assert book_title("歌曲《小雨沙沙》") == "歌曲《小雨沙沙》"  # never 《歌曲《小雨沙沙》》
    assert book_title("") == ""


def test_quoted_makes_inner_quotes_single() -> None:
    from yanxiu_core import quoted

    assert quoted("信息技术与学科融合") == "“信息技术与学科融合”"
    assert quoted("完成“模课—磨课—悟课”的比例") == "“完成‘模课—磨课—悟课’的比例”"


def test_helpers_plugins_kept_rewriting() -> None:
    import datetime as dt
    from decimal import Decimal

    from yanxiu_core import Term, count_per, name_list, round_half_up, semester_name, semester_of

    assert round_half_up(2.25) == Decimal("2.3") and round(2.25, 1) == 2.2
    assert round_half_up(0.125, 2) == Decimal("0.13")
    names = [f"教师{i}" for i in range(1, 13)]
    assert name_list(names[:3]) == "教师1、教师2、教师3"
    assert name_list(names) == "、".join(names[:10]) + "等 12 人"
    assert name_list(names, limit=2, unit="个课例") == "教师1、教师2等 12 个课例"
    assert count_per(["a", "b", "a"], key=str) == {"a": 2, "b": 1}
    term = Term("2020学年", dt.date(2020, 9, 1), dt.date(2021, 8, 31))
    assert [semester_of(term, d) for d in (dt.date(2020, 9, 1), dt.date(2021, 1, 31),
                                            dt.date(2021, 2, 1), dt.date(2021, 9, 1))] == [1, 1, 2, 0]
    assert semester_name(term, 2) == "2020学年第二学期"
