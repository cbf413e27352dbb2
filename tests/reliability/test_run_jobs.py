"""``yanxiu run --jobs N``: the same documents, tally and exit status as one school after the
other; each school's lines printed together; a broken school or a failing plugin in a worker
is reported like in the parent."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tinyworkspace import add_school, invoke, tally_of, tiny_workspace

from yanxiu_core.testing import WorkspaceBuilder

FAULTY = '''\
from yanxiu_core import ProgramType, hookimpl


class Faulty(ProgramType):
    name = "faulty"
    title = "出错的项目"

    def section(self, ctx):
        raise RuntimeError("section 坏了")


@hookimpl
def yanxiu_program_types(register):
    register(Faulty())
'''


def district(builder: WorkspaceBuilder) -> Path:
    root = tiny_workspace(builder, "alpha", "beta", "delta", "epsilon")
    builder.school("gamma", 'name = "丙校"\n[oops]\n')  # a broken school file
    add_school(builder, "zeta")
    builder.file("data/zeta/attendance.csv", "活动编号,工号\nA9,T1\n")  # refused: no A9
    builder.file("plugins/faulty.py", FAULTY)
    school = root / "schools" / "epsilon.toml"
    school.write_text(school.read_text(encoding="utf-8") + '\n[programs.f]\ntype = "faulty"\n',
                      encoding="utf-8")
    return root


def run(root: Path, out: str, *args: str) -> tuple[int, str]:
    result = invoke(root, "run", "-o", str(root / out), "--format", "md", *args,
                    env={"YANXIU_NO_PLUGINS": ""})
    return result.exit_code, result.output


@pytest.mark.parametrize("jobs", ["2", "3"])
def test_jobs_give_what_one_at_a_time_gives(workspace_builder: WorkspaceBuilder,
                                            tmp_path: Path, jobs: str) -> None:
    root = district(workspace_builder)
    code_1, one = run(root, "out1", "--force")
    code_n, many = run(root, "outn", "--jobs", jobs)
    assert code_1 == code_n == 1
    assert tally_of(one) == tally_of(many) == (
        "完成 4 所学校（其中 1 所需要注意：epsilon（插件错误 1 个））；"
        "失败 2 所：gamma（配置有误）、zeta（数据有误）。")
    names = sorted(p.name for p in (root / "out1").glob("*.md"))
    assert names == ["alpha.md", "beta.md", "delta.md", "epsilon.md"]
    for name in names:
        assert (root / "outn" / name).read_bytes() == (root / "out1" / name).read_bytes(), name
    failure = "插件错误：插件 faulty（学校 epsilon，钩子 section"
    assert one.count(failure) == many.count(failure) == 1
    assert "[gamma] 配置有误，跳过该校" in many and "[zeta] 错误：导入失败" in many


def test_a_schools_lines_stay_together(workspace_builder: WorkspaceBuilder) -> None:
    root = tiny_workspace(workspace_builder, "alpha", "beta", "delta")
    code, output = run(root, "out", "--jobs", "2")
    assert code == 0, output
    lines = [line for line in output.splitlines() if line.startswith("[")]
    schools = [re.match(r"\[(\w+)\]", line).group(1) for line in lines]  # type: ignore[union-attr]
    # each school's four lines (three files, one summary) in one block
    blocks = [s for i, s in enumerate(schools) if i == 0 or schools[i - 1] != s]
    assert sorted(blocks) == ["alpha", "beta", "delta"], schools
    again_code, again = run(root, "out", "--jobs", "2")
    assert again_code == 0 and again.count("数据与配置未变，沿用上次写出的") == 3
