"""Finding the teacher a user means on the command line: by 工号 (any case) or by 姓名.

Rosters are typed by hand: ``c013`` means ``C013``, ``Ｃ０１３`` (full-width) too, and a
two-character name is often padded (``王  芳``). A name shared by several teachers is never
guessed; the user is shown who they are and asked for the 工号.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

from .errors import UsageError
from .model import Teacher

SUGGESTIONS = 3
"""How many close ids or names an unknown teacher's message suggests."""

_SPACES = re.compile(r"\s+")


def _id_key(text: str) -> str:
    """An id as compared: full-width folded to ASCII, case and surrounding spaces ignored."""
    return unicodedata.normalize("NFKC", text).strip().casefold()


def _name_key(text: str) -> str:
    """A name as compared: full-width folded, every space (also 全角空格) removed, any case."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text)).casefold()


def _label(teacher: Teacher) -> str:
    extra = "，".join(x for x in (teacher.subject, teacher.group) if x)
    return f"{teacher.name}（工号 {teacher.id}{'，' + extra if extra else ''}）"


def find_teacher(teachers: Iterable[Teacher], text: str, *, school: str | None = None) -> Teacher:
    """The one teacher whose 工号 (exactly, else ignoring case and width) or 姓名 (ignoring
    spaces) is ``text``.

    Raises :class:`~yanxiu_core.errors.UsageError` (exit 2) with a Chinese message when no
    teacher matches (with up to :data:`SUGGESTIONS` close ids or names) or when several teachers
    share the name (each listed with its 工号). ``school`` only names the school in messages.
    """
    roster = list(teachers)
    where = f"学校 {school!r} " if school else ""
    wanted = text.strip()
    if not _name_key(wanted):
        raise UsageError("请给出教师的工号或姓名")
    exact = [t for t in roster if t.id == wanted]
    if len(exact) == 1:
        return exact[0]
    for key, found in (
        ("工号", [t for t in roster if _id_key(t.id) == _id_key(wanted)]),
        ("姓名", [t for t in roster if _name_key(t.name) == _name_key(wanted)]),
    ):
        if len(found) == 1:
            return found[0]
        if found:
            listed = "、".join(_label(t) for t in sorted(found, key=lambda t: t.id))
            raise UsageError(f"{where}有 {len(found)} 位教师的{key}是 {wanted!r}：{listed}；"
                             "请改用工号（区分大小写）指定其中一位")
    if not roster:
        raise UsageError(f"{where}没有工号或姓名为 {wanted!r} 的教师：尚未导入教师名册"
                         "（yanxiu import teachers …，或 yanxiu run）")
    raise UsageError(f"{where}没有工号或姓名为 {wanted!r} 的教师{_suggest(roster, wanted)}")


def _suggest(roster: list[Teacher], wanted: str) -> str:
    """``；您是否想找：王芳（工号 C001）、…`` for the closest ids and names, or ``""``."""
    by_key: dict[str, list[Teacher]] = {}
    for t in roster:
        by_key.setdefault(_id_key(t.id), []).append(t)
        by_key.setdefault(_name_key(t.name), []).append(t)
    keys = [_id_key(wanted), _name_key(wanted)]
    close: list[Teacher] = []
    for key in keys:
        for match in difflib.get_close_matches(key, list(by_key), n=SUGGESTIONS, cutoff=0.5):
            close.extend(t for t in by_key[match] if t not in close)
    if not close:
        return ""
    return "；您是否想找：" + "、".join(_label(t) for t in close[:SUGGESTIONS])
