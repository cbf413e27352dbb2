"""The school's 研修方案 (plan document): what ``[plan]`` states and the document built from it.

:mod:`.model` holds the validated ``[plan]`` (read by ``config/plan_tables.py``);
:mod:`.document` builds the 方案 as a :class:`~yanxiu_core.document.Report`.
"""

from __future__ import annotations

from .model import Member, SchoolPlan

__all__ = ["Member", "SchoolPlan"]
