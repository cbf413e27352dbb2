"""``yanxiu init DIR``: a starter workspace that runs as it is."""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import click


def _copy_tree(src: Traversable, dest: Path) -> list[Path]:
    written: list[Path] = []
    for item in src.iterdir():
        if item.name.startswith(("_", ".")):
            continue
        target = dest / item.name
        if item.is_dir():
            written += _copy_tree(item, target)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(item.read_bytes())
            written.append(target)
    return written


@click.command(epilog="示例：yanxiu init 我的区 && yanxiu -w 我的区 run -o out")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path) -> None:
    """在 DIRECTORY 创建一个可直接运行的工作区（区配置、一所学校、示例表格）。"""
    if (directory / "yanxiu.toml").exists():
        raise click.UsageError(f"{directory / 'yanxiu.toml'} 已存在，不会覆盖。")
    written = _copy_tree(resources.files("yanxiu_core") / "starter", directory)
    click.echo(f"已创建工作区 {directory}（{len(written)} 个文件）。")
    click.echo(f"下一步：yanxiu -w {directory} run -o {directory / 'out'}")
