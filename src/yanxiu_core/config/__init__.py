"""Workspace configuration: loading, validation, and turning program tables into instances."""

from __future__ import annotations

import difflib
from collections.abc import Mapping

import attrs

from ..errors import ConfigError, Problem
from ..model import ProgramInstance
from ..program import ProgramType
from .loader import load_workspace_config
from .locate import find_line
from .schema import (
    DataFile,
    DistrictConfig,
    EvaluationPolicy,
    GradeBand,
    ProgramSpec,
    SchoolConfig,
    WorkspaceConfig,
)
from .settings import build_settings

__all__ = [
    "DataFile",
    "DistrictConfig",
    "EvaluationPolicy",
    "GradeBand",
    "ProgramSpec",
    "SchoolConfig",
    "WorkspaceConfig",
    "build_settings",
    "find_line",
    "load_workspace_config",
    "resolve_programs",
]


def resolve_programs(school: SchoolConfig,
                     program_types: Mapping[str, ProgramType]) -> tuple[ProgramInstance, ...]:
    """The school's enabled programs, each with its settings validated by its type.

    An unknown type names the installed types and the closest one; all problems of the school
    are collected before raising.
    """
    problems: list[Problem] = []
    instances: list[ProgramInstance] = []
    installed = sorted(program_types)
    for spec in school.programs:
        ptype = program_types.get(spec.type)
        if ptype is None:
            close = difflib.get_close_matches(spec.type, installed, n=1)
            hint = f"您是否想写 {close[0]!r}？" if close else ""
            key = f"programs.{spec.id}" + (".type" if spec.type != spec.id else "")
            line = find_line(spec.source, key) if spec.source else None
            problems.append(Problem(
                f"未知的项目类型 {spec.type!r}。{hint}", file=spec.file, where=key,
                line=line if line is not None else spec.line,
                expected="已安装的项目类型：" + ("、".join(installed) or "（无，见 yanxiu plugins）"),
            ))
            continue
        try:
            settings = build_settings(ptype.Settings, spec.table, file=spec.file,
                                      key_prefix=f"programs.{spec.id}", source=spec.source)
        except ConfigError as exc:
            problems.extend(_inherited(spec, p) for p in exc.problems)
            continue
        instances.append(ProgramInstance(id=spec.id, type=spec.type, title=ptype.title,
                                         settings=settings))
    if problems:
        raise ConfigError(f"{school.file.name}：项目配置有误", problems)
    return tuple(instances)


def _inherited(spec: ProgramSpec, problem: Problem) -> Problem:
    """Point a settings problem at the district file when the key comes from the district's
    default table and the school's own table does not write it."""
    prefix = f"programs.{spec.id}"
    if spec.base is None or not problem.where.startswith(prefix + "."):
        return problem
    key = problem.where[len(prefix) + 1:].split(".")[0].split("[")[0]
    if key not in spec.base.table or (
            find_line(spec.source, problem.where) != find_line(spec.source, prefix)):
        return problem
    return attrs.evolve(problem, file=spec.base.file,
                        line=find_line(spec.base.source, problem.where))
