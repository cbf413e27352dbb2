"""yanxiu core: the public API for plugins and tools.

Everything a plugin may use is importable from here. Names are loaded lazily, so that
``yanxiu --help`` does not pay for attrs, pluggy or the store.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__

_EXPORTS: dict[str, str] = {
    # records of the core model
    "Activity": "model",
    "Artifact": "model",
    "Assessment": "model",
    "Attendance": "model",
    "AttendanceStatus": "model",
    "Award": "model",
    "District": "model",
    "ProgramInstance": "model",
    "ProgramRecord": "model",
    "School": "model",
    "Teacher": "model",
    "Term": "model",
    # hours
    "HoursPolicy": "hours",
    "format_hours": "hours",
    "sum_minutes": "hours",
    # read API
    "ANY": "records",
    "ActivityAttendance": "records",
    "AttendanceSummary": "records",
    "Records": "records",
    "MemoryRecords": "memory_records",
    # program contract
    "Figure": "program",
    "Finding": "program",
    "FindingKind": "program",
    "Indicator": "program",
    "IndicatorValue": "program",
    "Membership": "program",
    "NoSettings": "program",
    "PlannedSession": "program",
    "ProgramContext": "program",
    "ProgramType": "program",
    "RecordField": "program",
    "RecordKind": "program",
    "SummativeItem": "program",
    "hookimpl": "hookspecs",
    "OutputRenderer": "renderers",
    "RenderOptions": "renderers",
    # report document model
    "BulletList": "document",
    "Chart": "document",
    "ChartSeries": "document",
    "KeyFigures": "document",
    "Paragraph": "document",
    "Report": "document",
    "Section": "document",
    "Table": "document",
    # levels, 学历 and 职称 as schools write them
    "LEVELS": "vocabulary",
    "level_rank": "vocabulary",
    "normalize_level": "vocabulary",
    # errors
    "ConfigError": "errors",
    "DataError": "errors",
    "Problem": "errors",
    "YanxiuError": "errors",
    # settings validators
    "positive": "validators",
    "counts_by": "validators",
    "not_negative": "validators",
    "iso_weekday": "validators",
    "unit_ratio": "validators",
    "after_start": "validators",
    # application facade for plugin commands
    "App": "app",
    "find_teacher": "lookup",
    # generic helpers for programs (cadences, attendance ratios, text tables)
    "DateRange": "toolkit",
    "attendance_ratios": "toolkit",
    "cadence_dates": "toolkit",
    "every_n_weeks": "toolkit",
    "first_date_problems": "toolkit",
    "met_share": "toolkit",
    "report_date": "toolkit",
    "text_table": "toolkit",
    "text_width": "toolkit",
    "weekday_name": "toolkit",
    "dates_in": "toolkit",
    "monthly_dates": "toolkit",
    "nth_weekday": "toolkit",
    "spread_dates": "toolkit",
    # staged work: items moving through named stages with due dates
    "Overdue": "stages",
    "StagePlan": "stages",
    "StageProgress": "stages",
    "StageReached": "stages",
    "StageSpec": "stages",
    "add_months": "stages",
    "current_stage": "stages",
    "is_complete": "stages",
    "next_stage": "stages",
    "out_of_order": "stages",
    "overdue": "stages",
    "overdue_stages": "stages",
    "stage_names": "stages",
    "stage_specs": "stages",
    "unknown_stages": "stages",
    # prose from templates into document blocks
    "text_blocks": "report.templates",
    # spreadsheets and calendars out, for plugin commands
    "Sheet": "spreadsheet",
    "write_csv": "spreadsheet",
    "write_xlsx": "spreadsheet",
    "collect_plan": "planning",
    "render_ics": "planning",
}

__all__ = [
    "ANY",
    "LEVELS",
    "Activity",
    "ActivityAttendance",
    "App",
    "Artifact",
    "Assessment",
    "Attendance",
    "AttendanceStatus",
    "AttendanceSummary",
    "Award",
    "BulletList",
    "Chart",
    "ChartSeries",
    "ConfigError",
    "DataError",
    "DateRange",
    "District",
    "Figure",
    "Finding",
    "FindingKind",
    "HoursPolicy",
    "Indicator",
    "IndicatorValue",
    "KeyFigures",
    "Membership",
    "MemoryRecords",
    "NoSettings",
    "OutputRenderer",
    "Overdue",
    "Paragraph",
    "PlannedSession",
    "Problem",
    "ProgramContext",
    "ProgramInstance",
    "ProgramRecord",
    "ProgramType",
    "RecordField",
    "RecordKind",
    "Records",
    "RenderOptions",
    "Report",
    "School",
    "Section",
    "Sheet",
    "StagePlan",
    "StageProgress",
    "StageReached",
    "StageSpec",
    "SummativeItem",
    "Table",
    "Teacher",
    "Term",
    "YanxiuError",
    "__version__",
    "add_months",
    "after_start",
    "attendance_ratios",
    "cadence_dates",
    "collect_plan",
    "counts_by",
    "current_stage",
    "dates_in",
    "every_n_weeks",
    "find_teacher",
    "first_date_problems",
    "format_hours",
    "hookimpl",
    "is_complete",
    "iso_weekday",
    "level_rank",
    "met_share",
    "monthly_dates",
    "next_stage",
    "normalize_level",
    "not_negative",
    "nth_weekday",
    "out_of_order",
    "overdue",
    "overdue_stages",
    "positive",
    "render_ics",
    "report_date",
    "spread_dates",
    "stage_names",
    "stage_specs",
    "sum_minutes",
    "text_blocks",
    "text_table",
    "text_width",
    "unit_ratio",
    "unknown_stages",
    "weekday_name",
    "write_csv",
    "write_xlsx",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'yanxiu_core' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


if TYPE_CHECKING:
    from .app import App
    from .document import (
        BulletList,
        Chart,
        ChartSeries,
        KeyFigures,
        Paragraph,
        Report,
        Section,
        Table,
    )
    from .errors import ConfigError, DataError, Problem, YanxiuError
    from .hookspecs import hookimpl
    from .hours import HoursPolicy, format_hours, sum_minutes
    from .lookup import find_teacher
    from .memory_records import MemoryRecords
    from .model import (
        Activity,
        Artifact,
        Assessment,
        Attendance,
        AttendanceStatus,
        Award,
        District,
        ProgramInstance,
        ProgramRecord,
        School,
        Teacher,
        Term,
    )
    from .planning import collect_plan, render_ics
    from .program import (
        Figure,
        Finding,
        FindingKind,
        Indicator,
        IndicatorValue,
        Membership,
        NoSettings,
        PlannedSession,
        ProgramContext,
        ProgramType,
        RecordField,
        RecordKind,
        SummativeItem,
    )
    from .records import ANY, ActivityAttendance, AttendanceSummary, Records
    from .renderers import OutputRenderer, RenderOptions
    from .report.templates import text_blocks
    from .spreadsheet import Sheet, write_csv, write_xlsx
    from .stages import (
        Overdue,
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
    from .toolkit import (
        DateRange,
        attendance_ratios,
        cadence_dates,
        dates_in,
        every_n_weeks,
        first_date_problems,
        met_share,
        monthly_dates,
        nth_weekday,
        report_date,
        spread_dates,
        text_table,
        text_width,
        weekday_name,
    )
    from .validators import after_start, counts_by, iso_weekday, not_negative, positive, unit_ratio
    from .vocabulary import LEVELS, level_rank, normalize_level
