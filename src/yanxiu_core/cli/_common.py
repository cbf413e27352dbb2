"""Options and output helpers shared by the built-in commands."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

from ..app import App
from ..errors import Problem

F = TypeVar("F", bound=Callable[..., Any])

pass_app = click.make_pass_decorator(App)

school_option = click.option(
    "--school", "school_id", metavar="ID", required=True, help="学校编号（schools/<编号>.toml）。"
)
optional_school_option = click.option(
    "--school", "school_id", metavar="ID", default=None, help="只处理这所学校（默认全部）。"
)
json_option = click.option("--json", "as_json", is_flag=True, help="输出 JSON。")


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


PROBLEMS_SHOWN = 50
"""Problems printed under a title; the rest are only counted."""


def echo_problems(title: str, problems: Sequence[Problem], *, shown: int = PROBLEMS_SHOWN) -> None:
    """The title and the first ``shown`` problems on stderr, then how many more there are."""
    click.echo(title, err=True)
    for p in problems[:shown]:
        click.echo(f"  - {p}", err=True)
    if len(problems) > shown:
        click.echo(f"  另有 {len(problems) - shown} 处问题未列出", err=True)


def report_failures(app: App, more: Sequence[str] = ()) -> bool:
    """Print plugin failures to stderr — the App's and ``more`` (e.g. from worker processes),
    each once; True when there were any (the command must exit 1)."""
    from ._system_errors import traceback_wanted

    failures = list(dict.fromkeys([*app.failures, *more]))
    for line in failures:
        click.echo(f"插件错误：{line}", err=True)
    if failures and traceback_wanted() and "host" in app.__dict__:  # where it raised
        for failure in app.host.failures:
            if failure.traceback_text and "NoneType: None" not in failure.traceback_text:
                click.echo(f"--- {failure}\n{failure.traceback_text.rstrip()}", err=True)
    return bool(failures)
