"""The words schools write for levels, 学历 and 职称, and how yanxiu classifies them.

Rosters and award lists say the same thing many ways (区级, 县级, 区县级; 硕士, 研究生; 小学高级,
一级教师). Import normalises levels (an unknown level is an error naming the accepted words);
学历 and 职称 are stored as written and classified here when a report counts them.
"""

from __future__ import annotations

import re

LEVELS: tuple[str, ...] = ("国家级", "省级", "市级", "州级", "区县级", "校级")
"""Administrative levels, highest first (市级 and 州级 are the same tier; both are kept as the
school writes them because a 州's teachers say 州级)."""

_LEVEL_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("国家级", ("国家级", "国家", "全国", "国级", "部级")),
    ("省级", ("省级", "省", "自治区级", "省部级")),
    ("市级", ("市级", "市", "地市级", "地级", "地市", "盟级")),
    ("州级", ("州级", "州")),
    ("区县级", ("区县级", "区县", "区级", "区", "县级", "县", "县区级", "旗级", "县市级")),
    ("校级", ("校级", "校", "学校", "校内")),
)
_LEVEL_SUFFIX = re.compile(r"(骨干教师|骨干|学科带头人|名师|教学能手|优秀教师)$")
NO_LEVEL_WORDS = ("无", "否", "-", "—", "/", "非骨干", "不是")


def normalize_level(text: str) -> str | None:
    """``区级`` / ``县级骨干`` / ``市级骨干教师`` → the canonical level; ``''`` for a word that means
    none (无, -); ``None`` when the text names no known level."""
    word = "".join(text.split())
    if not word or word in NO_LEVEL_WORDS:
        return ""
    word = _LEVEL_SUFFIX.sub("", word) or word
    for level, words in _LEVEL_WORDS:
        if word in words:
            return level
    return None


def level_rank(level: str) -> int:
    """Sort key: 国家级 first, unknown words last."""
    return LEVELS.index(level) if level in LEVELS else len(LEVELS)


# 学历, highest first. Matching is by the first keyword found in what the roster wrote.
EDUCATION_CLASSES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("博士研究生", ("博士",)),
    ("硕士研究生", ("硕士", "研究生")),
    ("本科", ("本科", "学士", "大学")),
    ("专科", ("大专", "专科")),
    ("中专及以下", ("中专", "中师", "高中", "职高", "初中")),
)
BACHELOR_OR_ABOVE = ("博士研究生", "硕士研究生", "本科")


def education_class(text: str) -> str:
    """The class of a 学历 as written (``本科（函授）`` → 本科); ``''`` when blank or unknown."""
    word = "".join(text.split())
    for name, keys in EDUCATION_CLASSES:
        if any(k in word for k in keys):
            return name
    return ""


# 职称 grades, highest first; both the 2015 unified names and the older school-type names.
TITLE_GRADES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("正高级", ("正高级", "正高")),
    ("副高级", ("中学高级", "高级教师", "副高")),
    ("中级", ("一级教师", "中学一级", "小学高级", "中级")),
    ("初级", ("二级教师", "三级教师", "中学二级", "中学三级", "小学一级", "小学二级",
              "小学三级", "初级")),
    ("未定级", ("未定级", "未评", "见习", "试用")),
)
INTERMEDIATE_OR_ABOVE = ("正高级", "副高级", "中级")


def title_grade(text: str) -> str:
    """The grade of a 职称 as written (``小学高级教师`` → 中级, ``高级教师`` → 副高级); ``''``
    when blank or unknown. Older names are checked before the unified ones they contain."""
    word = "".join(text.split())
    if not word:
        return ""
    for name, keys in TITLE_GRADES:
        if any(k in word for k in keys if k.startswith(("中学", "小学"))):
            return name
    for name, keys in TITLE_GRADES:
        if any(k in word for k in keys if not k.startswith(("中学", "小学"))):
            return name
    return ""
