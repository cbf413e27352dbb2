"""Conversion between core model records and table rows (plain dicts).

Rows never hold ``None`` for a program: school-wide records store ``''`` (see :mod:`.schema`).
Program-record payloads are JSON; dates are tagged (``{"$date": "2017-11-21"}``) so that they come
back as :class:`datetime.date` without the store knowing the record kind's field types.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..model import (
    Activity,
    Artifact,
    Assessment,
    Attendance,
    AttendanceStatus,
    Award,
    ProgramRecord,
    Teacher,
)

Row = dict[str, Any]


def program_column(program: str | None) -> str:
    return program or ""


def program_value(column: str) -> str | None:
    return column or None


def encode_value(value: Any) -> Any:
    """A JSON-ready form of one payload value (dates and datetimes tagged)."""
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, tuple):
        return [encode_value(v) for v in value]
    return value


def decode_value(value: Any) -> Any:
    if isinstance(value, dict) and len(value) == 1:
        if "$date" in value:
            return dt.date.fromisoformat(value["$date"])
        if "$datetime" in value:
            return dt.datetime.fromisoformat(value["$datetime"])
    if isinstance(value, list):
        return tuple(decode_value(v) for v in value)
    return value


def dump_json(value: Any) -> str:
    """Deterministic JSON: equal content gives equal text, so stored rows compare as strings."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def encode_payload(values: Mapping[str, Any]) -> str:
    return dump_json({k: encode_value(v) for k, v in values.items()})


def decode_payload(text: str) -> dict[str, Any]:
    return {k: decode_value(v) for k, v in json.loads(text).items()}


def natural_key(values: Mapping[str, Any], key_fields: Sequence[str]) -> str:
    """The text that identifies a program record: its key fields' values, or all of them."""
    names = list(key_fields) or sorted(values)
    return dump_json([[n, encode_value(values.get(n))] for n in names])


# --- model -> row -------------------------------------------------------------------------


def teacher_row(school_id: str, t: Teacher) -> Row:
    return {
        "school_id": school_id, "id": t.id, "name": t.name, "gender": t.gender,
        "birth_year": t.birth_year, "subject": t.subject, "teaching_group": t.group,
        "title": t.title, "roles": dump_json(list(t.roles)), "joined_year": t.joined_year,
        "education": t.education, "backbone_level": t.backbone_level,
        "specialty_match": t.specialty_match,
    }


def activity_row(school_id: str, a: Activity) -> Row:
    return {
        "school_id": school_id, "id": a.id, "program": program_column(a.program),
        "kind": a.kind, "title": a.title, "start_at": a.start, "end_at": a.end,
        "place": a.place, "speaker": a.speaker, "leader": a.leader, "content": a.content,
        "effect": a.effect, "minutes": a.minutes, "credit_category": a.credit_category,
    }


def attendance_row(school_id: str, r: Attendance) -> Row:
    return {
        "school_id": school_id, "activity_id": r.activity_id, "teacher_id": r.teacher_id,
        # _value_, not .value: the enum property costs more than the rest of the row
        "status": r.status._value_, "role": r.role, "minutes": r.minutes,
    }


def artifact_row(school_id: str, a: Artifact) -> Row:
    return {
        "school_id": school_id, "teacher_id": a.teacher_id, "kind": a.kind, "title": a.title,
        "date": a.date, "program": program_column(a.program), "score": a.score,
    }


def assessment_row(school_id: str, a: Assessment) -> Row:
    return {
        "school_id": school_id, "teacher_id": a.teacher_id, "program": program_column(a.program),
        "name": a.name, "score": a.score, "full_marks": a.full_marks, "date": a.date,
    }


def award_holder_key(a: Award) -> str:
    """What identifies an award's holder across re-imports: the teacher's id, else the holder
    text (学校, 语文组) — never NULL, so the natural key holds on every dialect."""
    return a.teacher_id if a.teacher_id is not None else a.holder


