"""``yanxiu plugin new NAME``: start a program plugin of one's own."""

from __future__ import annotations

from pathlib import Path

import click


@click.group(epilog="示例：yanxiu plugin new reading --title 读书会")
def plugin() -> None:
    """插件作者工具：生成一个可安装、可测试的项目插件。"""


@plugin.command(epilog="示例：yanxiu plugin new reading --title 读书会 && cd reading && "
                       "pip install . && pytest")
@click.argument("name")
@click.option("--title", default="", help="项目的中文名称（写入总结的小节标题），默认为 NAME。")
@click.option("-o", "--output", "directory", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="写到哪个目录（默认 ./NAME）。")
def new(name: str, title: str, directory: Path | None) -> None:
    """在 NAME 目录生成项目插件 yanxiu-NAME：pyproject（入口点、模板随包安装）、项目类型
    （一项经校验的设置、一个指标、一个由模板写成的小节）、它自己的测试。"""
    from ..scaffold import name_problem, write_scaffold

    problem = name_problem(name)
    if problem:
        raise click.UsageError(problem)
    target = directory or Path(name)
    if (target / "pyproject.toml").exists():
        raise click.UsageError(f"{target / 'pyproject.toml'} 已存在，不会覆盖。")
    written = write_scaffold(target, name, title)
    click.echo(f"已生成插件 yanxiu-{name.replace('_', '-')} 于 {target}（{len(written)} 个文件）。")
    click.echo(f"下一步：cd {target} && pip install . && pytest")
