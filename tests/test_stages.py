"""Staged work (yanxiu_core.stages): plans from settings, the current and next stage, overdue
stages, records to fix, and the settings validators located at the key."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest

import yanxiu_core
from yanxiu_core import (
    ConfigError,
    Overdue,
    ProgramType,
    StagePlan,
    StageProgress,
    StageReached,
    StageSpec,
    add_months,
    current_stage,
    is_complete,
    next_stage,
    out_of_order,
    overdue,
    overdue_stages,
    stage_names,
    stage_specs,
    unknown_stages,
)
from yanxiu_core.testing import make_context

D = dt.date
SPECS = (StageSpec("申报"), StageSpec("启动", 3), StageSpec("评估", 12), StageSpec("收尾", 24))
START = D(2019, 9, 15)


def progress(*rows: tuple[str, D], item: str = "P1") -> StageProgress:
    return StageProgress(item, tuple(StageReached(s, d, f"材料{s}") for s, d in rows))


def test_public_api_exports_the_module() -> None:
    for name in ("StagePlan", "StageProgress", "StageReached", "StageSpec", "Overdue", "overdue",
                 "overdue_stages", "current_stage", "next_stage", "stage_specs", "add_months"):
        assert name in yanxiu_core.__all__
        assert getattr(yanxiu_core, name) is not None


@pytest.mark.parametrize(("day", "months", "expected"), [
    (D(2021, 1, 31), 1, D(2021, 2, 28)),
    (D(2020, 1, 31), 1, D(2020, 2, 29)),
    (D(2020, 11, 15), 2, D(2021, 1, 15)),
    (D(2020, 3, 31), -1, D(2020, 2, 29)),
    (D(2020, 5, 1), 0, D(2020, 5, 1)),
    (D(2019, 9, 15), 24, D(2021, 9, 15)),
])
def test_add_months_stays_in_the_month(day: D, months: int, expected: D) -> None:
    assert add_months(day, months) == expected


def test_plan_from_specs_and_own_dates() -> None:
    plan = StagePlan.from_specs(SPECS, START)
    assert plan.names == ("申报", "启动", "评估", "收尾")
    assert dict(plan.due) == {"启动": D(2019, 12, 15), "评估": D(2020, 9, 15),
                              "收尾": D(2021, 9, 15)}
    own = StagePlan.from_specs(SPECS, START, due={"收尾": D(2021, 6, 30)})
    assert own.due["收尾"] == D(2021, 6, 30) and own.last == "收尾"
    assert dict(StagePlan.from_specs(SPECS, None).due) == {}
    assert plan.index("评估") == 2 and plan.index("别的") is None
    with pytest.raises(ValueError, match="unknown"):
        StagePlan(("a", "b"), {"c": START})
    with pytest.raises(ValueError, match="repeat"):
        StagePlan(("a", "a"))
    with pytest.raises(ValueError, match="at least one"):  # so that .last always has one
        StagePlan(())


def test_current_and_next_stage_as_of_a_day() -> None:
    plan = StagePlan.from_specs(SPECS, START)
    p = progress(("申报", START), ("启动", D(2019, 11, 1)), ("评估", D(2020, 10, 20)))
    assert current_stage(p, plan) == "评估"
    assert current_stage(p, plan, D(2020, 6, 1)) == "启动"
    assert current_stage(p, plan, D(2019, 1, 1)) is None
    assert next_stage(p, plan, D(2020, 6, 1)) == "评估"
    assert next_stage(p, plan, D(2019, 1, 1)) == "申报"
    done = progress(("申报", START), ("收尾", D(2021, 5, 1)))
    assert next_stage(done, plan) is None and is_complete(done, plan)
    assert not is_complete(done, plan, D(2021, 4, 30))
    assert p.date_of("启动") == D(2019, 11, 1) and p.date_of("收尾") is None
    assert p.reached_stage("评估") == StageReached("评估", D(2020, 10, 20), "材料评估")
    assert p.date_of("评估", as_of=D(2020, 10, 19)) is None


def test_overdue_is_where_the_item_is_stuck() -> None:
    plan = StagePlan.from_specs(SPECS, START)
    p = progress(("申报", START), ("启动", D(2019, 11, 1)))
    assert overdue(p, plan, D(2020, 9, 15)) is None  # due that day: not late yet
    assert overdue(p, plan, D(2020, 9, 25)) == Overdue("P1", "评估", D(2020, 9, 15), 10)
    assert overdue_stages(p, plan, D(2021, 10, 1)) == [
        Overdue("P1", "评估", D(2020, 9, 15), 381), Overdue("P1", "收尾", D(2021, 9, 15), 16)]
    # a later stage reached: the skipped one is not overdue
    skipped = progress(("申报", START), ("评估", D(2020, 9, 1)))
    assert overdue_stages(skipped, plan, D(2021, 1, 1)) == []
    # reached after the day looked at: still overdue on that day
    late = progress(("申报", START), ("启动", D(2019, 11, 1)), ("评估", D(2020, 12, 1)))
    assert overdue(late, plan, D(2020, 11, 1)) == Overdue("P1", "评估", D(2020, 9, 15), 47)
    assert overdue(late, plan, D(2020, 12, 1)) is None
    # stages without due dates are never overdue
    assert overdue(progress(), StagePlan.from_specs(SPECS, None), D(2030, 1, 1)) is None


def test_records_to_fix() -> None:
    plan = StagePlan.from_specs(SPECS, START)
    p = progress(("申报", START), ("起动", D(2019, 10, 1)), ("评估", D(2019, 10, 2)),
                 ("启动", D(2020, 1, 1)))
    assert [r.stage for r in unknown_stages(p, plan)] == ["起动"]
    assert [(a.stage, b.stage) for a, b in out_of_order(p, plan)] == [("启动", "评估")]
    assert current_stage(p, plan) == "评估"  # the unknown name is ignored


# -- settings validators, located at the key ----------------------------------------------------
@attrs.frozen
class _Settings:
    stages: tuple[StageSpec, ...] = attrs.field(default=SPECS, validator=stage_specs)
    steps: tuple[str, ...] = attrs.field(default=("a", "b"), validator=stage_names)


class _Staged(ProgramType):
    name = "staged"
    title = "分阶段"
    Settings = _Settings


@pytest.mark.parametrize(("table", "where", "text"), [
    ({"stages": []}, "programs.staged.stages", "至少"),
    ({"stages": [{"name": "a"}, {"name": "a"}]}, "programs.staged.stages", "重复"),
    ({"stages": [{"name": "a", "months": 6}, {"name": "b", "months": 3}]},
     "programs.staged.stages", "早于前一阶段"),
    ({"stages": [{"name": "a", "months": -1}]}, "programs.staged.stages[0].months", "负数"),
    ({"stages": [{"name": " "}]}, "programs.staged.stages[0].name", "不能为空"),
    ({"stages": [{"name": "a", "month": 3}]}, "programs.staged.stages[0].month", "months"),
    ({"steps": ["a", ""]}, "programs.staged.steps", "空"),
])
def test_stage_settings_errors_name_the_key(table: dict[str, Any], where: str, text: str) -> None:
    with pytest.raises(ConfigError) as info:
        make_context(_Staged(), table)
    assert [p.where for p in info.value.problems] == [where]
    assert text in str(info.value.problems[0])


def test_stage_settings_read_from_a_table() -> None:
    ctx = make_context(_Staged(), {"stages": [{"name": "一"}, {"name": "二", "months": 2}]})
    assert ctx.settings.stages == (StageSpec("一"), StageSpec("二", 2))
