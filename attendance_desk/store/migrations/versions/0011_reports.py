"""reports: reporting settings and returns to the local authority

Revision ID: 0011_reports
Revises: 0007_evidence
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import attendance_desk.store.models.base

revision: str = "0011_reports"
down_revision: str | None = "0007_evidence"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "report_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("phase", sa.String(length=20), nullable=False),
        sa.Column("target_measure", sa.String(length=20), nullable=False),
        sa.Column("target_percent", sa.Numeric(precision=5, scale=2), nullable=True),
        sa.Column("target_basis", sa.Text(), nullable=False),
        sa.Column("target_year_start", sa.Date(), nullable=True),
        sa.Column("continuous_due_rule", sa.String(length=40), nullable=False),
        sa.Column("sickness_due_rule", sa.String(length=40), nullable=False),
        sa.Column("la_returns_contact", sa.String(length=300), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.Column("updated_at", attendance_desk.store.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["updated_by"], ["staff.id"], name=op.f("fk_report_settings_updated_by_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_settings")),
    )
    op.create_table(
        "la_returns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("first_date", sa.Date(), nullable=False),
        sa.Column("reached_on", sa.Date(), nullable=False),
        sa.Column("due_by", sa.Date(), nullable=False),
        sa.Column("days", sa.Numeric(precision=5, scale=1), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("sent_on", sa.Date(), nullable=True),
        sa.Column("sent_method", sa.String(length=40), nullable=False),
        sa.Column("sent_note", sa.Text(), nullable=False),
        sa.Column("sent_by", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", attendance_desk.store.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["created_by"], ["staff.id"], name=op.f("fk_la_returns_created_by_staff")),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["archived_documents.id"],
            name=op.f("fk_la_returns_document_id_archived_documents"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["pupil_id"], ["pupils.id"], name=op.f("fk_la_returns_pupil_id_pupils"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["sent_by"], ["staff.id"], name=op.f("fk_la_returns_sent_by_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_la_returns")),
    )
    with op.batch_alter_table("la_returns", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_la_returns_pupil_id"), ["pupil_id"], unique=False)
        batch_op.create_index("ix_la_returns_pupil_kind_reached", ["pupil_id", "kind", "reached_on"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("la_returns", schema=None) as batch_op:
        batch_op.drop_index("ix_la_returns_pupil_kind_reached")
        batch_op.drop_index(batch_op.f("ix_la_returns_pupil_id"))

    op.drop_table("la_returns")
    op.drop_table("report_settings")
