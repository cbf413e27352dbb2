"""``yanxiu plugin new NAME``: the distribution it writes builds as a wheel that carries its
templates, installs into a fresh environment, runs in a workspace, and passes its own tests and
ruff."""

from __future__ import annotations

import site
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from yanxiu_core.cli import cli

DISTRICT = """
[district]
name = "测试区"
[[terms]]
name = "2020学年"
year = 2020
"""

SCHOOL = """
name = "插件测试小学"
[data]
teachers = "teachers.csv"
activities = "activities.csv"
attendance = "attendance.csv"
[programs.demo]
name = "我们的演示项目"
sessions_expected = 2
"""


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(a) for a in args], capture_output=True, text=True, cwd=cwd,
                            timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def test_name_and_overwrite_are_checked(tmp_path: Path) -> None:
    runner = CliRunner()
    bad = runner.invoke(cli, ["plugin", "new", "Bad-Name", "-o", str(tmp_path / "x")])
    assert bad.exit_code == 2 and "插件名 'Bad-Name' 无效" in bad.output
    assert runner.invoke(cli, ["plugin", "new", "demo", "-o", str(tmp_path / "d")]).exit_code == 0
    again = runner.invoke(cli, ["plugin", "new", "demo", "-o", str(tmp_path / "d")])
    assert again.exit_code == 2 and "不会覆盖" in again.output


def test_the_wheel_installs_and_runs_in_a_fresh_environment(tmp_path: Path) -> None:
    source = tmp_path / "demo"
    made = CliRunner().invoke(cli, ["plugin", "new", "demo", "--title", "演示项目", "-o",
                                    str(source)])
    assert made.exit_code == 0, made.output
    # the wheel, built as pip builds it (an isolated build with hatchling)
    dist = tmp_path / "dist"
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", dist, source)
    (wheel,) = dist.glob("yanxiu_demo-0.1.0-*.whl")
    listing = run(sys.executable, "-m", "zipfile", "-l", wheel).stdout
    assert "yanxiu_demo/templates/demo_section.md.j2" in listing
    # a fresh venv that sees this project's installed packages (yanxiu and its dependencies)
    # through a .pth file, and gets the plugin only from its wheel
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv)
    python = venv / "bin" / "python"
    purelib = run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])")
    # addsitedir also reads that folder's .pth files (the editable install of yanxiu itself)
    Path(purelib.stdout.strip(), "yanxiu-host.pth").write_text(
        "".join(f"import site; site.addsitedir({d!r})\n" for d in site.getsitepackages()),
        encoding="utf-8")
    run(python, "-m", "pip", "install", "--no-deps", "-q", wheel)
    # a workspace that enables it
    ws = tmp_path / "ws"
    (ws / "schools").mkdir(parents=True)
    (ws / "yanxiu.toml").write_text(DISTRICT, encoding="utf-8")
    (ws / "schools" / "s.toml").write_text(SCHOOL, encoding="utf-8")
    (ws / "teachers.csv").write_text("工号,姓名\nT1,甲老师\nT2,乙老师\n", encoding="utf-8")
    (ws / "activities.csv").write_text(
        "编号,项目,类型,主题,日期,学时\nA1,demo,研讨,第一次研讨,2020-10-14,2\n", encoding="utf-8")
    (ws / "attendance.csv").write_text("活动编号,工号,状态\nA1,T1,出席\nA1,T2,出席\n",
                                       encoding="utf-8")
    code = "from yanxiu_core.cli import main; main()"
    run(python, "-c", code, "-w", ws, "run", "-o", ws / "out", "--format", "md")
    text = (ws / "out" / "s.md").read_text(encoding="utf-8")
    assert "### （一）我们的演示项目" in text and "我们的演示项目共开展活动 1 次" in text
    listed = run(python, "-c", code, "-w", ws, "plugins").stdout
    assert "demo 0.1.0（yanxiu-demo）" in listed and "启用于：s: demo" in listed
    # its own tests and ruff pass
    run(python, "-m", "pytest", "-q", "-p", "no:cacheprovider", source / "tests", cwd=source)
    run(sys.executable, "-m", "ruff", "check", source)
