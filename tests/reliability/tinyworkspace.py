"""A tiny district for the CLI reliability tests: schools of two teachers and one activity."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner, Result

from yanxiu_core.cli import cli
from yanxiu_core.testing import DISTRICT_TOML, WorkspaceBuilder


def school_toml(school_id: str, name: str) -> str:
    """A valid school file whose data lives in ``data/<school_id>/``."""
    return (f'name = "{name}"\n\n[data]\n'
            f'teachers = "data/{school_id}/teachers.csv"\n'
            f'activities = "data/{school_id}/activities.csv"\n'
            f'attendance = "data/{school_id}/attendance.csv"\n')


def add_school(builder: WorkspaceBuilder, school_id: str, name: str = "示范小学",
               teachers: list[list[object]] | None = None) -> Path:
    """A valid school and its three data files; returns the school file."""
    roster = teachers or [["T1", "甲老师", "本科", 1990, "语文"], ["T2", "乙老师", "硕士", 1980, "数学"]]
    builder.csv(f"data/{school_id}/teachers.csv", ["工号", "姓名", "学历", "出生年份", "学科"], roster)
    builder.csv(f"data/{school_id}/activities.csv", ["编号", "类型", "主题", "日期", "学时"],
                [["A1", "理论学习", "师德学习", "2020-10-14", 2]])
    builder.csv(f"data/{school_id}/attendance.csv", ["活动编号", "工号"],
                [["A1", str(row[0])] for row in roster])
    return builder.school(school_id, school_toml(school_id, name))


def tiny_workspace(builder: WorkspaceBuilder, *school_ids: str, district: str = DISTRICT_TOML) -> Path:
    """A district with the given valid schools (default: one, ``alpha``)."""
    builder.district(district)
    for sid in school_ids or ("alpha",):
        add_school(builder, sid)
    return builder.root


def invoke(root: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    """``yanxiu -w root …`` under click's runner (stderr in ``result.output``)."""
    return CliRunner().invoke(cli, ["-w", str(root), *args], env=env)


def tally_of(output: str) -> str:
    """The last line of ``yanxiu run`` without its rows-read and elapsed-time part."""
    last = output.strip().splitlines()[-1]
    assert re.search(r"读入 \d+ 行，用时 \d+\.\d 秒。$", last), last
    return re.sub(r"读入 \d+ 行，用时 \d+\.\d 秒。$", "", last)


CLUB_PLUGIN = '''\
from yanxiu_core import ProgramType, hookimpl


class Club(ProgramType):
    name = "club"
    title = "读书会"

    def validate(self, ctx):
        return [ctx.problem("读书会还没有负责人", "leader", None, "一位教师的工号")]


@hookimpl
def yanxiu_program_types(register):
    register(Club())
'''
"""A workspace plugin (``plugins/club.py``) whose program always has one rule problem."""


def run_md_html(root: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    """``yanxiu run`` writing md and html into ``root/out``, workspace plugins on."""
    result = invoke(root, "run", "-o", str(root / "out"), "--format", "md", "--format", "html",
                    *args, env={"YANXIU_NO_PLUGINS": "", **(env or {})})
    return result.exit_code, result.output


def workspace_with_a_club(builder: WorkspaceBuilder) -> Path:
    """``alpha`` (valid) and ``gamma``, whose club program (:data:`CLUB_PLUGIN`) always has
    one rule problem: its summary is written and the run exits 1."""
    root = tiny_workspace(builder, "alpha")
    builder.file("plugins/club.py", CLUB_PLUGIN)
    school = add_school(builder, "gamma")
    school.write_text(school.read_text(encoding="utf-8") + '\n[programs.club]\ntype = "club"\n',
                      encoding="utf-8")
    return root
