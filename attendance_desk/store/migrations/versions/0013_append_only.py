"""append only: every evidence row is append-only or versioned, and the database refuses what the app must not do

Revision ID: 0013_append_only
Revises: 0008_accounts
Create Date: 2026-11-27

- ``evidence_row_versions``: each version of a changed evidence row, kept whole (written by ``store/history.py``).
- ``communications.supersedes_id`` and ``call_prompt_answers.supersedes_id``: a correction is a new row pointing at
  the one it replaces.
- Triggers: the event tables refuse UPDATE and DELETE, the versioned tables refuse DELETE (``store/append_only.py``
  names them all). The tables below are listed here, as they stood at this revision, so this file does not change
  when the lists in the package do. The column additions come first: SQLite's batch copy would drop triggers.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import attendance_desk.store.models.base

revision: str = "0013_append_only"
down_revision: str | None = "0008_accounts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Guarded by earlier revisions: audit_log, letter_templates, archived_documents, letter_deliveries,
# archived_document_contents.
NEW_APPEND_ONLY = (
    "communications",
    "call_attempts",
    "call_prompt_answers",
    "home_visits",
    "case_stage_changes",
    "letters",
    "medical_plan_reviews",
    "contract_reviews",
    "attendance_meetings",
    "withdrawals",
    "evidence_row_versions",
)
NO_DELETE = (
    "code_decisions",
    "absence_reports",
    "safeguarding_concerns",
    "medical_action_plans",
    "attendance_contracts",
    "notices_to_improve",
    "penalty_notices",
    "import_batches",
    "staff",
)


def upgrade() -> None:
    op.create_table(
        "evidence_row_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("table_name", sa.String(length=60), nullable=False),
        sa.Column("row_key", sa.String(length=60), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("previous_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("row_hash", sa.String(length=64), nullable=False),
        sa.Column("replaced_at", attendance_desk.store.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("replaced_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["previous_id"],
            ["evidence_row_versions.id"],
            name=op.f("fk_evidence_row_versions_previous_id_evidence_row_versions"),
        ),
        sa.ForeignKeyConstraint(["replaced_by"], ["staff.id"], name=op.f("fk_evidence_row_versions_replaced_by_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_row_versions")),
        sa.UniqueConstraint("table_name", "row_key", "version", name="uq_evidence_row_versions_row"),
    )
    # In place, not by SQLite's batch copy: dropping the old table would cascade deletes into the letters, calls
    # and visits that point at these rows (and the copy would lose the tables' triggers).
    for table in ("call_prompt_answers", "communications"):
        foreign_key = f"fk_{table}_supersedes_id_{table}"
        if op.get_bind().dialect.name == "sqlite":
            op.execute(
                f"ALTER TABLE {table} ADD COLUMN supersedes_id INTEGER CONSTRAINT {foreign_key} REFERENCES {table} (id)"
            )
        else:
            op.add_column(table, sa.Column("supersedes_id", sa.Integer(), nullable=True))
            op.create_foreign_key(op.f(foreign_key), table, table, ["supersedes_id"], ["id"])
        op.create_index(f"uq_{table}_supersedes_id", table, ["supersedes_id"], unique=True)
    _guard()


def _guard() -> None:
    """The database refuses what the app never does: changing an event row, deleting any evidence row."""
    if op.get_bind().dialect.name == "sqlite":
        for table in NEW_APPEND_ONLY:
            for verb in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
                )
        for table in NO_DELETE:
            op.execute(
                f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, 'rows of {table} are never deleted'); END"
            )
        return
    op.execute(
        "CREATE FUNCTION evidence_append_only() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$"
    )
    op.execute(
        "CREATE FUNCTION evidence_no_delete() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'rows of % are never deleted', TG_TABLE_NAME; END $$"
    )
    for table in NEW_APPEND_ONLY:
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION evidence_append_only()"
        )
    for table in NO_DELETE:
        op.execute(
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION evidence_no_delete()"
        )


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in NEW_APPEND_ONLY:
        if sqlite:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    for table in NO_DELETE:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete" + ("" if sqlite else f" ON {table}"))
    if not sqlite:
        op.execute("DROP FUNCTION IF EXISTS evidence_append_only()")
        op.execute("DROP FUNCTION IF EXISTS evidence_no_delete()")
    for table in ("communications", "call_prompt_answers"):
        op.drop_index(f"uq_{table}_supersedes_id", table_name=table)
        if sqlite:  # SQLite drops a column in place (3.35+) once nothing indexes it; its foreign key goes with it
            op.execute(f"ALTER TABLE {table} DROP COLUMN supersedes_id")
        else:
            op.drop_constraint(op.f(f"fk_{table}_supersedes_id_{table}"), table, type_="foreignkey")
            op.drop_column(table, "supersedes_id")
    op.drop_table("evidence_row_versions")
