"""The current shape of the database, as SQLAlchemy Core tables that queries are written against.

These definitions describe the schema after every migration in :mod:`.migrations` has run; the
migrations themselves keep their own frozen copies, so editing a table here always goes together
with a new migration (``tests/test_store.py`` checks that both agree).

Every record table is keyed by ``school_id``: one database holds a whole district. A program
column holds the program instance id, or ``''`` for a school-wide record, so that unique
constraints hold on every dialect (SQL treats NULLs as distinct). Every record table has a
``source`` column: the file the row was imported from, as the school config names it (``''``
when none is known), which a re-import mirrors (decision 0013).
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

schema_version = sa.Table(
    "schema_version",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("applied_at", sa.DateTime, nullable=False),
)

teachers = sa.Table(
    "teachers",
    metadata,
    sa.Column("school_id", sa.Text, primary_key=True),
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("gender", sa.Text, nullable=False, default=""),
    sa.Column("birth_year", sa.Integer),
    sa.Column("subject", sa.Text, nullable=False, default=""),
    sa.Column("teaching_group", sa.Text, nullable=False, default=""),
    sa.Column("title", sa.Text, nullable=False, default=""),
    sa.Column("roles", sa.Text, nullable=False, default="[]"),  # JSON list of tags
    sa.Column("joined_year", sa.Integer),
    # Added by migration 3 (hence at the end): 学历 as written, normalised 骨干级别, 专业对口.
    sa.Column("education", sa.Text, nullable=False, default=""),
    sa.Column("backbone_level", sa.Text, nullable=False, default=""),  # '' = not 骨干
    sa.Column("specialty_match", sa.Boolean),  # NULL: the roster does not say
    # Added by migration 4: the file the row was imported from, as the school config names it
    # ('' = not known: stored before version 4, or not imported from a file).
    sa.Column("source", sa.Text, nullable=False, default=""),
)

activities = sa.Table(
    "activities",
    metadata,
    sa.Column("school_id", sa.Text, primary_key=True),
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("program", sa.Text, nullable=False, default=""),
    sa.Column("kind", sa.Text, nullable=False, default=""),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("start_at", sa.DateTime, nullable=False),
    sa.Column("end_at", sa.DateTime),
    sa.Column("place", sa.Text, nullable=False, default=""),
    sa.Column("speaker", sa.Text, nullable=False, default=""),
    sa.Column("leader", sa.Text, nullable=False, default=""),
    sa.Column("content", sa.Text, nullable=False, default=""),
    sa.Column("effect", sa.Text, nullable=False, default=""),
    sa.Column("minutes", sa.Integer, nullable=False),
    sa.Column("credit_category", sa.Text, nullable=False, default=""),
    sa.Column("source", sa.Text, nullable=False, default=""),  # migration 4: the file
    sa.Index("ix_activities_school_start", "school_id", "start_at"),
)

attendance = sa.Table(
    "attendance",
    metadata,
    sa.Column("school_id", sa.Text, primary_key=True),
    sa.Column("activity_id", sa.Text, primary_key=True),
    sa.Column("teacher_id", sa.Text, primary_key=True),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("role", sa.Text, nullable=False, default=""),
    sa.Column("minutes", sa.Integer),  # NULL: the activity's minutes
    sa.Column("source", sa.Text, nullable=False, default=""),  # migration 4: the file
    sa.ForeignKeyConstraint(
        ["school_id", "activity_id"], ["activities.school_id", "activities.id"]
    ),
    sa.ForeignKeyConstraint(["school_id", "teacher_id"], ["teachers.school_id", "teachers.id"]),
    sa.Index("ix_attendance_school_teacher", "school_id", "teacher_id"),
)

artifacts = sa.Table(
    "artifacts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("school_id", sa.Text, nullable=False),
    sa.Column("teacher_id", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("title", sa.Text, nullable=False, default=""),
    sa.Column("date", sa.Date, nullable=False),
    sa.Column("program", sa.Text, nullable=False, default=""),
    sa.Column("score", sa.Float),
    sa.Column("source", sa.Text, nullable=False, default=""),  # migration 4: the file
    sa.ForeignKeyConstraint(["school_id", "teacher_id"], ["teachers.school_id", "teachers.id"]),
    sa.UniqueConstraint("school_id", "teacher_id", "kind", "title", "date",
                        name="uq_artifacts_natural"),
)

assessments = sa.Table(
    "assessments",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("school_id", sa.Text, nullable=False),
    sa.Column("teacher_id", sa.Text, nullable=False),
    sa.Column("program", sa.Text, nullable=False, default=""),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("full_marks", sa.Float, nullable=False),
    sa.Column("date", sa.Date),
    sa.Column("source", sa.Text, nullable=False, default=""),  # migration 4: the file
    sa.ForeignKeyConstraint(["school_id", "teacher_id"], ["teachers.school_id", "teachers.id"]),
    sa.UniqueConstraint("school_id", "teacher_id", "program", "name",
                        name="uq_assessments_natural"),
)

awards = sa.Table(
    "awards",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("school_id", sa.Text, nullable=False),
    sa.Column("teacher_id", sa.Text),  # NULL: an award of the school or a group (holder)
    sa.Column("holder", sa.Text, nullable=False, default=""),
    # The teacher id, or the holder text when there is no teacher: never NULL, so that the
    # natural key is unique on every dialect (SQL treats NULLs as distinct).
    sa.Column("holder_key", sa.Text, nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("level", sa.Text, nullable=False),
    sa.Column("rank", sa.Text, nullable=False, default=""),
    sa.Column("date", sa.Date, nullable=False),
    sa.Column("program", sa.Text, nullable=False, default=""),
    sa.Column("issuer", sa.Text, nullable=False, default=""),
    sa.Column("source", sa.Text, nullable=False, default=""),  # migration 4: the file
    sa.ForeignKeyConstraint(["school_id", "teacher_id"], ["teachers.school_id", "teachers.id"]),
    sa.UniqueConstraint("school_id", "holder_key", "title", "date", name="uq_awards_natural"),
    sa.Index("ix_awards_school_date", "school_id", "date"),
)

program_records = sa.Table(
    "program_records",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("school_id", sa.Text, nullable=False),
    sa.Column("program", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("teacher_id", sa.Text),
    sa.Column("date", sa.Date),
    sa.Column("natural_key", sa.Text, nullable=False),  # JSON of the key fields' values
    sa.Column("payload", sa.Text, nullable=False),  # JSON of every declared field
    sa.Column("source", sa.Text, nullable=False, default=""),  # migration 4: the file
    sa.ForeignKeyConstraint(["school_id", "teacher_id"], ["teachers.school_id", "teachers.id"]),
    sa.UniqueConstraint("school_id", "program", "kind", "natural_key",
                        name="uq_program_records_natural"),
)

imports = sa.Table(
    "imports",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("school_id", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("file_name", sa.Text, nullable=False),
    sa.Column("sha256", sa.Text, nullable=False),
    sa.Column("rows", sa.Integer, nullable=False),
    sa.Column("added", sa.Integer, nullable=False),
    sa.Column("updated", sa.Integer, nullable=False),
    sa.Column("unchanged", sa.Integer, nullable=False),
    sa.Column("imported_at", sa.DateTime, nullable=False),
    # Added by migration 4: rows of the file's own kind removed (missing from the file), rows
    # that depended on them removed too, rows missing from the file but kept (--keep-missing),
    # and the rows the file holds afterwards (NULL before version 4: never "already imported").
    sa.Column("removed", sa.Integer, nullable=False, default=0),
    sa.Column("cascaded", sa.Integer, nullable=False, default=0),
    sa.Column("kept", sa.Integer, nullable=False, default=0),
    sa.Column("owned", sa.Integer),
    sa.Index("ix_imports_school_kind_sha", "school_id", "kind", "sha256"),
)

RECORD_TABLES: dict[str, sa.Table] = {
    "teachers": teachers,
    "activities": activities,
    "attendance": attendance,
    "artifacts": artifacts,
    "assessments": assessments,
    "awards": awards,
    "program_records": program_records,
}
"""Record tables by the name ``Store.counts`` reports them under, in dependency order."""
