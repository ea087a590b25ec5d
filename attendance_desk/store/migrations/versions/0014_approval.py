"""approval: letters wait for the attendance lead's approval (``letter_approvals``, one row per decision)

Letters made before this revision were made under the old rule (only the attendance lead or head could make one,
and making it was its approval), so each is recorded as approved by its maker when it was made. Decisions are
evidence: the table is append-only (triggers as in ``0013_append_only``, whose PostgreSQL function they use).

Revision ID: 0014_approval
Revises: 0013_append_only
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import attendance_desk.store.models.base

revision: str = "0014_approval"
down_revision: str | None = "0013_append_only"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "letter_approvals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("letter_id", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=20), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", attendance_desk.store.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("when_made", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["letter_id"], ["letters.id"], name=op.f("fk_letter_approvals_letter_id_letters"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_letter_approvals_staff_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letter_approvals")),
    )
    op.create_index(op.f("ix_letter_approvals_letter_id"), "letter_approvals", ["letter_id"], unique=False)
    _approve_existing_letters()
    _guard()


def _guard() -> None:
    """The database refuses to change or delete a decision (a retention deletion lifts this, as for every guard)."""
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER letter_approvals_no_{verb.lower()} BEFORE {verb} ON letter_approvals "
                "BEGIN SELECT RAISE(ABORT, 'letter_approvals is append-only'); END"
            )
        return
    op.execute(
        "CREATE TRIGGER letter_approvals_append_only BEFORE UPDATE OR DELETE ON letter_approvals "
        "FOR EACH ROW EXECUTE FUNCTION evidence_append_only()"
    )


def _approve_existing_letters() -> None:
    """Every letter already made is approved by its maker at its making (the old rule)."""
    letters = sa.table(
        "letters", sa.column("id", sa.Integer), sa.column("created_by", sa.Integer), sa.column("created_at")
    )
    approvals = sa.table(
        "letter_approvals",
        sa.column("letter_id", sa.Integer),
        sa.column("decision", sa.String),
        sa.column("staff_id", sa.Integer),
        sa.column("decided_at"),
        sa.column("reason", sa.Text),
        sa.column("when_made", sa.Boolean),
    )
    made = sa.select(
        letters.c.id,
        sa.literal("approved", sa.String),
        letters.c.created_by,
        letters.c.created_at,
        sa.literal("", sa.Text),
        sa.true(),
    ).order_by(letters.c.id)
    op.execute(
        approvals.insert().from_select(["letter_id", "decision", "staff_id", "decided_at", "reason", "when_made"], made)
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_letter_approvals_letter_id"), table_name="letter_approvals")
    op.drop_table("letter_approvals")