def award_row(school_id: str, a: Award) -> Row:
    return {
        "school_id": school_id, "teacher_id": a.teacher_id, "holder": a.holder,
        "holder_key": award_holder_key(a), "title": a.title, "level": a.level, "rank": a.rank,
        "date": a.date, "program": program_column(a.program), "issuer": a.issuer,
    }


def program_record_row(school_id: str, r: ProgramRecord, key_fields: Sequence[str] = ()) -> Row:
    return {
        "school_id": school_id, "program": r.program, "kind": r.kind,
        "teacher_id": r.teacher_id, "date": r.date,
        "natural_key": natural_key(r.values, key_fields), "payload": encode_payload(r.values),
    }


# --- row -> model -------------------------------------------------------------------------


def teacher_of(row: Mapping[Any, Any]) -> Teacher:
    return Teacher(
        id=row["id"], name=row["name"], gender=row["gender"], birth_year=row["birth_year"],
        subject=row["subject"], group=row["teaching_group"], title=row["title"],
        roles=tuple(json.loads(row["roles"])), joined_year=row["joined_year"],
        education=row["education"], backbone_level=row["backbone_level"],
        specialty_match=None if row["specialty_match"] is None else bool(row["specialty_match"]),
    )


def activity_of(row: Mapping[Any, Any]) -> Activity:
    return Activity(
        id=row["id"], kind=row["kind"], title=row["title"], start=row["start_at"],
        end=row["end_at"], program=program_value(row["program"]), place=row["place"],
        speaker=row["speaker"], leader=row["leader"], content=row["content"],
        effect=row["effect"], minutes=row["minutes"], credit_category=row["credit_category"],
    )


def attendance_of(row: Mapping[Any, Any]) -> Attendance:
    return Attendance(
        activity_id=row["activity_id"], teacher_id=row["teacher_id"],
        status=AttendanceStatus(row["status"]), role=row["role"], minutes=row["minutes"],
    )


def artifact_of(row: Mapping[Any, Any]) -> Artifact:
    return Artifact(
        id=row["id"], teacher_id=row["teacher_id"], kind=row["kind"], title=row["title"],
        date=row["date"], program=program_value(row["program"]), score=row["score"],
    )


def assessment_of(row: Mapping[Any, Any]) -> Assessment:
    return Assessment(
        id=row["id"], teacher_id=row["teacher_id"], name=row["name"], score=row["score"],
        full_marks=row["full_marks"], program=program_value(row["program"]), date=row["date"],
    )


def award_of(row: Mapping[Any, Any]) -> Award:
    return Award(
        id=row["id"], title=row["title"], level=row["level"], date=row["date"], rank=row["rank"],
        teacher_id=row["teacher_id"], holder=row["holder"],
        program=program_value(row["program"]), issuer=row["issuer"],
    )


def program_record_of(row: Mapping[Any, Any]) -> ProgramRecord:
    return ProgramRecord(
        id=row["id"], program=row["program"], kind=row["kind"], teacher_id=row["teacher_id"],
        date=row["date"], values=decode_payload(row["payload"]),
    )


def rows_for(
    school_id: str, records: Iterable[object], key_fields: Sequence[str] = ()
) -> dict[str, list[Row]]:
    """Group model records into rows by table name (see ``schema.RECORD_TABLES``).

    ``key_fields`` names the program-record fields that identify a row (default: all fields).
    """
    makers: dict[type, tuple[str, Any]] = {
        Teacher: ("teachers", teacher_row),
        Activity: ("activities", activity_row),
        Attendance: ("attendance", attendance_row),
        Artifact: ("artifacts", artifact_row),
        Assessment: ("assessments", assessment_row),
        Award: ("awards", award_row),
        ProgramRecord: ("program_records", program_record_row),
    }
    grouped: dict[str, list[Row]] = {}
    for record in records:
        try:
            table, make = makers[type(record)]
        except KeyError:
            raise TypeError(f"not a core record: {record!r}") from None
        row = (
            program_record_row(school_id, record, key_fields)
            if isinstance(record, ProgramRecord)
            else make(school_id, record)
        )
        grouped.setdefault(table, []).append(row)
    return grouped
