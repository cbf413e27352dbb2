"""The validated workspace configuration: district policy, schools, enabled programs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from ..district.settings import DistrictReportSettings
from ..errors import Problem
from ..hours import HoursPolicy
from ..model import SchoolProfile, Term
from ..report.settings import ReportSettings
from ..scheme.model import SchoolPlan
from ..targets import Target


@attrs.frozen
class GradeBand:
    """A grade name and the lowest total (0–100, after rounding) that earns it."""

    name: str
    min: float


DEFAULT_GRADES = (
    GradeBand("优秀", 90.0),
    GradeBand("良好", 80.0),
    GradeBand("合格", 60.0),
    GradeBand("不合格", 0.0),
)


def _descending(bands: Iterable[GradeBand]) -> tuple[GradeBand, ...]:
    # grade_for walks the bands top-down, so the order is fixed here, not trusted to the caller.
    return tuple(sorted(bands, key=lambda b: -b.min))


@attrs.frozen
class EvaluationPolicy:
    """How 过程性 and 终结性 evaluation combine into a score and a grade."""

    process_weight: float = 0.6
    summative_weight: float = 0.4
    grades: tuple[GradeBand, ...] = attrs.field(default=DEFAULT_GRADES, converter=_descending)
    indicator_weights: Mapping[str, float] = attrs.field(factory=dict)
    required_artifacts: tuple[str, ...] = ("学习笔记", "个人三年发展规划")
    low_attendance_rate: float = 0.8
    missing_part: str = "unrated"  # or "reweight": see evaluation.engine.combine

    def grade_for(self, score: float) -> str:
        """The name of the highest band whose ``min`` the score reaches (the lowest band else)."""
        for band in self.grades:
            if score >= band.min:
                return band.name
        return self.grades[-1].name if self.grades else ""

    def weight_for(self, key: str, default: float) -> float:
        """The district's weight for indicator ``key``, or ``default`` when it sets none."""
        return float(self.indicator_weights.get(key, default))


@attrs.frozen
class ProgramSpec:
    """A ``[programs.<id>]`` table: ``type`` defaults to the id; ``table`` holds the settings.

    ``file`` is the config file as the user wrote it, ``line`` the line of the table header;
    ``source`` keeps that file's TOML text so settings errors can be located key by key.
    When a school table merges over a district default of the same id, ``base`` is the district's
    spec, so an error in a key the school did not write points at the district file.
    """

    id: str
    type: str
    table: Mapping[str, Any]
    file: str
    line: int | None = None
    source: str = attrs.field(default="", repr=False)
    base: ProgramSpec | None = attrs.field(default=None, repr=False)  # district table merged under


@attrs.frozen
class DataFile:
    """A data file a school config names under ``[data]``; ``display`` is how it was written."""

    kind: str
    path: Path
    display: str


@attrs.frozen
class DistrictConfig:
    """``yanxiu.toml``: the district's policies and the programs every school gets."""

    name: str
    file: Path
    terms: tuple[Term, ...]
    current_term: Term
    hours: HoursPolicy
    evaluation: EvaluationPolicy
    programs: tuple[ProgramSpec, ...]
    overridable: tuple[str, ...]
    database_url: str
    holidays: tuple[dt.date, ...] = ()
    report: ReportSettings = attrs.field(factory=ReportSettings)
    allow_outside: tuple[Path, ...] = ()  # [paths] allow_outside: folders data may live in
    district_report: DistrictReportSettings = attrs.field(factory=DistrictReportSettings)
    targets: tuple[Target, ...] = ()  # [[targets]] every school gets (before its own)


@attrs.frozen
class SchoolConfig:
    """``schools/<id>.toml`` merged over the district: the policies that apply to this school."""

    id: str
    name: str
    file: Path
    term: Term
    programs: tuple[ProgramSpec, ...]
    data: tuple[DataFile, ...]
    hours: HoursPolicy
    evaluation: EvaluationPolicy
    holidays: tuple[dt.date, ...] = ()
    report: ReportSettings = attrs.field(factory=ReportSettings)
    profile: SchoolProfile = attrs.field(factory=SchoolProfile)
    plan: SchoolPlan = attrs.field(factory=SchoolPlan)  # [plan] and [[targets]]: the 研修方案

    @property
    def targets(self) -> tuple[Target, ...]:
        """The district's targets, then the school's own."""
        return self.plan.targets


def _file_order(school_id: str) -> str:
    # The loader reads schools/*.toml sorted by file name; "a-b.toml" < "a.toml", unlike the ids.
    return school_id + ".toml"


@attrs.frozen
class WorkspaceConfig:
    """The whole workspace; ``schools`` keeps the file-name order.

    ``broken`` maps the id of each school whose file has problems to those problems (file, key
    path, line, value, expected); such a school is not in ``schools``. It is filled only when the
    workspace was loaded with ``keep_broken=True``.
    """

    root: Path
    district: DistrictConfig
    schools: Mapping[str, SchoolConfig]
    broken: Mapping[str, list[Problem]] = attrs.field(factory=dict)

    @property
    def all_school_ids(self) -> list[str]:
        """Every school of the workspace, good or broken, in file-name order."""
        return sorted([*self.schools, *self.broken], key=_file_order)

    @property
    def broken_problems(self) -> list[Problem]:
        """The problems of every broken school, in file-name order."""
        return [p for sid in sorted(self.broken, key=_file_order) for p in self.broken[sid]]
